"""The engine's vocabulary: tri-state answers (met, not met, not known), the reasons and
results a check returns, the texts of years, levels and ratings, and the date arithmetic of
service."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from awards.eligibility.facts import RulesMissing
from records.models import DisciplineLevel, RatingLevel

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


def years_text(years):
    return ", ".join(str(year) for year in years)


def levels_text(levels):
    labels = [str(INITIATIVE_LEVELS.get(level, level)) for level in levels]
    if len(labels) < 2:
        return "".join(labels)
    return _("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def rating_label(rating):
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
