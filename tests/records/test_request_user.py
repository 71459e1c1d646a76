"""Each request's user is read afresh (records.backends): roles and scope once per request, and a
change of an account, a group or the unit tree counts from the very next request, however it was
made. No page is kept between requests, so every response carries what the request needs."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from records import roles
from records.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


def access_queries(client, url):
    """The response, and the queries of the request that read the user's roles (groups)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries if '"auth_group"' in q["sql"]]


def test_roles_are_read_once_in_each_request(personas, client_as):
    client = client_as(personas.clerk)
    url = reverse("awards:nominations")  # checks the roles many times
    for _ in range(2):
        response, reads = access_queries(client, url)
        assert response.status_code == 200
        assert len(reads) == 1  # once, in every request


def test_a_role_taken_away_outside_the_product_is_refused_at_once(personas, client_as):
    client = client_as(personas.clerk)
    url = reverse("awards:session_create")
    assert client.get(url).status_code == 200
    # A database operator's change: no audit event, no signal.
    personas.clerk.groups.through.objects.filter(user_id=personas.clerk.pk).delete()
    assert client.get(url).status_code == 403


def test_a_renamed_group_no_longer_gives_its_role(personas, client_as):
    client = client_as(personas.clerk)
    url = reverse("awards:session_create")
    assert client.get(url).status_code == 200
    Group.objects.filter(name=roles.CLERK).update(name="Văn thư (cũ)")
    assert client.get(url).status_code == 403


def test_a_new_unit_is_in_scope_at_once(personas, client_as):
    client = client_as(personas.officer_a)
    url = reverse("records:unit_list")
    assert "Tổ mới" not in client.get(url).content.decode()
    Unit.objects.create(
        code="SL-A-NEW", name="Tổ mới", kind=UnitKind.DEPARTMENT, parent=personas.unit_a
    )
    assert "Tổ mới" in client.get(url).content.decode()


def test_a_deactivated_account_is_signed_out_at_once(personas, client_as):
    client = client_as(personas.clerk)
    assert client.get(reverse("records:dashboard")).status_code == 200
    type(personas.clerk).objects.filter(pk=personas.clerk.pk).update(is_active=False)
    response = client.get(reverse("records:dashboard"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_every_visit_without_a_csrf_cookie_gets_one_and_its_form_posts(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.clerk)
    url = reverse("awards:session_create")
    for _ in range(2):  # the second visit of the same session, again without the cookie
        client.cookies.pop("csrftoken", None)
        response = client.get(url)
        assert "csrftoken" in response.cookies
    token = response.cookies["csrftoken"].value
    response = client.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code != 403  # the form answers (with its errors), not a CSRF refusal
