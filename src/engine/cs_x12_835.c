/*
 * cs_x12_835.c — the 835 remittance advice parser (see cs_x12_835.h): a state machine over the
 * tokenizer's segments that fills one record per service line and per claim, and checks that lines,
 * claims and the payment balance.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cs_x12_835.h"

#define MSG_STRUCTURE "invalid X12 835 structure"
#define HINT_STRUCTURE "An 835 holds the payment (BPR, TRN), the payer and payee (N1), then claims (CLP) each followed by its service lines (SVC), then provider adjustments (PLB)."
#define MSG_REQUIRED "required X12 835 element is missing"
#define MSG_FINDING "X12 835 does not follow 005010X221A1"
#define MSG_BALANCE "X12 835 does not balance"
#define HINT_FINDING "Correct the document, or read it in lenient mode to get the finding as a warning."

typedef struct state
{
	cs_x12_mode mode;
	cs_x12_835_fn fn;
	void	   *arg;
	cs_x12_result *result;

	bool		in_claims;		/* an LX or CLP has been read: the header is over */
	bool		in_claim;
	bool		in_line;
	bool		after_plb;
	size_t		claim_offset;
	size_t		line_offset;
	int64_t		line_segment;
	cs_cents	line_adjustments;	/* the open line's CAS sum */
	cs_cents	line_patient;	/* the open line's PR sum */
	cs_cents	claim_adjustments;	/* the open claim's claim-level CAS sum */
	cs_cents	claim_patient;	/* its claim-level PR sum */
	cs_cents	lines_adjustments;	/* the open claim's lines' CAS sum */
	cs_cents	lines_patient;	/* their PR sum */
	cs_cents	paid_total;		/* the transaction's sum of CLP04 */
	cs_cents	plb_total;		/* its sum of PLB amounts */
	int64_t		bpr_segment;
	size_t		bpr_offset;

	cs_x12_835_record rec;
} state;

static cs_status
structure(const cs_x12_segment *s, const char *what, cs_error *err)
{
	return cs_x12_fail(err, s, 0, MSG_STRUCTURE, HINT_STRUCTURE, what);
}

static cs_status
overflow(const cs_x12_segment *s, cs_error *err)
{
	return cs_x12_fail(err, s, 0, "X12 835 totals are out of range",
					   "Split the remittance into smaller documents.",
					   "a running total left the 64-bit range");
}

static cs_status
required_amount(const cs_x12_segment *s, int i, cs_cents *out, cs_error *err)
{
	if (cs_x12_amount(s, i, out, err) != CS_OK)
		return err->status;
	if (*out == CS_X12_NO_AMOUNT)
		return cs_x12_fail(err, s, i, MSG_REQUIRED,
						   "The 005010X221A1 guide requires this amount; send 0 when there is none.",
						   "the amount is missing");
	return CS_OK;
}

/*
 * The clear_* functions leave the adjustment arrays as they are: their entries are read only below
 * n_adjustments / n_claim_adjustments, and zeroing 3 KB per array for every line and claim was a
 * measurable part of a parse.
 */
static void
clear_line(cs_x12_835_record *r)
{
	size_t		from = offsetof(cs_x12_835_record, line_number);
	size_t		to = offsetof(cs_x12_835_record, adjustments);

	memset((char *) r + from, 0, to - from);
	r->charge = r->paid = CS_X12_NO_AMOUNT;
	r->units = r->original_units = CS_X12_NO_AMOUNT;
	r->service.begin = r->service.end = CS_X12_NO_DATE;
	r->allowed = r->amt_b6 = r->amt_au = CS_X12_NO_AMOUNT;
	r->adjustment_total = r->patient_total = r->imbalance = 0;
}

static void
clear_claim(cs_x12_835_record *r)
{
	size_t		from = offsetof(cs_x12_835_record, claim_segment);
	size_t		to = offsetof(cs_x12_835_record, claim_adjustments);

	memset((char *) r + from, 0, to - from);
	r->lines = 0;
	r->claim_charge = r->claim_paid = r->patient_responsibility = CS_X12_NO_AMOUNT;
	r->statement.begin = r->statement.end = CS_X12_NO_DATE;
	r->received = CS_X12_NO_DATE;
	r->coverage_amount = CS_X12_NO_AMOUNT;
	clear_line(r);
}

static void
clear_header(cs_x12_835_record *r)
{
	memset(r, 0, offsetof(cs_x12_835_record, claim_segment));
	r->payment_amount = CS_X12_NO_AMOUNT;
	r->payment_date = r->production_date = CS_X12_NO_DATE;
	clear_claim(r);
}

static cs_status
balance_finding(state *st, cs_x12_finding_kind kind, int64_t ordinal, size_t offset, const char *id,
				int64_t stated, int64_t counted, const char *text, cs_error *err)
{
	return cs_x12_finding_at(&st->result->findings, st->mode, kind, ordinal, offset, id, stated,
							 counted, MSG_BALANCE,
							 "Check the amounts of the segment against its adjustments, or read the document in lenient mode to get the imbalance as a warning.",
							 text, err);
}

/* End the open service line: balance it and hand it out */
static cs_status
finish_line(state *st, const cs_x12_segment *s, cs_error *err)
{
	cs_x12_835_record *r = &st->rec;

	if (!st->in_line)
		return CS_OK;
	st->in_line = false;
	r->kind = CS_835_LINE;
	r->segment = st->line_segment;
	r->offset = st->line_offset;
	r->allowed = r->amt_b6 != CS_X12_NO_AMOUNT ? r->amt_b6 : r->amt_au;
	r->adjustment_total = st->line_adjustments;
	r->patient_total = st->line_patient;
	/* each term is within 10^11 and the adjustment sum within 64 * 10^11: no overflow */
	r->imbalance = r->charge - r->paid - st->line_adjustments;
	if (cs_add_overflow(st->lines_adjustments, st->line_adjustments, &st->lines_adjustments) ||
		cs_add_overflow(st->lines_patient, st->line_patient, &st->lines_patient))
		return overflow(s, err);
	r->lines++;
	st->fn(r, st->arg);
	st->result->records++;
	if (r->imbalance != 0 &&
		balance_finding(st, CS_X12_UNBALANCED_LINE, r->segment, r->offset, "SVC",
						r->charge - r->paid, st->line_adjustments,
						"the service line's charge minus its payment differs from the sum of its adjustments (CAS)",
						err) != CS_OK)
		return err->status;
	clear_line(r);
	return CS_OK;
}

/* End the open claim (and its open line): balance it and hand it out */
static cs_status
finish_claim(state *st, const cs_x12_segment *s, cs_error *err)
{
	cs_x12_835_record *r = &st->rec;
	cs_cents	adjustments;
	cs_cents	patient;
	cs_cents	stated_patient;

	if (finish_line(st, s, err) != CS_OK)
		return err->status;
	if (!st->in_claim)
		return CS_OK;
	st->in_claim = false;
	if (cs_add_overflow(st->claim_adjustments, st->lines_adjustments, &adjustments) ||
		cs_add_overflow(st->claim_patient, st->lines_patient, &patient) ||
		__builtin_sub_overflow(r->claim_charge - r->claim_paid, adjustments, &r->imbalance))
		return overflow(s, err);
	r->kind = CS_835_CLAIM;
	r->segment = r->claim_segment;
	r->offset = st->claim_offset;
	r->adjustment_total = adjustments;
	r->patient_total = patient;
	st->fn(r, st->arg);
	st->result->records++;
	if (r->imbalance != 0 &&
		balance_finding(st, CS_X12_UNBALANCED_CLAIM, r->segment, r->offset, "CLP",
						r->claim_charge - r->claim_paid, adjustments,
						"the claim's charge minus its payment differs from the sum of its claim and line adjustments (CAS)",
						err) != CS_OK)
		return err->status;
	stated_patient = r->patient_responsibility == CS_X12_NO_AMOUNT ? 0 : r->patient_responsibility;
	if (stated_patient != patient &&
		balance_finding(st, CS_X12_PATIENT_RESPONSIBILITY, r->segment, r->offset, "CLP",
						stated_patient, patient,
						"the claim's patient responsibility (CLP05) differs from the sum of its PR adjustments",
						err) != CS_OK)
		return err->status;
	clear_claim(r);
	return CS_OK;
}

static cs_status
on_clp(state *st, const cs_x12_segment *s, cs_error *err)
{
	cs_x12_835_record *r = &st->rec;

	if (st->after_plb)
		return structure(s, "a claim after the provider adjustments (PLB)", err);
	if (finish_claim(st, s, err) != CS_OK)
		return err->status;
	st->in_claims = st->in_claim = true;
	st->claim_offset = s->offset;
	st->claim_adjustments = st->claim_patient = 0;
	st->lines_adjustments = st->lines_patient = 0;
	r->claim_segment = s->ordinal;
	r->claim_id = cs_x12_el(s, 1);
	r->claim_status = cs_x12_el(s, 2);
	if (required_amount(s, 3, &r->claim_charge, err) != CS_OK ||
		required_amount(s, 4, &r->claim_paid, err) != CS_OK ||
		cs_x12_amount(s, 5, &r->patient_responsibility, err) != CS_OK)
		return err->status;
	if (cs_add_overflow(st->paid_total, r->claim_paid, &st->paid_total))
		return overflow(s, err);
	r->filing_indicator = cs_x12_el(s, 6);
	r->payer_claim_id = cs_x12_el(s, 7);
	r->facility_type = cs_x12_el(s, 8);
	r->frequency = cs_x12_el(s, 9);
	return CS_OK;
}

/* A composite procedure (SVC01 or SVC06) */
static cs_status
read_procedure(state *st, const cs_x12_segment *s, int i, cs_x12_835_procedure *p, cs_error *err)
{
	bool		alternate = false;

	p->qualifier = cs_x12_component(s, i, 1, &alternate);
	p->code = cs_x12_component(s, i, 2, NULL);
	p->n_modifiers = 0;
	for (int k = 0; k < CS_835_MAX_MODIFIERS; k++)
		if (cs_x12_component(s, i, 3 + k, NULL).len > 0)
			p->modifiers[p->n_modifiers++] = cs_x12_component(s, i, 3 + k, NULL);
	p->description = cs_x12_component(s, i, 7, NULL);
	if (p->code.len == 0)
		return cs_x12_fail(err, s, i, MSG_REQUIRED,
						   "A procedure composite is qualifier, component separator (ISA16), code, e.g. HC:90837.",
						   "the composite has no procedure code (its second component)");
	if (alternate)
	{
		char		text[120];

		st->rec.alternate_separator = true;
		snprintf(text, sizeof(text),
				 "%s%02d separates its components with a character other than the ISA16 separator",
				 s->id, i);
		if (cs_x12_finding_add(&st->result->findings, st->mode, CS_X12_COMPONENT_SEPARATOR, s, 0, 0,
							   MSG_FINDING,
							   "Write composites with the component separator declared in ISA16, or read the document in lenient mode to accept the customary one.",
							   text, err) != CS_OK)
			return err->status;
	}
	return CS_OK;
}

static cs_status
on_svc(state *st, const cs_x12_segment *s, cs_error *err)
{
	cs_x12_835_record *r = &st->rec;

	if (!st->in_claim)
		return structure(s, "SVC outside a claim (no CLP before it)", err);
	if (finish_line(st, s, err) != CS_OK)
		return err->status;
	st->in_line = true;
	st->line_segment = s->ordinal;
	st->line_offset = s->offset;
	st->line_adjustments = st->line_patient = 0;
	r->line_number = r->lines + 1;
	if (read_procedure(st, s, 1, &r->procedure, err) != CS_OK ||
		required_amount(s, 2, &r->charge, err) != CS_OK ||
		required_amount(s, 3, &r->paid, err) != CS_OK ||
		cs_x12_decimal(s, 5, &r->units, err) != CS_OK ||
		cs_x12_decimal(s, 7, &r->original_units, err) != CS_OK)
		return err->status;
	r->revenue_code = cs_x12_el(s, 4);
	if (cs_x12_el(s, 6).len > 0 && read_procedure(st, s, 6, &r->original_procedure, err) != CS_OK)
		return err->status;
	return CS_OK;
}

static cs_status
on_cas(state *st, const cs_x12_segment *s, cs_error *err)
{
	cs_x12_835_record *r = &st->rec;
	cs_x12_835_adjustment *list;
	int		   *n;
	cs_cents   *sum;
	cs_cents   *patient;
	cs_x12_span group = cs_x12_el(s, 1);
	int			found = 0;

	if (!st->in_claim)
		return structure(s, "CAS outside a claim", err);
	if (st->in_line)
	{
		list = r->adjustments;
		n = &r->n_adjustments;
		sum = &st->line_adjustments;
		patient = &st->line_patient;
	}
	else
	{
		list = r->claim_adjustments;
		n = &r->n_claim_adjustments;
		sum = &st->claim_adjustments;
		patient = &st->claim_patient;
	}
	if (group.len == 0)
		return cs_x12_fail(err, s, 1, MSG_REQUIRED,
						   "CAS01 is the adjustment group: CO, OA, PI, PR or CR.",
						   "the adjustment group code is missing");
	for (int k = 0; k < 6; k++)
	{
		int			ri = 2 + 3 * k;
		cs_x12_span reason = cs_x12_el(s, ri);
		cs_x12_835_adjustment *a;

		if (reason.len == 0)
		{
			if (cs_x12_el(s, ri + 1).len > 0 || cs_x12_el(s, ri + 2).len > 0)
				return cs_x12_fail(err, s, ri, MSG_REQUIRED,
								   "Each CAS adjustment is a reason code, an amount and an optional quantity.",
								   "an adjustment amount or quantity has no reason code");
			continue;
		}
		if (*n >= CS_835_MAX_ADJUSTMENTS)
			return cs_x12_fail(err, s, ri, "too many X12 835 adjustments",
							   "A claim or a service line holds at most 64 adjustments here.",
							   "more than 64 adjustments on one claim or line");
		a = &list[*n];
		a->group = group;
		a->reason = reason;
		if (required_amount(s, ri + 1, &a->amount, err) != CS_OK ||
			cs_x12_decimal(s, ri + 2, &a->quantity, err) != CS_OK)
			return err->status;
		(*n)++;
		found++;
		/* at most 64 amounts of at most 10^11 each: no overflow */
		*sum += a->amount;
		if (cs_x12_eq(group, "PR"))
			*patient += a->amount;
	}
	if (found == 0)
		return cs_x12_fail(err, s, 2, MSG_REQUIRED,
						   "Each CAS holds at least one adjustment: a reason code and an amount.",
						   "the segment holds no adjustment");
	return CS_OK;
}

/*
 * A period whose end (read so far) is before its begin: a finding at the DTM that made it so; lenient
 * mode drops both dates (the period is unknown, as if not sent), never a guessed order.
 */
static cs_status
check_order(state *st, const cs_x12_segment *s, cs_x12_period *p, const char *text, cs_error *err)
{
	if (p->begin == CS_X12_NO_DATE || p->end == CS_X12_NO_DATE || p->end >= p->begin)
		return CS_OK;
	if (cs_x12_date_order(&st->result->findings, st->mode, s->ordinal, s->offset, s->id, text,
						  err) != CS_OK)
		return err->status;
	p->begin = p->end = CS_X12_NO_DATE;
	return CS_OK;
}

static cs_status
on_dtm(state *st, const cs_x12_segment *s, cs_error *err)
{
	cs_x12_835_record *r = &st->rec;
	cs_x12_span q = cs_x12_el(s, 1);
	cs_date		d;

	if (cs_x12_date(s, 2, &d, err) != CS_OK)
		return err->status;
	if (st->in_line)
	{
		if (cs_x12_eq(q, "472"))
			r->service.begin = r->service.end = d;
		else if (cs_x12_eq(q, "150"))
			r->service.begin = d;
		else if (cs_x12_eq(q, "151"))
			r->service.end = d;
		else
			return CS_OK;
		return check_order(st, s, &r->service,
						   "the service period end (DTM*151) is before its start (DTM*150)", err);
	}
	else if (st->in_claim)
	{
		if (cs_x12_eq(q, "232"))
			r->statement.begin = d;
		else if (cs_x12_eq(q, "233"))
			r->statement.end = d;
		else if (cs_x12_eq(q, "050"))
			r->received = d;
		if (cs_x12_eq(q, "232") || cs_x12_eq(q, "233"))
			return check_order(st, s, &r->statement,
							   "the claim statement period end (DTM*233) is before its start (DTM*232)",
							   err);
	}
	else if (cs_x12_eq(q, "405"))
		r->production_date = d;
	return CS_OK;
}

static cs_status
on_amt(state *st, const cs_x12_segment *s, cs_error *err)
{
	cs_x12_835_record *r = &st->rec;
	cs_x12_span q = cs_x12_el(s, 1);
	cs_cents	a;

	if (required_amount(s, 2, &a, err) != CS_OK)
		return err->status;
	if (st->in_line)
	{
		if (cs_x12_eq(q, "B6"))
			r->amt_b6 = a;
		else if (cs_x12_eq(q, "AU"))
			r->amt_au = a;
	}
	else if (st->in_claim && cs_x12_eq(q, "AU"))
		r->coverage_amount = a;
	return CS_OK;
}

static cs_status
on_plb(state *st, const cs_x12_segment *s, cs_error *err)
{
	if (finish_claim(st, s, err) != CS_OK)
		return err->status;
	st->after_plb = true;
	for (int i = 4; i <= 14; i += 2)
	{
		cs_cents	a;

		if (cs_x12_amount(s, i, &a, err) != CS_OK)
			return err->status;
		if (a == CS_X12_NO_AMOUNT)
			continue;
		if (cs_add_overflow(st->plb_total, a, &st->plb_total))
			return overflow(s, err);
	}
	return CS_OK;
}

/* At SE: the payment balance */
static cs_status
finish_transaction(state *st, const cs_x12_segment *s, cs_error *err)
{
	cs_x12_835_record *r = &st->rec;
	cs_cents	net;

	if (finish_claim(st, s, err) != CS_OK)
		return err->status;
	if (st->bpr_segment == 0)
		return structure(s, "the transaction set has no BPR", err);
	if (cs_x12_eq(r->handling, "H"))
		return CS_OK;
	if (__builtin_sub_overflow(st->paid_total, st->plb_total, &net))
		return overflow(s, err);
	if (net != r->payment_amount)
		return balance_finding(st, CS_X12_UNBALANCED_PAYMENT, st->bpr_segment, st->bpr_offset, "BPR",
							   r->payment_amount, net,
							   "the payment (BPR02) differs from the claims' payments (CLP04) less the provider adjustments (PLB)",
							   err);
	return CS_OK;
}

/* Segments an 835 may hold that are not read */
static bool
is_ignored(uint32_t code)
{
	switch (code)
	{
		case CS_X12_CODE('C', 'U', 'R'):
		case CS_X12_CODE('R', 'E', 'F'):
		case CS_X12_CODE('N', '3', 0):
		case CS_X12_CODE('N', '4', 0):
		case CS_X12_CODE('P', 'E', 'R'):
		case CS_X12_CODE('R', 'D', 'M'):
		case CS_X12_CODE('T', 'S', '3'):
		case CS_X12_CODE('T', 'S', '2'):
		case CS_X12_CODE('M', 'I', 'A'):
		case CS_X12_CODE('M', 'O', 'A'):
		case CS_X12_CODE('Q', 'T', 'Y'):
		case CS_X12_CODE('L', 'Q', 0):
			return true;
		default:
			return false;
	}
}

static cs_status
on_segment(const cs_x12_segment *s, const cs_x12_envelope *e, void *arg, cs_error *err)
{
	state	   *st = (state *) arg;
	cs_x12_835_record *r = &st->rec;
	uint32_t	code = s->code;

	if (code == CS_X12_CODE('S', 'T', 0))
	{
		if (!cs_x12_eq(cs_x12_trim(e->st01), "835"))
			return cs_x12_fail(err, s, 1, "X12 transaction set is not an 835",
							   "Only 835 remittance advices are read here.",
							   "the transaction set identifier is not 835");
		memset((char *) st + offsetof(state, in_claims), 0,
			   offsetof(state, rec) - offsetof(state, in_claims));
		clear_header(r);
		r->interchange_control = cs_x12_trim(e->isa13);
		r->group_control = cs_x12_trim(e->gs06);
		r->transaction_control = cs_x12_trim(e->st02);
		if (!cs_x12_version_is(e->st03.len > 0 ? e->st03 : e->gs08, "005010X221"))
			return cs_x12_finding_add(&st->result->findings, st->mode, CS_X12_VERSION, s, 0, 0,
									  MSG_FINDING, HINT_FINDING,
									  "the implementation guide (ST03 or GS08) is not 005010X221A1",
									  err);
		return CS_OK;
	}
	if (cs_x12_is_envelope(s))
		return code == CS_X12_CODE('S', 'E', 0) ? finish_transaction(st, s, err) : CS_OK;

	if (code == CS_X12_CODE('B', 'P', 'R'))
	{
		if (st->bpr_segment != 0 || st->in_claims)
			return structure(s, "BPR is the first segment after ST, once", err);
		st->bpr_segment = s->ordinal;
		st->bpr_offset = s->offset;
		r->handling = cs_x12_el(s, 1);
		r->credit_debit = cs_x12_el(s, 3);
		r->payment_method = cs_x12_el(s, 4);
		if (required_amount(s, 2, &r->payment_amount, err) != CS_OK ||
			cs_x12_date(s, 16, &r->payment_date, err) != CS_OK)
			return err->status;
		return CS_OK;
	}
	if (st->bpr_segment == 0)
		return structure(s, "the transaction set does not start with BPR", err);
	if (code == CS_X12_CODE('C', 'L', 'P'))
		return on_clp(st, s, err);
	if (code == CS_X12_CODE('S', 'V', 'C'))
		return on_svc(st, s, err);
	if (code == CS_X12_CODE('C', 'A', 'S'))
		return on_cas(st, s, err);
	if (code == CS_X12_CODE('D', 'T', 'M'))
		return on_dtm(st, s, err);
	if (code == CS_X12_CODE('A', 'M', 'T'))
		return on_amt(st, s, err);
	if (code == CS_X12_CODE('P', 'L', 'B'))
		return on_plb(st, s, err);
	if (code == CS_X12_CODE('L', 'X', 0))
	{
		if (st->after_plb)
			return structure(s, "LX after the provider adjustments (PLB)", err);
		st->in_claims = true;
		return finish_claim(st, s, err);
	}
	if (code == CS_X12_CODE('T', 'R', 'N') && !st->in_claims)
	{
		r->trace = cs_x12_el(s, 2);
		r->trace_originator = cs_x12_el(s, 3);
		return CS_OK;
	}
	if (code == CS_X12_CODE('N', '1', 0) && !st->in_claims)
	{
		if (cs_x12_eq(cs_x12_el(s, 1), "PR"))
		{
			r->payer_name = cs_x12_el(s, 2);
			if (cs_x12_el(s, 4).len > 0)
				r->payer_id = cs_x12_el(s, 4);
		}
		else if (cs_x12_eq(cs_x12_el(s, 1), "PE"))
		{
			r->payee_name = cs_x12_el(s, 2);
			r->payee_id_qualifier = cs_x12_el(s, 3);
			r->payee_id = cs_x12_el(s, 4);
			if (cs_x12_eq(r->payee_id_qualifier, "XX"))
				r->payee_npi = r->payee_id;
		}
		return CS_OK;
	}
	if (code == CS_X12_CODE('R', 'E', 'F') && st->in_line && cs_x12_eq(cs_x12_el(s, 1), "6R"))
	{
		r->control_number = cs_x12_el(s, 2);
		return CS_OK;
	}
	if (code == CS_X12_CODE('R', 'E', 'F') && !st->in_claims && cs_x12_eq(cs_x12_el(s, 1), "2U") &&
		r->payer_id.len == 0)
	{
		r->payer_id = cs_x12_el(s, 2);
		return CS_OK;
	}
	if (code == CS_X12_CODE('N', 'M', '1') && st->in_claim && !st->in_line)
	{
		cs_x12_span entity = cs_x12_el(s, 1);

		if (cs_x12_eq(entity, "QC"))
			cs_x12_party_from_nm1(s, &r->patient);
		else if (cs_x12_eq(entity, "IL"))
			cs_x12_party_from_nm1(s, &r->insured);
		else if (cs_x12_eq(entity, "82"))
			cs_x12_party_from_nm1(s, &r->rendering);
		return CS_OK;
	}
	if (is_ignored(code))
		return CS_OK;
	return cs_x12_finding_add(&st->result->findings, st->mode, CS_X12_UNKNOWN_SEGMENT, s, 0, 0,
							  MSG_FINDING, HINT_FINDING,
							  "the segment is not defined at this place of an 835; it was skipped",
							  err);
}

cs_status
cs_x12_835_parse(const char *buf, size_t len, cs_x12_mode mode, cs_x12_835_fn fn, void *arg,
				 cs_x12_result *result, cs_error *err)
{
	state		st;

	memset(&st, 0, offsetof(state, rec));
	clear_header(&st.rec);
	st.mode = mode;
	st.fn = fn;
	st.arg = arg;
	st.result = result;
	return cs_x12_walk(buf, len, mode, on_segment, &st, result, err);
}

cs_status
cs_x12_835_patient_split(const cs_x12_835_adjustment *adj, int n, cs_x12_835_patient *out,
						 cs_error *err)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < n; i++)
	{
		cs_cents   *to;

		if (!cs_x12_eq(adj[i].group, "PR"))
			continue;
		if (cs_x12_eq(adj[i].reason, "1"))
			to = &out->deductible;
		else if (cs_x12_eq(adj[i].reason, "2"))
			to = &out->coinsurance;
		else if (cs_x12_eq(adj[i].reason, "3"))
			to = &out->copay;
		else
			to = &out->other;
		if (cs_add_overflow(*to, adj[i].amount, to))
			return cs_fail(err, CS_ERR_OVERFLOW, "patient responsibility is out of range",
						   "Check the CAS amounts of the claim.",
						   "The sum of the PR adjustments leaves the range of an amount.");
	}
	return CS_OK;
}
