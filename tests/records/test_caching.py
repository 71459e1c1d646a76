"""Pages kept until a record changes (records.caching)."""

import pytest
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from records.models import Person, Unit, UnitKind, User

pytestmark = pytest.mark.django_db

# A kept page costs the session and the head of the audit chain (the user is kept too).
KEPT_PAGE_QUERIES = 2


def warm(client, url):
    """The first visit makes the CSRF cookie; the second builds and keeps the page."""
    client.get(url)
    return client.get(url)


def test_a_page_is_served_again_from_memory(personas, client_as, django_assert_num_queries):
    client = client_as(personas.clerk)
    built = warm(client, reverse("records:person_list"))
    with django_assert_num_queries(KEPT_PAGE_QUERIES):
        kept = client.get(reverse("records:person_list"))
    assert kept.status_code == 200
    assert kept.content == built.content


def test_a_change_of_any_record_shows_at_once(personas, client_as):
    client = client_as(personas.clerk)
    url = reverse("records:person_list") + "?q=tran"
    assert "Trần Thị Mới" not in warm(client, url).content.decode()
    Person.objects.create(
        staff_code="NEW-1", full_name="Trần Thị Mới", unit=personas.unit_a, gender="female"
    )
    assert "Trần Thị Mới" in client.get(url).content.decode()


def test_each_user_has_their_own_pages(personas, client_as):
    url = reverse("records:dashboard")
    officer_page = warm(client_as(personas.officer_a), url).content.decode()
    clerk_page = warm(client_as(personas.clerk), url).content.decode()
    assert personas.clerk.username in clerk_page or personas.clerk.get_full_name() in clerk_page
    assert clerk_page != officer_page


def test_a_waiting_message_is_shown_although_the_page_was_kept(personas, client_as, rf):
    client = client_as(personas.clerk)
    url = reverse("records:person_list")
    warm(client, url)
    # The message a form leaves for the page it redirects to (django.contrib.messages' cookie).
    client.cookies["messages"] = CookieStorage(rf.get(url))._encode([Message(25, "Đã lưu.")])
    assert "Đã lưu." in client.get(url).content.decode()
    assert "Đã lưu." not in client.get(url).content.decode()  # shown once


def test_no_page_is_kept_when_the_cache_is_off(personas, client_as, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = client_as(personas.clerk)
    warm(client, reverse("records:person_list"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("records:person_list"))
    assert len(queries) > KEPT_PAGE_QUERIES


# --- Roles and scope, kept per data version (records.models.User._access) ----------------------


def access_queries(client, url):
    """The queries of a request that read the user's roles (groups) or scope (unit subtree)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [
        q["sql"] for q in queries if "auth_group" in q["sql"] or "RECURSIVE" in q["sql"]
    ]


def test_roles_and_scope_are_read_once_until_a_record_changes(personas, client_as):
    client = client_as(personas.clerk)
    url = reverse("awards:session_create")  # a form: built afresh on every request, never kept
    _response, first = access_queries(client, url)
    assert len(first) == 2  # the groups, the subtree
    _response, again = access_queries(client, url)
    assert again == []
    Person.objects.create(staff_code="NEW-2", full_name="Lò Văn Mới", unit=personas.unit_a)
    _response, after_change = access_queries(client, url)
    assert len(after_change) == 2


def test_a_role_taken_away_is_refused_at_once(personas, client_as):
    client = client_as(personas.clerk)
    url = reverse("awards:session_create")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # the roles are now kept
    personas.clerk.groups.clear()
    assert client.get(url).status_code == 403


def test_a_new_unit_is_in_scope_at_once(personas, client_as):
    client = client_as(personas.officer_a)
    url = reverse("records:unit_list")
    assert "Tổ mới" not in warm(client, url).content.decode()
    Unit.objects.create(
        code="SL-A-NEW", name="Tổ mới", kind=UnitKind.DEPARTMENT, parent=personas.unit_a
    )
    assert "Tổ mới" in client.get(url).content.decode()
    user = personas.officer_a
    user.refresh_from_db()
    assert Unit.objects.get(code="SL-A-NEW").pk in User.objects.get(pk=user.pk).visible_unit_ids


# --- The signed-in user, kept per data version (records.caching.KeptUserBackend) ---------------


def test_a_deactivated_account_is_signed_out_at_once(personas, client_as):
    client = client_as(personas.clerk)
    url = reverse("records:person_list")
    assert warm(client, url).status_code == 200  # the account is now kept
    personas.clerk.is_active = False
    personas.clerk.save()
    assert client.get(url).status_code == 302  # to the login page


def test_a_new_password_signs_out_the_other_sessions_at_once(personas, client_as):
    client = client_as(personas.clerk)
    url = reverse("records:person_list")
    assert warm(client, url).status_code == 200
    personas.clerk.set_password("another-pass-456!")
    personas.clerk.save()
    assert client.get(url).status_code == 302


def test_a_kept_account_is_read_again_after_a_change(personas, client_as):
    client = client_as(personas.clerk)
    url = reverse("records:dashboard")
    warm(client, url)
    personas.clerk.first_name = "Đổi"
    personas.clerk.last_name = "Tên Mới"
    personas.clerk.save()
    assert client.get(url).context["user"].first_name == "Đổi"
