"""The eligibility engine (issue 6): for a recipient, an honour and an assessed year, the answer
eligible / not eligible / needs information, with reasons that cite the rule.

Every figure (years, months, percentages, rating levels, initiative levels, the reference day)
comes from the `criteria` of the honour's rule in the rule set in force for the assessed year
(`RuleSet.objects.for_year`), editable in the admin; this module holds none. The facts come from
`facts.gather`, a fixed number of queries for a whole unit subtree, limited to
what the honours checked read (each check declares it from its criteria: `Check.reads`).

A title of the assessed year that is not in the ledger yet counts as held when its own criteria
are met (LDTT before CSTDCS, CSTDCS before CSTDN...): the council decides them in one session.
Earlier years count only from the ledger. Registration of titles is never a precondition (Luật
Thi đua, khen thưởng 2022, Điều 7), so it is not read here.

Not checkable from the records yet, hence not checked: absences of 3 to 6 months and the periods
that still count (maternity, training), council votes (a matter of the session), a cluster
leader's exceeded targets, research projects, and the years spent in a leadership post (the KNC
leadership route is shown as missing information).

The package, by concept: `facts` (the gathering, a fixed number of queries), `logic` (tri-state
answers, reasons, texts), `people` and `units` (the conditions), `checks` (one check per honour
and the `Checker`), `report` (subtrees, chosen recipients, the outlook, the workbook, the KNC
list) and `quota`. Callers import `from awards import eligibility` and use the names below.
"""

from awards.eligibility.checks import CHECKS, Checker
from awards.eligibility.facts import EligibilityError, RulesMissing, rules_for
from awards.eligibility.logic import Result, Status
from awards.eligibility.quota import Quota, quota
from awards.eligibility.report import (
    Entry,
    check_recipients,
    check_unit,
    find_unit,
    knc_list,
    outlook,
    report,
    to_xlsx,
)

__all__ = [
    "CHECKS",
    "Checker",
    "EligibilityError",
    "Entry",
    "Quota",
    "Result",
    "RulesMissing",
    "Status",
    "check_recipients",
    "check_unit",
    "find_unit",
    "knc_list",
    "outlook",
    "quota",
    "report",
    "rules_for",
    "to_xlsx",
]
