"""Uploads are limited in size, checked by content and stored under generated names with a
sanitised display name; every CSV/XLSX the product writes goes through records.exports."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.models import DossierFile
from initiatives.models import Attachment
from records import importing
from records.exports import safe_cell, safe_row
from records.uploads import safe_file_name
from tests.world import PDF, World

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
APPS = ["records", "emulation", "initiatives", "awards"]
# Modules that write CSV for PostgreSQL's COPY, never for a person to open in a spreadsheet.
COPY_WRITERS = {"records/bulk.py"}


@pytest.fixture
def world(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return World(personas)


def upload_dossier(client, world, name, content):
    url = reverse("awards:file_upload", args=[world.nomination.pk])
    upload = SimpleUploadedFile(name, content, "application/pdf")
    return client.post(url, {"kind": "evidence", "file": upload})


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.pdf", b"MZ\x90\x00 an executable named .pdf"),
        ("report.exe", PDF),
        ("report", PDF),
        ("photo.png", b"\xff\xd8\xff a jpeg named .png"),
        ("report.pdf", b""),
    ],
)
def test_dossier_files_are_checked_by_name_and_content(world, client_as, name, content):
    before = DossierFile.objects.count()
    response = upload_dossier(client_as(world.p.clerk), world, name, content)
    assert response.status_code == 302
    assert DossierFile.objects.count() == before


def test_dossier_files_over_the_limit_are_refused(world, client_as, monkeypatch):
    monkeypatch.setattr(services.nominations, "MAX_FILE_SIZE", len(PDF) - 1)
    before = DossierFile.objects.count()
    upload_dossier(client_as(world.p.clerk), world, "report.pdf", PDF)
    assert DossierFile.objects.count() == before


def test_dossier_file_names_are_sanitised_and_never_used_on_disk(world, client_as, tmp_path):
    client = client_as(world.p.clerk)
    upload_dossier(client, world, "..\\..\\evil\x07\u202egdp.pdf", PDF)
    stored = DossierFile.objects.latest("id")
    assert stored.original_name == "evilgdp.pdf"
    path = Path(stored.file.path).resolve()
    assert path.is_relative_to(tmp_path) and "evil" not in path.name
    download = client.get(reverse("awards:file_download", args=[stored.pk]))
    assert 'filename="evilgdp.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Windows\\win.ini", "win.ini"),
        ("a\x00b\x1b[31m.pdf", "ab[31m.pdf"),
        ("  ..  ", "file"),
        ("Báo cáo thành tích.pdf", "Báo cáo thành tích.pdf"),
        ("x" * 300 + ".pdf", ("x" * 300 + ".pdf")[-255:]),
    ],
)
def test_safe_file_name(name, expected):
    assert safe_file_name(name) == expected


def initiative_post(world, **extra):
    """A new initiative like unit A's, with `extra`."""
    initiative = world.initiative
    data = {
        "title": "Sổ tay kiểm sát viên điện tử",
        "summary": initiative.summary,
        "unit": initiative.unit_id,
        "year": initiative.year,
        "first_applied_on": initiative.first_applied_on.isoformat(),
        "form": "solution",
        "requested_level": initiative.requested_level,
        "authors-TOTAL_FORMS": "2",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "1",
        "authors-MAX_NUM_FORMS": "20",
        "authors-0-staff_code": world.p.person_a.staff_code,
        "authors-0-share": "60",
        "authors-1-staff_code": world.p.clerk_person.staff_code,
        "authors-1-share": "40",
    }
    return data | extra


@pytest.mark.parametrize(
    "name, content, stored",
    [
        ("proof.pdf", PDF, True),
        ("proof.pdf", b"<html><script>alert(1)</script>", False),
        ("proof.html", b"<html></html>", False),
    ],
)
def test_initiative_attachments_are_checked_by_name_and_content(
    world, client_as, name, content, stored
):
    before = Attachment.objects.count()
    upload = SimpleUploadedFile(name, content)
    client = client_as(world.p.staff)
    response = client.post(
        reverse("initiatives:create"),
        initiative_post(world, attachment=upload),
    )
    assert response.status_code == (302 if stored else 200)
    assert Attachment.objects.count() == before + stored


def test_cells_that_a_spreadsheet_would_run_are_neutralised():
    assert safe_row(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain", 5, None]) == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "plain",
        5,
        None,
    ]
    assert safe_cell(-3) == -3


def test_every_module_that_writes_csv_or_xlsx_uses_safe_row():
    """A new CSV or XLSX writer must call records.exports (safe_row or safe_cell)."""
    writers = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            source = path.read_text()
            name = path.relative_to(ROOT).as_posix()
            if name in COPY_WRITERS:
                continue
            if any(mark in source for mark in ("csv.writer", "csv.DictWriter", "Workbook(")):
                writers.append(name)
                assert "safe_row" in source or "safe_cell" in source, path
    assert {"records/importing.py", "awards/eligibility/report.py"} <= set(writers)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_import_templates_are_written_through_safe_row(monkeypatch, file_format):
    monkeypatch.setattr(importing.IMPORTERS["people"], "example", ("=HYPERLINK(1)",) * 8)
    content = importing.template_file("people", file_format)
    if file_format == "csv":
        assert "'=HYPERLINK(1)" in content.decode("utf-8-sig")
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        assert sheet["A2"].value == "'=HYPERLINK(1)"


def test_the_eligibility_workbook_neutralises_hostile_names():
    from awards.eligibility import to_xlsx

    row = {
        "recipient": "=cmd|' /C calc'!A0",
        "name": "@SUM(1)",
        "unit": "-U",
        "honour": "+H",
        "status": "eligible",
        "reasons": ["=x"],
    }
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx([row]))).active
    assert [cell.value for cell in sheet[2]][:4] == [
        "'=cmd|' /C calc'!A0",
        "'@SUM(1)",
        "'-U",
        "'+H",
    ]
