"""The writer for imports of initiative history: idempotent by code, bulk."""

from dataclasses import replace
from datetime import date

import pytest

from initiatives.importing import write_rows
from initiatives.models import Author, Initiative, Recognition, Status
from records.bulk import Counts
from tests.conftest import make_person
from tests.initiatives.factories import author_share, people, recognised_rows

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Initiative.objects.values_list("id", "code", "title", "status", "unit_id", "year")),
        list(Author.objects.values_list("id", "initiative_id", "person_id", "share")),
        list(Recognition.objects.values_list("id", "initiative_id", "level", "decision_number")),
    )


def test_rows_create_recognised_initiatives_once(personas, django_assert_max_num_queries):
    authors = people(personas.unit_a, 4)
    rows = recognised_rows(personas.unit_a, authors, 20)
    # lookups and bulk writes, plus the audit chain head (lock, read, update)
    with django_assert_max_num_queries(15):
        assert write_rows(rows) == Counts(created=20, updated=0, unchanged=0)
    assert Initiative.objects.filter(status=Status.RECOGNISED).count() == 20
    assert Recognition.objects.filter(year=2023, level="grassroots").count() == 20
    assert set(Initiative.objects.values_list("share_total", flat=True)) == {100}
    before = snapshot()
    assert write_rows(rows) == Counts(created=0, updated=0, unchanged=20)
    assert snapshot() == before


def test_a_changed_row_updates_and_a_higher_level_adds_a_recognition(personas):
    authors = people(personas.unit_a, 3)
    rows = recognised_rows(personas.unit_a, authors, 2)
    write_rows(rows)
    changed = replace(rows[0], title="Tên đã sửa", authors=(author_share(authors[2], 100),))
    sector = replace(
        rows[1],
        level="sector",
        recognised_on=date(2023, 12, 12),
        decision_number="1520/QĐ-VKSTC",
    )
    assert write_rows([changed, rows[1], sector]) == Counts(created=0, updated=2, unchanged=0)
    first = Initiative.objects.get(code=rows[0].code)
    assert first.title == "Tên đã sửa"
    assert [(a.person, a.share) for a in first.authors.all()] == [(authors[2], 100)]
    second = Initiative.objects.get(code=rows[1].code)
    assert list(second.recognitions.values_list("level", flat=True)) == ["grassroots", "sector"]
    assert second.requested_level == "sector"
    assert Initiative.objects.filter(status=Status.RECOGNISED).count() == 2


def test_an_initiatives_file_imports_through_the_records_importer(personas, tmp_path):
    from django.core.management import call_command

    make_person(personas.unit_a, "A0002", "Lò Văn Bình")
    path = tmp_path / "initiatives.csv"
    path.write_text(
        "year,code,title,level,unit_code,recognised_on,decision_number,authors\n"
        "2023,SK-23-001,Giải pháp số hóa hồ sơ,grassroots,SL-A,15/08/2023,12/QĐ-VKS,"
        "A0001:60;A0002:40\n",
        encoding="utf-8",
    )
    call_command("import_records", "initiatives", str(path))
    call_command("import_records", "initiatives", str(path))
    initiative = Initiative.objects.get(code="SK-23-001")
    assert initiative.status == Status.RECOGNISED
    assert sorted(initiative.authors.values_list("person__staff_code", "share")) == [
        ("A0001", 60),
        ("A0002", 40),
    ]
    assert Recognition.objects.filter(initiative=initiative).count() == 1
