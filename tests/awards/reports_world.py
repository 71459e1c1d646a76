"""Ledger rows built in bulk for the report tests (the reports only read the ledger)."""

from records.models import Conferral, Honour, Method, Person, RecipientType


def honour(code):
    return Honour.objects.get(code=code)


def confer(people=(), units=(), code="BKN", year=2023, method=Method.REGULAR, campaign=""):
    """One ledger row per person and per unit, under one decision number."""
    common = {
        "year": year,
        "honour": honour(code),
        "method": method,
        "campaign": campaign,
        "decision_number": f"{code}-{year}",
        "source": "import",
    }
    individual, collective = RecipientType.INDIVIDUAL, RecipientType.COLLECTIVE
    rows = [
        Conferral(recipient_type=individual, person=person, unit_id=person.unit_id, **common)
        for person in people
    ] + [Conferral(recipient_type=collective, unit=unit, **common) for unit in units]
    return Conferral.objects.bulk_create(rows)


def people(unit, count, prefix="X", **fields):
    fields.setdefault("gender", "male")
    return Person.objects.bulk_create(
        Person(
            unit=unit,
            staff_code=f"{prefix}{number:04d}",
            full_name=f"Nguyễn Văn {prefix}{number}",
            search_text=f"nguyen van {prefix.lower()}{number} {prefix.lower()}{number:04d}",
            **fields,
        )
        for number in range(count)
    )
