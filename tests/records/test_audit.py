"""The record-level audit trail (records.audit), the audit page, the ballot digests in
verify_integrity and the chain head printed on minutes and decisions."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from emulation.models import Campaign
from records import roles
from records.audit import acting_as
from records.integrity import verify_all
from records.models import AuditEvent, Person
from tests.emulation.conftest import make_cluster

pytestmark = pytest.mark.django_db

CAMPAIGN = {
    "name": "Thi đua chuyên đề",
    "form": "thematic",
    "level": "agency",
    "scope": "unit",
    "start_date": "2023-03-01",
    "end_date": "2023-11-30",
}


def events_of(obj, pk=None):
    """The record-level events of `obj` (services add their own transition events)."""
    return list(
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower,
            object_id=str(pk or obj.pk),
            action__in=["created", "changed", "deleted"],
        ).order_by("id")
    )


def test_a_page_that_creates_and_changes_a_record_leaves_who_when_and_what(personas, client_as):
    client = client_as(personas.clerk)
    data = CAMPAIGN | {"launching_unit": personas.province.pk}
    client.post(reverse("emulation:campaign_new"), data)
    campaign = Campaign.objects.get()
    client.post(reverse("emulation:campaign_edit", args=[campaign.pk]), data | {"name": "Mới"})
    created, changed = events_of(campaign)
    assert (created.action, created.actor) == ("created", personas.clerk)
    assert created.details["values"]["name"] == "Thi đua chuyên đề"
    assert created.details["values"]["start_date"] == "2023-03-01"
    assert (changed.action, changed.actor) == ("changed", personas.clerk)
    assert changed.details == {"changes": {"name": ["Thi đua chuyên đề", "Mới"]}}
    assert created.created_at <= changed.created_at


def test_changes_and_deletes_outside_a_request_name_the_acting_user(personas):
    person = personas.person_a
    with acting_as(personas.admin):
        person.position = "Kiểm sát viên"
        person.birth_date = date(1980, 5, 17)
        person.save()
        person.save()  # nothing changed: no event
        pk = person.pk
        person.delete()
    created, changed, deleted = events_of(person, pk)
    assert created.actor is None  # built by the fixture, outside any request
    assert changed.actor == deleted.actor == personas.admin
    assert changed.details["changes"] == {
        "position": ["", "Kiểm sát viên"],
        "birth_date": [None, "1980-05-17"],
    }
    assert deleted.action == "deleted"
    assert deleted.details["values"]["staff_code"] == "A0001"
    assert verify_all() == []


def test_passwords_never_enter_the_trail_and_logins_are_not_changes(personas, client):
    user = personas.officer_a
    user.set_password("another-pass-456!")
    user.save()
    client.post(reverse("login"), {"username": "officer_a", "password": "another-pass-456!"})
    user.refresh_from_db()
    assert user.last_login is not None
    created, changed = events_of(user)
    assert created.details["values"]["password"] == "***"
    assert changed.details == {"changes": {"password": ["***", "***"]}}


def links_of(obj):
    """(actor, action, details) of the events that linked or unlinked `obj`'s many-to-many."""
    return [
        (event.actor, event.action, event.details)
        for event in AuditEvent.objects.filter(
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            action__in=["linked", "unlinked"],
        ).order_by("id")
    ]


def test_roles_given_and_taken_say_who_and_which_groups_from_either_side(personas):
    user, admin = personas.staff, personas.admin
    staff, clerk, officer = (
        Group.objects.get(name=name) for name in (roles.STAFF, roles.CLERK, roles.UNIT_OFFICER)
    )
    with acting_as(admin):
        user.groups.set([clerk, officer])
        user.groups.add(clerk)  # already linked: no event
        officer.user_set.remove(user, personas.officer_a)  # from the group: an event per user
        user.groups.remove(staff)  # not linked any more: no event
        user.groups.clear()
    assert links_of(user) == [
        (None, "linked", {"field": "groups", "ids": [staff.pk]}),  # made by the fixture
        (admin, "unlinked", {"field": "groups", "ids": [staff.pk]}),
        (admin, "linked", {"field": "groups", "ids": sorted([clerk.pk, officer.pk])}),
        (admin, "unlinked", {"field": "groups", "ids": [officer.pk]}),
        (admin, "unlinked", {"field": "groups", "ids": [clerk.pk]}),
    ]
    assert links_of(personas.officer_a)[-1] == (
        admin,
        "unlinked",
        {"field": "groups", "ids": [officer.pk]},
    )
    assert verify_all() == []


def test_signing_a_pledge_on_its_page_records_who_and_the_signatory_units(personas, client_as):
    cluster = make_cluster(personas.province, [personas.unit_a, personas.unit_b])
    client_as(personas.clerk).post(
        reverse("emulation:pledge_sign", args=[cluster.pk]),
        {
            "signed_on": "2023-02-06",
            "place": "Sơn La",
            "signatories": [personas.unit_a.pk, personas.unit_b.pk],
        },
    )
    assert links_of(cluster.pledge) == [
        (
            personas.clerk,
            "linked",
            {"field": "signatories", "ids": sorted([personas.unit_a.pk, personas.unit_b.pk])},
        )
    ]


def test_restored_rows_are_not_new_events(personas, tmp_path):
    """loaddata (what a restore runs) passes raw=True: the rows are history, not changes; nor
    are the links it sets after them (the users' groups)."""
    call_command("dumpdata", "records.unit", "records.user", output=tmp_path / "rows.json")
    personas.clerk.groups.clear()
    before = AuditEvent.objects.count()
    call_command("loaddata", tmp_path / "rows.json", verbosity=0)
    assert AuditEvent.objects.count() == before
    assert personas.clerk.groups.filter(name=roles.CLERK).exists()


def test_the_audit_page_filters_by_actor_action_type_and_date(personas, client_as):
    with acting_as(personas.clerk):
        Person.objects.filter(pk=personas.person_b.pk).get().delete()
    client = client_as(personas.admin)
    url = reverse("records:audit_log")
    page = client.get(url, {"actor": "clerk", "action": "deleted", "object_type": "person"})
    html = page.content.decode()
    assert "1 sự kiện" in html and "Trần Thị Bình" in html and "records.person" in html
    assert (
        "1 sự kiện" in client.get(url, {"since": "2000-01-01", "actor": "clerk"}).content.decode()
    )
    assert "0 sự kiện" in client.get(url, {"until": "2000-01-01"}).content.decode()
    assert client_as(personas.clerk).get(url).status_code == 403


@pytest.mark.parametrize("count", [5, 50])
def test_the_audit_page_costs_the_same_queries_at_5_and_50_events(
    personas, client_as, django_assert_num_queries, count
):
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=personas.clerk, action="test", object_type="unit", object_id=str(n))
        for n in range(count)
    )
    client = client_as(personas.admin)
    # session, user, groups; the count for the pager; the page of events
    # with their actors.
    with django_assert_num_queries(5):
        assert client.get(reverse("records:audit_log")).status_code == 200
