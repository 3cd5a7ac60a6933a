/*
 * eligibility.c — SQL wrappers of the eligibility rules (cs_eligibility.h) and of cs_remaining:
 * costshare.cob_key(), costshare.eligibility_decide(), costshare.remaining() (and its values for
 * costshare.eligibility, lookup.c).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/typcache.h"

#include "cs_glue.h"
#include "../engine/cs_eligibility.h"

static const char *
text_word(Datum d, size_t *len)
{
	text	   *t = DatumGetTextPP(d);

	*len = VARSIZE_ANY_EXHDR(t);
	return VARDATA_ANY(t);
}

PG_FUNCTION_INFO_V1(costshare_cob_key);
Datum
costshare_cob_key(PG_FUNCTION_ARGS)
{
	cs_coverage c;
	const char *w;
	size_t		len;
	cs_error	err;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3))
		cs_report_null("relationship, coverage_kind and coverage_start",
					   "Give the enrollment's relationship, coverage kind and coverage start date.");
	w = text_word(PG_GETARG_DATUM(0), &len);
	if (!cs_relationship_from_word(w, len, &c.relationship))
		cs_report((cs_fail_word(&err, "relationship", "self, spouse, child or other"), &err));
	w = text_word(PG_GETARG_DATUM(1), &len);
	if (!cs_coverage_kind_from_word(w, len, &c.kind))
		cs_report((cs_fail_word(&err, "coverage_kind", "active, cobra or retiree"), &err));
	c.subscriber_birth = PG_ARGISNULL(2) || DATE_NOT_FINITE(PG_GETARG_DATEADT(2)) ? INT32_MIN : PG_GETARG_DATEADT(2);
	if (DATE_NOT_FINITE(PG_GETARG_DATEADT(3)))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("coverage start must be a finite date"),
				errdetail("coverage_start is infinity or -infinity."),
				errhint("Give the date the coverage began."));
	c.coverage_start = PG_GETARG_DATEADT(3);
	c.explicit_order = PG_ARGISNULL(4) ? -1 : PG_GETARG_INT32(4);
	c.payer_of_last_resort = !PG_ARGISNULL(5) && PG_GETARG_BOOL(5);
	PG_RETURN_INT64(cs_cob_sql_key(&c));
}

PG_FUNCTION_INFO_V1(costshare_eligibility_decide);
Datum
costshare_eligibility_decide(PG_FUNCTION_ARGS)
{
	cs_fn_cache *cache = cs_get_cache(fcinfo);
	Datum		v[17];
	bool		n[17];
	cs_elig_facts f;
	cs_elig_decision d;
	Datum		out[2];
	bool		out_null[2] = {false, false};
	Datum		reasons[CS_ELIG_MAX_REASONS];

	cs_deform_row(cache, PG_GETARG_DATUM(0), &cache->facts_desc, 17, "costshare.eligibility_facts", v, n);

#define FLAG(i) (!n[i] && DatumGetBool(v[i]))
	f.member_known = FLAG(0);
	f.service_known = FLAG(1);
	f.provider_known = FLAG(2);
	f.enrolled = FLAG(3);
	f.is_dependent_child = FLAG(4);
	f.age = -1;
	if (!n[5] && !n[6] && !DATE_NOT_FINITE(DatumGetDateADT(v[5])) && !DATE_NOT_FINITE(DatumGetDateADT(v[6])))
		f.age = cs_age_on(DatumGetDateADT(v[5]), DatumGetDateADT(v[6]));
	f.dependent_age_limit = n[7] ? -1 : DatumGetInt32(v[7]);
	f.benefit_found = FLAG(8);
	f.covered = FLAG(9);
	f.carved_out = FLAG(10);
	f.telehealth = FLAG(11);
	f.telehealth_allowed = n[12] || DatumGetBool(v[12]);
	f.visit_limit = n[13] ? -1 : DatumGetInt32(v[13]);
	f.visits_used = n[14] ? 0 : DatumGetInt32(v[14]);
	f.auth_required = FLAG(15);
	f.auth_on_file = FLAG(16);
#undef FLAG

	cs_eligibility_decide(&f, &d);
	for (int i = 0; i < d.n_reasons; i++)
		reasons[i] = CStringGetTextDatum(d.reasons[i]);
	out[0] = CStringGetTextDatum(cs_elig_status_word(d.status));
	out[1] = PointerGetDatum(construct_array(reasons, d.n_reasons, TEXTOID, -1, false, TYPALIGN_INT));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(cs_result_desc(fcinfo, cache), out, out_null)));
}

/*
 * cs_remaining over a costshare.terms and a costshare.accum composite, as the three values of
 * costshare.remaining (deductible, oop, visits: NULL for an unlimited OOP or visit limit). NULL terms
 * (no benefit found): all three NULL; NULL accumulators count as none used.
 */
void
cs_remaining_values(cs_fn_cache *cache, Datum terms, bool terms_null, Datum acc_datum, bool acc_null,
					Datum *out, bool *nulls)
{
	const cs_terms *t;
	cs_accum	acc = {0};
	cs_cents	ded,
				oop;
	int64		visits;

	nulls[0] = nulls[1] = nulls[2] = true;
	if (terms_null)
		return;
	t = cs_decode_terms(cache, terms);
	if (!acc_null)
		cs_decode_accum(cache, acc_datum, &acc);
	cs_remaining(t, &acc, &ded, &oop, &visits);
	out[0] = cs_cents_to_numeric(ded);
	nulls[0] = false;
	if (oop != CS_ABSENT)
	{
		out[1] = cs_cents_to_numeric(oop);
		nulls[1] = false;
	}
	if (visits != CS_ABSENT)
	{
		out[2] = Int32GetDatum((int32) visits);
		nulls[2] = false;
	}
}

PG_FUNCTION_INFO_V1(costshare_remaining);
Datum
costshare_remaining(PG_FUNCTION_ARGS)
{
	cs_fn_cache *cache = cs_get_cache(fcinfo);
	Datum		out[3];
	bool		nulls[3];

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();		/* no benefit found: nothing to say about what remains */
	cs_remaining_values(cache, PG_GETARG_DATUM(0), false, PG_ARGISNULL(1) ? (Datum) 0 : PG_GETARG_DATUM(1),
						PG_ARGISNULL(1), out, nulls);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(cs_result_desc(fcinfo, cache), out, nulls)));
}
