/*
 * cob.c — costshare.coordinate(): the glue of the engine's coordination of benefits (cs_cob.c).
 *
 * Reads the primary's costshare.breakdown by attribute name (checked against the type when the call
 * site first sees it), the secondary's terms and accumulators as costshare.adjudicate does, what is left of
 * its own plan-paid maximums (cs_coordinate_max), and forms a
 * costshare.coordination, whose attributes are also found by name. It decides nothing.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "cs_glue.h"
#include "../engine/cs_cob.h"

/* what a call site keeps: the attribute numbers it found by name, and the adjudication cache */
typedef struct cob_site
{
	cs_fn_cache *cache;
	Oid			breakdown_type;
	int			in_allowed,
				in_balance_bill,
				in_plan_pays,
				in_patient_pays;
	cs_cob_layout out;			/* the costshare.coordination it forms */
} cob_site;

/* attribute number (0-based) of a named attribute of the given type; a clear error when missing */
static int
attr_by_name(TupleDesc d, const char *type_name, const char *name, Oid want_type)
{
	for (int i = 0; i < d->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(d, i);

		if (a->attisdropped || strcmp(NameStr(a->attname), name) != 0)
			continue;
		if (want_type != InvalidOid && a->atttypid != want_type)
			ereport(ERROR,
					errcode(ERRCODE_DATATYPE_MISMATCH),
					errmsg("type %s has an unexpected attribute type", type_name),
					errdetail("Attribute \"%s\" is %s; costshare expects %s.", name,
							  format_type_be(a->atttypid), format_type_be(want_type)),
					errhint("Reinstall the extension's SQL objects with ALTER EXTENSION costshare UPDATE, or recreate the extension."));
		return i;
	}
	ereport(ERROR,
			errcode(ERRCODE_UNDEFINED_COLUMN),
			errmsg("type %s has no attribute \"%s\"", type_name, name),
			errhint("Reinstall the extension's SQL objects with ALTER EXTENSION costshare UPDATE, or recreate the extension."));
	pg_unreachable();
}

/*
 * The attributes of a costshare.coordination, found by name (a clear error when one is missing or
 * retyped), with its acc_after's costshare.accum; the descriptors are copied into the current memory
 * context. costshare.coordinate and the estimate's later payers (lookup.c) form their results with it.
 */
void
cs_cob_layout_init(cs_cob_layout *l, TupleDesc coordination)
{
	TupleDesc	out = CreateTupleDescCopy(coordination);
	Oid			accum_type;

	l->natts = out->natts;
	l->method = attr_by_name(out, "costshare.coordination", "method", TEXTOID);
	l->allowed = attr_by_name(out, "costshare.coordination", "allowed", NUMERICOID);
	l->primary_paid = attr_by_name(out, "costshare.coordination", "primary_paid", NUMERICOID);
	l->normal = attr_by_name(out, "costshare.coordination", "normal_benefit", NUMERICOID);
	l->secondary = attr_by_name(out, "costshare.coordination", "secondary_pays", NUMERICOID);
	l->patient = attr_by_name(out, "costshare.coordination", "patient_pays", NUMERICOID);
	l->written_off = attr_by_name(out, "costshare.coordination", "written_off", NUMERICOID);
	l->reserve_used = attr_by_name(out, "costshare.coordination", "reserve_used", NUMERICOID);
	l->reserve_after = attr_by_name(out, "costshare.coordination", "reserve_after", NUMERICOID);
	l->codes = attr_by_name(out, "costshare.coordination", "adjustment_codes", TEXTARRAYOID);
	l->acc_after = attr_by_name(out, "costshare.coordination", "acc_after", InvalidOid);
	l->plan_max_excess = attr_by_name(out, "costshare.coordination", "plan_max_excess", NUMERICOID);
	l->normal_deductible = attr_by_name(out, "costshare.coordination", "normal_deductible", NUMERICOID);
	l->normal_copay = attr_by_name(out, "costshare.coordination", "normal_copay", NUMERICOID);
	l->normal_coinsurance = attr_by_name(out, "costshare.coordination", "normal_coinsurance", NUMERICOID);
	accum_type = TupleDescAttr(out, l->acc_after)->atttypid;
	if (get_typtype(accum_type) != TYPTYPE_COMPOSITE)
		ereport(ERROR,
				errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("type costshare.coordination has an unexpected attribute type"),
				errdetail("Attribute \"acc_after\" is not costshare.accum."),
				errhint("Reinstall the extension's SQL objects with ALTER EXTENSION costshare UPDATE, or recreate the extension."));
	l->accum_desc = BlessTupleDesc(lookup_rowtype_tupdesc_copy(accum_type, -1));
	if (l->accum_desc->natts != CS_ACCUM_NATTS)
		ereport(ERROR,
				errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("type costshare.accum has an unexpected number of attributes"),
				errdetail("It has %d attributes; costshare expects %d.", l->accum_desc->natts, CS_ACCUM_NATTS),
				errhint("Reinstall the extension's SQL objects with ALTER EXTENSION costshare UPDATE, or recreate the extension."));
	l->desc = BlessTupleDesc(out);
}

static cob_site *
site_of(FunctionCallInfo fcinfo, Oid breakdown_type)
{
	cob_site   *s = (cob_site *) fcinfo->flinfo->fn_extra;
	MemoryContext old;
	TupleDesc	in,
				out;

	if (s != NULL && s->breakdown_type == breakdown_type)
		return s;
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (s == NULL)
	{
		s = palloc0(sizeof(cob_site));
		/* the terms/accum decoding cache, owned by this call site */
		s->cache = palloc0(sizeof(cs_fn_cache));
		s->cache->mcxt = fcinfo->flinfo->fn_mcxt;
		fcinfo->flinfo->fn_extra = s;
	}
	in = lookup_rowtype_tupdesc_copy(breakdown_type, -1);
	s->in_allowed = attr_by_name(in, "costshare.breakdown", "allowed", NUMERICOID);
	s->in_balance_bill = attr_by_name(in, "costshare.breakdown", "balance_bill", NUMERICOID);
	s->in_plan_pays = attr_by_name(in, "costshare.breakdown", "plan_pays", NUMERICOID);
	s->in_patient_pays = attr_by_name(in, "costshare.breakdown", "patient_pays", NUMERICOID);
	s->breakdown_type = breakdown_type;

	if (get_call_result_type(fcinfo, NULL, &out) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "costshare.coordinate must return a composite");
	cs_cob_layout_init(&s->out, out);
	MemoryContextSwitchTo(old);
	return s;
}

/* a numeric attribute of the primary's line -> cents; NULL or a bad amount is refused */
static cs_cents
primary_money(Datum *v, bool *n, int att, const char *field)
{
	char		label[64];

	snprintf(label, sizeof(label), "primary.%s", field);
	return cs_arg_money(v[att], n[att], label, false);
}

static Datum
codes_datum(const cs_cob_result *r, cs_cents primary_paid)
{
	Datum		elems[CS_REASON_COUNT + 1];
	int			n = 0;

	/* OA-23: the impact of the prior payer's adjudication */
	if (primary_paid > 0)
		elems[n++] = CStringGetTextDatum("23");
	for (int i = 0; i < CS_REASON_COUNT; i++)
		if (r->normal.reasons & (1u << i))
			elems[n++] = CStringGetTextDatum(cs_reason_codes[i]);
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * The later plan's terms and accumulators (composites; acc_null: none) and its method (a word, len
 * bytes) as the engine's coordination takes them, checked; costshare.coordinate and the estimate's
 * later payers (lookup.c) both decode them here: the same checks, the same errors.
 */
void
cs_cob_decode(cs_fn_cache *cache, Datum terms_datum, bool acc_null, Datum acc_datum, const char *method_word,
			  size_t method_len, const cs_terms **terms, cs_accum *acc, cs_cob_method *method)
{
	cs_error	err;

	*terms = cs_decode_terms(cache, terms_datum);
	memset(acc, 0, sizeof(*acc));
	if (!acc_null)
		cs_decode_accum(cache, acc_datum, acc);
	if (!cs_cob_method_from_word(method_word, method_len, method))
	{
		cs_fail_word(&err, "method",
					 "standard, non_duplication, carve_out, maintenance_of_benefits, medicare_secondary, medicaid");
		cs_report(&err);
	}
}

/* The engine's coordination as a costshare.coordination (primary_paid: the earlier payer's payment) */
Datum
cs_cob_form(const cs_cob_layout *l, const cs_cob_result *r, cs_cents primary_paid)
{
	Datum	   *ov = palloc(l->natts * sizeof(Datum));
	bool	   *on = palloc(l->natts * sizeof(bool));
	Datum		av[CS_ACCUM_NATTS];
	bool		an[CS_ACCUM_NATTS] = {0};

	for (int i = 0; i < l->natts; i++)
		on[i] = true;
	av[0] = cs_cents_to_numeric(r->normal.acc_after.ded_individual_met);
	av[1] = cs_cents_to_numeric(r->normal.acc_after.ded_family_met);
	av[2] = cs_cents_to_numeric(r->normal.acc_after.oop_individual_met);
	av[3] = cs_cents_to_numeric(r->normal.acc_after.oop_family_met);
	av[4] = Int32GetDatum((int32) r->normal.acc_after.visits_used);
	av[5] = cs_cents_to_numeric(r->normal.acc_after.coinsurance_met);
	av[6] = Int32GetDatum((int32) r->normal.acc_after.ded_members_met);

	ov[l->method] = CStringGetTextDatum(cs_cob_method_word(r->method));
	ov[l->allowed] = cs_cents_to_numeric(r->allowed);
	ov[l->primary_paid] = cs_cents_to_numeric(primary_paid);
	ov[l->normal] = cs_cents_to_numeric(r->normal_benefit);
	ov[l->secondary] = cs_cents_to_numeric(r->secondary_pays);
	ov[l->patient] = cs_cents_to_numeric(r->patient_pays);
	ov[l->written_off] = cs_cents_to_numeric(r->written_off);
	ov[l->reserve_used] = cs_cents_to_numeric(r->reserve_used);
	ov[l->reserve_after] = cs_cents_to_numeric(r->reserve_after);
	ov[l->codes] = codes_datum(r, primary_paid);
	ov[l->acc_after] = HeapTupleGetDatum(heap_form_tuple(l->accum_desc, av, an));
	ov[l->plan_max_excess] = cs_cents_to_numeric(r->plan_max_excess);
	on[l->plan_max_excess] = false;
	/* the later payer's own adjudication: what a posting of it records (estimate_many carries these) */
	ov[l->normal_deductible] = cs_cents_to_numeric(r->normal.deductible);
	ov[l->normal_copay] = cs_cents_to_numeric(r->normal.copay);
	ov[l->normal_coinsurance] = cs_cents_to_numeric(r->normal.coinsurance);
	on[l->normal_deductible] = on[l->normal_copay] = on[l->normal_coinsurance] = false;
	on[l->method] = on[l->allowed] = on[l->primary_paid] = on[l->normal] = false;
	on[l->secondary] = on[l->patient] = on[l->written_off] = false;
	on[l->reserve_used] = on[l->reserve_after] = on[l->codes] = on[l->acc_after] = false;
	return HeapTupleGetDatum(heap_form_tuple(l->desc, ov, on));
}

PG_FUNCTION_INFO_V1(costshare_coordinate);
Datum
costshare_coordinate(PG_FUNCTION_ARGS)
{
	HeapTupleHeader primary;
	cob_site   *s;
	TupleDesc	in;
	HeapTupleData tup;
	Datum	   *pv;
	bool	   *pn;
	cs_cob_prior prior;
	const cs_terms *terms;
	cs_accum	acc;
	cs_cob_method method;
	cs_cents	allowed,
				billed,
				reserve,
				period_left,
				lifetime_left;
	cs_cob_result r;
	cs_error	err;
	text	   *mt;

	if (PG_ARGISNULL(0))
		cs_report_null("primary", "Pass the primary payer's line, e.g. (costshare.estimate(...)) or costshare.adjudicate(...).");
	if (PG_ARGISNULL(1))
		cs_report_null("terms", "Pass the secondary plan's terms, e.g. costshare.terms(coinsurance => 0.2).");
	if (PG_ARGISNULL(3))
		cs_report_null("method", "Use standard, non_duplication, carve_out, maintenance_of_benefits, medicare_secondary or medicaid.");

	primary = PG_GETARG_HEAPTUPLEHEADER(0);
	s = site_of(fcinfo, HeapTupleHeaderGetTypeId(primary));

	in = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(primary), HeapTupleHeaderGetTypMod(primary));
	tup.t_len = HeapTupleHeaderGetDatumLength(primary);
	ItemPointerSetInvalid(&tup.t_self);
	tup.t_tableOid = InvalidOid;
	tup.t_data = primary;
	pv = palloc(in->natts * sizeof(Datum));
	pn = palloc(in->natts * sizeof(bool));
	heap_deform_tuple(&tup, in, pv, pn);
	cs_check_money_fields(in, pv, pn, "primary");
	ReleaseTupleDesc(in);

	prior.allowed = primary_money(pv, pn, s->in_allowed, "allowed");
	prior.balance_bill = primary_money(pv, pn, s->in_balance_bill, "balance_bill");
	prior.plan_pays = primary_money(pv, pn, s->in_plan_pays, "plan_pays");
	prior.patient_pays = primary_money(pv, pn, s->in_patient_pays, "patient_pays");

	mt = PG_GETARG_TEXT_PP(3);
	cs_cob_decode(s->cache, PG_GETARG_DATUM(1), PG_ARGISNULL(2), PG_ARGISNULL(2) ? (Datum) 0 : PG_GETARG_DATUM(2),
				  VARDATA_ANY(mt), VARSIZE_ANY_EXHDR(mt), &terms, &acc, &method);
	allowed = PG_ARGISNULL(4) ? CS_ABSENT : cs_arg_money(PG_GETARG_DATUM(4), false, "allowed", false);
	billed = PG_ARGISNULL(5) ? CS_ABSENT : cs_arg_money(PG_GETARG_DATUM(5), false, "billed", false);
	reserve = PG_ARGISNULL(6) ? 0 : cs_arg_money(PG_GETARG_DATUM(6), false, "reserve", false);
	/* what is left of the later plan's own plan-paid maximums (NULL or not passed: no such maximum) */
	period_left = (PG_NARGS() < 8 || PG_ARGISNULL(7)) ? CS_ABSENT :
		cs_arg_money(PG_GETARG_DATUM(7), false, "plan_max_period_left", false);
	lifetime_left = (PG_NARGS() < 9 || PG_ARGISNULL(8)) ? CS_ABSENT :
		cs_arg_money(PG_GETARG_DATUM(8), false, "plan_max_lifetime_left", false);

	if (cs_coordinate_max(&prior, terms, &acc, method, allowed, billed, reserve, period_left, lifetime_left, &r,
						  &err) != CS_OK)
		cs_report(&err);
	PG_RETURN_DATUM(cs_cob_form(&s->out, &r, prior.plan_pays));
}
