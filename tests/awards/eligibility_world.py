"""A small world builder for the eligibility tests: people, ratings, ledger rows and discipline
written with bulk_create, and a one-call evaluator. (A plain module rather than a conftest, so
that it merges cleanly beside the awards app's own test set-up.) Initiatives and cluster
rankings are written to the other apps' own tables, which the engine reads directly."""

from datetime import date
from decimal import Decimal

from awards.eligibility import check_unit
from emulation.models import Cluster, ClusterScore, FlagProposal
from initiatives.importing import write_rows
from records.importing import Author, InitiativeRow
from records.models import (
    Conferral,
    ConferralSource,
    Discipline,
    Honour,
    HonourRule,
    Method,
    Person,
    Rating,
    RecipientType,
    RuleSet,
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
        self.initiatives = 0

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
        """An initiative of `person` alone, recognised at `level` in `year`."""
        self.initiatives += 1
        row = InitiativeRow(
            row=2,
            year=year,
            code=f"SK-W-{self.initiatives:04d}",
            title=f"Sáng kiến {self.initiatives}",
            level=level,
            unit_id=person.unit_id,
            recognised_on=date(year, 8, 15),
            decision_number=f"{self.initiatives}/QĐ-VKS",
            authors=(
                Author(person_id=person.pk, staff_code=person.staff_code, share=Decimal(100)),
            ),
        )
        write_rows([row])

    def cstdtq_at_province_level(self, year=YEAR):
        """The catalogue asks CSTDTQ for initiatives of "national" scope, a level no recognition
        can record (`initiatives.models.Level`): tests of its terms give the rule one that can."""
        rule = HonourRule.objects.get(
            rule_set=RuleSet.objects.for_year(year), honour__code="CSTDTQ"
        )
        rule.criteria["initiative_levels"] = ["province"]
        rule.save()

    def lead_cluster(self, leader, *others, year=YEAR):
        """A cluster of `year` ranked with `leader` first, proposed for the sector flag."""
        cluster = Cluster.objects.create(name=f"Cụm {year}", year=year, organiser=self.root)
        for rank, unit in enumerate([leader, *others], start=1):
            ClusterScore.objects.create(
                cluster=cluster,
                unit=unit,
                total=Decimal(100 - rank),
                rank=rank,
                flag_proposal=FlagProposal.PROPOSED if rank == 1 else FlagProposal.NONE,
            )

    def check(self, code, recipient, year=YEAR):
        """The result for one person or unit."""
        key = getattr(recipient, "staff_code", None) or recipient.code
        entries = check_unit(year, self.root, [code])
        return next(entry.result for entry in entries if entry.recipient == key)
