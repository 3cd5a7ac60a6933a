/*
 * numeric.c — numeric <-> integer cents and millionths, exactly and without floating point.
 *
 * A money path converts several numerics per row, so this reads and writes the numeric on-disk format
 * directly (as pg_upgrade guarantees it stable): a 16-bit header, optionally a 16-bit weight, then
 * base-10000 digits, most significant first. Short header (0x8000): sign 0x2000, display scale in
 * bits 7..12, weight as a 7-bit two's complement number in bits 0..6. Long header: sign in the top two
 * bits (0x4000 negative, 0xC000 special), display scale in the low 14 bits, then an int16 weight.
 * The value is sum(digit[i] * 10000^(weight - i)). Results are canonical (no leading or trailing zero
 * digits; zero has no digits), exactly as numeric.c's make_result builds them, which the regression
 * suite checks byte for byte through numeric_send.
 */
#include "postgres.h"

#include "common/int.h"

#include "cs_glue.h"

#define NUM_SIGN_MASK		0xC000
#define NUM_NEG				0x4000
#define NUM_SHORT			0x8000
#define NUM_SPECIAL			0xC000
#define NUM_SHORT_SIGN		0x2000
#define NUM_SHORT_DSCALE_SHIFT 7
#define NUM_SHORT_WSIGN		0x0040
#define NUM_SHORT_WMASK		0x003F

static inline uint16
read_u16(const char *p)
{
	uint16		v;

	memcpy(&v, p, sizeof(v));
	return v;
}

cs_numeric_status
cs_numeric_to_micros(Datum num, int64 *micros)
{
	struct varlena *v = (struct varlena *) PG_DETOAST_DATUM_PACKED(num);
	const char *p = VARDATA_ANY(v);
	Size		len = VARSIZE_ANY_EXHDR(v);
	uint16		header = read_u16(p);
	bool		negative;
	int			weight;
	int			ndigits;
	const char *digits;
	int64		acc = 0;

	if ((header & NUM_SIGN_MASK) == NUM_SPECIAL)
		return CS_NUM_NOT_FINITE;
	if (header & NUM_SHORT)
	{
		negative = (header & NUM_SHORT_SIGN) != 0;
		weight = (header & NUM_SHORT_WSIGN ? ~NUM_SHORT_WMASK : 0) | (header & NUM_SHORT_WMASK);
		digits = p + 2;
		ndigits = (int) ((len - 2) / 2);
	}
	else
	{
		negative = (header & NUM_SIGN_MASK) == NUM_NEG;
		weight = (int16) read_u16(p + 2);
		digits = p + 4;
		ndigits = (int) ((len - 4) / 2);
	}

	for (int i = 0; i < ndigits; i++)
	{
		int			d = (int16) read_u16(digits + 2 * i);
		int			e = weight - i; /* this digit is worth d * 10000^e */
		int64		term;

		if (d == 0)
			continue;
		if (e >= 0)
		{
			/* d * 10^(4e + 6): at most 10^18 * 10^4 fits only for small e */
			int64		scale = 1000000;

			for (int k = 0; k < e; k++)
				if (pg_mul_s64_overflow(scale, 10000, &scale))
					return CS_NUM_TOO_LARGE;
			if (pg_mul_s64_overflow(scale, d, &term))
				return CS_NUM_TOO_LARGE;
		}
		else if (e == -1)
			term = (int64) d * 100;
		else if (e == -2 && d % 100 == 0)
			term = d / 100;
		else
			return CS_NUM_TOO_PRECISE;
		if (pg_add_s64_overflow(acc, term, &acc))
			return CS_NUM_TOO_LARGE;
	}
	*micros = negative ? -acc : acc;
	return CS_NUM_OK;
}

/*
 * Build a canonical numeric from an integer part ip, nfrac base-10000 fraction digits (most
 * significant first) and a display scale, in buf (CS_NUMERIC_MAX_SIZE bytes) or, when buf is NULL,
 * in palloc'd memory.
 */
static Datum
make_numeric(uint64 ip, const int16 *frac, int nfrac, bool negative, int dscale, void *buf)
{
	int16		digits[12];
	int16		rev[8];
	int			nint = 0,
				nd = 0,
				weight;
	Size		size;
	struct varlena *result;
	uint16		header;

	while (ip > 0)
	{
		rev[nint++] = (int16) (ip % 10000);
		ip /= 10000;
	}
	for (int i = nint - 1; i >= 0; i--)
		digits[nd++] = rev[i];
	weight = nint - 1;
	for (int k = 0; k < nfrac; k++)
		digits[nd++] = frac[k];

	/* canonical: no leading zero digits (only possible without an integer part) ... */
	if (nint == 0)
	{
		int			lead = 0;

		while (lead < nd && digits[lead] == 0)
			lead++;
		/* (only when there are any: valgrind reports a memmove onto itself as an overlap) */
		if (lead > 0)
			memmove(digits, digits + lead, sizeof(int16) * (nd - lead));
		nd -= lead;
		weight = -1 - lead;
	}
	/* ... and no trailing zero digits; zero is positive with weight 0 */
	while (nd > 0 && digits[nd - 1] == 0)
		nd--;
	if (nd == 0)
	{
		weight = 0;
		negative = false;
	}

	size = VARHDRSZ + sizeof(uint16) + sizeof(int16) * nd;
	Assert(size <= CS_NUMERIC_MAX_SIZE);
	result = (struct varlena *) (buf ? buf : palloc(size));
	SET_VARSIZE(result, size);
	header = NUM_SHORT | (negative ? NUM_SHORT_SIGN : 0) |
		(uint16) (dscale << NUM_SHORT_DSCALE_SHIFT) |
		(weight < 0 ? NUM_SHORT_WSIGN : 0) | (uint16) (weight & NUM_SHORT_WMASK);
	memcpy(VARDATA(result), &header, sizeof(header));
	memcpy(VARDATA(result) + sizeof(header), digits, sizeof(int16) * nd);
	return PointerGetDatum(result);
}

static inline uint64
magnitude(int64 v)
{
	return v < 0 ? (uint64) 0 - (uint64) v : (uint64) v;
}

Datum
cs_cents_to_numeric_in(int64 cents, void *buf)
{
	uint64		mag = magnitude(cents);
	int16		frac[1];

	frac[0] = (int16) ((mag % 100) * 100);
	return make_numeric(mag / 100, frac, 1, cents < 0, 2, buf);
}

Datum
cs_cents_to_numeric(int64 cents)
{
	return cs_cents_to_numeric_in(cents, NULL);
}

Datum
cs_micros_to_numeric_in(int64 micros, void *buf)
{
	uint64		mag = magnitude(micros);
	uint64		f = (mag % 1000000) * 100;	/* eight decimal places */
	int16		frac[2];

	frac[0] = (int16) (f / 10000);
	frac[1] = (int16) (f % 10000);
	return make_numeric(mag / 1000000, frac, 2, micros < 0, 6, buf);
}

Datum
cs_micros_to_numeric(int64 micros)
{
	return cs_micros_to_numeric_in(micros, NULL);
}

/*
 * cents -> the numeric as a row stores it: a 1-byte varlena header (heap_fill_tuple packs every numeric
 * that short into one) and the same bytes as cs_cents_to_numeric's, written at p. Returns the size.
 * Amounts below 10,000.00 (nearly every line) are written without the general digit loop.
 */
int
cs_cents_to_short_numeric(int64 cents, char *p)
{
	uint64		mag = magnitude(cents);
	uint64		ip = mag / 100;
	int16		frac = (int16) ((mag % 100) * 100);
	int16		digits[2];
	int			nd = 0,
				weight = 0,
				size;
	uint16		header;

	if (ip >= 10000)
	{
		int32		buf[CS_NUMERIC_MAX_SIZE / sizeof(int32)];

		cs_cents_to_numeric_in(cents, buf);
		size = (int) (VARSIZE(buf) - VARHDRSZ + VARHDRSZ_SHORT);
		SET_VARSIZE_1B(p, size);
		memcpy(p + VARHDRSZ_SHORT, VARDATA(buf), size - VARHDRSZ_SHORT);
		return size;
	}
	if (ip > 0)
	{
		digits[nd++] = (int16) ip;
		if (frac != 0)
			digits[nd++] = frac;
	}
	else if (frac != 0)
	{
		digits[nd++] = frac;
		weight = -1;
	}
	/* as make_numeric: zero is positive with weight 0 and no digits */
	header = NUM_SHORT | (nd > 0 && cents < 0 ? NUM_SHORT_SIGN : 0) |
		(uint16) (2 << NUM_SHORT_DSCALE_SHIFT) |
		(weight < 0 ? NUM_SHORT_WSIGN : 0) | (uint16) (weight & NUM_SHORT_WMASK);
	size = VARHDRSZ_SHORT + (int) sizeof(header) + (int) sizeof(int16) * nd;
	SET_VARSIZE_1B(p, size);
	memcpy(p + VARHDRSZ_SHORT, &header, sizeof(header));
	memcpy(p + VARHDRSZ_SHORT + sizeof(header), digits, sizeof(int16) * nd);
	return size;
}
