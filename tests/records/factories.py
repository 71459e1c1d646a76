"""Bulk builders of people and ledger rows for the records tests."""

from datetime import date

from records.models import (
    Conferral,
    ConferralSource,
    Honour,
    Method,
    Person,
    RecipientType,
    Unit,
    UnitKind,
)
from records.text import fold


def add_people(unit, count, prefix="X"):
    Person.objects.bulk_create(
        Person(
            unit=unit,
            staff_code=f"{prefix}{number:04d}",
            full_name=f"Người thứ {number}",
            search_text=fold(f"Người thứ {number} {prefix}{number:04d}"),
            gender="female",
        )
        for number in range(count)
    )


def add_conferrals(count, **recipient):
    """`count` ledger rows for one recipient, spread over honours and years."""
    honours = list(Honour.objects.all())
    Conferral.objects.bulk_create(
        Conferral(
            year=2000 + number % 25,
            honour=honours[number % len(honours)],
            method=Method.REGULAR,
            decision_number=f"{number}/QĐ-VKS",
            decision_date=date(2000 + number % 25, 12, 20),
            issuer="VKSND tỉnh Sơn La",
            source=ConferralSource.IMPORT,
            **recipient,
        )
        for number in range(count)
    )


def confer(year, honour_code, decision_number, person=None, unit=None, **fields):
    """One imported ledger row: an individual's when `person` is given, else the unit's."""
    fields.setdefault("method", Method.REGULAR)
    return Conferral.objects.create(
        year=year,
        recipient_type=RecipientType.INDIVIDUAL if person else RecipientType.COLLECTIVE,
        person=person,
        unit=unit,
        honour=Honour.objects.get(code=honour_code),
        decision_number=decision_number,
        source=fields.pop("source", ConferralSource.IMPORT),
        **fields,
    )


def merge_unit_b_into_a_regional_unit(personas):
    """The 2025 reform: district unit B ends on 30 June, merged into a new regional unit."""
    regional = Unit.objects.create(
        code="SL-KV1",
        name="VKSND khu vực 1",
        kind=UnitKind.REGIONAL,
        parent=personas.province,
        valid_from=date(2025, 7, 1),
    )
    Unit.objects.filter(pk=personas.unit_b.pk).update(
        merged_into=regional, valid_to=date(2025, 6, 30)
    )
    return regional
