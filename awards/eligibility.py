"""The eligibility engine (issue 6): for a recipient, an honour and an assessed year, the answer
eligible / not eligible / needs information, with reasons that cite the rule.

Every figure (years, months, percentages, rating levels, initiative levels, the reference day)
comes from the `criteria` of the honour's rule in the rule set in force for the assessed year
(`RuleSet.objects.for_year`), editable in the admin; this module holds none. The facts come from
`awards.eligibility_facts.gather`, a fixed number of queries for a whole unit subtree, limited to
what the honours checked read (each check declares it from its criteria: `Check.reads`).

A title of the assessed year that is not in the ledger yet counts as held when its own criteria
are met (LDTT before CSTDCS, CSTDCS before CSTDN...): the council decides them in one session.
Earlier years count only from the ledger. Registration of titles is never a precondition (Luật
Thi đua, khen thưởng 2022, Điều 7), so it is not read here.

Not checkable from the records yet, hence not checked: absences of 3 to 6 months and the periods
that still count (maternity, training), council votes (a matter of the session), a cluster
leader's exceeded targets, research projects, and the years spent in a leadership post (the KNC
leadership route is shown as missing information).
"""

import gc
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from io import BytesIO

from django.db import models
from django.utils.translation import get_language, gettext, gettext_lazy, gettext_noop

from awards.eligibility_facts import (
    DEFAULT_PROVIDERS,
    EligibilityError,
    Facts,
    Providers,
    Reads,
    RulesMissing,
    gather,
    merged_spans,
    rules_for,
)
from records.models import (
    Conferral,
    DisciplineLevel,
    RatingLevel,
    RecipientType,
    Unit,
)

__all__ = [
    "DEFAULT_PROVIDERS",
    "EligibilityError",
    "Providers",
    "RulesMissing",
    "Status",
    "check_recipients",
    "check_unit",
    "knc_list",
    "outlook",
    "quota",
    "report",
    "to_xlsx",
]

RATING_ORDER = list(RatingLevel.values)  # best first
DISCIPLINE_ORDER = list(DisciplineLevel.values)  # mildest first
INITIATIVE_LEVELS = {
    "grassroots": gettext_lazy("grassroots"),
    "sector": gettext_lazy("sector"),
    "province": gettext_lazy("province"),
    "national": gettext_lazy("national"),
}


class Status(models.TextChoices):
    ELIGIBLE = "eligible", gettext_lazy("Eligible")
    NOT_ELIGIBLE = "not_eligible", gettext_lazy("Not eligible")
    NEEDS_INFO = "needs_info", gettext_lazy("Needs information")


VERDICTS = {
    True: gettext_noop("met"),
    False: gettext_noop("not met"),
    None: gettext_noop("information missing"),
}


def all_met(values):
    """Tri-state AND: False beats None (unknown) beats True."""
    met = True
    for value in values:
        if value is False:
            return False
        if value is None:
            met = None
    return met


def any_met(values):
    """Tri-state OR: True beats None (unknown) beats False."""
    met = False
    for value in values:
        if value is True:
            return True
        if value is None:
            met = None
    return met


def enough(found, unknown, needed):
    """Whether `found` reaches `needed`, or could once the `unknown` ones are known."""
    if found >= needed:
        return True
    return None if found + unknown >= needed else False


@dataclass(frozen=True)
class Reason:
    """One checked condition: met (True), not met (False) or not checkable (None)."""

    met: bool | None
    text: str
    citation: str = ""

    def __str__(self):
        line = f"{self.text} — {_(VERDICTS[self.met])}"
        return f"{line} ({self.citation})" if self.citation else line


@dataclass(frozen=True)
class Result:
    met: bool | None
    reasons: tuple

    @property
    def status(self):
        return {True: Status.ELIGIBLE, False: Status.NOT_ELIGIBLE, None: Status.NEEDS_INFO}[
            self.met
        ]

    @property
    def missing(self):
        """The conditions still to fulfil or to document."""
        return [reason for reason in self.reasons if reason.met is not True]


@lru_cache(maxsize=1024)
def _translated(language, message):
    return gettext(message)


# The language of the check under way (see run_checks): Django's get_language() goes through
# asgiref's context-aware local, which a sector-wide check would call 100,000s of times.
_run = threading.local()


def language():
    return getattr(_run, "language", None) or get_language()


def _(message):
    """gettext, remembered per language: a sector-wide check asks the same few sentences
    hundreds of thousands of times."""
    return _translated(language(), message)


def years_text(years):
    return ", ".join(str(year) for year in years)


def levels_text(levels):
    return _levels_text(language(), tuple(levels))


@lru_cache(maxsize=64)
def _levels_text(language, levels):
    labels = [str(INITIATIVE_LEVELS.get(level, level)) for level in levels]
    if len(labels) < 2:
        return "".join(labels)
    return _("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def rating_label(rating):
    return _rating_label(language(), rating)


@lru_cache(maxsize=64)
def _rating_label(language, rating):
    return str(RatingLevel(rating).label)


def at_least(rating, minimum):
    return RATING_ORDER.index(rating) <= RATING_ORDER.index(minimum)


def day_text(day):
    return day.strftime("%d/%m/%Y")


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def months_before_year_end(start, year):
    """Whole months from `start` to the end of `year` (1 July → 6, 2 July → 5)."""
    return (year + 1 - start.year) * 12 + 1 - start.month - (1 if start.day > 1 else 0)


def reference_date(criteria, year):
    month, day = (int(part) for part in criteria["reference_day"].split("-"))
    return date(year, month, day)


def service_reached_on(person, discipline, criteria, reference):
    """The day `criteria["service_years"]` of service are completed, counting from joining the
    sector and leaving out the days under discipline (a measure still in force runs to
    `reference`): each period before that day pushes it later, overlapping periods count once."""
    start = person.sector_start_date
    reached = add_years(start, criteria["service_years"])
    counted_to = start
    periods = sorted(
        (max(measure.start_date, start), min(measure.end_date or reference, reference))
        for measure in discipline
    )
    for first, last in periods:
        first = max(first, counted_to)
        if first > reached:
            break
        if last >= first:
            reached += timedelta(days=(last - first).days + 1)
            counted_to = last + timedelta(days=1)
    return reached


class Findings:
    """The reasons collected for one honour, each citing the honour's rule. Reasons and results
    are immutable and most recipients of a check meet or miss the same conditions: equal ones are
    made once and shared, through `shared`, a dictionary of the whole check that maps
    (met, text, citation) to a reason and (met, ids of its reasons) to a result."""

    def __init__(self, citation, shared):
        self.citation = citation
        self.shared = shared
        self.reasons = []

    def add(self, met, text, prefix=None):
        if prefix:
            text = prefix % {"text": text}
        key = (met, text, self.citation)
        reason = self.shared.get(key)
        if reason is None:
            reason = self.shared[key] = Reason(met, text, self.citation)
        self.reasons.append(reason)
        return met

    def result(self, *overall):
        """All reasons must be met, unless the check combines them itself (`overall`)."""
        met = overall[0] if overall else all_met(reason.met for reason in self.reasons)
        # The reasons are shared ones: equal reasons are the same objects.
        key = (met, *map(id, self.reasons))
        result = self.shared.get(key)
        if result is None:
            result = self.shared[key] = Result(met, tuple(self.reasons))
        return result


def with_criteria(rules, code, function, *args):
    """`function(*args, criteria of code)`, a parameter missing from the criteria refused."""
    criteria = rules.of(code)
    try:
        return function(*args, criteria)
    except KeyError as error:
        raise RulesMissing(
            _("The rule for %(code)s in %(rule_set)s lacks the parameter %(key)s.")
            % {"code": code, "rule_set": rules.rule_set, "key": error.args[0]}
        ) from None


# A title of the assessed year not in the ledger yet, by the state of its own criteria.
TITLE_OF_THE_YEAR = {
    True: gettext_noop("%(code)s %(year)s: criteria met, not yet conferred"),
    False: gettext_noop("%(code)s %(year)s: not conferred, criteria not met"),
    None: gettext_noop("%(code)s %(year)s: not conferred, criteria cannot be checked yet"),
}


class Checker:
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

    # --- individual conditions --------------------------------------------------------------

    def rating(self, person_id, year, minimum):
        rating = self.facts.ratings.get((person_id, year))
        if rating is None:
            return None, _("no rating recorded for %(year)s") % {"year": year}
        return at_least(rating, minimum), _(
            "%(year)s rating: “%(rating)s”; at least “%(required)s” required"
        ) % {"year": year, "rating": rating_label(rating), "required": rating_label(minimum)}

    def served_months(self, person_id, required):
        person = self.facts.people[person_id]
        start, year = person.sector_start_date, self.year
        if start is None:
            if (person_id, year - 1) in self.facts.ratings:
                return True, _("in service for the whole of %(year)s (rated for %(prior)s)") % {
                    "year": year,
                    "prior": year - 1,
                }
            return None, _("date of joining the sector not recorded")
        months = months_before_year_end(start, year)
        return months >= required, _(
            "joined the sector on %(date)s: %(months)s months before the end of %(year)s; "
            "at least %(required)s required"
        ) % {"date": day_text(start), "months": max(months, 0), "year": year, "required": required}

    def disciplined(self, person_id, level):
        first, last = date(self.year, 1, 1), date(self.year, 12, 31)
        floor = DISCIPLINE_ORDER.index(level)
        return [
            measure
            for measure in self.facts.discipline.get(person_id, ())
            if measure.overlaps(first, last) and DISCIPLINE_ORDER.index(measure.level) >= floor
        ]

    def not_disciplined(self, person_id, level):
        found = self.disciplined(person_id, level)
        if found:
            measures = "; ".join(
                _("%(level)s, decision %(number)s")
                % {"level": DisciplineLevel(m.level).label, "number": m.decision_number}
                for m in found
            )
            return False, _("disciplined in %(year)s: %(measures)s") % {
                "year": self.year,
                "measures": measures,
            }
        return True, _("no disciplinary measure of “%(level)s” or above in %(year)s") % {
            "level": DisciplineLevel(level).label,
            "year": self.year,
        }

    def title_state(self, recipient_id, code, year, collective=False):
        """True when held in the ledger (or, for the assessed year, when its criteria are met),
        False when not, None when it cannot be told."""
        if year in self.facts.years_held(recipient_id, code, collective):
            return True
        if year != self.year:
            return False
        return self.evaluate(code, recipient_id).met

    def title_in_year(self, recipient_id, code, year, collective=False):
        values = {"code": code, "year": year}
        if year in self.facts.years_held(recipient_id, code, collective):
            return True, _("%(code)s %(year)s: conferred") % values
        if year != self.year:
            return False, _("%(code)s %(year)s: not conferred") % values
        state = self.evaluate(code, recipient_id).met
        return state, _(TITLE_OF_THE_YEAR[state]) % values

    def title_every_year(self, person_id, code, years, times=False):
        states = {year: self.title_state(person_id, code, year) for year in years}
        missing = [year for year, state in states.items() if state is False]
        unknown = [year for year, state in states.items() if state is None]
        values = {
            "code": code,
            "years": years_text(years),
            "count": len(years),
            "missing": years_text(missing),
            "unknown": years_text(unknown),
        }
        if missing:
            text = (
                _("%(code)s %(years)s: %(count)s consecutive times required, missing %(missing)s")
                if times
                else _(
                    "%(code)s %(years)s: %(count)s consecutive years required, missing %(missing)s"
                )
            )
            return False, text % values
        if unknown:
            return None, _(
                "%(code)s %(years)s: %(count)s consecutive required, %(unknown)s cannot be "
                "checked yet"
            ) % values
        if times:
            return True, _("%(code)s %(years)s: %(count)s consecutive times") % values
        return True, _("%(code)s %(years)s: %(count)s consecutive years") % values

    def title_count(self, person_id, code, years, needed):
        states = [self.title_state(person_id, code, year) for year in years]
        found = states.count(True)
        return enough(found, states.count(None), needed), _(
            "%(code)s in %(found)s of the years %(years)s; at least %(count)s required"
        ) % {"code": code, "found": found, "years": years_text(years), "count": needed}

    def ratings_every_year(self, person_id, years, minimum):
        ratings = {year: self.facts.ratings.get((person_id, year)) for year in years}
        below = [y for y, rating in ratings.items() if rating and not at_least(rating, minimum)]
        unknown = [y for y, rating in ratings.items() if rating is None]
        values = {
            "required": rating_label(minimum),
            "years": years_text(years),
            "below": years_text(below),
            "unknown": years_text(unknown),
        }
        if below:
            return False, _(
                "rated “%(required)s” or better in each of %(years)s required; below in %(below)s"
            ) % values
        if unknown:
            return None, _(
                "rated “%(required)s” or better in each of %(years)s required; no rating for "
                "%(unknown)s"
            ) % values
        return True, _("rated “%(required)s” or better in each of %(years)s") % values

    def rating_count(self, person_id, years, rating, needed):
        ratings = [self.facts.ratings.get((person_id, year)) for year in years]
        found = sum(1 for value in ratings if value and at_least(value, rating))
        return enough(found, ratings.count(None), needed), _(
            "rated “%(rating)s” in %(found)s of the years %(years)s; at least %(count)s required"
        ) % {
            "rating": rating_label(rating),
            "found": found,
            "years": years_text(years),
            "count": needed,
        }

    def initiatives_found(self, person_id, years, levels):
        return [
            (year, level)
            for year, level in self.facts.initiatives.get(person_id, ())
            if year in years and level in levels
        ]

    def initiatives(self, person_id, years, levels, needed):
        found = self.initiatives_found(person_id, years, levels)
        values = {
            "levels": levels_text(levels),
            "period": f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]),
            "found": len(found),
            "count": needed,
        }
        if not found:
            return needed <= 0, _("no initiative recognised at %(levels)s level in %(period)s") % (
                values
            )
        return len(found) >= needed, _(
            "initiatives recognised at %(levels)s level in %(period)s: %(found)s, at least "
            "%(count)s required"
        ) % values

    def excellent_or_initiative(self, person_id, minimum, levels):
        year = self.year
        rating = self.facts.ratings.get((person_id, year))
        if rating and at_least(rating, minimum):
            return True, _("%(year)s rating: “%(rating)s”") % {
                "year": year,
                "rating": rating_label(rating),
            }
        this_year = range(year, year + 1)
        if self.initiatives_found(person_id, this_year, levels):
            return self.initiatives(person_id, this_year, levels, 1)
        values = {"year": year, "required": rating_label(minimum), "levels": levels_text(levels)}
        if rating is None:
            return None, _(
                "no rating recorded for %(year)s, and no initiative recognised at %(levels)s level"
            ) % values
        return False, _(
            "%(year)s: neither rated “%(required)s” nor an initiative recognised at %(levels)s "
            "level"
        ) % values

    def heads_qualifying_unit(self, unit_id, minimum, titles):
        year = self.year
        unit = self.facts.units[unit_id]
        held = [code for code in titles if year in self.facts.years_held(unit_id, code, True)]
        values = {"unit": unit.name, "year": year}
        if held:
            return True, _("head of %(unit)s, which holds %(code)s for %(year)s") % {
                **values,
                "code": held[0],
            }
        rating = self.facts.unit_ratings.get((unit_id, year))
        if rating is None:
            return None, _("head of %(unit)s, which has no rating for %(year)s") % values
        return at_least(rating, minimum), _(
            "head of %(unit)s, rated “%(rating)s” for %(year)s; a unit head needs the unit rated "
            "“%(required)s” or holding %(titles)s"
        ) % {
            **values,
            "rating": rating_label(rating),
            "required": rating_label(minimum),
            "titles": ", ".join(titles),
        }

    def none_since(self, person_id, code, first_year):
        """The honour was not conferred in the period `first_year`..assessed year: one
        achievement is rewarded once (Law 2022, Điều 5)."""
        held = sorted(y for y in self.facts.years_held(person_id, code) if y >= first_year)
        values = {"code": code, "first": first_year, "last": self.year, "years": years_text(held)}
        if held:
            return False, _(
                "%(code)s already conferred for %(years)s: the period must follow it"
            ) % values
        return True, _("no %(code)s conferred in %(first)s–%(last)s") % values

    def prior_honour(self, person_id, codes, before):
        held = sorted(
            (year, code)
            for code in codes
            for year in self.facts.years_held(person_id, code)
            if year < before
        )
        if held:
            year, code = held[-1]
            return True, _("%(code)s conferred for %(year)s, before %(first)s") % {
                "code": code,
                "year": year,
                "first": before,
            }
        return False, _("no %(codes)s conferred before %(first)s") % {
            "codes": " / ".join(codes),
            "first": before,
        }

    def service(self, person_id, criteria):
        person = self.facts.people[person_id]
        if person.sector_start_date is None:
            return None, _("date of joining the sector not recorded")
        reference = reference_date(criteria, self.year)
        reached = service_reached_on(person, self.facts.discipline[person_id], criteria, reference)
        return reached <= reference, _(
            "%(years)s years of service since %(start)s (time under discipline excluded) "
            "completed on %(reached)s; required by %(reference)s"
        ) % {
            "years": criteria["service_years"],
            "start": day_text(person.sector_start_date),
            "reached": day_text(reached),
            "reference": day_text(reference),
        }

    # --- collective conditions --------------------------------------------------------------

    def unit_rating(self, unit_id, minimum):
        rating = self.facts.unit_ratings.get((unit_id, self.year))
        if rating is None:
            return None, _("no rating of the unit recorded for %(year)s") % {"year": self.year}
        return at_least(rating, minimum), _(
            "unit rating %(year)s: “%(rating)s”; at least “%(required)s” required"
        ) % {"year": self.year, "rating": rating_label(rating), "required": rating_label(minimum)}

    def members_with_title(self, unit_id, code, percent, strictly_more):
        members = self.facts.members.get(unit_id, [])
        if not members:
            return None, _("no members recorded in the unit")
        states = [self.title_state(pid, code, self.year) for pid in members]
        found, unknown, total = states.count(True), states.count(None), len(members)

        def reaches(count):
            share = Decimal(count * 100) / total
            return share > Decimal(percent) if strictly_more else share >= Decimal(percent)

        met = True if reaches(found) else (None if reaches(found + unknown) else False)
        values = {
            "code": code,
            "year": self.year,
            "found": found,
            "total": total,
            "share": round(found * 100 / total),
            "percent": percent,
            "unknown": unknown,
        }
        text = (
            _(
                "members with %(code)s %(year)s: %(found)s of %(total)s (%(share)s %%); more "
                "than %(percent)s %% required"
            )
            if strictly_more
            else _(
                "members with %(code)s %(year)s: %(found)s of %(total)s (%(share)s %%); at "
                "least %(percent)s %% required"
            )
        ) % values
        if unknown:
            text += "; " + _("%(unknown)s members cannot be checked yet") % values
        return met, text

    def members_count_with(self, unit_id, code, needed):
        states = [self.title_state(pid, code, self.year) for pid in self.facts.members[unit_id]]
        found = states.count(True)
        return enough(found, states.count(None), needed), _(
            "members with %(code)s %(year)s: %(found)s; at least %(count)s required"
        ) % {"code": code, "year": self.year, "found": found, "count": needed}

    def member_codes(self, person_ids, shown=10):
        codes = ", ".join(self.facts.people[pid].staff_code for pid in person_ids[:shown])
        if len(person_ids) > shown:
            codes += " " + _("and %(count)s more") % {"count": len(person_ids) - shown}
        return codes

    def members_rated(self, unit_id, minimum):
        members = self.facts.members.get(unit_id, [])
        ratings = {pid: self.facts.ratings.get((pid, self.year)) for pid in members}
        below = [pid for pid, rating in ratings.items() if rating and not at_least(rating, minimum)]
        unknown = [pid for pid, rating in ratings.items() if rating is None]
        values = {"year": self.year, "required": rating_label(minimum)}
        if below:
            return False, _("members rated below “%(required)s” in %(year)s: %(people)s") % {
                **values,
                "people": self.member_codes(below),
            }
        if unknown:
            return None, _("members without a rating for %(year)s: %(people)s") % {
                **values,
                "people": self.member_codes(unknown),
            }
        return True, _("every member rated “%(required)s” or better in %(year)s") % values

    def members_not_disciplined(self, unit_id, level):
        found = [pid for pid in self.facts.members.get(unit_id, []) if self.disciplined(pid, level)]
        values = {"year": self.year, "level": DisciplineLevel(level).label}
        if found:
            return False, _(
                "members disciplined at “%(level)s” or above in %(year)s: %(people)s"
            ) % {
                **values,
                "people": self.member_codes(found),
            }
        return True, _("no member disciplined at “%(level)s” or above in %(year)s") % values

    def leads_cluster(self, unit_id):
        values = {"year": self.year}
        if self.facts.leading_units is None:
            return None, _("leadership of the emulation cluster in %(year)s not recorded") % values
        if unit_id in self.facts.leading_units:
            return True, _("leads its emulation cluster or bloc in %(year)s") % values
        return False, _("does not lead its emulation cluster or bloc in %(year)s") % values


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


# --- Whole subtrees, reports, quotas -------------------------------------------------------


def reads_of(rules, codes):
    """What the checks of `codes` read, with the checks they require, transitively. A check
    without a rule reads nothing: it is refused when evaluated."""
    total, seen, pending = Reads(), set(), list(codes)
    while pending:
        code = pending.pop()
        if code in seen or code not in CHECKS or code not in rules.criteria:
            continue
        seen.add(code)
        reads = with_criteria(rules, code, CHECKS[code].reads)
        total |= reads
        pending.extend(reads.requires)
    return total


@dataclass
class Entry:
    """One line of an eligibility report: a recipient, an honour, the result."""

    recipient: str
    name: str
    unit: str
    honour: str
    result: Result

    def as_json(self):
        return {
            "recipient": self.recipient,
            "honour": self.honour,
            "status": str(self.result.status.value),
            "reasons": [str(reason) for reason in self.result.reasons],
        }


def recipients(facts, collective):
    """The people of the facts, or the units that exist at the end of the assessed year (units
    merged away before then are represented by their successor), in a stable order."""
    if collective:
        year_end = date(facts.year, 12, 31)
        units = [unit for unit in facts.units.values() if unit.active_at(year_end)]
        return [
            (unit.id, unit.code, unit.name, unit.code)
            for unit in sorted(units, key=lambda u: u.code)
        ]
    rows = []
    for person in facts.people.values():
        unit_code = facts.units[person.unit_id].code
        rows.append((person.id, person.staff_code, person.full_name, unit_code))
    return sorted(rows, key=lambda row: (row[3], row[1]))


def checkable_codes(rules, codes=None):
    known = [code for code in CHECKS if code in rules.criteria]
    if codes is None:
        return known
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise EligibilityError(
            _("No checkable rules for the honour %(code)s.") % {"code": ", ".join(unknown)}
        )
    return list(codes)


def run_checks(facts, rules, codes):
    checker = Checker(facts, rules)
    entries = []
    _run.language = get_language()
    try:
        for code in codes:
            collective = CHECKS[code].collective
            for recipient_id, recipient, name, unit_code in recipients(facts, collective):
                result = checker.evaluate(code, recipient_id)
                entries.append(Entry(recipient, name, unit_code, code, result))
    finally:
        _run.language = None
    return entries


@contextmanager
def without_cycle_collection():
    """Pauses Python's cycle collector. A subtree's check makes objects by the 100,000 (rows,
    facts, entries) that hold no reference cycle: each pass of the collector would walk them and
    every other object of the process again, about a third of the check's time."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def check_unit(year, unit, codes=None, providers=None):
    """Entries for every person (or unit, for collective honours) of `unit`'s subtree, for the
    honours `codes` (every checkable honour by default). A fixed number of queries:
    2 (rule set) + 1 (subtree) + 6 (facts) + the providers'."""
    rules = rules_for(year)
    codes = checkable_codes(rules, codes)
    unit_ids = Unit.objects.subtree_ids([unit])
    with without_cycle_collection():
        facts = gather(year, reads_of(rules, codes), unit_ids=unit_ids, providers=providers)
        return run_checks(facts, rules, codes)


def outlook(person, year, providers=None):
    """What `person` still lacks for each individual honour of the year after `year`."""
    target = year + 1
    rules = rules_for(target)
    codes = [code for code in checkable_codes(rules) if not CHECKS[code].collective]
    facts = gather(target, reads_of(rules, codes), person_ids=[person.pk], providers=providers)
    return run_checks(facts, rules, codes)


def check_recipients(year, honour_code, recipients, providers=None):
    """{recipient id: Result} for chosen people (individual honour) or units (collective
    honour), e.g. the nominations of a list or a screening page: a fixed number of queries."""
    rules = rules_for(year)
    (code,) = checkable_codes(rules, [honour_code])
    ids = [getattr(recipient, "pk", recipient) for recipient in recipients]
    reads = reads_of(rules, [code])
    if CHECKS[code].collective:
        # The units' own people and those of their departments and merged units.
        scope = Unit.objects.subtree_ids(ids)
        facts = gather(year, reads, unit_ids=scope, providers=providers)
    else:
        facts = gather(year, reads, person_ids=ids, providers=providers)
    checker = Checker(facts, rules)
    return {recipient_id: checker.evaluate(code, recipient_id) for recipient_id in ids}


def find_unit(unit_code):
    try:
        return Unit.objects.get(code=unit_code)
    except Unit.DoesNotExist:
        raise EligibilityError(_("Unknown unit %(code)s.") % {"code": unit_code}) from None


def report(year, unit_code, honour_code=None, providers=None):
    """The `manage.py eligibility` answer: a list of
    `{"recipient", "honour", "status", "reasons"}` for the subtree of the unit `unit_code`."""
    codes = None if honour_code is None else [honour_code]
    entries = check_unit(year, find_unit(unit_code), codes, providers)
    return [entry.as_json() for entry in entries]


def to_xlsx(entries):
    """An .xlsx workbook of the entries (or of `report()` rows), one line each, with filters."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from records.exports import safe_row

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Eligibility")[:31]
    headers = [_("Recipient"), _("Name"), _("Unit"), _("Honour"), _("Status"), _("Reasons")]
    sheet.append(headers)
    for entry in entries:
        row = (
            entry
            if isinstance(entry, dict)
            else {**entry.as_json(), "name": entry.name, "unit": entry.unit}
        )
        sheet.append(
            safe_row(
                [
                    row["recipient"],
                    row.get("name", ""),
                    row.get("unit", ""),
                    row["honour"],
                    str(Status(row["status"]).label),
                    "\n".join(row["reasons"]),
                ]
            )
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (14, 30, 12, 10, 18, 100), strict=True):
        sheet.column_dimensions[column].width = width
    for (cell,) in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class Quota:
    """How many of an honour a unit may confer in a year, and how many it has used."""

    honour: str
    base_honour: str
    base_count: int
    percent: Decimal
    limit: int
    used: int

    @property
    def exceeded(self):
        return self.used > self.limit

    @property
    def remaining(self):
        return self.limit - self.used


def quota(year, unit, honour_code, proposed=None):
    """The quota of `honour_code` for `unit`'s subtree in `year`, or None when the rule set sets
    none: at most `quota_percent` of the recipients of the base honour (criteria `quota_base`),
    at least `quota_minimum`. Held (ledger) and `proposed` recipients both count, once each;
    `proposed` maps an honour code to recipient ids (people, or units for collective honours).
    Four queries."""
    rules = rules_for(year)
    criteria = rules.of(honour_code)
    percent = rules.quota_percent.get(honour_code)
    if percent is None:
        return None
    base = criteria["quota_base"]
    collective = CHECKS[honour_code].collective
    unit_ids = Unit.objects.subtree_ids([unit])
    ledger = Conferral.objects.filter(year=year, honour__code__in=[honour_code, base])
    if collective:
        rows = ledger.filter(recipient_type=RecipientType.COLLECTIVE, unit_id__in=unit_ids)
        rows = rows.values_list("honour__code", "unit_id")
    else:
        rows = ledger.filter(
            recipient_type=RecipientType.INDIVIDUAL, person__unit_id__in=unit_ids
        ).values_list("honour__code", "person_id")
    holders = {honour_code: set(), base: set()}
    for code, recipient_id in rows:
        holders[code].add(recipient_id)
    for code, ids in (proposed or {}).items():
        if code in holders:
            holders[code].update(ids)
    base_count = len(holders[base])
    limit = int(base_count * Decimal(percent) / 100)
    limit = min(base_count, max(limit, criteria.get("quota_minimum", 0)))
    return Quota(honour_code, base, base_count, Decimal(percent), limit, len(holders[honour_code]))


def knc_list(year, unit, providers=None):
    """People of `unit`'s subtree who complete the required service by the reference day of
    `year` (time under discipline excluded) and do not hold the medal yet: dicts with the
    person's staff code, name, unit, date of joining the sector and the day service is
    completed, in unit then staff-code order."""
    rules = rules_for(year)
    criteria = rules.of("KNC")
    unit_ids = Unit.objects.subtree_ids([unit])
    facts = gather(year, reads_of(rules, ["KNC"]), unit_ids=unit_ids, providers=providers)
    checker = Checker(facts, rules)
    reference = reference_date(criteria, year)
    rows = []
    for person_id, staff_code, name, unit_code in recipients(facts, collective=False):
        person = facts.people[person_id]
        if person.sector_start_date is None or facts.years_held(person_id, "KNC"):
            continue
        if checker.service(person_id, criteria)[0]:
            rows.append(
                {
                    "staff_code": staff_code,
                    "full_name": name,
                    "unit": unit_code,
                    "sector_start_date": person.sector_start_date,
                    "completed_on": service_reached_on(
                        person, facts.discipline[person_id], criteria, reference
                    ),
                }
            )
    return rows
