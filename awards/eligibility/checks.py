"""One check per honour, what each reads, and the `Checker` that evaluates them over gathered
facts (its conditions live in `people` and `units`)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from awards.eligibility.facts import Facts, Reads, merged_spans
from awards.eligibility.logic import Findings, all_met, any_met, with_criteria, years_text
from awards.eligibility.people import PersonConditions
from awards.eligibility.units import UnitConditions


class Checker(PersonConditions, UnitConditions):
    """Evaluates honours against gathered facts and one rule set, memoising results so that
    chained titles (LDTT → CSTDCS → CSTDN, members' titles for collectives) are computed once."""

    def __init__(self, facts: Facts, rules):
        self.facts = facts
        self.rules = rules
        self.year = facts.year
        self.memo = {}
        self.shared = {}  # see Findings

    def evaluate(self, code, recipient_id):
        key = (code, recipient_id)
        if key not in self.memo:
            findings = Findings(self.rules.source.get(code, ""), self.shared)
            self.memo[key] = with_criteria(
                self.rules, code, CHECKS[code].evaluate, self, findings, recipient_id
            )
        return self.memo[key]


# --- One check per honour ------------------------------------------------------------------


def period(year, length):
    return range(year - length + 1, year + 1)


def check_ldtt(ck, f, person_id, c):
    f.add(*ck.rating(person_id, ck.year, c["min_rating"]))
    f.add(*ck.served_months(person_id, c["min_months_served"]))
    f.add(*ck.not_disciplined(person_id, c["disqualifying_discipline"]))
    return f.result()


def check_cstdcs(ck, f, person_id, c):
    f.add(*ck.title_in_year(person_id, c["requires_title"], ck.year))
    f.add(*ck.excellent_or_initiative(person_id, c["min_rating_alone"], c["initiative_levels"]))
    person = ck.facts.people[person_id]
    if person.leadership in c.get("unit_head_leadership", ()):
        f.add(
            *ck.heads_qualifying_unit(
                person.unit_id, c["unit_head_unit_min_rating"], c["unit_head_unit_titles"]
            )
        )
    return f.result()


def check_cstdn(ck, f, person_id, c):
    years = period(ck.year, c["consecutive_years"])
    f.add(*ck.title_every_year(person_id, c["requires_title"], years))
    f.add(*ck.initiatives(person_id, years, c["initiative_levels"], c["initiative_count"]))
    return f.result()


def check_cstdtq(ck, f, person_id, c):
    cycle, times = c["cycle_years"], c["consecutive_times"]
    years = [ck.year - cycle * step for step in reversed(range(times))]
    f.add(*ck.title_every_year(person_id, c["requires_title"], years, times=True))
    whole = period(ck.year, cycle * times)
    f.add(*ck.initiatives(person_id, whole, c["initiative_levels"], c["initiative_count"]))
    return f.result()


def check_collective(ck, f, unit_id, c):
    """TTLDTT and TTLDXS: what the criteria name, in this order."""
    f.add(*ck.unit_rating(unit_id, c["min_rating"]))
    if "members_min_rating" in c:
        f.add(*ck.members_rated(unit_id, c["members_min_rating"]))
    f.add(
        *ck.members_with_title(
            unit_id, c["member_title"], c["member_title_percent"], c["member_title_strictly_more"]
        )
    )
    for code, needed in c.get("min_members_with", {}).items():
        f.add(*ck.members_count_with(unit_id, code, needed))
    if "disqualifying_discipline" in c:
        f.add(*ck.members_not_disciplined(unit_id, c["disqualifying_discipline"]))
    return f.result()


def check_ctdn(ck, f, unit_id, c):
    if c.get("leads_cluster"):
        f.add(*ck.leads_cluster(unit_id))
    f.add(*ck.title_in_year(unit_id, c["requires_title"], ck.year, collective=True))
    return f.result()


def check_bkn(ck, f, person_id, c):
    alternatively = _("alternatively: %(text)s")
    years = period(ck.year, c["consecutive_years"])
    first_route = f.add(*ck.title_every_year(person_id, c["requires_title"], years))
    other_years = period(ck.year, c["or_excellent_years"])
    second_route = all_met(
        [
            f.add(*ck.ratings_every_year(person_id, other_years, c["or_rating"]), alternatively),
            f.add(
                *ck.initiatives(
                    person_id, other_years, c["or_initiative_levels"], c["or_initiatives"]
                ),
                alternatively,
            ),
        ]
    )
    met = any_met([first_route, second_route])
    if c.get("after_previous"):
        first = min(years[0], other_years[0])
        met = all_met([met, f.add(*ck.none_since(person_id, "BKN", first))])
    return f.result(met)


def check_after_merit(code):
    """BKTTG and HCLD3: a prior honour, then years rated well with titles in that period."""

    def check(ck, f, person_id, c):
        years = period(ck.year, c["good_years"])
        f.add(*ck.prior_honour(person_id, c["requires_honours"], years[0]))
        f.add(*ck.ratings_every_year(person_id, years, c["min_rating"]))
        for rating, needed in c.get("ratings_in_period", {}).items():
            f.add(*ck.rating_count(person_id, years, rating, needed))
        for title, needed in c.get("titles_in_period", {}).items():
            f.add(*ck.title_count(person_id, title, years, needed))
        if c.get("after_previous"):
            f.add(*ck.none_since(person_id, code, years[0]))
        return f.result()

    return check


def check_knc(ck, f, person_id, c):
    conditions = []
    if c.get("once_per_person"):
        held = sorted(ck.facts.years_held(person_id, "KNC"))
        if held:
            text = _("already awarded for %(years)s") % {"years": years_text(held)}
            conditions.append(f.add(False, text))
        else:
            conditions.append(f.add(True, _("not awarded before")))
    routes = [f.add(*ck.service(person_id, c))]
    person = ck.facts.people[person_id]
    if routes[0] is not True and person.leadership in c.get("leadership_categories", ()):
        text = _("%(years)s years in a leadership post: start of the post not recorded") % {
            "years": c["leadership_years"]
        }
        routes.append(f.add(None, text, _("alternatively: %(text)s")))
    return f.result(all_met([*conditions, any_met(routes)]))


# --- What each check reads (see Reads), after the periods of the checks above ---------------


def reads_ldtt(c):
    return Reads(lookback=1)  # served_months: the rating of the year before


def reads_cstdcs(c):
    title = c["requires_title"]
    unit_titles = dict.fromkeys(c.get("unit_head_unit_titles", ()), 0)
    return Reads(0, {title: 0}, unit_titles, (title,))


def reads_cstdn(c):
    span = c["consecutive_years"] - 1
    return Reads(span, {c["requires_title"]: span}, requires=(c["requires_title"],))


def reads_cstdtq(c):
    cycle, times = c["cycle_years"], c["consecutive_times"]
    titles = {c["requires_title"]: cycle * (times - 1)}
    return Reads(cycle * times - 1, titles, requires=(c["requires_title"],))


def reads_collective(c):
    codes = [c["member_title"], *c.get("min_members_with", {})]
    return Reads(0, dict.fromkeys(codes, 0), requires=tuple(codes))


def reads_ctdn(c):
    return Reads(0, unit_titles={c["requires_title"]: 0}, requires=(c["requires_title"],))


def reads_bkn(c):
    span = c["consecutive_years"] - 1
    other_span = c["or_excellent_years"] - 1
    titles = {c["requires_title"]: span}
    if c.get("after_previous"):
        titles = merged_spans(titles, {"BKN": max(span, other_span)})
    return Reads(other_span, titles, requires=(c["requires_title"],))


def reads_after_merit(code):
    def reads(c):
        span = c["good_years"] - 1
        titles = dict.fromkeys(c["requires_honours"], None)
        titles = merged_spans(titles, dict.fromkeys(c.get("titles_in_period", {}), span))
        if c.get("after_previous"):
            titles = merged_spans(titles, {code: span})
        return Reads(span, titles, requires=tuple(c.get("titles_in_period", {})))

    return reads


def reads_knc(c):
    return Reads(titles={"KNC": None})


@dataclass(frozen=True)
class Check:
    collective: bool
    evaluate: object
    reads: object  # criteria -> Reads


CHECKS = {
    "LDTT": Check(False, check_ldtt, reads_ldtt),
    "CSTDCS": Check(False, check_cstdcs, reads_cstdcs),
    "CSTDN": Check(False, check_cstdn, reads_cstdn),
    "CSTDTQ": Check(False, check_cstdtq, reads_cstdtq),
    "TTLDTT": Check(True, check_collective, reads_collective),
    "TTLDXS": Check(True, check_collective, reads_collective),
    "CTDN": Check(True, check_ctdn, reads_ctdn),
    "BKN": Check(False, check_bkn, reads_bkn),
    "BKTTG": Check(False, check_after_merit("BKTTG"), reads_after_merit("BKTTG")),
    "HCLD3": Check(False, check_after_merit("HCLD3"), reads_after_merit("HCLD3")),
    "KNC": Check(False, check_knc, reads_knc),
}
