"""A small world builder for the eligibility tests: people, ratings, ledger rows and discipline
written with bulk_create, and a one-call evaluator. (A plain module rather than a conftest, so
that it merges cleanly beside the awards app's own test set-up.)"""

from datetime import date

from awards.eligibility import check_unit
from awards.eligibility_facts import Providers
from records.models import (
    Conferral,
    ConferralSource,
    Discipline,
    Honour,
    Method,
    Person,
    Rating,
    RecipientType,
    Unit,
    UnitKind,
)

YEAR = 2024


class World:
    """A province with one district; helpers add facts in bulk."""

    def __init__(self):
        self.root = Unit.objects.create(code="P", name="VKSND tỉnh", kind=UnitKind.PROVINCE)
        self.district = Unit.objects.create(
            code="P-D", name="VKSND huyện D", kind=UnitKind.DISTRICT, parent=self.root
        )
        self.honours = {honour.code: honour for honour in Honour.objects.all()}
        self.initiative_rows = []
        self.leaders = None

    def unit(self, code, **fields):
        fields.setdefault("kind", UnitKind.DISTRICT)
        fields.setdefault("parent", self.root)
        return Unit.objects.create(code=code, name=f"Unit {code}", **fields)

    def people(self, count, unit=None, prefix="S", **fields):
        fields.setdefault("sector_start_date", date(2000, 1, 1))
        unit = unit or self.district
        start = Person.objects.count()
        rows = [
            Person(
                staff_code=f"{prefix}{start + number:04d}",
                full_name=f"Person {start + number}",
                gender="male",
                unit=unit,
                **fields,
            )
            for number in range(count)
        ]
        Person.objects.bulk_create(rows)
        return list(Person.objects.filter(staff_code__in=[p.staff_code for p in rows]))

    def person(self, **fields):
        return self.people(1, **fields)[0]

    def rate(self, people, years, rating="good"):
        Rating.objects.bulk_create(
            Rating(year=year, recipient_type=RecipientType.INDIVIDUAL, person=person, rating=rating)
            for person in people
            for year in years
        )

    def rate_unit(self, unit, year, rating):
        Rating.objects.create(
            year=year, recipient_type=RecipientType.COLLECTIVE, unit=unit, rating=rating
        )

    def confer(self, people, code, years, source=ConferralSource.DECISION):
        Conferral.objects.bulk_create(
            Conferral(
                year=year,
                recipient_type=RecipientType.INDIVIDUAL,
                person=person,
                unit=person.unit,
                honour=self.honours[code],
                method=Method.REGULAR,
                decision_number=f"{year}/{code}",
                source=source,
            )
            for person in people
            for year in years
        )

    def confer_unit(self, unit, code, year):
        Conferral.objects.create(
            year=year,
            recipient_type=RecipientType.COLLECTIVE,
            unit=unit,
            honour=self.honours[code],
            method=Method.REGULAR,
            decision_number=f"{year}/{code}",
            source=ConferralSource.IMPORT,
        )

    def discipline(self, person, level, start, end=None):
        Discipline.objects.create(
            person=person, level=level, start_date=start, end_date=end, decision_number="KL-1"
        )

    def initiative(self, person, year, level="grassroots"):
        self.initiative_rows.append((person.pk, year, level))

    @property
    def providers(self):
        rows = self.initiative_rows
        leaders = self.leaders
        return Providers(
            initiative_facts=lambda person_ids, years: [r for r in rows if r[0] in person_ids],
            leading_units=lambda unit_ids, year: leaders,
        )

    def check(self, code, recipient, year=YEAR):
        """The result for one person or unit."""
        key = getattr(recipient, "staff_code", None) or recipient.code
        entries = check_unit(year, self.root, [code], self.providers)
        return next(entry.result for entry in entries if entry.recipient == key)
