/*
 * test_fee.c — the Medicare fee schedule formula (domain.md §11 rows 15 and 17: 90837 national, and
 * every CMS locality price of code 76145 in PFREV25C.txt), percentage adjustments, input ranges, and
 * the CSV tokenizer (quoting, line ends, byte order mark, errors with line numbers, buffer bounds).
 */
#include <stdlib.h>
#include <string.h>

#include "cs_csv.h"
#include "cs_fee.h"
#include "tap.h"

/* exact decimals as millionths: M(3, 63) = 3.63 needs the number of decimals, so spell them out */
#define RVU(x100)	((int64_t) (x100) * 10000)	/* hundredths -> millionths */
#define GPCI(x1000) ((int64_t) (x1000) * 1000)	/* thousandths -> millionths */
#define CF(x10000)	((int64_t) (x10000) * 100)	/* ten-thousandths -> millionths */
#define PCT(x)		((int64_t) (x) * 1000000)	/* millionths -> 10^-12 units */

static cs_error err;

static cs_fee_input
fee(int64_t work, int64_t pe, int64_t mp, int64_t wg, int64_t pg, int64_t mg, int64_t cf)
{
	cs_fee_input in;

	cs_fee_init(&in);
	in.work_rvu = work;
	in.pe_rvu = pe;
	in.mp_rvu = mp;
	in.work_gpci = wg;
	in.pe_gpci = pg;
	in.mp_gpci = mg;
	in.conversion_factor = cf;
	return in;
}

static cs_cents
paid(const cs_fee_input *in)
{
	cs_cents	c = -1;

	if (cs_fee_compute(in, &c, &err) != CS_OK)
		return -1;
	return c;
}

/*
 * PFREV25C.txt, code 76145 (work RVU 0.00, PE RVU 29.03 in both settings, MP RVU 0.51, CF 32.3465):
 * MAC, locality, the GPCI2025.csv work/PE/MP GPCIs in thousandths, and CMS's price in cents (the
 * non-facility and facility prices are equal for this code).
 */
static const struct
{
	const char *mac;
	const char *locality;
	int			work_gpci;
	int			pe_gpci;
	int			mp_gpci;
	int64_t		price;
}			pfrev_76145[] = {
	{"01112", "05", 1088, 1419, 445, 133981},
	{"01112", "09", 1100, 1435, 420, 135442},
	{"01112", "51", 1058, 1310, 521, 123871},
	{"01112", "52", 1088, 1419, 470, 134022},
	{"01112", "53", 1058, 1310, 470, 123787},
	{"01112", "54", 1017, 1093, 662, 103727},
	{"01112", "55", 1014, 1093, 560, 103559},
	{"01112", "56", 1014, 1093, 560, 103559},
	{"01112", "57", 1014, 1093, 560, 103559},
	{"01112", "58", 1014, 1093, 560, 103559},
	{"01112", "59", 1014, 1093, 560, 103559},
	{"01112", "60", 1014, 1093, 560, 103559},
	{"01112", "61", 1014, 1093, 560, 103559},
	{"01112", "62", 1014, 1093, 892, 104106},
	{"01112", "63", 1034, 1156, 560, 109474},
	{"01112", "64", 1035, 1165, 560, 110320},
	{"01112", "65", 1100, 1435, 560, 135673},
	{"01112", "66", 1017, 1209, 560, 114451},
	{"01112", "67", 1027, 1232, 560, 116611},
	{"01112", "68", 1014, 1093, 560, 103559},
	{"01112", "69", 1014, 1093, 560, 103559},
	{"01112", "70", 1014, 1093, 560, 103559},
	{"01112", "75", 1014, 1093, 560, 103559},
	{"01182", "17", 1026, 1183, 651, 112160},
	{"01182", "18", 1042, 1194, 690, 113257},
	{"01182", "71", 1014, 1093, 570, 103575},
	{"01182", "72", 1028, 1191, 572, 112781},
	{"01182", "73", 1014, 1132, 560, 107221},
	{"01182", "74", 1022, 1175, 560, 111259},
	{"01212", "01", 1000, 1149, 561, 108819},
	{"01312", "00", 1000, 1000, 844, 95294},
	{"02102", "01", 1500, 1081, 592, 102485},
	{"02202", "00", 1000, 908, 461, 86023},
	{"02302", "01", 1013, 1103, 688, 104709},
	{"02302", "99", 1000, 986, 643, 93648},
	{"02402", "02", 1043, 1220, 853, 115967},
	{"02402", "99", 1007, 1040, 803, 98983},
	{"03102", "00", 1000, 975, 854, 92963},
	{"03202", "01", 1000, 1000, 978, 95515},
	{"03302", "01", 1000, 1000, 517, 94755},
	{"03402", "02", 1000, 1000, 382, 94532},
	{"03502", "09", 1000, 933, 930, 89145},
	{"03602", "21", 1000, 1000, 739, 95121},
	{"04112", "01", 1008, 1053, 827, 100243},
	{"04212", "05", 1000, 908, 1172, 87196},
	{"04312", "00", 1000, 891, 813, 85008},
	{"04412", "09", 1014, 1006, 795, 95777},
	{"04412", "11", 1011, 1007, 877, 96006},
	{"04412", "15", 1014, 1000, 855, 95312},
	{"04412", "18", 1014, 1003, 1409, 96508},
	{"04412", "20", 1000, 903, 947, 86356},
	{"04412", "28", 1011, 998, 902, 95202},
	{"04412", "31", 1000, 1046, 914, 99729},
	{"04412", "99", 1000, 945, 934, 90278},
	{"05102", "00", 1000, 913, 457, 86486},
	{"05202", "00", 1000, 906, 540, 85966},
	{"05302", "01", 1000, 952, 994, 91034},
	{"05302", "02", 1000, 948, 992, 90655},
	{"05302", "99", 1000, 859, 974, 82269},
	{"05402", "00", 1000, 917, 304, 86610},
	{"06102", "12", 1000, 918, 1784, 89145},
	{"06102", "15", 1007, 1048, 1556, 100976},
	{"06102", "16", 1007, 1023, 2018, 99391},
	{"06102", "99", 1000, 912, 1381, 87917},
	{"06202", "00", 1000, 1025, 300, 96744},
	{"06302", "00", 1000, 957, 331, 90410},
	{"07102", "13", 1000, 860, 518, 81610},
	{"07202", "01", 1000, 935, 1156, 89705},
	{"07202", "99", 1000, 881, 982, 84348},
	{"07302", "00", 1000, 852, 768, 81271},
	{"08102", "00", 1000, 922, 485, 87378},
	{"08202", "01", 1003, 986, 1718, 95421},
	{"08202", "99", 1000, 911, 1173, 87480},
	{"09102", "03", 1000, 998, 1770, 96634},
	{"09102", "04", 1000, 1027, 2500, 100561},
	{"09102", "99", 1000, 940, 1467, 90688},
	{"09202", "20", 1000, 1007, 982, 96179},
	{"09202", "50", 1000, 1007, 982, 96179},
	{"10112", "00", 1000, 869, 575, 82549},
	{"10212", "01", 1000, 997, 1128, 95481},
	{"10212", "99", 1000, 883, 1125, 84771},
	{"10312", "35", 1000, 896, 544, 85034},
	{"11202", "01", 1000, 913, 817, 87080},
	{"11302", "00", 1002, 984, 755, 93645},
	{"11402", "16", 1000, 862, 1333, 83142},
	{"11502", "00", 1000, 926, 665, 88050},
	{"12102", "01", 1009, 992, 949, 94716},
	{"12202", "01", 1057, 1192, 1168, 113858},
	{"12302", "01", 1020, 1078, 1309, 103386},
	{"12302", "99", 1012, 1016, 973, 97009},
	{"12402", "01", 1064, 1172, 1032, 111755},
	{"12402", "99", 1042, 1106, 1069, 105619},
	{"12502", "01", 1024, 1053, 1177, 100820},
	{"12502", "99", 1000, 927, 925, 88573},
	{"13102", "00", 1022, 1091, 1207, 104438},
	{"13202", "01", 1065, 1166, 1656, 112221},
	{"13202", "02", 1065, 1200, 1911, 115835},
	{"13202", "03", 1046, 1106, 1269, 105949},
	{"13282", "99", 1000, 949, 732, 90320},
	{"13292", "04", 1065, 1195, 1462, 114625},
	{"14112", "03", 1000, 1012, 656, 96111},
	{"14112", "99", 1000, 913, 650, 86805},
	{"14212", "01", 1042, 1197, 894, 113875},
	{"14212", "99", 1017, 1061, 796, 100943},
	{"14312", "40", 1000, 1034, 898, 98576},
	{"14412", "01", 1025, 1039, 849, 98965},
	{"14512", "50", 1000, 993, 518, 94099},
	{"15102", "00", 1000, 877, 913, 83858},
	{"15202", "00", 1000, 911, 1033, 87249},
};

static void
test_fee_formula(void)
{
	cs_fee_input in;
	cs_cents	c;
	int			n = (int) (sizeof(pfrev_76145) / sizeof(pfrev_76145[0]));
	int			matched = 0;

	/* domain.md §11 row 15: 90837, national (GPCIs 1.000), 2025 CF 32.3465 */
	in = fee(RVU(363), RVU(106), RVU(8), GPCI(1000), GPCI(1000), GPCI(1000), CF(323465));
	is_int(paid(&in), 15429, "row 15: 90837 national non-facility 4.77 RVUs x 32.3465 = 154.29");
	in.pe_rvu = RVU(45);
	is_int(paid(&in), 13456, "row 15: 90837 national facility 4.16 RVUs x 32.3465 = 134.56");

	/* domain.md §11 row 17: every locality of 76145 in PFREV25C.txt, to the cent */
	is_int(n, 109, "PFREV25C.txt has 109 localities of 76145");
	for (int i = 0; i < n; i++)
	{
		in = fee(RVU(0), RVU(2903), RVU(51), GPCI(pfrev_76145[i].work_gpci),
				 GPCI(pfrev_76145[i].pe_gpci), GPCI(pfrev_76145[i].mp_gpci), CF(323465));
		if (paid(&in) == pfrev_76145[i].price)
			matched++;
		else
			printf("# 76145 %s/%s: got %lld, CMS %lld\n", pfrev_76145[i].mac, pfrev_76145[i].locality,
				   (long long) paid(&in), (long long) pfrev_76145[i].price);
	}
	is_int(matched, 109, "row 17: all 109 PFREV25C.txt locality prices of 76145 reproduced to the cent");

	/* spot checks with the values spelled out: 01112/05 San Francisco, 04412/15 Galveston */
	in = fee(RVU(0), RVU(2903), RVU(51), GPCI(1088), GPCI(1419), GPCI(445), CF(323465));
	is_int(paid(&in), 133981, "76145 in 01112/05: 29.03 x 1.419 + 0.51 x 0.445 = 41.42952 RVUs -> 1339.81");
	in = fee(RVU(0), RVU(2903), RVU(51), GPCI(1014), GPCI(1000), GPCI(855), CF(323465));
	is_int(paid(&in), 95312, "76145 in 04412/15: 29.46605 RVUs x 32.3465 = 953.1247... -> 953.12 (rounding the adjusted RVUs to 4 places first would give 953.13)");

	/* only the final amount is rounded, half up */
	in = fee(RVU(100), 0, 0, GPCI(1000), 0, 0, CF(50));
	is_int(paid(&in), 1, "1.00 RVU x 0.0050 = 0.005 rounds half up to 0.01");
	in.conversion_factor = CF(49);
	is_int(paid(&in), 0, "1.00 RVU x 0.0049 = 0.0049 rounds to 0.00");
	in = fee(RVU(1), RVU(1), RVU(1), GPCI(1), GPCI(1), GPCI(1), CF(1666667));
	is_int(paid(&in), 1, "three products of 0.00001 RVU are summed before rounding: 0.00003 x 166.6667 = 0.005000001 -> 0.01");

	/* percentage: applied to the rounded fee schedule amount, then rounded half up */
	in = fee(RVU(363), RVU(106), RVU(8), GPCI(1000), GPCI(1000), GPCI(1000), CF(323465));
	in.percent = PCT(750000);
	is_int(paid(&in), 11572, "75%% of 154.29 = 115.7175 -> 115.72 (clinical social worker, 90837 national)");
	in = fee(RVU(100), 0, 0, GPCI(1000), 0, 0, CF(1000050));
	in.percent = PCT(750000);
	is_int(paid(&in), 7501, "75%% applies to the rounded amount: 100.005 -> 100.01, x 0.75 = 75.0075 -> 75.01 (not 75.00)");
	ok(cs_fee_adjust(10001, PCT(750000), &c, &err) == CS_OK && c == 7501, "cs_fee_adjust 75%% of 100.01 = 75.01");
	ok(cs_fee_adjust(15429, CS_FEE_PERCENT_ONE, &c, &err) == CS_OK && c == 15429, "100%% is the amount");
	ok(cs_fee_adjust(15429, 0, &c, &err) == CS_OK && c == 0, "0%% is 0");
	ok(cs_fee_adjust(15429, PCT(1150000), &c, &err) == CS_OK && c == 17743, "115%% of 154.29 = 177.4335 -> 177.43");
	ok(cs_fee_adjust(1, PCT(500000), &c, &err) == CS_OK && c == 1, "50%% of 0.01 = 0.005 -> 0.01 (half up)");
	ok(cs_fee_adjust(10000, INT64_C(925875000000), &c, &err) == CS_OK && c == 9259,
	   "a product of shares stays exact: 0.75 x 1.2345 = 0.925875 of 100.00 = 92.5875 -> 92.59");
	ok(cs_fee_adjust(10000, INT64_C(1080187500000), &c, &err) == CS_OK && c == 10802,
	   "seven decimals: 0.875 x 1.2345 = 1.0801875 of 100.00 = 108.01875 -> 108.02");
	ok(cs_fee_adjust(1, INT64_C(499999999999), &c, &err) == CS_OK && c == 0,
	   "0.499999999999 of 0.01 rounds down");
	ok(cs_fee_adjust(CS_MONEY_MAX, CS_FEE_PERCENT_ONE, &c, &err) == CS_OK && c == CS_MONEY_MAX,
	   "100%% of the largest amount, in 128 bits");
	ok(cs_fee_adjust(CS_MONEY_MAX, CS_FEE_PERCENT_MAX, &c, &err) == CS_ERR_RANGE, "1000%% of the maximum is too large");
	ok(cs_fee_adjust(100, -1, &c, &err) == CS_ERR_RANGE, "a negative percentage is refused");
	ok(cs_fee_adjust(-1, CS_FEE_PERCENT_ONE, &c, &err) == CS_ERR_RANGE, "a negative amount is refused");

	cs_fee_init(&in);
	is_int(in.percent, CS_FEE_PERCENT_ONE, "the default percentage is 100%%");

	/* ranges */
	in = fee(RVU(-1), 0, 0, GPCI(1000), 0, 0, CF(323465));
	ok(cs_fee_compute(&in, &c, &err) == CS_ERR_RANGE && strstr(err.detail, "work_rvu") != NULL,
	   "a negative work RVU is refused, naming the field");
	ok(err.message[0] && err.detail[0] && err.hint[0], "the error carries message, detail and hint");
	in = fee(0, 0, 0, GPCI(1000), -GPCI(1), 0, CF(323465));
	ok(cs_fee_compute(&in, &c, &err) == CS_ERR_RANGE && strstr(err.detail, "pe_gpci") != NULL,
	   "a negative PE GPCI is refused");
	in = fee(0, 0, 0, GPCI(1000), 0, CS_FEE_GPCI_MAX + 1, CF(323465));
	ok(cs_fee_compute(&in, &c, &err) == CS_ERR_RANGE && strstr(err.detail, "mp_gpci") != NULL,
	   "a GPCI above 10 is refused");
	in = fee(RVU(100), 0, 0, GPCI(1000), 0, 0, 0);
	ok(cs_fee_compute(&in, &c, &err) == CS_ERR_RANGE && strstr(err.detail, "conversion_factor") != NULL,
	   "a conversion factor of 0 is refused");
	in = fee(RVU(100), 0, 0, GPCI(1000), 0, 0, CS_FEE_CF_MAX + 1);
	ok(cs_fee_compute(&in, &c, &err) == CS_ERR_RANGE, "a conversion factor above 10000 is refused");
	in = fee(RVU(100), 0, 0, GPCI(1000), 0, 0, CF(323465));
	in.percent = CS_FEE_PERCENT_MAX + 1;
	ok(cs_fee_compute(&in, &c, &err) == CS_ERR_RANGE && strstr(err.detail, "percent") != NULL,
	   "a percentage above 10 is refused");
	in = fee(CS_FEE_RVU_MAX, CS_FEE_RVU_MAX, CS_FEE_RVU_MAX, CS_FEE_GPCI_MAX, CS_FEE_GPCI_MAX,
			 CS_FEE_GPCI_MAX, CS_FEE_CF_MAX);
	ok(cs_fee_compute(&in, &c, &err) == CS_ERR_RANGE && strstr(err.message, "too large") != NULL,
	   "every input at its maximum: the amount is refused as too large, without overflow");
	in = fee(CS_FEE_RVU_MAX, 0, 0, CS_FEE_GPCI_MAX, 0, 0, CF(10000000));
	ok(cs_fee_compute(&in, &c, &err) == CS_OK && c == INT64_C(100000000000),
	   "100000 RVUs x 10.000 x 1000.0000 = 1000000000.00, the largest amount");
	in.conversion_factor = CF(10000001);	/* 1000.0001 */
	ok(cs_fee_compute(&in, &c, &err) == CS_ERR_RANGE, "one step above the largest amount is refused");
	in = fee(RVU(12345), RVU(6789), RVU(101), GPCI(1234), GPCI(987), GPCI(1500), CF(323465));
	ok(cs_fee_compute(&in, &c, &err) == CS_OK && c == 714404,
	   "123.45 x 1.234 + 67.89 x 0.987 + 1.01 x 1.5 = 220.85973; x 32.3465 = 7144.0392... -> 7144.04");
}

/* ---- CSV --------------------------------------------------------------------------------------- */

/*
 * Tokenize text (copied into a heap block of exactly its length, so the sanitizers catch any read
 * past the end) into "[a|b]@line" per record; on error "ERR@line".
 */
static char out[4096];

static const char *
records(const char *text, size_t len)
{
	char	   *buf = malloc(len > 0 ? len : 1);
	cs_csv		r;
	cs_csv_field f;
	cs_csv_token t;
	size_t		o = 0;
	bool		open = false;

	memcpy(buf, text, len);
	cs_csv_init(&r, buf, len);
	out[0] = '\0';
	while ((t = cs_csv_next(&r, &f, &err)) == CS_CSV_FIELD)
	{
		char		value[256];
		size_t		n = cs_csv_copy(&f, value);

		o += snprintf(out + o, sizeof(out) - o, "%s%.*s", open ? "|" : "[", (int) n, value);
		open = true;
		if (f.last)
		{
			o += snprintf(out + o, sizeof(out) - o, "]@%lld", (long long) f.record_line);
			open = false;
		}
	}
	if (t == CS_CSV_ERROR)
		o += snprintf(out + o, sizeof(out) - o, "ERR@%lld", (long long) r.error_line);
	free(buf);
	return out;
}

#define RECORDS(s) records((s), sizeof(s) - 1)

static void
is_str(const char *got, const char *want, const char *name)
{
	if (!ok(strcmp(got, want) == 0, "%s", name))
		printf("#   got: %s\n#   expected: %s\n", got, want);
}

static int
count_fields(const cs_csv_field *f, void *arg)
{
	int		   *n = arg;

	(*n)++;
	return f->last && *n >= 3 ? 7 : 0;
}

static void
test_csv(void)
{
	cs_csv		r;
	cs_csv_field f;
	int			n;
	int64_t		line = 0;

	is_str(RECORDS(""), "", "empty input: no records");
	is_str(RECORDS("a,b\r\nc,d\r\n"), "[a|b]@1[c|d]@2", "CRLF records");
	is_str(RECORDS("a,b\nc,d"), "[a|b]@1[c|d]@2", "LF records, the last without a line end");
	is_str(RECORDS("a\rb\r"), "[a]@1[b]@2", "a lone CR ends a record");
	is_str(RECORDS("\xEF\xBB\xBFh1,h2\n1,2\n"), "[h1|h2]@1[1|2]@2", "a UTF-8 byte order mark is skipped");
	is_str(RECORDS("x\xEF\xBB\xBF\n"), "[x\xEF\xBB\xBF]@1", "a byte order mark later on is data");
	is_str(RECORDS("a,,\n"), "[a||]@1", "empty fields");
	is_str(RECORDS("a,"), "[a|]@1", "a trailing comma at the end of the input is one more empty field");
	is_str(RECORDS("a\n\nb\n"), "[a]@1[]@2[b]@3", "an empty line is a record of one empty field");
	is_str(RECORDS("\"a,b\",\"c\"\"d\"\r\n"), "[a,b|c\"d]@1", "quoted comma and escaped quote");
	is_str(RECORDS("\"\",\"\"\"\"\n"), "[|\"]@1", "an empty quoted field and a lone escaped quote");
	is_str(RECORDS("\"line1\r\nline2\",x\r\ny,z\r\n"), "[line1\r\nline2|x]@1[y|z]@3",
		   "a line end inside quotes is data and still counts as a line");
	is_str(RECORDS("\"a\nb\nc\"\n\"d\"\n"), "[a\nb\nc]@1[d]@4", "records after multi-line fields start on the right line");
	is_str(RECORDS("\"2025\",\"01112\",\"  \"\r\n"), "[2025|01112|  ]@1", "spaces inside quotes are kept");
	is_str(RECORDS(" a , b \n"), "[ a | b ]@1", "spaces outside quotes are data (RFC 4180)");

	/* errors, with the line */
	is_str(RECORDS("a,b\n\"open,c\nd\n"), "[a|b]@1ERR@2", "an unterminated quoted field is refused at the line it opens");
	ok(strstr(err.message, "unterminated") != NULL && strstr(err.detail, "Line 2") != NULL && err.hint[0],
	   "the error says unterminated quoted field, line 2, with a hint");
	is_str(RECORDS("a\nb\"c\n"), "[a]@1ERR@2", "a quote inside an unquoted field is refused");
	is_str(RECORDS("x\n\"ab\"c,d\n"), "[x]@1ERR@2", "text after a closing quote is refused");
	is_str(RECORDS("\""), "ERR@1", "a lone quote character is unterminated");
	is_str(RECORDS("\"a\"\""), "ERR@1", "an escaped quote at the very end leaves the field open");

	/* after an error the reader keeps returning it */
	cs_csv_init(&r, "\"x", 2);
	ok(cs_csv_next(&r, &f, &err) == CS_CSV_ERROR && cs_csv_next(&r, &f, &err) == CS_CSV_ERROR,
	   "the reader stays failed");

	/* fields point into the buffer; the last-field flag and lines */
	cs_csv_init(&r, "ab,\"c\"\n", 7);
	ok(cs_csv_next(&r, &f, &err) == CS_CSV_FIELD && f.len == 2 && !f.quoted && !f.last && f.line == 1,
	   "first field: 'ab', not quoted, not last");
	ok(cs_csv_next(&r, &f, &err) == CS_CSV_FIELD && f.len == 1 && f.quoted && f.last && !f.escaped,
	   "second field: 'c', quoted, last");
	ok(cs_csv_next(&r, &f, &err) == CS_CSV_EOF && cs_csv_next(&r, &f, &err) == CS_CSV_EOF, "then the end, twice");

	/* the callback driver */
	n = 0;
	is_int(cs_csv_each("a,b\nc\nd,e\n", 10, count_fields, &n, &err, &line), 7, "cs_csv_each stops when the callback asks");
	is_int(n, 3, "after three fields");
	n = 0;
	is_int(cs_csv_each("a\n\"b", 4, count_fields, &n, &err, &line), -1, "cs_csv_each reports a malformed input");
	is_int(line, 2, "with its line");

	/* a PFREV25C.txt record: 16 quoted fields */
	{
		static const char rec[] = "\"2025\",\"01112\",\"05\",\"76145\",\"  \",\"0001339.81\",\"0001339.81\",\" \",\"3\",\"A\",\"0\",\"0000000.00\",\"0000000.00\",\"9\",\"0000000.00\",\"0000000.00\"\r\n";
		cs_csv_field last;

		memset(&last, 0, sizeof(last));
		n = 0;
		cs_csv_init(&r, rec, sizeof(rec) - 1);
		while (cs_csv_next(&r, &f, &err) == CS_CSV_FIELD)
		{
			n++;
			if (n == 6)
				last = f;
		}
		is_int(n, 16, "a PFREV25C.txt record has 16 fields");
		ok(last.len == 10 && memcmp(last.data, "0001339.81", 10) == 0, "its sixth field is the non-facility price");
	}
}

static void
test_fee_decisions(void)
{
	char		buf[8];
	int64_t		v = -1;

	/* MAC and locality: CMS's locality file prints 1112 and 5; the GPCI file 01112 and 05 */
	ok(cs_fee_norm_mac("1112", buf, sizeof buf, &err) == CS_OK && strcmp(buf, "01112") == 0, "MAC 1112 pads to 01112");
	ok(cs_fee_norm_mac("01112", buf, sizeof buf, &err) == CS_OK && strcmp(buf, "01112") == 0, "MAC 01112 is kept");
	ok(cs_fee_norm_mac("7", buf, sizeof buf, &err) == CS_OK && strcmp(buf, "00007") == 0, "MAC 7 pads to 00007");
	ok(cs_fee_norm_mac("A1B", buf, sizeof buf, &err) == CS_OK && strcmp(buf, "A1B") == 0, "a MAC with letters is kept");
	ok(cs_fee_norm_mac("", buf, sizeof buf, &err) == CS_OK && strcmp(buf, "") == 0, "an empty MAC is kept");
	ok(cs_fee_norm_locality("5", buf, sizeof buf, &err) == CS_OK && strcmp(buf, "05") == 0, "locality 5 pads to 05");
	ok(cs_fee_norm_locality("05", buf, sizeof buf, &err) == CS_OK && strcmp(buf, "05") == 0, "locality 05 is kept");
	ok(cs_fee_norm_locality("99", buf, sizeof buf, &err) == CS_OK && strcmp(buf, "99") == 0, "locality 99 is kept");
	ok(cs_fee_norm_locality("123456789", buf, sizeof buf, &err) == CS_ERR_RANGE, "an identifier longer than the buffer fails");

	/* status codes: A, R, T priced; others (B bundled, I, N, X ...) not */
	ok(cs_fee_status_priced("A") && cs_fee_status_priced("R") && cs_fee_status_priced("T"), "A, R, T are priced");
	ok(!cs_fee_status_priced("B") && !cs_fee_status_priced("I") && !cs_fee_status_priced("a") &&
	   !cs_fee_status_priced("") && !cs_fee_status_priced(NULL) && !cs_fee_status_priced("AR"),
	   "B, I, lower case, empty, NULL and AR are not priced");

	is_int(cs_fee_pe_rvu(true, RVU(151), RVU(52)), RVU(52), "facility: the facility PE RVU");
	is_int(cs_fee_pe_rvu(false, RVU(151), RVU(52)), RVU(151), "non-facility: the non-facility PE RVU");

	ok(cs_fee_conversion_factor(true, CF(323465), true, CF(330000), &v) && v == CF(323465), "the year's CF first");
	ok(cs_fee_conversion_factor(false, 0, true, CF(330000), &v) && v == CF(330000), "else the RVU file's");
	ok(!cs_fee_conversion_factor(false, 0, true, 0, &v), "an RVU file CF of 0 is none");
	ok(!cs_fee_conversion_factor(false, 0, false, 0, &v), "no CF at all: no price");

	ok(cs_fee_share_percent(true, PCT(750000), true, PCT(1234500), &v, &err) == CS_OK && v == INT64_C(925875000000),
	   "0.75 times 1.2345 is 0.925875 exactly");
	ok(cs_fee_share_percent(false, 0, false, 0, &v, &err) == CS_OK && v == CS_FEE_PERCENT_ONE, "neither: 100%%");
	ok(cs_fee_share_percent(true, PCT(750000), false, 0, &v, &err) == CS_OK && v == PCT(750000), "share alone");
	ok(cs_fee_share_percent(true, INT64_C(1), true, INT64_C(1), &v, &err) == CS_ERR_RANGE,
	   "a product beyond twelve decimals fails");
	ok(cs_fee_share_percent(true, PCT(5000000), true, PCT(3000000), &v, &err) == CS_ERR_RANGE, "above 1000%% fails");
	ok(cs_fee_share_percent(true, -1, false, 0, &v, &err) == CS_ERR_RANGE, "a negative share fails");
}

void
test_fee(void)
{
	test_fee_formula();
	test_fee_decisions();
	test_csv();
}
