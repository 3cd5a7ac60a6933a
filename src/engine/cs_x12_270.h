/*
 * cs_x12_270.h — the 270 eligibility inquiry (X12 005010X279A1): a builder that writes one inquiry
 * (one interchange, group and transaction set; a subscriber and optionally a dependent) from a struct,
 * and a reader that gives back, for each inquiry in a 270 document, the values a builder takes.
 *
 * The builder writes ISA with the fixed widths the standard requires (106 characters), '*' elements,
 * ':' components, '^' repetitions and '~' terminators, and the SE, GE and IEA counts and control
 * numbers that match.  It refuses (naming the field, never its value) missing required fields, values
 * longer than the TR3 allows, characters X12 cannot carry (the four delimiters, control characters
 * and anything outside printable ASCII: transliterate names first), and leading or trailing spaces
 * (padded ISA elements would not give them back).  NULL and "" both mean "not given".  No clock is read: the
 * creation date and time are inputs, so the output is reproducible.
 */
#ifndef CS_X12_270_H
#define CS_X12_270_H

#include "cs_x12.h"

#define CS_270_MAX_SERVICE_TYPES 99
#define CS_270_MAX_SIZE			4096	/* a buffer this large always holds a built 270 */

typedef struct cs_x12_270_request
{
	/* interchange, group, transaction set */
	const char *sender_qualifier;	/* ISA05, 2 characters; NULL for ZZ (mutually defined) */
	const char *sender_id;		/* ISA06 and GS02: 2..15 characters */
	const char *receiver_qualifier; /* ISA07; NULL for ZZ */
	const char *receiver_id;	/* ISA08 and GS03: 2..15 characters */
	int64_t		interchange_control;	/* ISA13 and IEA02: 1..999999999 */
	int64_t		group_control;	/* GS06 and GE02: 1..999999999 */
	int64_t		transaction_control;	/* ST02 and SE02: 1..999999999, written with 4 digits at least */
	cs_date		created;		/* ISA09, GS04, BHT04 */
	int			created_time;	/* HHMM (0..2359): ISA10, GS05, BHT05 */
	bool		production;		/* ISA15 P; otherwise T (test) */
	const char *reference;		/* BHT03: the submitter's reference, 1..50 characters */

	/* 2100A information source, 2100B information receiver */
	const char *payer_name;		/* 1..60 */
	const char *payer_id;		/* NM109 with NM108 = PI: 2..80 */
	const char *provider_last;	/* organisation name, or the person's last name: 1..60 */
	const char *provider_first; /* NULL for an organisation; 1..35 */
	const char *provider_npi;	/* 10 digits */

	/* 2000C/2100C subscriber */
	const char *trace;			/* TRN02: 1..50 */
	const char *trace_originator;	/* TRN03: 10 characters ("1" and the EIN, or "9" and an ID) */
	const char *subscriber_last;	/* 1..60 */
	const char *subscriber_first;	/* NULL or 1..35 */
	const char *subscriber_middle;	/* NULL or 1..25 */
	const char *subscriber_id;	/* NM109 with NM108 = MI: 2..80 */
	cs_date		subscriber_birth;	/* CS_X12_NO_DATE: not sent */

	/* 2000D/2100D dependent: dependent_last NULL for an inquiry about the subscriber */
	const char *dependent_last;
	const char *dependent_first;
	cs_date		dependent_birth;

	/* 2110 */
	cs_date		service_date;	/* DTP*291; CS_X12_NO_DATE: not sent (the payer uses today) */
	int			n_service_types;	/* 1..99, one EQ each */
	const char *const *service_types;	/* 1 or 2 letters and digits: 30, MH, A6, ... */

	bool		line_breaks;	/* write a line feed after each segment terminator */
} cs_x12_270_request;

/* Clear a request: every text NULL, every date CS_X12_NO_DATE (a zeroed cs_date is 2000-01-01) */
void		cs_x12_270_init(cs_x12_270_request *req);

/*
 * Write the 270 into buf[0..cap).  *len receives its length (without a terminating NUL, which is
 * written when there is room).  A buffer of CS_270_MAX_SIZE bytes is always large enough.
 */
cs_status	cs_x12_270_build(const cs_x12_270_request *req, char *buf, size_t cap, size_t *len,
							 cs_error *err);

/* One inquiry read back from a 270: a 2000C or 2000D loop that holds EQ segments */
typedef struct cs_x12_270_inquiry
{
	int64_t		segment;		/* ordinal of the HL of the inquiry's loop */
	size_t		offset;
	cs_x12_span sender_qualifier;	/* ISA05..ISA08, trimmed */
	cs_x12_span sender_id;
	cs_x12_span receiver_qualifier;
	cs_x12_span receiver_id;
	cs_x12_span usage;			/* ISA15: P or T */
	cs_x12_span interchange_control;	/* ISA13 */
	cs_x12_span group_control;	/* GS06 */
	cs_x12_span transaction_control;	/* ST02 */
	cs_x12_span reference;		/* BHT03 */
	cs_date		created;		/* BHT04 */
	cs_x12_span created_time;	/* BHT05 */
	cs_x12_party payer;			/* 2100A */
	cs_x12_party provider;		/* 2100B */
	cs_x12_party subscriber;	/* 2100C */
	cs_date		subscriber_birth;
	bool		has_dependent;
	cs_x12_party dependent;		/* 2100D */
	cs_date		dependent_birth;
	cs_x12_span trace;			/* TRN02 of the inquiry's loop */
	cs_x12_span trace_originator;	/* TRN03 */
	cs_x12_period service;		/* DTP*291 of the inquiry's 2100 or 2110 loop */
	int			n_service_types;
	cs_x12_span service_types[CS_270_MAX_SERVICE_TYPES];	/* EQ01 repetitions of all its EQs */
} cs_x12_270_inquiry;

typedef void (*cs_x12_270_fn) (const cs_x12_270_inquiry *inq, void *arg);

/*
 * Read a 270 document, calling fn for each inquiry.  Refused: what the tokenizer and the envelope
 * refuse, a transaction set other than 270, HL levels that do not nest, EQ outside a subscriber or
 * dependent loop, more than 99 service types in one inquiry, malformed dates.  Findings as for 271.
 */
cs_status	cs_x12_270_read(const char *buf, size_t len, cs_x12_mode mode, cs_x12_270_fn fn,
							void *arg, cs_x12_result *result, cs_error *err);

#endif							/* CS_X12_270_H */
