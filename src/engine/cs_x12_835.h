/*
 * cs_x12_835.h — the 835 remittance advice parser (X12 005010X221A1): flat records, one per service
 * line (SVC) and one per claim (CLP), each with its payment, payer and payee context, and the balancing
 * checks of the TR3.
 *
 * Read: the payment (BPR, TRN, DTM*405), the payer (N1*PR, REF*2U) and payee (N1*PE), claims (CLP,
 * claim-level CAS, NM1 QC/IL/82, DTM 232/233/050, AMT*AU), service lines (SVC with the composite
 * procedure qualifier:code:modifiers, DTM 472/150/151, CAS, REF*6R, AMT B6/AU) and provider-level
 * adjustments (PLB, summed for the payment balance).  Text values are spans into the caller's buffer;
 * amounts are cents (CAS and PLB amounts may be negative); quantities are millionths.
 *
 * Order of the records: a claim's LINE records as each line ends, then its CLAIM record (which carries
 * the claim's totals) when the claim ends.  Memory stays bounded whatever the document's size.
 *
 * Balancing (findings: warnings in lenient mode, the first is an error in strict mode):
 *   line:    SVC02 charge - SVC03 paid = the sum of the line's CAS amounts;
 *   claim:   CLP03 charge - CLP04 paid = the sum of the claim's and its lines' CAS amounts;
 *            CLP05 patient responsibility (0 when absent) = the sum of the PR adjustments;
 *   payment: BPR02 = the sum of CLP04 less the sum of PLB amounts (not checked for BPR01 = H).
 *
 * Component separators: some producers (the LinuxForHealth TR3-derived examples among them) write SVC
 * composites with '>' although ISA16 declares ':'.  That is tolerated deliberately: when ISA16 does not
 * occur in SVC01/SVC06 and the other customary separator does, the composite is split on it, the
 * record says so (alternate_separator) and a CS_X12_COMPONENT_SEPARATOR finding names the segment;
 * strict mode therefore refuses such a document, naming the segment and element.
 *
 * Refused with CS_ERR_FORMAT: anything the tokenizer or the envelope refuses, a transaction set other
 * than 835, a CLP/SVC/CAS out of place, a missing required amount (BPR02, CLP03, CLP04, SVC02, SVC03)
 * or procedure code (SVC01-2), a CAS reason without an amount, malformed amounts, dates and numbers,
 * more than CS_835_MAX_ADJUSTMENTS adjustments on one claim or line, and sums beyond the int64 range.
 */
#ifndef CS_X12_835_H
#define CS_X12_835_H

#include "cs_x12.h"

#define CS_835_MAX_ADJUSTMENTS	64	/* CAS reason/amount/quantity triplets per claim or per line */
#define CS_835_MAX_MODIFIERS	4	/* procedure modifiers in a composite */

typedef struct cs_x12_835_adjustment
{
	cs_x12_span group;			/* CAS01: CO contractual, PR patient, OA other, PI payer, CR correction */
	cs_x12_span reason;			/* the claim adjustment reason code (1 deductible, 2 coinsurance, ...) */
	cs_cents	amount;			/* cents, may be negative */
	int64_t		quantity;		/* millionths, CS_X12_NO_AMOUNT when not sent */
} cs_x12_835_adjustment;

typedef struct cs_x12_835_procedure
{
	cs_x12_span qualifier;		/* -1: HC (CPT/HCPCS), NU (revenue code), ... */
	cs_x12_span code;			/* -2 */
	int			n_modifiers;
	cs_x12_span modifiers[CS_835_MAX_MODIFIERS];	/* -3..-6 */
	cs_x12_span description;	/* -7 */
} cs_x12_835_procedure;

typedef enum cs_x12_835_kind
{
	CS_835_LINE = 1,			/* a service line (SVC) */
	CS_835_CLAIM				/* a claim (CLP), after its lines */
} cs_x12_835_kind;

typedef struct cs_x12_835_record
{
	cs_x12_835_kind kind;
	int64_t		segment;		/* ordinal of the SVC (LINE) or the CLP (CLAIM) */
	size_t		offset;			/* its byte offset */

	/* envelope */
	cs_x12_span interchange_control;	/* ISA13 */
	cs_x12_span group_control;	/* GS06 */
	cs_x12_span transaction_control;	/* ST02 */

	/* payment */
	cs_x12_span handling;		/* BPR01: I remittance with payment, H notification only, ... */
	cs_cents	payment_amount; /* BPR02 */
	cs_x12_span credit_debit;	/* BPR03: C or D */
	cs_x12_span payment_method; /* BPR04: ACH, CHK, NON, ... */
	cs_date		payment_date;	/* BPR16 */
	cs_x12_span trace;			/* TRN02: check or EFT trace number */
	cs_x12_span trace_originator;	/* TRN03 */
	cs_date		production_date;	/* DTM*405 */

	/* payer (1000A) and payee (1000B) */
	cs_x12_span payer_name;		/* N1*PR N102 */
	cs_x12_span payer_id;		/* N1*PR N104, else REF*2U REF02 */
	cs_x12_span payee_name;		/* N1*PE N102 */
	cs_x12_span payee_id_qualifier; /* N103: XX NPI, FI tax ID, XV */
	cs_x12_span payee_id;		/* N104 */
	cs_x12_span payee_npi;		/* N104 when N103 = XX */

	/* claim (2100) */
	int64_t		claim_segment;	/* ordinal of the CLP */
	cs_x12_span claim_id;		/* CLP01: the provider's patient control number */
	cs_x12_span claim_status;	/* CLP02: 1 primary, 2 secondary, 3 tertiary, 4 denied, 22 reversal */
	cs_cents	claim_charge;	/* CLP03 */
	cs_cents	claim_paid;		/* CLP04 */
	cs_cents	patient_responsibility; /* CLP05, CS_X12_NO_AMOUNT when not sent */
	cs_x12_span filing_indicator;	/* CLP06: 12 PPO, MC Medicaid, MB Medicare B, ... */
	cs_x12_span payer_claim_id; /* CLP07 */
	cs_x12_span facility_type;	/* CLP08: place of service or bill type */
	cs_x12_span frequency;		/* CLP09: 1 original, 7 replacement, 8 void */
	cs_x12_party patient;		/* NM1*QC */
	cs_x12_party insured;		/* NM1*IL */
	cs_x12_party rendering;		/* NM1*82 */
	cs_x12_period statement;	/* DTM*232 begin, DTM*233 end */
	cs_date		received;		/* DTM*050 */
	cs_cents	coverage_amount;	/* claim AMT*AU, CS_X12_NO_AMOUNT when not sent */
	int			n_claim_adjustments;
	cs_x12_835_adjustment claim_adjustments[CS_835_MAX_ADJUSTMENTS];	/* claim-level CAS */

	/* service line (2110): LINE records only */
	int			line_number;	/* 1, 2, ... within the claim */
	cs_x12_835_procedure procedure; /* SVC01 */
	cs_x12_835_procedure original_procedure;	/* SVC06, when the payer changed the code */
	bool		alternate_separator;	/* SVC01/SVC06 used ':' or '>' other than ISA16 */
	cs_cents	charge;			/* SVC02 */
	cs_cents	paid;			/* SVC03 */
	cs_x12_span revenue_code;	/* SVC04 */
	int64_t		units;			/* SVC05 in millionths, CS_X12_NO_AMOUNT when not sent */
	int64_t		original_units; /* SVC07 in millionths */
	cs_x12_period service;		/* DTM*472 (one day), or DTM*150 begin / DTM*151 end */
	cs_cents	allowed;		/* AMT*B6, else AMT*AU (some producers send AU on lines) */
	cs_cents	amt_b6;
	cs_cents	amt_au;
	cs_x12_span control_number; /* REF*6R: the provider's line item control number */
	int			n_adjustments;
	cs_x12_835_adjustment adjustments[CS_835_MAX_ADJUSTMENTS];	/* line-level CAS */

	/* balancing: for a LINE its own; for a CLAIM the claim's, including its lines */
	int			lines;			/* CLAIM: service lines read */
	cs_cents	adjustment_total;	/* LINE: sum of its CAS; CLAIM: claim-level plus all lines' */
	cs_cents	patient_total;	/* sum of PR adjustments (CLAIM: claim-level plus lines') */
	cs_cents	imbalance;		/* charge - paid - adjustment_total; 0 when balanced */
} cs_x12_835_record;

typedef void (*cs_x12_835_fn) (const cs_x12_835_record *rec, void *arg);

/*
 * Parse an 835 document (any number of interchanges, groups and transaction sets), calling fn for each
 * record.  On error, records already handed out stay handed out; the caller discards them.
 */
cs_status	cs_x12_835_parse(const char *buf, size_t len, cs_x12_mode mode, cs_x12_835_fn fn,
							 void *arg, cs_x12_result *result, cs_error *err);

/*
 * The patient's share of a claim or line by component (domain.md §9): PR-1 deductible, PR-2
 * coinsurance, PR-3 copay; every other PR reason (e.g. PR-45 the out-of-network balance bill, PR-96,
 * PR-119, PR-204) is "other".  Adjustments of other groups (CO, OA, PI, CR) are not the patient's.
 * Amounts keep their sign (a reversal's are negative); sums are checked for overflow.
 */
typedef struct cs_x12_835_patient
{
	cs_cents	deductible;		/* PR-1 */
	cs_cents	coinsurance;	/* PR-2 */
	cs_cents	copay;			/* PR-3 */
	cs_cents	other;			/* any other PR reason */
} cs_x12_835_patient;

cs_status	cs_x12_835_patient_split(const cs_x12_835_adjustment *adj, int n,
									 cs_x12_835_patient *out, cs_error *err);

#endif							/* CS_X12_835_H */
