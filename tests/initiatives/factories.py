"""Small builders for the initiatives tests."""

from datetime import date
from decimal import Decimal

from initiatives import services
from initiatives.models import Batch, Initiative, Level
from records.importing import Author, InitiativeRow
from tests.conftest import make_person


def initiative_data(unit, title="Giải pháp nâng cao chất lượng kiểm sát", **fields):
    data = {
        "title": title,
        "summary": fields.pop("summary", f"Tóm tắt: {title}"),
        "unit": unit,
        "year": 2023,
        "first_applied_on": date(2023, 3, 1),
        "requested_level": Level.GRASSROOTS,
    }
    data.update(fields)
    return data


def make_initiative(user, unit, authors, submit=False, **fields):
    """An initiative entered by `user` with `authors` [(person, share)]; submitted if asked."""
    initiative = services.save_initiative(user, initiative_data(unit, **fields), authors)
    if submit:
        initiative, _warnings = services.submit(user, initiative, on=date(2023, 6, 1))
    return Initiative.objects.get(pk=initiative.pk)


def people(unit, count, prefix="P"):
    return [make_person(unit, f"{prefix}{n:04d}", f"Người {prefix} {n}") for n in range(count)]


def recognised_rows(unit, authors, count, start=0, level="grassroots", year=2023):
    """Validated import rows, as `records.importing` hands them to the initiatives writer:
    `count` recognised initiatives, two authors each."""
    return [
        InitiativeRow(
            row=n + 2,
            year=year,
            code=f"SK-{level[:2]}-{n:04d}",
            title=f"Sáng kiến số {n} về công tác kiểm sát",
            level=level,
            unit_id=unit.pk,
            recognised_on=date(year, 8, 15),
            decision_number=f"{n}/QĐ-VKS",
            authors=(
                author_share(authors[n % len(authors)], 60),
                author_share(authors[(n + 1) % len(authors)], 40),
            ),
        )
        for n in range(start, start + count)
    ]


def author_share(person, share):
    return Author(person_id=person.pk, staff_code=person.staff_code, share=Decimal(share))


def sector_batch(number, opens_on, closes_on, year=2023):
    return Batch.objects.create(
        year=year, level=Level.SECTOR, number=number, opens_on=opens_on, closes_on=closes_on
    )
