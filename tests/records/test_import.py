"""Imports of history: good files of each kind, idempotent re-imports, every kind of bad file,
and a query budget that does not grow with the number of rows."""

import csv
import io
import unicodedata
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from records import importing
from records.importing import Counts, ImportRejected, run_import
from records.models import (
    AuditEvent,
    Conferral,
    ConferralSource,
    Discipline,
    Person,
    Rating,
    RecipientType,
    Unit,
)

pytestmark = pytest.mark.django_db


def csv_bytes(kind, *rows, columns=None):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns or importing.IMPORTERS[kind].columns)
    writer.writerows(row.split("|") if isinstance(row, str) else row for row in rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(*rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(kind, *rows):
    return run_import(kind, csv_bytes(kind, *rows), file_name=f"{kind}.csv")


def problems(result):
    """(row, column) of each error, in order."""
    assert result.counts is None
    return [(error.row, error.column) for error in result.errors]


def message(result):
    return " ".join(error.message for error in result.errors)


@pytest.fixture
def no_initiatives_writer(monkeypatch):
    monkeypatch.delitem(importing._writers, "initiatives", raising=False)


@pytest.fixture
def initiatives_writer(monkeypatch):
    """A stand-in for the initiatives app's writer: records what it was given."""
    received = []

    def write(rows):
        received.extend(rows)
        return Counts(created=len(rows))

    monkeypatch.setitem(importing._writers, "initiatives", write)
    return received


UNITS = [
    # A unit merged into a successor defined further down the same file.
    "SL-H1|VKSND huyện 1|district|SONLA|2000-01-01|30/06/2025|SL-KV1",
    "SL-H2|VKSND huyện 2|district|SONLA|2000-01-01|30/06/2025|SL-KV1",
    "SL-KV1-VP|Văn phòng khu vực 1|department|SL-KV1|||",
    "SL-KV1|VKSND khu vực 1|regional|SONLA|01/07/2025||",
]
PEOPLE = [
    "P0001|Nguyễn Văn Minh|male|12/04/1985|SL-A|Kiểm sát viên|staff|2010-09-01",
    "P0002|Lê Thị Hoa|female|1990-01-31|SL-B||division|",
    "P0003|Đặng Văn Nam|male||SONLA|Viện trưởng||01/01/2000",
]
CONFERRALS = [
    # A0001 works in unit A now; in 2023 they were in unit B.
    "2023|individual|A0001|SL-B|LDTT|regular||125/QĐ-VKS|2023-12-20|VKSND tỉnh Sơn La",
    "2023|individual|B0001||CSTDCS|regular||126/QĐ-VKS|20/12/2023|VKSND tỉnh Sơn La",
    "2023|collective||SL-VP|CTDN|regular||300/QĐ-VKSTC|2024-01-10|VKSND tối cao",
    "2023|collective||SL-A|BKN|thematic|Vì người nghèo|301/QĐ-VKSTC||VKSND tối cao",
]
RATINGS = [
    "2023|individual|A0001||excellent",
    "2023|individual|B0001|SL-B|good",
    "2023|collective||SL-A|excellent",
]
DISCIPLINE = [
    "B0001|reprimand|2023-03-01|2024-02-28|12/QĐ-VKS",
    "A0001|warning|01/06/2024||20/QĐ-VKS",
]
INITIATIVES = [
    "2023|SK-01|Kiểm sát án hình sự|grassroots|SL-A|2023-11-20|98/QĐ-VKS|A0001:60;B0001:40",
    "2023|SK-02|Kiểm sát điều tra|sector|SONLA|||VP0001:33,34; VP0002:33.33 ;SL0001:33.33",
]
GOOD = [
    ("units", UNITS, Unit),
    ("people", PEOPLE, Person),
    ("conferrals", CONFERRALS, Conferral),
    ("ratings", RATINGS, Rating),
    ("discipline", DISCIPLINE, Discipline),
]
MODELS = [Unit, Person, Conferral, Rating, Discipline]


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


# --- Good files -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind, rows, model", GOOD, ids=[kind for kind, *_rest in GOOD])
def test_a_good_file_imports_and_a_second_import_changes_nothing(personas, kind, rows, model):
    before = model.objects.count()
    first = run(kind, *rows)
    assert first.ok, first.errors
    assert (first.counts.created, first.counts.updated) == (len(rows), 0)
    assert model.objects.count() == before + len(rows)
    counts = row_counts()

    second = run(kind, *rows)
    assert (second.counts.created, second.counts.updated, second.counts.unchanged) == (
        0,
        0,
        len(rows),
    )
    assert row_counts() == counts


def test_units_refer_to_units_later_in_the_file_and_merged_units_roll_up(personas):
    assert run("units", *UNITS).ok
    regional = Unit.objects.get(code="SL-KV1")
    district = Unit.objects.get(code="SL-H1")
    assert district.merged_into == regional
    assert district.parent == personas.province
    assert (district.valid_from, district.valid_to) == (date(2000, 1, 1), date(2025, 6, 30))
    assert Unit.objects.get(code="SL-KV1-VP").parent == regional
    assert set(Unit.objects.subtree_ids([regional])) == set(
        Unit.objects.filter(code__startswith="SL-KV1").values_list("pk", flat=True)
    ) | set(Unit.objects.filter(code__in=["SL-H1", "SL-H2"]).values_list("pk", flat=True))


def test_people_are_searchable_after_import(personas):
    assert run("people", *PEOPLE).ok
    person = Person.objects.get(staff_code="P0001")
    assert person.search_text == "nguyen van minh p0001"
    assert list(Person.objects.search("nguyen minh")) == [person]
    assert person.birth_date == date(1985, 4, 12)
    assert Person.objects.get(staff_code="P0003").leadership == "staff"  # the default
    assert Person.objects.get(staff_code="P0002").leadership == "division"


def test_a_changed_row_is_updated_and_the_others_stay(personas):
    assert run("people", *PEOPLE).ok
    changed = ["P0001|Nguyễn Văn Minh Tuấn|male|12/04/1985|SL-B|Phó Viện trưởng|division|"]
    result = run("people", *changed, *PEOPLE[1:])
    assert (result.counts.created, result.counts.updated, result.counts.unchanged) == (0, 1, 2)
    person = Person.objects.get(staff_code="P0001")
    assert (person.unit, person.position, person.sector_start_date) == (
        personas.unit_b,
        "Phó Viện trưởng",
        None,
    )
    assert list(Person.objects.search("minh tuan")) == [person]


def test_awkward_characters_are_stored_exactly(personas):
    position = "Phó\tViện trưởng \\N\nkiêm Chánh Văn phòng"
    result = run("people", ["P0001", "Nguyễn Văn Minh", "male", "", "SL-A", position, "", ""])
    assert result.ok, result.errors
    assert Person.objects.get(staff_code="P0001").position == position
    changed = position.replace("Phó", "Quyền")
    assert run("people", ["P0001", "Nguyễn Văn Minh", "male", "", "SL-A", changed, "", ""]).ok
    assert Person.objects.get(staff_code="P0001").position == changed


@pytest.mark.parametrize(
    "staff_code, position",
    [
        ("\\.", "Kiểm sát viên"),
        ("P0001", '"Trưởng phòng", kiêm\r\n\\.\nPhó ban'),
        ("P0002", "a\rb,\\N"),
    ],
)
def test_text_that_means_something_to_copy_is_stored_exactly(personas, staff_code, position):
    """PostgreSQL receives the rows as CSV: quotes, commas, carriage returns, the null mark and
    the end-of-data mark `\\.` (also first on a line) are data like any other text."""
    row = [staff_code, "Nguyễn Văn Minh", "male", "", "SL-A", position, "", ""]
    assert run("people", row, ["P0009", "Trần Thị Lan", "female", "", "SL-A", "", "", ""]).ok
    person = Person.objects.get(staff_code=staff_code)
    assert (person.position, person.birth_date) == (position, None)
    assert Person.objects.get(staff_code="P0009").position == ""
    assert run("people", row).counts.unchanged == 1


def test_an_existing_unit_is_updated_from_the_file(personas):
    result = run("units", "SL-A|VKSND huyện A (cũ)|district|SONLA|2000-01-01|30/06/2025|")
    assert (result.counts.created, result.counts.updated) == (0, 1)
    personas.unit_a.refresh_from_db()
    assert personas.unit_a.name == "VKSND huyện A (cũ)"
    assert personas.unit_a.valid_to == date(2025, 6, 30)


def test_conferrals_for_individuals_carry_the_unit_at_the_time(personas):
    assert run("conferrals", *CONFERRALS).ok
    moved = Conferral.objects.get(person=personas.person_a)
    assert moved.unit == personas.unit_b  # the file's unit, not the person's current unit
    stayed = Conferral.objects.get(person=personas.person_b)
    assert stayed.unit == personas.unit_b  # no unit in the file: the person's unit
    flag = Conferral.objects.get(honour__code="CTDN")
    assert (flag.recipient_type, flag.person, flag.unit) == (
        RecipientType.COLLECTIVE,
        None,
        personas.office,
    )
    assert set(Conferral.objects.values_list("source", flat=True)) == {ConferralSource.IMPORT}
    thematic = Conferral.objects.get(honour__code="BKN")
    assert (thematic.method, thematic.campaign, thematic.decision_date) == (
        "thematic",
        "Vì người nghèo",
        None,
    )


def test_a_conferral_with_a_changed_issuer_is_updated(personas):
    assert run("conferrals", *CONFERRALS).ok
    changed = CONFERRALS[0].replace("VKSND tỉnh Sơn La", "Viện trưởng VKSND tỉnh")
    result = run("conferrals", changed)
    assert (result.counts.created, result.counts.updated) == (0, 1)
    assert Conferral.objects.get(person=personas.person_a).issuer == "Viện trưởng VKSND tỉnh"


def test_ratings_and_discipline_are_stored(personas):
    assert run("ratings", *RATINGS).ok
    assert run("discipline", *DISCIPLINE).ok
    rating = Rating.objects.get(person=personas.person_a)
    assert (rating.year, rating.rating, rating.unit) == (2023, "excellent", personas.unit_a)
    assert Rating.objects.get(recipient_type="collective").unit == personas.unit_a
    in_force = Discipline.objects.get(person=personas.person_a)
    assert (in_force.level, in_force.start_date, in_force.end_date) == (
        "warning",
        date(2024, 6, 1),
        None,
    )


def test_an_excel_sheet_with_typed_cells_imports(personas):
    columns = importing.IMPORTERS["people"].columns
    data = xlsx_bytes(
        columns,
        ["P0009", "Vũ Thị Lan", "female", datetime(1988, 2, 29), "SL-A", None, None, None],
        [None] * len(columns),  # blank rows are skipped
        [42.0, "Số Bốn Hai", "male", date(1970, 1, 1), "SL-A", "", "staff", "2000-05-01"],
    )
    result = run_import("people", data, file_name="people.xlsx")
    assert result.ok, result.errors
    assert Person.objects.get(staff_code="P0009").birth_date == date(1988, 2, 29)
    assert Person.objects.get(staff_code="42").full_name == "Số Bốn Hai"


def test_a_csv_saved_by_excel_with_bom_and_semicolons_imports(personas):
    columns = ";".join(importing.IMPORTERS["ratings"].columns)
    data = f"{columns}\r\n2023;individual;A0001;;good\r\n".encode("utf-8-sig")
    result = run_import("ratings", data)
    assert result.ok, result.errors
    assert Rating.objects.get().rating == "good"


def test_each_successful_import_is_audited(personas):
    result = run_import("people", csv_bytes("people", *PEOPLE), "staff.csv", personas.admin)
    assert result.ok
    event = AuditEvent.objects.get(action="import")
    assert (event.actor, event.object_type) == (personas.admin, "people")
    assert event.details == {
        "kind": "people",
        "file": "staff.csv",
        "created": 3,
        "updated": 0,
        "unchanged": 0,
    }


# --- Bad files ------------------------------------------------------------------------------


def assert_nothing_imported(counts):
    assert row_counts() == counts
    assert not AuditEvent.objects.filter(action="import").exists()


def test_a_file_with_one_wrong_row_imports_nothing(personas):
    counts = row_counts()
    result = run("people", *PEOPLE[:2], "P0004|Hà Văn Sai|male||NOPE|||")
    assert problems(result) == [(4, "unit_code")]
    assert "NOPE" in message(result)
    assert_nothing_imported(counts)


def cp1258(text):
    """`text` in Windows' Vietnamese code page, which writes tone marks as combining characters."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_a_file_not_in_utf8_is_refused_with_its_line(personas):
    text = "\n".join(
        [
            ",".join(importing.IMPORTERS["people"].columns),
            *[row.replace("|", ",") for row in PEOPLE],
        ]
    )
    data = cp1258(text)
    counts = row_counts()
    result = run_import("people", data)
    assert problems(result) == [(2, "")]
    assert "UTF-8" in message(result)
    assert_nothing_imported(counts)


def test_latin1_bytes_are_refused(personas):
    data = "code,name,kind,parent_code,valid_from,valid_to,merged_into_code\nX,Café,supreme,,,,\n"
    result = run_import("units", data.encode("latin-1"))
    assert problems(result) == [(2, "")]


def test_missing_columns_are_named(personas):
    data = csv_bytes("people", "P1|Tên|SL-A", columns=["staff_code", "full_name", "unit_code"])
    result = run_import("people", data)
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.row == 1
    assert error.column == "gender, birth_date, position, leadership, sector_start_date"
    assert "gender" in error.message and "sector_start_date" in error.message


@pytest.mark.parametrize(
    "kind, row, column, code",
    [
        ("conferrals", "2023|individual|A0001||XYZ|regular||1/QĐ||", "honour_code", "XYZ"),
        ("conferrals", "2023|collective||NOPE|TTLDTT|regular||1/QĐ||", "unit_code", "NOPE"),
        ("conferrals", "2023|individual|Z9999||LDTT|regular||1/QĐ||", "staff_code", "Z9999"),
        ("ratings", "2023|individual|Z9999||good", "staff_code", "Z9999"),
        ("discipline", "Z9999|warning|2023-01-01||1/QĐ", "staff_code", "Z9999"),
        ("people", "P1|Tên|male||NOPE|||", "unit_code", "NOPE"),
        ("units", "X1|Đơn vị|district|NOPE|||", "parent_code", "NOPE"),
        ("units", "X1|Đơn vị|district||||NOPE", "merged_into_code", "NOPE"),
    ],
)
def test_unknown_codes_are_reported(personas, kind, row, column, code):
    result = run(kind, row)
    assert problems(result) == [(2, column)]
    assert code in message(result)


def test_duplicate_staff_codes_in_a_file_are_reported(personas):
    result = run("people", *PEOPLE, PEOPLE[0].replace("Minh", "Mạnh"))
    assert problems(result) == [(5, "staff_code")]
    assert "2" in message(result)
    assert not Person.objects.filter(staff_code="P0001").exists()


def test_a_repeated_conferral_in_a_file_is_reported(personas):
    result = run("conferrals", CONFERRALS[0], CONFERRALS[0])
    assert problems(result) == [(3, "staff_code")]


@pytest.mark.parametrize(
    "value", ["2023-02-30", "31/04/2023", "2023/01/01", "hôm qua", "2023-13-01"]
)
def test_impossible_or_malformed_dates_are_reported(personas, value):
    result = run("people", f"P1|Tên|male|{value}|SL-A|||")
    assert problems(result) == [(2, "birth_date")]
    assert value in message(result)


def test_periods_must_not_end_before_they_start(personas):
    assert problems(run("discipline", "A0001|warning|2024-01-01|2023-12-31|1/QĐ")) == [
        (2, "end_date")
    ]
    assert problems(run("units", "X1|Đơn vị|district||2025-01-01|2024-01-01|")) == [(2, "valid_to")]


@pytest.mark.parametrize("kind", ["conferrals", "ratings"])
def test_recipients_must_be_either_a_person_or_a_unit(personas, kind):
    tails = {"conferrals": "|LDTT|regular||1/QĐ||", "ratings": "|good"}
    collective = {"conferrals": "|TTLDTT|regular||2/QĐ||", "ratings": "|good"}
    rows = [
        "2023|individual||SL-A" + tails[kind],  # an individual without a person
        "2023|collective|A0001|SL-A" + collective[kind],  # a collective naming a person
        "2023|collective||" + collective[kind],  # a collective without a unit
        "2023|||SL-A" + tails[kind],  # no recipient type
        "2023|someone|A0001|" + tails[kind],
    ]
    result = run(kind, *rows)
    assert problems(result) == [
        (2, "staff_code"),
        (3, "staff_code"),
        (4, "unit_code"),
        (5, "recipient_type"),
        (6, "recipient_type"),
    ]


def test_an_honour_must_suit_the_recipient(personas):
    result = run("conferrals", "2023|individual|A0001||TTLDTT|regular||1/QĐ||")
    assert problems(result) == [(2, "honour_code")]
    assert "TTLDTT" in message(result)


def test_bad_values_are_each_reported(personas):
    result = run(
        "conferrals",
        "20x3|individual|A0001||LDTT|weekly||||",
        "2023²|individual|A0001||LDTT|regular||1/QĐ|２０２３-01-01|",
        "1066|individual|A0001||LDTT|regular||" + "9" * 65 + "||",
        "1944|individual|A0001||LDTT|regular||1/QĐ||",  # before records.fields.FIRST_YEAR
    )
    assert problems(result) == [
        (2, "year"),
        (2, "decision_number"),
        (2, "method"),
        (3, "year"),
        (3, "decision_date"),
        (4, "year"),
        (4, "decision_number"),
        (5, "year"),
    ]
    assert "regular" in message(result)


@pytest.mark.parametrize("data", [b"", b"\n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(personas, data):
    result = run_import("units", data)
    assert problems(result) == [(None, "")]


def test_a_file_without_data_rows_is_refused(personas):
    result = run_import("units", csv_bytes("units"))
    assert problems(result) == [(None, "")]
    assert result.errors[0].message != run_import("units", b"").errors[0].message


def test_a_file_over_the_row_limit_is_refused(personas, settings):
    settings.IMPORT_MAX_ROWS = 3
    counts = row_counts()
    result = run("people", *PEOPLE, "P0004|Hà Văn Bốn|male||SL-A|||")
    assert problems(result) == [(None, "")]
    assert "3" in message(result)
    assert_nothing_imported(counts)
    assert run("people", *PEOPLE).ok


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 this is not a workbook",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .xls file",
    ],
    ids=["damaged-xlsx", "old-xls"],
)
def test_an_unreadable_workbook_is_refused(personas, data):
    result = run_import("units", data)
    assert problems(result) == [(None, "")]
    assert ".xls" in message(result)


def test_a_zip_that_is_not_a_workbook_is_refused(personas):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert problems(run_import("units", out.getvalue())) == [(None, "")]


def test_unit_links_must_not_loop_or_point_to_themselves(personas):
    result = run(
        "units",
        "X1|Một|department|X2|||",
        "X2|Hai|department|X1|||",
        "X3|Ba|department|X3|||",
    )
    assert problems(result) == [(2, "parent_code"), (3, "parent_code"), (4, "parent_code")]


def test_errors_are_in_the_users_language(personas):
    with translation.override("vi"):
        vietnamese = message(run("ratings", "2023|individual|Z9999||good"))
    with translation.override("en"):
        english = message(run("ratings", "2023|individual|Z9999||good"))
    assert english == "Unknown staff code “Z9999”."
    assert vietnamese != english and "Z9999" in vietnamese


# --- Initiatives ----------------------------------------------------------------------------


def test_initiatives_are_validated_and_wait_for_their_module(personas, no_initiatives_writer):
    with translation.override("en"):
        result = run("initiatives", *INITIATIVES)
    assert problems(result) == [(None, "")]
    assert "until the initiatives module is installed" in message(result)
    result = run("initiatives", "2023|SK-9|Tên|grassroots|SL-A|||Z9999:100")
    assert problems(result) == [(None, ""), (2, "authors")]


def test_initiatives_go_to_the_registered_writer(personas, initiatives_writer):
    result = run("initiatives", *INITIATIVES)
    assert result.ok, result.errors
    assert result.counts.created == 2
    first, second = initiatives_writer
    assert (first.row, first.year, first.code, first.level, first.unit_id) == (
        2,
        2023,
        "SK-01",
        "grassroots",
        personas.unit_a.pk,
    )
    assert first.recognised_on == date(2023, 11, 20)
    assert [(a.person_id, a.share) for a in first.authors] == [
        (personas.person_a.pk, Decimal(60)),
        (personas.person_b.pk, Decimal(40)),
    ]
    assert [a.share for a in second.authors] == [Decimal(s) for s in ("33.34", "33.33", "33.33")]
    assert AuditEvent.objects.get(action="import").object_type == "initiatives"


@pytest.mark.parametrize(
    "authors, fragment",
    [
        ("A0001:60;B0001:30", "90"),
        ("A0001-60", "A0001-60"),
        ("A0001:abc", "A0001:abc"),
        ("A0001:0;B0001:100", "A0001:0"),
        ("A0001:100.5", "A0001:100.5"),
        (":100", ":100"),
        ("Z9999:100", "Z9999"),
        ("A0001:50;A0001:50", "A0001"),
        ("", ""),
    ],
)
def test_initiative_authors_must_be_valid_pairs_adding_to_100(
    personas, initiatives_writer, authors, fragment
):
    result = run("initiatives", f"2023|SK-1|Tên|grassroots|SL-A|||{authors}")
    assert problems(result) == [(2, "authors")]
    assert fragment in message(result)
    assert initiatives_writer == []


def test_initiative_rows_are_validated_like_the_others(personas, initiatives_writer):
    result = run(
        "initiatives",
        "2023|SK-1|Tên|national|NOPE|2023-02-30||A0001:100",
        "2023|SK-1|Tên|sector|SL-A|||A0001:100",
        "2023|SK-1|Tên|sector|SL-A|||A0001:100",
    )
    assert problems(result) == [
        (2, "level"),
        (2, "unit_code"),
        (2, "recognised_on"),
        (4, "code"),
    ]


def test_a_writer_that_refuses_rolls_everything_back(personas, monkeypatch):
    def refuse(rows):
        Unit.objects.create(code="TEMP", name="Tạm", kind="department")
        raise ImportRejected([importing.RowError(rows[0].row, "code", "taken")])

    monkeypatch.setitem(importing._writers, "initiatives", refuse)
    events = AuditEvent.objects.count()
    result = run("initiatives", *INITIATIVES)
    assert problems(result) == [(2, "code")]
    assert not Unit.objects.filter(code="TEMP").exists()
    assert AuditEvent.objects.count() == events


# --- Templates and the query budget ----------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_template_imports_its_example_row(personas, initiatives_writer, file_format):
    for kind in importing.IMPORTERS:
        data = importing.template_file(kind, file_format)
        result = run_import(kind, data, file_name=f"{kind}.{file_format}")
        assert result.ok, (kind, result.errors)
        assert result.counts.created == 1, kind
    person = Person.objects.get(staff_code="SL0101")
    assert person.unit.code == "SL-KV1"
    assert person.conferrals.get().honour.code == "LDTT"
    assert len(initiatives_writer) == 1


def generated_rows(kind, start, count):
    """`count` good rows of `kind`, numbered from `start` (people S<n> exist for the others)."""
    rows = {
        "units": lambda n: f"G{n}|Đơn vị {n}|department|SONLA|2020-01-01||",
        "people": lambda n: f"S{n}|Người {n}|male|1980-01-01|SL-A|||",
        "conferrals": lambda n: f"2023|individual|S{n}||LDTT|regular||{n}/QĐ|2023-12-20|",
        "ratings": lambda n: f"2023|individual|S{n}||good",
        "discipline": lambda n: f"S{n}|reprimand|2023-01-01||{n}/QĐ",
        "initiatives": lambda n: f"2023|SK{n}|Sáng kiến {n}|grassroots|SL-A|||S{n}:100",
    }[kind]
    return [rows(n) for n in range(start, start + count)]


@pytest.mark.parametrize("kind", list(importing.IMPORTERS))
def test_the_number_of_queries_does_not_grow_with_the_rows(personas, initiatives_writer, kind):
    if kind != "people":
        assert run("people", *generated_rows("people", 0, 55)).ok

    def queries(start, count):
        with CaptureQueriesContext(connection) as captured:
            result = run(kind, *generated_rows(kind, start, count))
        assert result.ok, result.errors
        assert result.counts.created == count
        return len(captured)

    assert queries(0, 5) == queries(5, 50)
