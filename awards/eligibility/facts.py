"""The facts the eligibility checks read, gathered set-wise: a fixed number of queries for a whole
unit subtree (or a set of people), however many people it holds, reading only the years and the
honours that the checks asked for read (`Reads`).

Everything comes from the shared `records` schema — the ledger (`Conferral`, whether written by a
decision of this product or imported from before it: both count alike), ratings, discipline and
the people's dates — plus two facts of the other apps, read directly: the initiatives recognised
for a person (author or co-author) from `initiatives`, and the units leading their emulation
cluster or bloc from `emulation`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import gettext as _

from emulation.models import ClusterScore, FlagProposal
from initiatives.models import Recognition
from records.models import (
    Conferral,
    Discipline,
    HonourRule,
    Person,
    Rating,
    RecipientType,
    RuleSet,
    Unit,
    UnitKind,
)

# From so many people on (a province's staff holds some 450), the years' recognitions of every
# author are read and those of the people kept: a few hundred rows a year for the whole sector,
# where a query naming 15,000 people takes Django and PostgreSQL 0.1–0.3 s to build and plan.
MANY_PEOPLE = 1000


def initiative_facts(person_ids, years):
    """(person id, year, level) of every recognised initiative the people authored or co-authored
    in `years`. One query."""
    years = list(years)
    if not person_ids or not years:
        return []
    recognitions = Recognition.objects.filter(year__gte=min(years), year__lte=max(years))
    if len(person_ids) < MANY_PEOPLE:
        rows = recognitions.for_people(person_ids)
    else:
        wanted = set(person_ids)
        rows = [row for row in recognitions.by_author() if row.person_id in wanted]
    return [(row.person_id, row.year, row.level) for row in rows]


def leading_units(unit_ids, year):
    """Ids of the units that lead their cluster's or bloc's ranking in `year` (proposed or
    nominated for the sector flag), or None when none of the units' clusters has been ranked
    for that year (leadership not known yet). One query."""
    rows = ClusterScore.objects.filter(cluster__year=year, unit_id__in=unit_ids).values_list(
        "unit_id", "flag_proposal"
    )
    rows = list(rows)
    if not rows:
        return None
    return {unit_id for unit_id, flag in rows if flag != FlagProposal.NONE}


class EligibilityError(ValueError):
    """A question the engine cannot answer: unknown unit or honour, a missing rule or parameter."""


class RulesMissing(EligibilityError):
    """No rule set covers the assessed year, or its rule for an honour lacks a parameter."""


@dataclass
class Rules:
    """The parameters of the rule set in force for one assessed year, per honour code."""

    rule_set: RuleSet
    criteria: dict
    quota_percent: dict
    source: dict

    def of(self, code):
        try:
            return self.criteria[code]
        except KeyError:
            raise RulesMissing(
                _("The rule set %(rule_set)s has no rule for %(code)s.")
                % {"rule_set": self.rule_set, "code": code}
            ) from None


def rules_for(year):
    """The rule set in force for `year` with its honour rules: two queries."""
    rule_set = RuleSet.objects.for_year(year)
    if rule_set is None:
        raise RulesMissing(_("No rule set covers the year %(year)s.") % {"year": year})
    criteria, quota_percent, source = {}, {}, {}
    rows = HonourRule.objects.filter(rule_set=rule_set).values_list(
        "honour__code", "criteria", "quota_percent", "source"
    )
    for code, rule_criteria, quota, citation in rows:
        criteria[code] = rule_criteria or {}
        quota_percent[code] = quota
        source[code] = citation
    return Rules(rule_set, criteria, quota_percent, source)


def merged_spans(first, second):
    """Code -> years back, the longer span of the two for a code in both (None: all history)."""
    merged = dict(first)
    for code, span in second.items():
        known = merged.get(code, span)
        merged[code] = None if None in (known, span) else max(known, span)
    return merged


@dataclass(frozen=True)
class Reads:
    """What checks read for an assessed year, so that only that is gathered: the individual
    ratings from `lookback` years before it, and the ledger of the honours in `titles` (people)
    and `unit_titles` (units), each code mapped to the years before the assessed one it is read
    from (None: its whole history). `requires`: the honours whose check of the assessed year
    stands for a title not yet conferred (LDTT for CSTDCS...); their reads add up (`|`)."""

    lookback: int = 0
    titles: dict = field(default_factory=dict)
    unit_titles: dict = field(default_factory=dict)
    requires: tuple = ()

    def __or__(self, other):
        return Reads(
            max(self.lookback, other.lookback),
            merged_spans(self.titles, other.titles),
            merged_spans(self.unit_titles, other.unit_titles),
        )


def ledger_rows(spans, year):
    """The condition on conferrals for the honours of `spans` (see `Reads`) up to `year`."""
    by_span = defaultdict(list)
    for code, span in spans.items():
        by_span[span].append(code)
    condition = Q(year__lte=year)
    if not by_span:
        # An empty range of years: the query still runs, so that the number of queries does
        # not depend on the honours checked.
        return condition & Q(year__gt=year)
    return condition & reduce(
        or_,
        (
            Q(honour__code__in=codes) & (Q() if span is None else Q(year__gte=year - span))
            for span, codes in by_span.items()
        ),
    )


@dataclass
class PersonFacts:
    id: int
    staff_code: str
    full_name: str
    unit_id: int
    leadership: str
    sector_start_date: date | None


@dataclass
class UnitFacts:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    merged_into_id: int | None
    valid_from: date | None
    valid_to: date | None

    def active_at(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


@dataclass
class DisciplineFacts:
    level: str
    start_date: date
    end_date: date | None
    decision_number: str

    def overlaps(self, first, last):
        return self.start_date <= last and (self.end_date is None or self.end_date >= first)


@dataclass
class Facts:
    """Everything the checks read, grouped in dictionaries for constant-time look-ups."""

    year: int
    first_year: int
    people: dict = field(default_factory=dict)  # id -> PersonFacts
    units: dict = field(default_factory=dict)  # id -> UnitFacts
    ratings: dict = field(default_factory=dict)  # (person id, year) -> rating
    unit_ratings: dict = field(default_factory=dict)  # (unit id, year) -> rating
    # (id, honour code) -> years held, in order, for people and for units (collective honours).
    honours: dict = field(default_factory=dict)
    unit_honours: dict = field(default_factory=dict)
    discipline: dict = field(default_factory=lambda: defaultdict(list))  # id -> [DisciplineFacts]
    initiatives: dict = field(default_factory=lambda: defaultdict(list))  # id -> [(year, level)]
    members: dict = field(default_factory=dict)  # unit id -> [person id]
    leading_units: set | None = None

    @property
    def years(self):
        return range(self.first_year, self.year + 1)

    def years_held(self, recipient_id, code, collective=False):
        return (self.unit_honours if collective else self.honours).get((recipient_id, code), ())


UNIT_FIELDS = ("id", "code", "name", "kind", "parent_id", "merged_into_id", "valid_from")
PERSON_FIELDS = ("id", "staff_code", "full_name", "unit_id", "leadership", "sector_start_date")


def member_units(units):
    """Unit id -> ids of the units whose people are its members: itself, the units merged into it
    and its departments (which are parts of it), transitively."""
    parts = defaultdict(list)
    for unit in units.values():
        if unit.merged_into_id is not None:
            parts[unit.merged_into_id].append(unit.id)
        elif unit.kind == UnitKind.DEPARTMENT and unit.parent_id is not None:
            parts[unit.parent_id].append(unit.id)
    result = {}
    for unit_id in units:
        found, pending = set(), [unit_id]
        while pending:
            current = pending.pop()
            if current not in found:
                found.add(current)
                pending.extend(parts.get(current, ()))
        result[unit_id] = found
    return result


def gather(year, reads, *, unit_ids=None, person_ids=None):
    """Facts about the people of `unit_ids` (and those units), or about `person_ids` (and their
    units), for checks of the assessed `year` that read `reads` (see `Reads`): their ratings and
    initiatives from `year - reads.lookback` on, the ledger of the honours they read.

    Queries: units, people, individual ratings, unit ratings, conferrals, discipline, the
    initiatives and the clusters' rankings (8)."""
    first_year = year - reads.lookback
    facts = Facts(year=year, first_year=first_year)
    if unit_ids is not None:
        people = Person.objects.filter(unit_id__in=unit_ids)
        units = Unit.objects.filter(id__in=unit_ids)
    else:
        people = Person.objects.filter(id__in=person_ids)
        units = Unit.objects.filter(people__id__in=person_ids).distinct()
    for row in units.values_list(*UNIT_FIELDS, "valid_to"):
        facts.units[row[0]] = UnitFacts(*row)
    people = people.order_by()  # without the default order, which joins the units
    for row in people.values_list(*PERSON_FIELDS):
        facts.people[row[0]] = PersonFacts(*row)
    scope = {"person__in": people.values("id")}
    unit_scope = {"unit_id__in": list(facts.units)}

    # Ratings and conferrals land in dictionaries and sets: their default order is not needed.
    ratings = Rating.objects.filter(year__gte=first_year, year__lte=year).order_by()
    individual = ratings.filter(recipient_type=RecipientType.INDIVIDUAL, **scope)
    facts.ratings = {
        (person_id, rating_year): rating
        for person_id, rating_year, rating in individual.values_list("person_id", "year", "rating")
    }
    collective = ratings.filter(recipient_type=RecipientType.COLLECTIVE, **unit_scope)
    facts.unit_ratings = {
        (unit_id, rating_year): rating
        for unit_id, rating_year, rating in collective.values_list("unit_id", "year", "rating")
    }

    conferrals = Conferral.objects.order_by()
    individual = conferrals.filter(
        ledger_rows(reads.titles, year), recipient_type=RecipientType.INDIVIDUAL, **scope
    )
    collective = conferrals.filter(
        ledger_rows(reads.unit_titles, year), recipient_type=RecipientType.COLLECTIVE, **unit_scope
    )
    # One query, each part planned on its own (an OR of the two would not use the indexes).
    fields = ("recipient_type", "person_id", "unit_id", "year", "honour__code")
    ledger = individual.values_list(*fields).union(collective.values_list(*fields), all=True)
    held = defaultdict(set)
    for kind, person_id, unit_id, held_year, code in ledger:
        of_person = kind == RecipientType.INDIVIDUAL
        held[of_person, person_id if of_person else unit_id, code].add(held_year)
    for (of_person, recipient_id, code), years in held.items():
        recipients = facts.honours if of_person else facts.unit_honours
        recipients[recipient_id, code] = tuple(sorted(years))

    for person_id, *rest in Discipline.objects.filter(**scope).values_list(
        "person_id", "level", "start_date", "end_date", "decision_number"
    ):
        facts.discipline[person_id].append(DisciplineFacts(*rest))

    for person_id, recognised_year, level in initiative_facts(list(facts.people), facts.years):
        if person_id in facts.people and first_year <= recognised_year <= year:
            facts.initiatives[person_id].append((recognised_year, level))

    by_unit = defaultdict(list)
    for person in facts.people.values():
        by_unit[person.unit_id].append(person.id)
    for unit_id, part_ids in member_units(facts.units).items():
        facts.members[unit_id] = sorted(pid for part in part_ids for pid in by_unit[part])
    leaders = leading_units(list(facts.units), year)
    facts.leading_units = None if leaders is None else set(leaders)
    return facts
