"""The administrators' upload page, the template downloads and the `import_records` command."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from records import importing
from records.management.commands.import_records import Command
from records.models import AuditEvent, Person

from .test_import import PEOPLE, csv_bytes, generated_rows

pytestmark = pytest.mark.django_db

PAGE = reverse("records:imports")
RUN = reverse("records:import_run")
NOT_ADMINISTRATORS = [
    "staff",
    "officer_a",
    "clerk",
    "council_member",
    "chair",
    "initiative_member",
]


def template_url(kind, file_format):
    return reverse("records:import_template", args=[kind, file_format])


def upload(client, data, name="people.csv", kind="people"):
    return client.post(RUN, {"kind": kind, "file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("url", [PAGE, template_url("people", "csv")])
def test_anonymous_users_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", NOT_ADMINISTRATORS)
@pytest.mark.parametrize("url", [PAGE, template_url("people", "xlsx")])
def test_only_administrators_may_import(personas, client_as, persona, url):
    assert client_as(getattr(personas, persona)).get(url).status_code == 403


@pytest.mark.parametrize("persona", NOT_ADMINISTRATORS)
def test_others_cannot_post_an_import(personas, client_as, persona):
    response = upload(client_as(getattr(personas, persona)), csv_bytes("people", *PEOPLE))
    assert response.status_code == 403
    assert not Person.objects.filter(staff_code="P0001").exists()


def test_the_administrator_sees_the_page_and_the_nav_link(personas, client_as):
    page = client_as(personas.admin).get(PAGE)
    assert page.status_code == 200
    content = page.content.decode()
    assert f'href="{PAGE}"' in content
    assert 'enctype="multipart/form-data"' in content
    for kind in importing.IMPORTERS:
        assert template_url(kind, "csv") in content and template_url(kind, "xlsx") in content
    dashboard = client_as(personas.officer_a).get(reverse("records:dashboard")).content.decode()
    assert f'href="{PAGE}"' not in dashboard


def test_the_import_action_is_post_only(personas, client_as):
    assert client_as(personas.admin).get(RUN).status_code == 405


def test_a_good_upload_imports_and_is_audited(personas, client_as):
    client = client_as(personas.admin)
    response = upload(client, csv_bytes("people", *PEOPLE), name="staff.csv")
    assert response.status_code == 302 and response.url == PAGE
    assert Person.objects.filter(staff_code__in=["P0001", "P0002", "P0003"]).count() == 3
    page = client.get(PAGE).content.decode()
    assert "staff.csv" in page and "3" in page
    event = AuditEvent.objects.get(action="import")
    assert (event.actor, event.details["file"], event.details["created"]) == (
        personas.admin,
        "staff.csv",
        3,
    )
    # The same file again: nothing changes.
    upload(client, csv_bytes("people", *PEOPLE), name="staff.csv")
    assert AuditEvent.objects.filter(action="import").latest("id").details["unchanged"] == 3


def test_a_bad_upload_shows_every_problem_with_its_row(personas, client_as):
    data = csv_bytes("people", PEOPLE[0], "P0002|Tên|male|2023-02-30|NOPE|||")
    events = AuditEvent.objects.count()
    response = upload(client_as(personas.admin), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="import-errors"' in content
    assert "<td>3</td><td><code>birth_date</code></td>" in content
    assert "<td>3</td><td><code>unit_code</code></td>" in content
    assert "NOPE" in content
    assert not Person.objects.filter(staff_code="P0001").exists()
    assert AuditEvent.objects.count() == events


def test_the_page_speaks_vietnamese_by_default(personas, client_as):
    response = upload(client_as(personas.admin), csv_bytes("people", "P1|Tên|male||NOPE|||"))
    assert "Unknown unit code" not in response.content.decode()
    assert "NOPE" in response.content.decode()


def test_the_upload_queries_do_not_grow_with_the_rows(personas, client_as):
    client = client_as(personas.admin)

    def queries(start, count):
        data = csv_bytes("people", *generated_rows("people", start, count))
        with CaptureQueriesContext(connection) as captured:
            assert upload(client, data).status_code == 302
        return len(captured)

    # Session and user, the lookups, the existing people, the insert, the audit event.
    assert queries(0, 5) == queries(5, 50)


def test_a_long_list_of_problems_is_cut(personas, client_as):
    rows = [f"P{n}|Tên|male||NOPE|||" for n in range(1001)]
    response = upload(client_as(personas.admin), csv_bytes("people", *rows))
    assert response.context["error_count"] == 1001
    assert len(response.context["errors"]) == 1000
    assert response.context["errors_cut"]


@pytest.mark.parametrize(
    "name, data",
    [
        ("people.txt", csv_bytes("people", *PEOPLE)),  # wrong extension
        ("people.xlsx", csv_bytes("people", *PEOPLE)),  # text named as a workbook
        ("people.csv", importing.template_file("people", "xlsx")),  # a workbook named as CSV
    ],
)
def test_files_are_checked_by_name_and_content(personas, client_as, name, data):
    response = upload(client_as(personas.admin), data, name=name)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Person.objects.filter(staff_code="P0001").exists()


def test_files_over_the_size_limit_are_refused(personas, client_as, settings):
    settings.IMPORT_MAX_FILE_SIZE = 100
    response = upload(client_as(personas.admin), csv_bytes("people", *PEOPLE))
    assert response.context["form"].errors["file"]
    assert not Person.objects.filter(staff_code="P0001").exists()


def test_an_uploaded_workbook_imports(personas, client_as):
    client = client_as(personas.admin)
    for kind in ("units", "people"):
        data = client.get(template_url(kind, "xlsx")).content
        response = upload(client, data, name=f"{kind}.xlsx", kind=kind)
        assert response.status_code == 302, response.content.decode()
    assert Person.objects.get(staff_code="SL0101").unit.code == "SL-KV1"


def test_templates_download_as_csv_and_excel(personas, client_as):
    client = client_as(personas.admin)
    response = client.get(template_url("conferrals", "csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="conferrals.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig").splitlines()
    assert text[0] == ",".join(importing.IMPORTERS["conferrals"].columns)
    assert text[1].startswith("2023,individual,SL0101")

    response = client.get(template_url("ratings", "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows == [importing.IMPORTERS["ratings"].columns, importing.IMPORTERS["ratings"].example]


@pytest.mark.parametrize("kind, file_format", [("nothing", "csv"), ("people", "pdf")])
def test_unknown_templates_are_not_found(personas, client_as, kind, file_format):
    assert client_as(personas.admin).get(template_url(kind, file_format)).status_code == 404


# --- The command ----------------------------------------------------------------------------


def test_the_command_prints_the_counts(personas, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes("people", *PEOPLE))
    out = io.StringIO()
    call_command("import_records", "people", str(path), stdout=out)
    assert "people.csv" in out.getvalue() and "3" in out.getvalue()
    assert Person.objects.filter(staff_code__startswith="P000").count() == 3


def test_the_command_prints_every_error_and_fails(personas, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes("people", "P1|Tên|male|2023-02-30|SL-A|||", "P2|Tên||||||"))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_records", "people", str(path), stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 3
    assert "2 [birth_date]" in lines[0]
    assert "3 [gender]" in lines[1] and "3 [unit_code]" in lines[2]
    assert not Person.objects.filter(staff_code="P1").exists()


def test_the_command_exits_with_a_failure_status(personas, tmp_path, capsys):
    path = tmp_path / "units.csv"
    path.write_bytes(b"")
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "import_records", "units", str(path)])
    assert exit_info.value.code == 1
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "import_records", "units", str(path / "missing")])
    assert exit_info.value.code == 1
