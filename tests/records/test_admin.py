"""The administrators' back office: every records model has a working changelist, search and
change page; the audit trail and decision-issued ledger rows cannot be edited there."""

import uuid
from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from records.models import (
    AuditChain,
    AuditEvent,
    Conferral,
    ConferralSource,
    Council,
    CouncilKind,
    CouncilMember,
    Discipline,
    FormSubmission,
    Job,
    Rating,
    RecipientType,
    RuleSet,
    User,
)
from tests.records.factories import add_conferrals, confer

pytestmark = pytest.mark.django_db

RECORDS_ADMINS = [model for model in admin.site._registry if model._meta.app_label == "records"]


def admin_url(model, view, *args):
    return reverse(f"admin:records_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def back_office(personas, client_as):
    """One row of every records model, and the client logged in as the administrator."""
    Rating.objects.create(
        year=2023, recipient_type=RecipientType.INDIVIDUAL, person=personas.person_a, rating="good"
    )
    Discipline.objects.create(
        person=personas.person_a,
        level="reprimand",
        start_date=date(2023, 1, 1),
        decision_number="1/QĐ-KL",
    )
    council = Council.objects.create(
        unit=personas.province, kind=CouncilKind.EMULATION, name="Hội đồng TĐKT"
    )
    CouncilMember.objects.create(
        council=council, person=personas.chair_person, role="chair", term_start=date(2023, 1, 1)
    )
    add_conferrals(1, recipient_type=RecipientType.INDIVIDUAL, person=personas.person_a)
    AuditEvent.objects.create(actor=personas.admin, action="test", object_type="unit")
    FormSubmission.objects.create(token=uuid.uuid4(), user=personas.clerk, url="/awards/")
    Job.objects.create(kind="awards.summary", title="Tổng hợp", owner=personas.clerk)
    return client_as(personas.admin)


def test_every_records_model_is_in_the_back_office():
    assert set(RECORDS_ADMINS) == set(apps.get_app_config("records").get_models())


@pytest.mark.parametrize("model", RECORDS_ADMINS, ids=lambda model: model._meta.model_name)
def test_changelist_search_and_change_page_load(back_office, model):
    assert back_office.get(admin_url(model, "changelist")).status_code == 200
    assert back_office.get(admin_url(model, "changelist"), {"q": "nguyen"}).status_code == 200
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the fixture made no {model.__name__}"
    assert back_office.get(admin_url(model, "change", obj.pk)).status_code == 200
    expected_add = 403 if model in (AuditEvent, AuditChain, FormSubmission, Job) else 200
    assert back_office.get(admin_url(model, "add")).status_code == expected_add


def test_inlines_sit_under_their_parents(back_office):
    council_page = back_office.get(admin_url(Council, "change", Council.objects.get().pk))
    assert "memberships-TOTAL_FORMS" in council_page.content.decode()
    rule_set = RuleSet.objects.get(code="LUAT-2022")
    page = back_office.get(admin_url(RuleSet, "change", rule_set.pk)).content.decode()
    assert "rules-TOTAL_FORMS" in page
    assert 'value="80.00"' in page  # the CSTDCS threshold, in its inline


def test_user_admin_edits_person_unit_and_groups(back_office, personas):
    add_page = back_office.get(admin_url(User, "add")).content.decode()
    change_page = back_office.get(admin_url(User, "change", personas.staff.pk)).content.decode()
    for page in (add_page, change_page):
        for field in ("person", "unit", "groups"):
            assert f'name="{field}"' in page


def test_autocomplete_finds_people_without_diacritics(back_office):
    response = back_office.get(
        reverse("admin:autocomplete"),
        {"app_label": "records", "model_name": "conferral", "field_name": "person", "term": "an"},
    )
    assert response.status_code == 200
    names = [row["text"] for row in response.json()["results"]]
    assert "Nguyễn Văn An" in names


def test_audit_trail_is_read_only(back_office, personas):
    event = AuditEvent.objects.get(action="test")
    page = back_office.get(admin_url(AuditEvent, "change", event.pk)).content.decode()
    assert 'name="_save"' not in page
    response = back_office.post(admin_url(AuditEvent, "change", event.pk), {"action": "edited"})
    assert response.status_code == 403
    assert back_office.post(admin_url(AuditEvent, "delete", event.pk)).status_code == 403
    event.refresh_from_db()
    assert event.action == "test"


def test_ledger_rows_issued_by_a_decision_cannot_be_changed_here(back_office, personas):
    issued = confer(
        2024, "TTLDXS", "9/QĐ-VKSTC", unit=personas.unit_a, source=ConferralSource.DECISION
    )
    imported = Conferral.objects.filter(source=ConferralSource.IMPORT).get()
    assert (
        'name="_save"'
        not in back_office.get(admin_url(Conferral, "change", issued.pk)).content.decode()
    )
    assert (
        back_office.post(admin_url(Conferral, "delete", issued.pk), {"post": "yes"}).status_code
        == 403
    )
    assert (
        'name="_save"'
        in back_office.get(admin_url(Conferral, "change", imported.pk)).content.decode()
    )
    assert Conferral.objects.filter(pk=issued.pk).exists()


@pytest.mark.parametrize("rows", [5, 50])
def test_conferral_changelist_query_budget(personas, client_as, django_assert_num_queries, rows):
    add_conferrals(rows, recipient_type=RecipientType.INDIVIDUAL, person=personas.person_a)
    add_conferrals(rows, recipient_type=RecipientType.COLLECTIVE, unit=personas.unit_a)
    client = client_as(personas.admin)
    # session, user, groups (roles), the honours (honour filter), filtered count, full
    # count, the page of rows with honour, person and unit, the distinct years (year filter)
    with django_assert_num_queries(7):
        response = client.get(admin_url(Conferral, "changelist"))
    assert response.context["cl"].result_count == 2 * rows
