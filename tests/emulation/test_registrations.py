from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from emulation.models import Registration, RegistrationPeriod, RegistrationSheet, SheetStatus
from records.models import AuditEvent, Person, RecipientType, Unit, UnitKind
from tests.emulation.conftest import make_sheet

pytestmark = pytest.mark.django_db
YEAR = 2023


def sheet_url(unit, name="emulation:sheet", year=YEAR):
    return reverse(name, args=[year, unit.code])


def grid_post(personas, honours, **titles):
    """The grid's POST: person_a with `titles["a"]`, the unit with `titles["unit"]`."""
    return {
        f"person_{personas.person_a.pk}": str(honours[titles.get("a", "LDTT")].pk),
        "unit_title": str(honours[titles["unit"]].pk) if "unit" in titles else "",
    }


def test_new_grid_prefills_everyone_with_advanced_worker(personas, client_as, honours):
    page = client_as(personas.officer_a).get(sheet_url(personas.unit_a))
    assert page.status_code == 200
    html = page.content.decode()
    assert personas.person_a.full_name in html
    assert personas.person_b.full_name not in html
    assert f'<option value="{honours["LDTT"].pk}" selected>' in html


def test_officer_saves_a_draft_then_submits(personas, client_as, honours):
    client = client_as(personas.officer_a)
    data = grid_post(personas, honours, a="CSTDCS", unit="TTLDTT")
    response = client.post(sheet_url(personas.unit_a), data | {"save": ""})
    assert response.status_code == 302
    sheet = RegistrationSheet.objects.get(unit=personas.unit_a, year=YEAR)
    assert sheet.status == SheetStatus.DRAFT
    lines = {(r.recipient_type, r.honour.code) for r in sheet.registrations.all()}
    assert lines == {(RecipientType.INDIVIDUAL, "CSTDCS"), (RecipientType.COLLECTIVE, "TTLDTT")}
    client.post(sheet_url(personas.unit_a), data | {"submit": ""})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    assert sheet.submitted_at is not None and not sheet.is_late
    assert AuditEvent.objects.filter(action="registration.submit", object_id=str(sheet.pk)).exists()


def test_late_submission_is_flagged_not_refused(personas, client_as, honours):
    RegistrationPeriod.objects.create(year=YEAR, deadline=timezone.localdate() - timedelta(days=1))
    sheet = make_sheet(personas.unit_a, YEAR, honours)
    response = client_as(personas.officer_a).post(
        sheet_url(personas.unit_a, "emulation:sheet_submit")
    )
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED and sheet.is_late


def test_officer_of_unit_b_can_neither_see_nor_change_unit_a(personas, client_as, honours):
    make_sheet(personas.unit_a, YEAR, honours)
    client = client_as(personas.officer_b)
    assert client.get(sheet_url(personas.unit_a)).status_code == 404
    response = client.post(sheet_url(personas.unit_a), grid_post(personas, honours, a="CSTDCS"))
    assert response.status_code == 404
    assert client.post(sheet_url(personas.unit_a, "emulation:sheet_submit")).status_code == 404
    assert client.get(sheet_url(personas.unit_a, "emulation:sheet_print")).status_code == 404
    overview = client.get(reverse("emulation:registrations_year", args=[YEAR])).content.decode()
    assert personas.unit_a.name not in overview
    assert Registration.objects.get().honour.code == "LDTT"


@pytest.mark.parametrize("persona, status", [("council_member", 403), ("staff", 404)])
def test_other_roles_cannot_change_a_grid(personas, client_as, honours, persona, status):
    response = client_as(getattr(personas, persona)).post(
        sheet_url(personas.unit_a), grid_post(personas, honours)
    )
    assert response.status_code == status
    assert not RegistrationSheet.objects.exists()


def test_clerk_accepts_a_submitted_sheet(personas, client_as, honours):
    sheet = make_sheet(personas.unit_a, YEAR, honours, status=SheetStatus.SUBMITTED)
    client = client_as(personas.clerk)
    assert client.get(sheet_url(personas.unit_a, "emulation:sheet_accept")).status_code == 405
    response = client.post(sheet_url(personas.unit_a, "emulation:sheet_accept"))
    assert response.status_code == 302 and response.url == sheet_url(personas.unit_a)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.ACCEPTED
    # Repeated: a message, no change, no second audit event.
    client.post(sheet_url(personas.unit_a, "emulation:sheet_accept"))
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.ACCEPTED
    assert AuditEvent.objects.filter(action="registration.accept").count() == 1


def test_review_refused_to_officers_and_outsiders(personas, client_as, honours):
    sheet = make_sheet(personas.unit_a, YEAR, honours, status=SheetStatus.SUBMITTED)
    url = sheet_url(personas.unit_a, "emulation:sheet_accept")
    assert client_as(personas.officer_a).post(url).status_code == 403
    assert client_as(personas.officer_b).post(url).status_code == 404
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED


def test_returned_sheet_keeps_its_lines_and_can_be_resubmitted(personas, client_as, honours):
    sheet = make_sheet(personas.unit_a, YEAR, honours, status=SheetStatus.SUBMITTED, code="CSTDCS")
    clerk = client_as(personas.clerk)
    url = sheet_url(personas.unit_a, "emulation:sheet_return")
    clerk.post(url, {"reason": ""})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    clerk.post(url, {"reason": "Thiếu danh hiệu tập thể"})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.RETURNED
    assert sheet.return_reason == "Thiếu danh hiệu tập thể"
    assert list(sheet.registrations.values_list("person_id", "honour__code")) == [
        (personas.person_a.pk, "CSTDCS")
    ]
    page = client_as(personas.officer_a).get(sheet_url(personas.unit_a)).content.decode()
    assert "Thiếu danh hiệu tập thể" in page
    assert f'<option value="{honours["CSTDCS"].pk}" selected>' in page
    officer = client_as(personas.officer_a)
    officer.post(
        sheet_url(personas.unit_a),
        grid_post(personas, honours, a="CSTDCS", unit="TTLDTT") | {"submit": ""},
    )
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    assert sheet.registrations.count() == 2


def test_submitted_sheet_cannot_be_changed(personas, client_as, honours):
    sheet = make_sheet(personas.unit_a, YEAR, honours, status=SheetStatus.ACCEPTED)
    client = client_as(personas.officer_a)
    page = client.get(sheet_url(personas.unit_a)).content.decode()
    assert "<select" not in page
    client.post(sheet_url(personas.unit_a), grid_post(personas, honours, a="CSTDCS"))
    client.post(sheet_url(personas.unit_a, "emulation:sheet_submit"))
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.ACCEPTED
    assert Registration.objects.get().honour.code == "LDTT"


def test_one_registration_per_recipient_per_title_per_year(personas, honours):
    sheet = make_sheet(personas.unit_a, YEAR, honours)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            sheet=sheet,
            year=YEAR,
            recipient_type=RecipientType.INDIVIDUAL,
            person=personas.person_a,
            honour=honours["LDTT"],
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            sheet=sheet, year=YEAR, recipient_type=RecipientType.COLLECTIVE, honour=honours["LDTT"]
        )


def test_registration_is_a_warning_never_a_block(personas, honours):
    make_sheet(personas.unit_a, YEAR, honours, status=SheetStatus.ACCEPTED)
    warn = Registration.objects.warning_for
    assert warn(honours["LDTT"], YEAR, person=personas.person_a) is None
    text = warn(honours["CSTDCS"], YEAR, person=personas.person_a)
    assert personas.person_a.full_name in text and "2023" in text
    assert warn(honours["TTLDTT"], YEAR, unit=personas.unit_a) is not None
    assert warn(honours["BKN"], YEAR, person=personas.person_a) is None


def test_deadline_is_set_by_the_clerk_only(personas, client_as):
    url = reverse("emulation:set_deadline", args=[YEAR])
    assert client_as(personas.officer_a).post(url, {"deadline": "2023-02-15"}).status_code == 403
    assert client_as(personas.clerk).get(url).status_code == 405
    client_as(personas.clerk).post(url, {"deadline": "2023-02-15"})
    assert RegistrationPeriod.objects.get(year=YEAR).deadline == date(2023, 2, 15)


def add_people(unit, count, start):
    Person.objects.bulk_create(
        Person(unit=unit, staff_code=f"X{start + n:05d}", full_name=f"Người {n}", gender="male")
        for n in range(count)
    )


def test_grid_queries_do_not_grow_with_people(
    personas, client_as, honours, django_assert_num_queries
):
    client = client_as(personas.officer_a)
    make_sheet(personas.unit_a, YEAR, honours)

    def count():
        # session, user, groups (roles), unit subtree, unit, sheet, people,
        # titles, lines, period
        with django_assert_num_queries(10) as context:
            client.get(sheet_url(personas.unit_a))
        return len(context.captured_queries)

    add_people(personas.unit_a, 4, 0)
    at_five = count()
    add_people(personas.unit_a, 45, 100)
    assert count() == at_five
    people = {f"person_{p.pk}": str(honours["CSTDCS"].pk) for p in personas.unit_a.people.all()}
    # (the audit events take 4 of them: a savepoint, the chain head locked, updated, released;
    # the record-level trail of records.audit adds 12: the sheet read before each change and an
    # event per saved row, none per person)
    with django_assert_num_queries(36):
        # session, user, groups, subtree, unit, sheet, people,
        # titles, lines, period;
        # transaction with a savepoint (2): get_or_create sheet, lock, delete lines, insert lines,
        # update, audit
        client.post(sheet_url(personas.unit_a), people | {"unit_title": ""})
    assert Registration.objects.filter(honour__code="CSTDCS").count() == 50


def test_overview_counts_by_title_with_constant_queries(
    personas, client_as, honours, django_assert_num_queries
):
    make_sheet(personas.unit_a, YEAR, honours, status=SheetStatus.SUBMITTED)
    make_sheet(personas.unit_b, YEAR, honours, code="CSTDCS")
    client = client_as(personas.clerk)

    def count(extra):
        Unit.objects.bulk_create(
            Unit(
                code=f"SL-X{extra}-{n}",
                name=f"Đơn vị {n}",
                kind=UnitKind.DEPARTMENT,
                parent=personas.province,
            )
            for n in range(extra)
        )
        # session, user, groups, subtree, units, sheets, counts, titles, period
        with django_assert_num_queries(9):
            page = client.get(reverse("emulation:registrations_year", args=[YEAR]))
        return page

    page = count(1)
    count(45)
    rows = page.context["rows"]
    by_code = {row["unit"].code: row for row in rows}
    titles = [t.code for t in page.context["titles"]]
    assert by_code["SL-A"]["counts"][titles.index("LDTT")] == 1
    assert by_code["SL-B"]["counts"][titles.index("CSTDCS")] == 1
    assert page.context["totals"][titles.index("LDTT")] == 1


def test_dashboard_panels(personas, client_as, honours):
    year = timezone.localdate().year
    make_sheet(personas.unit_a, year, honours, status=SheetStatus.SUBMITTED)
    officer = client_as(personas.officer_a).get(reverse("records:dashboard")).content.decode()
    assert 'data-panel="registration_sheet"' in officer
    assert f"{year}: Đã gửi" in officer
    clerk = client_as(personas.clerk).get(reverse("records:dashboard")).content.decode()
    assert 'data-panel="sheets_waiting"' in clerk
    assert personas.unit_a.name in clerk
