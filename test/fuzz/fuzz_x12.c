/*
 * fuzz_x12.c — a libFuzzer harness over the X12 engine: the tokenizer (with its component and
 * repetition accessors), the envelope checks, the 271 and 835 parsers and the 270 reader, in both
 * modes, and the 270 builder (whatever it accepts must read back to the same values).
 *
 * Beyond the sanitizers' checks it asserts the engine's promises: every span handed out lies inside
 * the input, ordinals grow by one and offsets stay inside the input, a refusal is CS_ERR_FORMAT with a
 * message and a detail, and a parse gives the same result twice.  Build and run: test/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_x12.h"
#include "cs_x12_270.h"
#include "cs_x12_271.h"
#include "cs_x12_835.h"

static const char *in_buf;
static size_t in_len;
static uint64_t touched;

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); abort(); } } while (0)

/* A span is empty or lies inside the input; its bytes are read so ASan sees any stray pointer */
static void
span_ok(cs_x12_span v)
{
	if (v.len == 0)
		return;
	CHECK(v.data >= in_buf && v.data + v.len <= in_buf + in_len);
	for (size_t i = 0; i < v.len; i++)
		touched += (unsigned char) v.data[i];
}

static void
party_ok(const cs_x12_party *p)
{
	span_ok(p->entity);
	span_ok(p->type);
	span_ok(p->last);
	span_ok(p->first);
	span_ok(p->middle);
	span_ok(p->suffix);
	span_ok(p->id_qualifier);
	span_ok(p->id);
}

static void
person_ok(const cs_x12_271_person *p)
{
	party_ok(&p->name);
	span_ok(p->trace);
	span_ok(p->trace_originator);
	span_ok(p->gender);
	span_ok(p->relationship);
	span_ok(p->group_number);
	span_ok(p->group_name);
	span_ok(p->plan_number);
	span_ok(p->plan_name);
}

static void
error_ok(cs_status st, const cs_error *err)
{
	if (st == CS_OK)
		return;
	CHECK(st == CS_ERR_FORMAT);
	CHECK(err->message[0] != '\0' && err->detail[0] != '\0');
}

static void
on271(const cs_x12_271_record *r, void *arg)
{
	(*(int64_t *) arg)++;
	CHECK(r->kind == CS_271_BENEFIT || r->kind == CS_271_REJECT);
	CHECK(r->loop != NULL && r->offset < in_len);
	span_ok(r->interchange_control);
	span_ok(r->group_control);
	span_ok(r->transaction_control);
	span_ok(r->reference);
	party_ok(&r->source);
	party_ok(&r->receiver);
	span_ok(r->receiver_npi);
	person_ok(&r->subscriber);
	person_ok(&r->dependent);
	span_ok(r->valid_request);
	span_ok(r->reject_reason);
	span_ok(r->follow_up);
	span_ok(r->info);
	span_ok(r->coverage_level);
	CHECK(r->n_service_types >= 0 && r->n_service_types <= CS_271_MAX_SERVICE_TYPES);
	for (int i = 0; i < r->n_service_types; i++)
		span_ok(r->service_types[i]);
	span_ok(r->insurance_type);
	span_ok(r->plan_description);
	span_ok(r->time_period);
	CHECK(r->amount == CS_X12_NO_AMOUNT || (r->amount >= -CS_MONEY_MAX && r->amount <= CS_MONEY_MAX));
	span_ok(r->quantity_qualifier);
	span_ok(r->authorization);
	span_ok(r->in_network);
	span_ok(r->procedure_qualifier);
	span_ok(r->procedure_code);
	CHECK(r->n_modifiers >= 0 && r->n_modifiers <= CS_271_MAX_MODIFIERS);
	for (int i = 0; i < r->n_modifiers; i++)
		span_ok(r->modifiers[i]);
	CHECK(r->n_hsd >= 0 && r->n_hsd <= CS_271_MAX_HSD);
	for (int i = 0; i < r->n_hsd; i++)
		for (int k = 0; k < 8; k++)
			span_ok(r->hsd[i].el[k]);
	CHECK(r->n_ref >= 0 && r->n_ref <= CS_271_MAX_REF);
	for (int i = 0; i < r->n_ref; i++)
	{
		span_ok(r->ref[i].qualifier);
		span_ok(r->ref[i].id);
		span_ok(r->ref[i].description);
	}
	CHECK(r->n_msg >= 0 && r->n_msg <= CS_271_MAX_MSG);
	for (int i = 0; i < r->n_msg; i++)
		span_ok(r->msg[i]);
	CHECK(r->n_iii >= 0 && r->n_iii <= CS_271_MAX_III);
	for (int i = 0; i < r->n_iii; i++)
	{
		span_ok(r->iii[i].qualifier);
		span_ok(r->iii[i].code);
		span_ok(r->iii[i].category);
		span_ok(r->iii[i].text);
	}
	CHECK(r->n_related >= 0 && r->n_related <= CS_271_MAX_RELATED);
	for (int i = 0; i < r->n_related; i++)
		party_ok(&r->related[i]);
}

static void
adjustments_ok(const cs_x12_835_adjustment *a, int n)
{
	CHECK(n >= 0 && n <= CS_835_MAX_ADJUSTMENTS);
	for (int i = 0; i < n; i++)
	{
		span_ok(a[i].group);
		span_ok(a[i].reason);
		CHECK(a[i].amount >= -CS_MONEY_MAX && a[i].amount <= CS_MONEY_MAX);
	}
}

static void
procedure_ok(const cs_x12_835_procedure *p)
{
	span_ok(p->qualifier);
	span_ok(p->code);
	CHECK(p->n_modifiers >= 0 && p->n_modifiers <= CS_835_MAX_MODIFIERS);
	for (int i = 0; i < p->n_modifiers; i++)
		span_ok(p->modifiers[i]);
	span_ok(p->description);
}

static void
on835(const cs_x12_835_record *r, void *arg)
{
	(*(int64_t *) arg)++;
	CHECK(r->kind == CS_835_LINE || r->kind == CS_835_CLAIM);
	CHECK(r->offset < in_len);
	span_ok(r->interchange_control);
	span_ok(r->group_control);
	span_ok(r->transaction_control);
	span_ok(r->handling);
	span_ok(r->credit_debit);
	span_ok(r->payment_method);
	span_ok(r->trace);
	span_ok(r->trace_originator);
	span_ok(r->payer_name);
	span_ok(r->payer_id);
	span_ok(r->payee_name);
	span_ok(r->payee_id_qualifier);
	span_ok(r->payee_id);
	span_ok(r->payee_npi);
	span_ok(r->claim_id);
	span_ok(r->claim_status);
	span_ok(r->filing_indicator);
	span_ok(r->payer_claim_id);
	span_ok(r->facility_type);
	span_ok(r->frequency);
	party_ok(&r->patient);
	party_ok(&r->insured);
	party_ok(&r->rendering);
	adjustments_ok(r->claim_adjustments, r->n_claim_adjustments);
	procedure_ok(&r->procedure);
	procedure_ok(&r->original_procedure);
	span_ok(r->revenue_code);
	span_ok(r->control_number);
	adjustments_ok(r->adjustments, r->n_adjustments);
	CHECK(r->claim_charge != CS_X12_NO_AMOUNT && r->claim_paid != CS_X12_NO_AMOUNT);
	if (r->kind == CS_835_LINE)
	{
		CHECK(r->charge != CS_X12_NO_AMOUNT && r->paid != CS_X12_NO_AMOUNT && r->procedure.code.len > 0);
		CHECK(r->imbalance == r->charge - r->paid - r->adjustment_total);
	}
}

static void
on270(const cs_x12_270_inquiry *q, void *arg)
{
	(*(int64_t *) arg)++;
	CHECK(q->offset < in_len);
	span_ok(q->sender_qualifier);
	span_ok(q->sender_id);
	span_ok(q->receiver_qualifier);
	span_ok(q->receiver_id);
	span_ok(q->usage);
	span_ok(q->interchange_control);
	span_ok(q->group_control);
	span_ok(q->transaction_control);
	span_ok(q->reference);
	span_ok(q->created_time);
	party_ok(&q->payer);
	party_ok(&q->provider);
	party_ok(&q->subscriber);
	party_ok(&q->dependent);
	span_ok(q->trace);
	span_ok(q->trace_originator);
	CHECK(q->n_service_types >= 1 && q->n_service_types <= CS_270_MAX_SERVICE_TYPES);
	for (int i = 0; i < q->n_service_types; i++)
		span_ok(q->service_types[i]);
}

/* The tokenizer alone: invariants of every segment */
static void
tokenize(void)
{
	cs_x12_reader r;
	cs_x12_segment s;
	cs_error	err;
	cs_x12_token t;
	int64_t		last = 0;

	cs_x12_init(&r, in_buf, in_len);
	while ((t = cs_x12_next(&r, &s, &err)) == CS_X12_SEGMENT)
	{
		CHECK(s.ordinal == last + 1);
		last = s.ordinal;
		CHECK(s.offset < in_len && s.nelements >= 0 && s.nelements <= CS_X12_MAX_ELEMENTS);
		CHECK(strlen(s.id) >= 2 && strlen(s.id) <= 3);
		for (int i = 0; i <= s.nelements; i++)
		{
			int			reps = cs_x12_repetitions(&s, i);

			span_ok(s.el[i]);
			CHECK(s.el[i].len <= CS_X12_MAX_SEGMENT);
			for (int k = 0; k < reps && k < 8; k++)
				span_ok(cs_x12_repetition(&s, i, k));
			for (int k = 1; k <= 8; k++)
				span_ok(cs_x12_component(&s, i, k, NULL));
		}
		span_ok(cs_x12_el(&s, s.nelements + 1));
	}
	if (t == CS_X12_ERROR)
	{
		error_ok(CS_ERR_FORMAT, &err);
		CHECK(cs_x12_next(&r, &s, &err) == CS_X12_ERROR);
	}
}

static cs_x12_270_inquiry got;

static void
keep270(const cs_x12_270_inquiry *q, void *arg)
{
	on270(q, arg);
	got = *q;
}

static void
same(cs_x12_span v, const char *want)
{
	CHECK(cs_x12_eq(v, want != NULL ? want : ""));
}

/*
 * Property: a 270 the builder accepts reads back to the same values.  The input's first eight lines
 * are the text fields.
 */
static void
build_and_read(const uint8_t *data, size_t size)
{
	char		fields[8][96];
	static const char *const types[2] = {"30", "MH"};
	size_t		f = 0,
				o = 0;
	cs_x12_270_request q;
	char		out[CS_270_MAX_SIZE];
	size_t		len;
	cs_error	err;
	cs_x12_result res;
	int64_t		n = 0;

	memset(fields, 0, sizeof(fields));
	for (size_t i = 0; i < size && f < 8; i++)
	{
		if (data[i] == '\n')
		{
			fields[f++][o] = '\0';
			o = 0;
		}
		else if (o < sizeof(fields[0]) - 1)
			fields[f][o++] = (char) data[i];
	}
	if (f < 8)
		return;
	cs_x12_270_init(&q);
	q.sender_id = fields[0];
	q.receiver_id = fields[1];
	q.interchange_control = 1 + (int64_t) (size % 999999999);
	q.group_control = 2;
	q.transaction_control = 3;
	q.created = cs_date_from_ymd(2025, 1, 2);
	q.created_time = 1159;
	q.reference = fields[2];
	q.payer_name = fields[3];
	q.payer_id = "PAYER1";
	q.provider_last = fields[4];
	q.provider_npi = "1234567893";
	q.trace = "T1";
	q.trace_originator = "1234567890";
	q.subscriber_last = fields[5];
	q.subscriber_first = fields[6][0] ? fields[6] : NULL;
	q.subscriber_id = fields[7];
	q.subscriber_birth = cs_date_from_ymd(1980, 1, 1) + (cs_date) (size % 20000);
	q.service_types = types;
	q.n_service_types = 2;
	q.line_breaks = size % 2 == 0;
	if (cs_x12_270_build(&q, out, sizeof(out), &len, &err) != CS_OK)
	{
		CHECK(err.message[0] != '\0' && err.detail[0] != '\0');
		return;
	}
	in_buf = out;
	in_len = len;
	CHECK(cs_x12_270_read(out, len, CS_X12_STRICT, keep270, &n, &res, &err) == CS_OK);
	CHECK(n == 1 && res.findings.total == 0);
	same(got.sender_id, q.sender_id);
	same(got.receiver_id, q.receiver_id);
	same(got.reference, q.reference);
	same(got.payer.last, q.payer_name);
	same(got.provider.last, q.provider_last);
	same(got.subscriber.last, q.subscriber_last);
	same(got.subscriber.first, q.subscriber_first);
	same(got.subscriber.id, q.subscriber_id);
	CHECK(got.subscriber_birth == q.subscriber_birth && got.created == q.created);
	CHECK(got.n_service_types == 2 && cs_x12_eq(got.service_types[1], "MH"));
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_x12_result res,
				again;
	cs_error	err;
	cs_status	st,
				st2;
	int64_t		n,
				n2;
	char	   *buf = malloc(size > 0 ? size : 1);

	memcpy(buf, data, size);
	in_buf = buf;
	in_len = size;

	tokenize();
	for (int mode = 0; mode < 2; mode++)
	{
		st = cs_x12_check(buf, size, (cs_x12_mode) mode, &res.findings, NULL, &err);
		error_ok(st, &err);

		n = 0;
		st = cs_x12_271_parse(buf, size, (cs_x12_mode) mode, on271, &n, &res, &err);
		error_ok(st, &err);
		CHECK(res.records == n && res.findings.n <= CS_X12_MAX_FINDINGS && res.findings.total >= res.findings.n);
		n2 = 0;
		st2 = cs_x12_271_parse(buf, size, (cs_x12_mode) mode, on271, &n2, &again, &err);
		CHECK(st == st2 && n == n2 && res.findings.total == again.findings.total);
		if (mode == CS_X12_STRICT && st == CS_OK)
			CHECK(res.findings.total == 0);

		n = 0;
		st = cs_x12_835_parse(buf, size, (cs_x12_mode) mode, on835, &n, &res, &err);
		error_ok(st, &err);
		CHECK(res.records == n);
		if (mode == CS_X12_STRICT && st == CS_OK)
			CHECK(res.findings.total == 0);

		n = 0;
		st = cs_x12_270_read(buf, size, (cs_x12_mode) mode, on270, &n, &res, &err);
		error_ok(st, &err);
		CHECK(res.records == n);
	}
	build_and_read(data, size);
	free(buf);
	return 0;
}
