/*
 * test_eligibility.c — the composition of costshare.eligibility's answer (cs_eligibility.c): where it
 * comes from (benefit_source), which columns the 271 path fills, when the enrollment and the 271's
 * provenance are shown, and when a second coverage is described. Checked by example and over every
 * combination of the inputs.
 */
#include <string.h>

#include "cs_eligibility.h"
#include "tap.h"

static void
source_words(void)
{
	ok(strcmp(cs_elig_source_word(CS_ELIG_SRC_PLAN), "plan") == 0, "source word: plan");
	ok(strcmp(cs_elig_source_word(CS_ELIG_SRC_271), "271") == 0, "source word: 271");
	ok(cs_elig_source_word(CS_ELIG_SRC_NONE) == NULL, "source word: none is NULL");
}

static void
answers(void)
{
	cs_elig_answer a;

	cs_elig_answer_of(true, false, 1, &a);
	ok(a.source == CS_ELIG_SRC_PLAN && !a.from_271 && a.enrollment && !a.provenance_271 && !a.secondary,
	   "a covered line, no 271 answer, one coverage: the plan design's answer with its enrollment");
	cs_elig_answer_of(false, false, 1, &a);
	ok(a.source == CS_ELIG_SRC_NONE && !a.from_271 && a.enrollment && !a.provenance_271,
	   "no benefit and no 271 answer: the line context's answer, source none, the enrollment still shown");
	cs_elig_answer_of(false, true, 1, &a);
	ok(a.source == CS_ELIG_SRC_271 && a.from_271 && !a.enrollment && a.provenance_271,
	   "no plan design, a 271 answer: the 271's, no enrollment, its interchange and unknowns");
	cs_elig_answer_of(true, true, 2, &a);
	ok(a.source == CS_ELIG_SRC_271 && a.from_271 && a.secondary,
	   "a covered line the policy prices from the 271: the 271's, and the second coverage described");
	cs_elig_answer_of(true, false, 0, &a);
	ok(!a.secondary, "no coverage: no second coverage");
	cs_elig_answer_of(true, false, 2, &a);
	ok(a.plan_max, "plan-paid maximum: the plan design prices the line: its remainders");
	cs_elig_answer_of(true, true, 2, &a);
	ok(!a.plan_max && a.secondary, "plan-paid maximum: priced from the 271: none of the plan design's (the second coverage's still)");
	ok(a.plan_max_271, "plan-paid maximum: priced from the 271: the 271's own");
	cs_elig_answer_of(false, false, 1, &a);
	ok(!a.plan_max && !a.plan_max_271, "plan-paid maximum: no benefit: none");
	ok(!cs_elig_reports_secondary(0) && !cs_elig_reports_secondary(1), "secondary: not with 0 or 1 coverage");
	ok(cs_elig_reports_secondary(2) && cs_elig_reports_secondary(3) && cs_elig_reports_secondary(16),
	   "secondary: with 2 coverages or more (the coverage at COB position 2)");
}

/* every combination: the 271's answer is taken exactly when its path priced the line */
static void
all_combinations(void)
{
	int			pass = 1;

	for (int pc = 0; pc < 2; pc++)
		for (int p271 = 0; p271 < 2; p271++)
			for (int cov = 0; cov <= 4; cov++)
			{
				cs_elig_answer a;

				memset(&a, 0x7f, sizeof(a));
				cs_elig_answer_of(pc, p271, cov, &a);
				if (a.from_271 != (bool) p271 || a.provenance_271 != (bool) p271 || a.enrollment == (bool) p271 ||
					a.secondary != (cov >= 2) || a.plan_max != (pc && !p271) || a.plan_max_271 != (bool) p271 ||
					a.source != (p271 ? CS_ELIG_SRC_271 : pc ? CS_ELIG_SRC_PLAN : CS_ELIG_SRC_NONE))
				{
					pass = 0;
					printf("# plan_covers %d priced_from_271 %d coverages %d\n", pc, p271, cov);
				}
			}
	ok(pass, "answer: over every combination, the 271 path's columns exactly when it priced the line");
}

void
test_eligibility(void)
{
	source_words();
	answers();
	all_combinations();
}
