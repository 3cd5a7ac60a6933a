/*
 * cs_x12_271.c — the 271 eligibility response parser (see cs_x12_271.h): a loop state machine over
 * the tokenizer's segments that fills one record and hands it out when its loop ends.
 */
#include <stddef.h>
#include <string.h>

#include "cs_x12_271.h"

#define MSG_STRUCTURE "invalid X12 271 structure"
#define HINT_STRUCTURE "A 271 nests HL 20 (payer) > 21 (provider) > 22 (subscriber) > 23 (dependent); each HL's NM1 comes before its EB benefits, and related entities after an EB are wrapped in LS/LE."
#define MSG_REPEAT "too many repeats in an X12 271 loop"
#define MSG_FINDING "X12 271 does not follow 005010X279A1"
#define HINT_FINDING "Correct the document, or read it in lenient mode to get the finding as a warning."

/* A queued AAA: handed out when its loop ends */
typedef struct pending_aaa
{
	const char *loop;
	int64_t		segment;
	size_t		offset;
	cs_x12_span valid;
	cs_x12_span reason;
	cs_x12_span action;
} pending_aaa;

enum level
{
	LEVEL_NONE = 0,
	LEVEL_A,					/* 2000A information source */
	LEVEL_B,					/* 2000B information receiver */
	LEVEL_C,					/* 2000C subscriber */
	LEVEL_D						/* 2000D dependent */
};

typedef struct state
{
	cs_x12_mode mode;
	cs_x12_271_fn fn;
	void	   *arg;
	cs_x12_result *result;

	int			level;
	bool		named;			/* the current level's 2100 NM1 has been read */
	bool		in_eb;			/* inside a 2110 loop (after an EB) */
	bool		in_ls;			/* between LS and LE */
	cs_x12_span ls01;
	int64_t		ls_segment;
	cs_x12_span hl_id[5];		/* HL01 of the open levels, by level */
	bool		trace_referenced;	/* the level's trace came from a TRN01 = 2 */
	size_t		eb_offset;

	int			n_aaa;
	pending_aaa aaa[CS_271_MAX_AAA];

	/* the latest DTP of each begin/end pair in the open EB loop (ordinal 0: none), for findings */
	int64_t		eb_pair_segment[3];
	size_t		eb_pair_offset[3];

	cs_x12_271_record rec;		/* the context, and the EB being read when in_eb */
} state;

static const char *const loop_2000[] = {"", "2000A", "2000B", "2000C", "2000D"};
static const char *const loop_2100[] = {"", "2100A", "2100B", "2100C", "2100D"};
static const char *const loop_2110[] = {"", "", "", "2110C", "2110D"};

static void
clear_dates(cs_x12_271_dates *d)
{
	cs_x12_period none = {CS_X12_NO_DATE, CS_X12_NO_DATE};

	d->plan = d->plan_begin = d->plan_end = none;
	d->eligibility = d->eligibility_begin = d->eligibility_end = none;
	d->benefit = d->benefit_begin = d->benefit_end = none;
	d->service = none;
}

static void
clear_person(cs_x12_271_person *p)
{
	memset(p, 0, sizeof(*p));
	p->birth_date = CS_X12_NO_DATE;
	clear_dates(&p->dates);
}

/*
 * Forget the EB fields of the record.  The repeated entries (service types, modifiers, HSD, REF,
 * MSG, III, related entities) are read only below their counts, so only the counts and the single
 * fields are cleared: zeroing the whole 7 KB tail for every EB was a measurable part of a parse.
 */
static void
clear_eb(cs_x12_271_record *r)
{
	const cs_x12_span none = {"", 0};

	r->eb_segment = 0;
	r->info = r->coverage_level = none;
	r->n_service_types = 0;
	r->insurance_type = r->plan_description = r->time_period = none;
	r->amount = CS_X12_NO_AMOUNT;
	r->percent = CS_X12_NO_AMOUNT;
	r->quantity_qualifier = none;
	r->quantity = CS_X12_NO_AMOUNT;
	r->authorization = r->in_network = none;
	r->procedure_qualifier = r->procedure_code = none;
	r->n_modifiers = 0;
	r->n_hsd = 0;
	r->n_ref = 0;
	clear_dates(&r->dates);
	r->n_msg = 0;
	r->n_iii = 0;
	r->n_related = 0;
}

/* A record with no context and no EB (the repeated entries are not zeroed, as in clear_eb) */
static void
clear_record(cs_x12_271_record *r)
{
	memset(r, 0, offsetof(cs_x12_271_record, eb_segment));
	clear_eb(r);
	clear_person(&r->subscriber);
	clear_person(&r->dependent);
}

/*
 * The begin/end pairs of DTP qualifiers.  load_271 makes one period of each pair, from the begin of
 * the EB loop (else of the subscriber or dependent loop) to the end of the EB loop (else of that loop),
 * so a pair is checked within its loop when its second date is read and across the two loops when the
 * EB loop ends.
 */
static const struct
{
	const char *begin_q;
	const char *end_q;
	size_t		begin;
	size_t		end;
	const char *same_loop;
	const char *across;
}			pairs[3] = {
	{"346", "347", offsetof(cs_x12_271_dates, plan_begin), offsetof(cs_x12_271_dates, plan_end),
		"the plan end (DTP*347) is before the plan begin (DTP*346) of the same loop",
	"the plan begin and end (DTP*346/347) of the EB and its member loop make a reversed period"},
	{"356", "357", offsetof(cs_x12_271_dates, eligibility_begin),
		offsetof(cs_x12_271_dates, eligibility_end),
		"the eligibility end (DTP*357) is before the eligibility begin (DTP*356) of the same loop",
	"the eligibility begin and end (DTP*356/357) of the EB and its member loop make a reversed period"},
	{"348", "349", offsetof(cs_x12_271_dates, benefit_begin), offsetof(cs_x12_271_dates, benefit_end),
		"the benefit end (DTP*349) is before the benefit begin (DTP*348) of the same loop",
	"the benefit begin and end (DTP*348/349) of the EB and its member loop make a reversed period"},
};

static inline cs_x12_period *
slot(cs_x12_271_dates *d, size_t field)
{
	return (cs_x12_period *) ((char *) d + field);
}

static cs_x12_271_person *person(state *st);

/*
 * When the EB loop ends: the period each pair makes with the member loop's dates (the EB's own date
 * first) must not be reversed.  The member loop's pairs were checked when read, so a reversed period
 * comes from the EB loop: a finding at its latest DTP of the pair, and lenient mode drops the EB
 * loop's dates of the pair (the member loop's then stand).
 */
static cs_status
check_eb_periods(state *st, cs_error *err)
{
	cs_x12_271_dates *eb = &st->rec.dates;
	cs_x12_271_dates *pd;

	if (st->level != LEVEL_C && st->level != LEVEL_D)
		return CS_OK;
	pd = &person(st)->dates;
	for (int k = 0; k < 3; k++)
	{
		cs_x12_period *eb_b = slot(eb, pairs[k].begin);
		cs_x12_period *eb_e = slot(eb, pairs[k].end);
		cs_date		b = eb_b->begin != CS_X12_NO_DATE ? eb_b->begin : slot(pd, pairs[k].begin)->begin;
		cs_date		e = eb_e->end != CS_X12_NO_DATE ? eb_e->end : slot(pd, pairs[k].end)->end;

		if (b == CS_X12_NO_DATE || e == CS_X12_NO_DATE || e >= b || st->eb_pair_segment[k] == 0)
			continue;
		if (cs_x12_date_order(&st->result->findings, st->mode, st->eb_pair_segment[k],
							  st->eb_pair_offset[k], "DTP", pairs[k].across, err) != CS_OK)
			return err->status;
		eb_b->begin = eb_b->end = eb_e->begin = eb_e->end = CS_X12_NO_DATE;
	}
	return CS_OK;
}

static void
emit(state *st)
{
	st->fn(&st->rec, st->arg);
	st->result->records++;
}

/* End the open loop: hand out the EB being read, then the queued AAAs */
static cs_status
flush(state *st, cs_error *err)
{
	cs_x12_271_record *r = &st->rec;

	if (st->in_eb && check_eb_periods(st, err) != CS_OK)
		return err->status;
	memset(st->eb_pair_segment, 0, sizeof(st->eb_pair_segment));
	if (st->in_eb)
	{
		r->kind = CS_271_BENEFIT;
		r->loop = loop_2110[st->level];
		r->segment = r->eb_segment;
		r->offset = st->eb_offset;
		emit(st);
	}
	for (int i = 0; i < st->n_aaa; i++)
	{
		r->kind = CS_271_REJECT;
		r->loop = st->aaa[i].loop;
		r->segment = st->aaa[i].segment;
		r->offset = st->aaa[i].offset;
		r->valid_request = st->aaa[i].valid;
		r->reject_reason = st->aaa[i].reason;
		r->follow_up = st->aaa[i].action;
		emit(st);
	}
	st->n_aaa = 0;
	st->in_eb = false;
	clear_eb(r);
	r->valid_request = r->reject_reason = r->follow_up = (cs_x12_span) {"", 0};
	return CS_OK;
}

static cs_status
misplaced(state *st, const cs_x12_segment *s, const char *text, cs_error *err)
{
	return cs_x12_finding_add(&st->result->findings, st->mode, CS_X12_UNKNOWN_SEGMENT, s, 0, 0,
							  MSG_FINDING, HINT_FINDING, text, err);
}

/*
 * Store a DTP into the named slot of its qualifier; other qualifiers are checked and dropped.  eb_loop
 * says whether it belongs to an EB loop (else to the subscriber's or dependent's loop).
 *   - An RD8 range that ends before it begins, and a begin/end pair of the same loop whose end is
 *     before its begin, are CS_X12_DATE_ORDER findings (errors in strict mode); lenient mode drops
 *     the range, or both dates of the pair.
 *   - DTP*291 with a single date (D8) is the plan's start, open-ended (CMS sends the plan's begin
 *     date this way): its period has no end, never a one-day plan.
 */
static cs_status
read_dtp(state *st, const cs_x12_segment *s, cs_x12_271_dates *d, bool eb_loop, cs_error *err)
{
	static const struct
	{
		const char *qualifier;
		size_t		field;
	}			slots[] = {
		{"291", offsetof(cs_x12_271_dates, plan)},
		{"346", offsetof(cs_x12_271_dates, plan_begin)},
		{"347", offsetof(cs_x12_271_dates, plan_end)},
		{"307", offsetof(cs_x12_271_dates, eligibility)},
		{"356", offsetof(cs_x12_271_dates, eligibility_begin)},
		{"357", offsetof(cs_x12_271_dates, eligibility_end)},
		{"292", offsetof(cs_x12_271_dates, benefit)},
		{"348", offsetof(cs_x12_271_dates, benefit_begin)},
		{"349", offsetof(cs_x12_271_dates, benefit_end)},
		{"472", offsetof(cs_x12_271_dates, service)},
	};
	const cs_x12_period none = {CS_X12_NO_DATE, CS_X12_NO_DATE};
	cs_x12_span q = cs_x12_el(s, 1);
	cs_x12_period p;

	if (cs_x12_period_read(s, 2, 3, &p, err) != CS_OK)
		return err->status;
	if (p.end < p.begin)
	{
		if (cs_x12_date_order(&st->result->findings, st->mode, s->ordinal, s->offset, s->id,
							  "the date range (RD8) ends before it begins", err) != CS_OK)
			return err->status;
		p = none;
	}
	if (cs_x12_eq(q, "291") && cs_x12_eq(cs_x12_el(s, 2), "D8"))
		p.end = CS_X12_NO_DATE;
	for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++)
		if (cs_x12_eq(q, slots[i].qualifier))
			memcpy((char *) d + slots[i].field, &p, sizeof(p));
	for (int k = 0; k < 3; k++)
	{
		cs_x12_period *b,
				   *e;

		if (!cs_x12_eq(q, pairs[k].begin_q) && !cs_x12_eq(q, pairs[k].end_q))
			continue;
		if (eb_loop)
		{
			st->eb_pair_segment[k] = s->ordinal;
			st->eb_pair_offset[k] = s->offset;
		}
		b = slot(d, pairs[k].begin);
		e = slot(d, pairs[k].end);
		if (b->begin != CS_X12_NO_DATE && e->end != CS_X12_NO_DATE && e->end < b->begin)
		{
			if (cs_x12_date_order(&st->result->findings, st->mode, s->ordinal, s->offset, s->id,
								  pairs[k].same_loop, err) != CS_OK)
				return err->status;
			*b = *e = none;
		}
	}
	return CS_OK;
}

static cs_status
structure(const cs_x12_segment *s, const char *what, cs_error *err)
{
	return cs_x12_fail(err, s, 0, MSG_STRUCTURE, HINT_STRUCTURE, what);
}

static cs_status
too_many(const cs_x12_segment *s, const char *what, cs_error *err)
{
	return cs_x12_fail(err, s, 0, MSG_REPEAT,
					   "The 005010X279A1 guide limits how often a segment or loop repeats; split the document or correct its producer.",
					   what);
}

static cs_status
on_hl(state *st, const cs_x12_segment *s, cs_error *err)
{
	cs_x12_span code = cs_x12_el(s, 3);
	cs_x12_span parent = cs_x12_trim(cs_x12_el(s, 2));
	int			level;
	cs_x12_271_record *r = &st->rec;

	if (cs_x12_eq(code, "20"))
		level = LEVEL_A;
	else if (cs_x12_eq(code, "21"))
		level = LEVEL_B;
	else if (cs_x12_eq(code, "22"))
		level = LEVEL_C;
	else if (cs_x12_eq(code, "23"))
		level = LEVEL_D;
	else
		return cs_x12_fail(err, s, 3, MSG_STRUCTURE, HINT_STRUCTURE,
						   "the hierarchical level code is not 20, 21, 22 or 23");
	if (st->in_ls)
		return structure(s, "an LS loop is still open (LE missing)", err);
	if (level > LEVEL_A && st->level < level - 1)
		return structure(s, "the level's parent level has not been opened", err);
	if (level > LEVEL_A && !cs_x12_span_eq(parent, cs_x12_trim(st->hl_id[level - 1])))
		return cs_x12_fail(err, s, 2, MSG_STRUCTURE, HINT_STRUCTURE,
						   "the parent ID does not name the open parent level");
	if (level == LEVEL_A && parent.len > 0)
		return cs_x12_fail(err, s, 2, MSG_STRUCTURE, HINT_STRUCTURE,
						   "the information source level has a parent ID");
	if (flush(st, err) != CS_OK)
		return err->status;
	/* a new level forgets its own context and everything below it */
	if (level <= LEVEL_A)
		memset(&r->source, 0, sizeof(r->source));
	if (level <= LEVEL_B)
	{
		memset(&r->receiver, 0, sizeof(r->receiver));
		r->receiver_npi = (cs_x12_span) {"", 0};
	}
	if (level <= LEVEL_C)
		clear_person(&r->subscriber);
	clear_person(&r->dependent);
	if (level == LEVEL_C)
		r->subscriber.present = true;
	if (level == LEVEL_D)
		r->dependent.present = true;
	st->level = level;
	st->hl_id[level] = cs_x12_el(s, 1);
	st->named = false;
	st->trace_referenced = false;
	return CS_OK;
}

static cs_x12_271_person *
person(state *st)
{
	return st->level == LEVEL_C ? &st->rec.subscriber : &st->rec.dependent;
}

static cs_status
on_nm1(state *st, const cs_x12_segment *s, cs_error *err)
{
	cs_x12_271_record *r = &st->rec;

	if (st->in_ls)
	{
		if (r->n_related >= CS_271_MAX_RELATED)
			return too_many(s, "more than 23 related entities (2120 loops) after one EB", err);
		cs_x12_party_from_nm1(s, &r->related[r->n_related++]);
		return CS_OK;
	}
	if (st->level == LEVEL_NONE)
		return structure(s, "NM1 before the first HL", err);
	if (st->in_eb)
		return structure(s, "NM1 after an EB must be wrapped in LS/LE", err);
	if (st->named)
		return structure(s, "a second NM1 in the same 2100 loop", err);
	if (flush(st, err) != CS_OK)	/* AAAs of the 2000 loop */
		return err->status;
	st->named = true;
	switch (st->level)
	{
		case LEVEL_A:
			cs_x12_party_from_nm1(s, &r->source);
			break;
		case LEVEL_B:
			cs_x12_party_from_nm1(s, &r->receiver);
			if (cs_x12_eq(r->receiver.id_qualifier, "XX"))
				r->receiver_npi = r->receiver.id;
			break;
		default:
			cs_x12_party_from_nm1(s, &person(st)->name);
			break;
	}
	return CS_OK;
}

static cs_status
on_aaa(state *st, const cs_x12_segment *s, cs_error *err)
{
	pending_aaa *a;

	if (st->level == LEVEL_NONE)
		return structure(s, "AAA before the first HL", err);
	if (st->n_aaa >= CS_271_MAX_AAA)
		return too_many(s, "more than 9 AAA segments in one loop", err);
	a = &st->aaa[st->n_aaa++];
	a->loop = st->in_eb ? loop_2110[st->level] :
		st->named ? loop_2100[st->level] : loop_2000[st->level];
	a->segment = s->ordinal;
	a->offset = s->offset;
	a->valid = cs_x12_el(s, 1);
	a->reason = cs_x12_el(s, 3);
	a->action = cs_x12_el(s, 4);
	return CS_OK;
}

static cs_status
on_eb(state *st, const cs_x12_segment *s, cs_error *err)
{
	cs_x12_271_record *r = &st->rec;
	int			n;
	bool		alternate = false;

	if (st->level != LEVEL_C && st->level != LEVEL_D)
		return structure(s, "EB outside a subscriber or dependent loop", err);
	if (!st->named)
		return structure(s, "EB before the subscriber's or dependent's NM1", err);
	if (flush(st, err) != CS_OK)
		return err->status;
	st->in_eb = true;
	r->eb_segment = s->ordinal;
	st->eb_offset = s->offset;
	r->info = cs_x12_el(s, 1);
	r->coverage_level = cs_x12_el(s, 2);
	n = cs_x12_repetitions(s, 3);
	if (n > CS_271_MAX_SERVICE_TYPES)
		return cs_x12_fail(err, s, 3, MSG_REPEAT,
						   "EB03 repeats at most 99 times; send more service types in another EB.",
						   "more than 99 service type codes");
	r->n_service_types = n;
	for (int k = 0; k < n; k++)
		r->service_types[k] = cs_x12_repetition(s, 3, k);
	r->insurance_type = cs_x12_el(s, 4);
	r->plan_description = cs_x12_el(s, 5);
	r->time_period = cs_x12_el(s, 6);
	if (cs_x12_amount(s, 7, &r->amount, err) != CS_OK ||
		cs_x12_decimal(s, 8, &r->percent, err) != CS_OK ||
		cs_x12_decimal(s, 10, &r->quantity, err) != CS_OK)
		return err->status;
	r->quantity_qualifier = cs_x12_el(s, 9);
	r->authorization = cs_x12_el(s, 11);
	r->in_network = cs_x12_el(s, 12);
	if (cs_x12_el(s, 13).len > 0)
	{
		r->procedure_qualifier = cs_x12_component(s, 13, 1, &alternate);
		r->procedure_code = cs_x12_component(s, 13, 2, NULL);
		for (int k = 0; k < CS_271_MAX_MODIFIERS; k++)
			if (cs_x12_component(s, 13, 3 + k, NULL).len > 0)
				r->modifiers[r->n_modifiers++] = cs_x12_component(s, 13, 3 + k, NULL);
		if (alternate &&
			cs_x12_finding_add(&st->result->findings, st->mode, CS_X12_COMPONENT_SEPARATOR, s, 0, 0,
							   MSG_FINDING, HINT_FINDING,
							   "EB13 separates its components with a character other than ISA16",
							   err) != CS_OK)
			return err->status;
	}
	return CS_OK;
}

/* A segment of a 2110 loop (after an EB) */
static cs_status
on_eb_child(state *st, const cs_x12_segment *s, cs_error *err)
{
	cs_x12_271_record *r = &st->rec;
	uint32_t	code = s->code;

	if (code == CS_X12_CODE('H', 'S', 'D'))
	{
		if (r->n_hsd >= CS_271_MAX_HSD)
			return too_many(s, "more than 9 HSD segments after one EB", err);
		for (int k = 0; k < 8; k++)
			r->hsd[r->n_hsd].el[k] = cs_x12_el(s, k + 1);
		r->n_hsd++;
	}
	else if (code == CS_X12_CODE('R', 'E', 'F'))
	{
		if (r->n_ref >= CS_271_MAX_REF)
			return too_many(s, "more than 9 REF segments after one EB", err);
		r->ref[r->n_ref].qualifier = cs_x12_el(s, 1);
		r->ref[r->n_ref].id = cs_x12_el(s, 2);
		r->ref[r->n_ref].description = cs_x12_el(s, 3);
		r->n_ref++;
	}
	else if (code == CS_X12_CODE('D', 'T', 'P'))
		return read_dtp(st, s, &r->dates, true, err);
	else if (code == CS_X12_CODE('M', 'S', 'G'))
	{
		if (r->n_msg >= CS_271_MAX_MSG)
			return too_many(s, "more than 10 MSG segments after one EB", err);
		r->msg[r->n_msg++] = cs_x12_el(s, 1);
	}
	else if (code == CS_X12_CODE('I', 'I', 'I'))
	{
		if (r->n_iii >= CS_271_MAX_III)
			return too_many(s, "more than 10 III segments after one EB", err);
		r->iii[r->n_iii].qualifier = cs_x12_el(s, 1);
		r->iii[r->n_iii].code = cs_x12_el(s, 2);
		r->iii[r->n_iii].category = cs_x12_el(s, 3);
		r->iii[r->n_iii].text = cs_x12_el(s, 4);
		r->n_iii++;
	}
	else if (code == CS_X12_CODE('L', 'S', 0))
	{
		st->in_ls = true;
		st->ls01 = cs_x12_trim(cs_x12_el(s, 1));
		st->ls_segment = s->ordinal;
	}
	return CS_OK;
}

/* A segment of a 2100C/2100D loop (after the NM1, before the first EB) */
static cs_status
on_person_child(state *st, const cs_x12_segment *s, cs_error *err)
{
	cs_x12_271_person *p = person(st);
	uint32_t	code = s->code;

	if (code == CS_X12_CODE('D', 'M', 'G'))
	{
		if (cs_x12_el(s, 2).len > 0 && !cs_x12_eq(cs_x12_el(s, 1), "D8"))
			return cs_x12_fail(err, s, 1, "invalid X12 date",
							   "A birth date in DMG is written D8 and CCYYMMDD.",
							   "the date format qualifier is not D8");
		if (cs_x12_date(s, 2, &p->birth_date, err) != CS_OK)
			return err->status;
		p->gender = cs_x12_el(s, 3);
	}
	else if (code == CS_X12_CODE('D', 'T', 'P'))
		return read_dtp(st, s, &p->dates, false, err);
	else if (code == CS_X12_CODE('I', 'N', 'S'))
		p->relationship = cs_x12_el(s, 2);
	else if (code == CS_X12_CODE('R', 'E', 'F'))
	{
		if (cs_x12_eq(cs_x12_el(s, 1), "6P"))
		{
			p->group_number = cs_x12_el(s, 2);
			p->group_name = cs_x12_el(s, 3);
		}
		else if (cs_x12_eq(cs_x12_el(s, 1), "18"))
		{
			p->plan_number = cs_x12_el(s, 2);
			p->plan_name = cs_x12_el(s, 3);
		}
	}
	return CS_OK;
}

/* Segments of a 2120 loop between LS and LE besides NM1 */
static bool
is_ls_child(uint32_t code)
{
	switch (code)
	{
		case CS_X12_CODE('N', '3', 0):
		case CS_X12_CODE('N', '4', 0):
		case CS_X12_CODE('P', 'E', 'R'):
		case CS_X12_CODE('P', 'R', 'V'):
			return true;
		default:
			return false;
	}
}

/* Segments of a 2110 loop after its EB */
static bool
is_eb_child(uint32_t code)
{
	switch (code)
	{
		case CS_X12_CODE('H', 'S', 'D'):
		case CS_X12_CODE('R', 'E', 'F'):
		case CS_X12_CODE('D', 'T', 'P'):
		case CS_X12_CODE('M', 'S', 'G'):
		case CS_X12_CODE('I', 'I', 'I'):
		case CS_X12_CODE('L', 'S', 0):
			return true;
		default:
			return false;
	}
}

/* Segments of a 2100C/2100D loop that are read */
static bool
is_person_child(uint32_t code)
{
	switch (code)
	{
		case CS_X12_CODE('D', 'M', 'G'):
		case CS_X12_CODE('D', 'T', 'P'):
		case CS_X12_CODE('I', 'N', 'S'):
		case CS_X12_CODE('R', 'E', 'F'):
			return true;
		default:
			return false;
	}
}

/* Segments of a 2100 loop that are allowed and not read */
static bool
is_ignored(uint32_t code)
{
	switch (code)
	{
		case CS_X12_CODE('N', '3', 0):
		case CS_X12_CODE('N', '4', 0):
		case CS_X12_CODE('P', 'E', 'R'):
		case CS_X12_CODE('P', 'R', 'V'):
		case CS_X12_CODE('H', 'I', 0):
		case CS_X12_CODE('M', 'P', 'I'):
		case CS_X12_CODE('R', 'E', 'F'):
			return true;
		default:
			return false;
	}
}

static cs_status
on_segment(const cs_x12_segment *s, const cs_x12_envelope *e, void *arg, cs_error *err)
{
	state	   *st = (state *) arg;
	cs_x12_271_record *r = &st->rec;
	uint32_t	code = s->code;

	if (code == CS_X12_CODE('S', 'T', 0))
	{
		if (!cs_x12_eq(cs_x12_trim(e->st01), "271"))
			return cs_x12_fail(err, s, 1, "X12 transaction set is not a 271",
							   "Only 271 eligibility responses are read here.",
							   "the transaction set identifier is not 271");
		clear_record(r);
		r->interchange_control = cs_x12_trim(e->isa13);
		r->group_control = cs_x12_trim(e->gs06);
		r->transaction_control = cs_x12_trim(e->st02);
		st->level = LEVEL_NONE;
		st->named = st->in_eb = st->in_ls = false;
		st->n_aaa = 0;
		if (!cs_x12_version_is(e->st03.len > 0 ? e->st03 : e->gs08, "005010X279"))
			return cs_x12_finding_add(&st->result->findings, st->mode, CS_X12_VERSION, s, 0, 0,
									  MSG_FINDING, HINT_FINDING,
									  "the implementation guide (ST03 or GS08) is not 005010X279A1",
									  err);
		return CS_OK;
	}
	if (cs_x12_is_envelope(s))
	{
		if (code == CS_X12_CODE('S', 'E', 0))
		{
			if (st->in_ls)
				return structure(s, "an LS loop is still open (LE missing)", err);
			if (flush(st, err) != CS_OK)
				return err->status;
		}
		return CS_OK;
	}

	/* related entities (2120) between LS and LE */
	if (st->in_ls)
	{
		if (code == CS_X12_CODE('N', 'M', '1'))
			return on_nm1(st, s, err);
		if (code == CS_X12_CODE('L', 'E', 0))
		{
			if (!cs_x12_span_eq(cs_x12_trim(cs_x12_el(s, 1)), st->ls01))
				return cs_x12_fail(err, s, 1, MSG_STRUCTURE, HINT_STRUCTURE,
								   "LE01 does not match LS01 of its LS");
			st->in_ls = false;
			return CS_OK;
		}
		if (is_ls_child(code))
			return CS_OK;
		return structure(s, "the segment stands inside an LS loop that is not closed by LE", err);
	}

	if (code == CS_X12_CODE('H', 'L', 0))
		return on_hl(st, s, err);
	if (code == CS_X12_CODE('N', 'M', '1'))
		return on_nm1(st, s, err);
	if (code == CS_X12_CODE('E', 'B', 0))
		return on_eb(st, s, err);
	if (code == CS_X12_CODE('A', 'A', 'A'))
		return on_aaa(st, s, err);
	if (code == CS_X12_CODE('L', 'E', 0))
		return structure(s, "LE without LS", err);
	if (code == CS_X12_CODE('B', 'H', 'T'))
	{
		if (st->level != LEVEL_NONE)
			return misplaced(st, s, "BHT after the first HL; it was skipped", err);
		r->reference = cs_x12_el(s, 3);
		return CS_OK;
	}
	if (st->in_eb)
	{
		if (is_eb_child(code))
			return on_eb_child(st, s, err);
	}
	else if ((st->level == LEVEL_C || st->level == LEVEL_D) && !st->named &&
			 code == CS_X12_CODE('T', 'R', 'N'))
	{
		cs_x12_271_person *p = person(st);

		/* the first TRN, unless a later one is the 270's (TRN01 = 2, referenced) */
		if (p->trace.len == 0 || (cs_x12_eq(cs_x12_el(s, 1), "2") && !st->trace_referenced))
		{
			p->trace = cs_x12_el(s, 2);
			p->trace_originator = cs_x12_el(s, 3);
			st->trace_referenced = cs_x12_eq(cs_x12_el(s, 1), "2");
		}
		return CS_OK;
	}
	else if ((st->level == LEVEL_C || st->level == LEVEL_D) && st->named &&
			 is_person_child(code))
		return on_person_child(st, s, err);
	else if (st->level != LEVEL_NONE && st->named && is_ignored(code))
		return CS_OK;
	return misplaced(st, s, "the segment is not defined at this place of a 271; it was skipped", err);
}

cs_status
cs_x12_271_parse(const char *buf, size_t len, cs_x12_mode mode, cs_x12_271_fn fn, void *arg,
				 cs_x12_result *result, cs_error *err)
{
	state		local;

	memset(&local, 0, offsetof(state, rec));
	clear_record(&local.rec);
	local.mode = mode;
	local.fn = fn;
	local.arg = arg;
	local.result = result;
	return cs_x12_walk(buf, len, mode, on_segment, &local, result, err);
}

/* EB01 as a word (domain.md §8); NULL for codes that say nothing for plan data */
static const char *
benefit_word(cs_x12_span info)
{
	if (info.len != 1)
		return NULL;
	switch (info.data[0])
	{
		case '1':
		case '2':
		case '3':
		case '4':
		case '5':
			return "active";
		case '6':
		case '7':
		case '8':
			return "inactive";
		case 'A':
			return "coinsurance";
		case 'B':
			return "copay";
		case 'C':
			return "deductible";
		case 'F':
			return "limitation";
		case 'G':
			return "out_of_pocket";
		case 'I':
			return "non_covered";
		case 'R':
			return "other_payer";
		case 'U':
			return "contact_other_entity";
		default:
			return NULL;
	}
}

/* EB02 as a level */
static const char *
level_word(cs_x12_span level)
{
	if (level.len != 3)
		return NULL;
	switch (CS_X12_CODE(level.data[0], level.data[1], level.data[2]))
	{
		case CS_X12_CODE('I', 'N', 'D'):
		case CS_X12_CODE('E', 'M', 'P'):
			return "individual";
		case CS_X12_CODE('F', 'A', 'M'):
		case CS_X12_CODE('E', 'S', 'P'):
		case CS_X12_CODE('E', 'C', 'H'):
		case CS_X12_CODE('S', 'P', 'C'):
		case CS_X12_CODE('C', 'H', 'D'):
		case CS_X12_CODE('D', 'E', 'P'):
		case CS_X12_CODE('S', 'P', 'O'):
			return "family";
		default:
			return NULL;
	}
}

/* EB12 as a network */
static const char *
network_word(cs_x12_span in_network)
{
	if (in_network.len != 1)
		return NULL;
	switch (in_network.data[0])
	{
		case 'Y':
			return "in";
		case 'N':
			return "out";
		case 'W':
			return "both";
		default:
			return NULL;
	}
}

void
cs_x12_271_meaning_of(const cs_x12_271_record *rec, cs_x12_271_meaning *out)
{
	memset(out, 0, sizeof(*out));
	if (rec->kind != CS_271_BENEFIT)
		return;
	out->benefit = benefit_word(rec->info);
	out->level = level_word(rec->coverage_level);
	out->network = network_word(rec->in_network);
	/*
	 * deductible (C) and out of pocket (G): what the amount is by its time period qualifier (EB06) --
	 * a period's total, what remains, what is met, or a per-unit figure that is never a total
	 */
	if (rec->info.len == 1 && (rec->info.data[0] == 'C' || rec->info.data[0] == 'G'))
		out->figure = cs_x12_271_figure_of(rec->time_period);
	/*
	 * a limitation (F) stating a dollar amount and no quantity: a plan-paid maximum by the same EB06
	 * words (32 / 33 are its lifetime's, cs_b271_max_of); a per-unit one caps a visit or a day only
	 */
	if (rec->info.len == 1 && rec->info.data[0] == 'F' && rec->amount != CS_X12_NO_AMOUNT &&
		rec->quantity_qualifier.len == 0 && rec->quantity == CS_X12_NO_AMOUNT)
		out->figure = cs_x12_271_figure_of(rec->time_period);
}

const char *
cs_x12_271_figure_of(cs_x12_span eb06)
{
	static const struct
	{
		const char *code;
		const char *figure;
	}			words[] = {
		{"21", "total"},		/* years */
		{"22", "total"},		/* service year */
		{"23", "total"},		/* calendar year */
		{"25", "total"},		/* contract */
		{"32", "total"},		/* lifetime */
		{"29", "remaining"},
		{"33", "remaining"},	/* lifetime remaining */
		{"24", "met"},			/* year to date */
		{"27", "per_visit"},
		{"26", "per_episode"},
		{"36", "per_admission"},
		{"6", "per_hour"},
		{"7", "per_day"},
		{"13", "per_24_hours"},
		{"35", "per_week"},
		{"34", "per_month"},
		{"28", "outlier"},
		{"30", "exceeded"},
		{"31", "not_exceeded"},
	};

	if (eb06.len == 0)
		return "total";			/* no qualifier: the plan's figure for its period */
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (cs_x12_eq(eb06, words[i].code))
			return words[i].figure;
	return "other";
}
