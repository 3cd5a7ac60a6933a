/*
 * cs_x12_271.h — the 271 eligibility response parser (X12 005010X279A1): flat records, one per EB
 * benefit and one per AAA rejection, each carrying its loop context.
 *
 * Loops read: 2000A/2100A information source (payer), 2000B/2100B information receiver (provider),
 * 2000C/2100C subscriber, 2000D/2100D dependent, 2110C/2110D benefits (EB with HSD, REF, DTP, AAA,
 * MSG, 2115 III, and LS/LE-wrapped 2120 related entities).  Every text value is a span into the
 * caller's buffer (valid while the buffer is), amounts are cents and percents millionths.
 *
 * Records are handed to a callback as the parser goes (memory stays bounded whatever the document's
 * size): a BENEFIT record when its EB loop ends, then the REJECT records of AAAs in that EB loop (they
 * carry the EB's fields); an AAA of an upper loop (2000A, 2100A, 2100B, 2100C, 2100D) when that loop
 * ends, with the context read so far (e.g. a 2100C rejection carries the subscriber's name and birth
 * date when the payer sent them).
 *
 * Refused with CS_ERR_FORMAT (position only, never data): anything the tokenizer or the envelope
 * refuses, a transaction set other than 271, an HL hierarchy that does not nest (20 > 21 > 22 > 23,
 * HL02 naming the open parent), NM1/EB/AAA/LS/LE out of place, an LS without its LE, malformed
 * amounts, percents or dates, and more repeats than the TR3 allows (the limits below).  Findings
 * (warnings in lenient mode, errors in strict mode): envelope counts and control numbers, another
 * implementation guide in GS08/ST03, segments a 271 does not define or that stand out of place (they
 * are skipped), and an EB13 composite written with a component separator other than ISA16.
 */
#ifndef CS_X12_271_H
#define CS_X12_271_H

#include "cs_x12.h"

/* Repeats the TR3 allows (more are refused) */
#define CS_271_MAX_SERVICE_TYPES 99 /* EB03 repetitions */
#define CS_271_MAX_HSD		9		/* per EB */
#define CS_271_MAX_REF		9		/* per EB */
#define CS_271_MAX_MSG		10		/* per EB */
#define CS_271_MAX_III		10		/* 2115 loops per EB */
#define CS_271_MAX_RELATED	23		/* 2120 loops per EB */
#define CS_271_MAX_AAA		9		/* per loop */
#define CS_271_MAX_MODIFIERS 4		/* EB13-3..6 */

/* The DTP dates kept (other qualifiers are read, checked, and not kept) */
typedef struct cs_x12_271_dates
{
	cs_x12_period plan;			/* 291 plan */
	cs_x12_period plan_begin;	/* 346 plan begin */
	cs_x12_period plan_end;		/* 347 plan end */
	cs_x12_period eligibility;	/* 307 eligibility */
	cs_x12_period eligibility_begin;	/* 356 eligibility begin */
	cs_x12_period eligibility_end;	/* 357 eligibility end */
	cs_x12_period benefit;		/* 292 benefit */
	cs_x12_period benefit_begin;	/* 348 benefit begin */
	cs_x12_period benefit_end;	/* 349 benefit end */
	cs_x12_period service;		/* 472 service */
} cs_x12_271_dates;

/* The subscriber (2000C/2100C) or the dependent (2000D/2100D) */
typedef struct cs_x12_271_person
{
	bool		present;		/* its HL was read */
	cs_x12_party name;			/* NM1 (IL or 03) */
	cs_x12_span trace;			/* TRN02 (the first TRN, or the first with TRN01 = 2) */
	cs_x12_span trace_originator;	/* TRN03 */
	cs_date		birth_date;		/* DMG02, CS_X12_NO_DATE when not sent */
	cs_x12_span gender;			/* DMG03 */
	cs_x12_span relationship;	/* INS02 */
	cs_x12_span group_number;	/* REF*6P: REF02, REF03 */
	cs_x12_span group_name;
	cs_x12_span plan_number;	/* REF*18: REF02, REF03 */
	cs_x12_span plan_name;
	cs_x12_271_dates dates;		/* 2100 DTP */
} cs_x12_271_person;

typedef struct cs_x12_271_hsd
{
	cs_x12_span el[8];			/* HSD01..HSD08 as sent: quantity qualifier, quantity, unit, modulus,
								 * time period qualifier, periods, delivery frequency, pattern */
} cs_x12_271_hsd;

typedef struct cs_x12_271_ref
{
	cs_x12_span qualifier;		/* REF01 */
	cs_x12_span id;				/* REF02 */
	cs_x12_span description;	/* REF03 */
} cs_x12_271_ref;

typedef struct cs_x12_271_iii
{
	cs_x12_span qualifier;		/* III01: GR, NI, ZZ (ZZ = place of service) */
	cs_x12_span code;			/* III02 */
	cs_x12_span category;		/* III03 */
	cs_x12_span text;			/* III04 */
} cs_x12_271_iii;

typedef enum cs_x12_271_kind
{
	CS_271_BENEFIT = 1,			/* an EB */
	CS_271_REJECT				/* an AAA */
} cs_x12_271_kind;

typedef struct cs_x12_271_record
{
	cs_x12_271_kind kind;
	const char *loop;			/* "2110C", "2110D", or for rejections also "2000A", "2100A",
								 * "2100B", "2100C", "2100D" */
	int64_t		segment;		/* ordinal of the EB (BENEFIT) or the AAA (REJECT) */
	size_t		offset;			/* its byte offset */

	/* envelope */
	cs_x12_span interchange_control;	/* ISA13 */
	cs_x12_span group_control;	/* GS06 */
	cs_x12_span transaction_control;	/* ST02 */
	cs_x12_span reference;		/* BHT03: the submitter's reference of the 270 */

	/* 2100A, 2100B */
	cs_x12_party source;		/* the payer: NM103 name, NM108/NM109 its id */
	cs_x12_party receiver;		/* the provider */
	cs_x12_span receiver_npi;	/* NM109 of 2100B when NM108 = XX */

	cs_x12_271_person subscriber;
	cs_x12_271_person dependent;	/* present only in 2000D */

	/* AAA (REJECT records) */
	cs_x12_span valid_request;	/* AAA01: Y or N */
	cs_x12_span reject_reason;	/* AAA03, e.g. 72 invalid member ID, 75 subscriber not found */
	cs_x12_span follow_up;		/* AAA04, e.g. C correct and resubmit, N do not resubmit */

	/* EB (BENEFIT records; REJECT records of a 2110 loop carry their EB's) */
	int64_t		eb_segment;		/* ordinal of the EB, 0 when none */
	cs_x12_span info;			/* EB01: 1 active, 6 inactive, A coinsurance, B copay, C deductible,
								 * G out of pocket, U contact other entity, ... */
	cs_x12_span coverage_level; /* EB02: IND, FAM, ESP, ... */
	int			n_service_types;
	cs_x12_span service_types[CS_271_MAX_SERVICE_TYPES];	/* EB03 repetitions */
	cs_x12_span insurance_type; /* EB04 */
	cs_x12_span plan_description;	/* EB05 */
	cs_x12_span time_period;	/* EB06: 23 calendar year, 29 remaining, 27 visit, ... */
	cs_cents	amount;			/* EB07 in cents, CS_X12_NO_AMOUNT when not sent */
	int64_t		percent;		/* EB08 in millionths (0.2 -> 200000), CS_X12_NO_AMOUNT when not sent */
	cs_x12_span quantity_qualifier; /* EB09: VS visits, ... */
	int64_t		quantity;		/* EB10 in millionths, CS_X12_NO_AMOUNT when not sent */
	cs_x12_span authorization;	/* EB11: Y, N, U */
	cs_x12_span in_network;		/* EB12: Y, N, W, U */
	cs_x12_span procedure_qualifier;	/* EB13-1: HC, AD, ... */
	cs_x12_span procedure_code; /* EB13-2 */
	int			n_modifiers;
	cs_x12_span modifiers[CS_271_MAX_MODIFIERS];	/* EB13-3..6 */

	int			n_hsd;
	cs_x12_271_hsd hsd[CS_271_MAX_HSD];
	int			n_ref;
	cs_x12_271_ref ref[CS_271_MAX_REF];
	cs_x12_271_dates dates;		/* 2110 DTP */
	int			n_msg;
	cs_x12_span msg[CS_271_MAX_MSG];	/* MSG01 */
	int			n_iii;
	cs_x12_271_iii iii[CS_271_MAX_III];
	int			n_related;
	cs_x12_party related[CS_271_MAX_RELATED];	/* NM1 of each LS/LE-wrapped 2120 loop */
} cs_x12_271_record;

typedef void (*cs_x12_271_fn) (const cs_x12_271_record *rec, void *arg);

/*
 * Parse a 271 document (any number of interchanges, groups and transaction sets), calling fn for
 * each record.  On error, records already handed out stay handed out; the caller discards them.
 */
cs_status	cs_x12_271_parse(const char *buf, size_t len, cs_x12_mode mode, cs_x12_271_fn fn,
							 void *arg, cs_x12_result *result, cs_error *err);

/*
 * What a BENEFIT record means for plan data (domain.md §8), as words; NULL where it says nothing.
 *   benefit: EB01 1-5 "active", 6-8 "inactive", A "coinsurance", B "copay", C "deductible",
 *            F "limitation", G "out_of_pocket", I "non_covered", R "other_payer",
 *            U "contact_other_entity" (a carve-out: ask that entity), anything else NULL;
 *   level:   EB02 IND or EMP "individual"; FAM, ESP, ECH, SPC, CHD, DEP, SPO "family";
 *   network: EB12 Y "in", N "out", W "both" (U and empty: NULL, unknown);
 *   figure:  for deductible and out_of_pocket, and for a limitation with an amount (EB07) and no
 *            quantity (EB09/EB10: a plan-paid dollar maximum), by EB06 (cs_x12_271_figure_of): the period's
 *            "total" (21 years, 22 service year, 23 calendar year, 25 contract, 32 lifetime, or not
 *            sent), "remaining" (29, 33 lifetime remaining), "met" (24 year to date), or a figure that is
 *            never a period total: "per_visit" (27), "per_episode" (26), "per_admission" (36),
 *            "per_hour" (6), "per_day" (7), "per_24_hours" (13), "per_week" (35), "per_month" (34),
 *            "outlier" (28), "exceeded" (30), "not_exceeded" (31), and "other" for any other code.
 */
typedef struct cs_x12_271_meaning
{
	const char *benefit;
	const char *level;
	const char *network;
	const char *figure;
} cs_x12_271_meaning;

void		cs_x12_271_meaning_of(const cs_x12_271_record *rec, cs_x12_271_meaning *out);

/* The figure word of an EB06 time period qualifier (see above); never NULL */
const char *cs_x12_271_figure_of(cs_x12_span eb06);

#endif							/* CS_X12_271_H */
