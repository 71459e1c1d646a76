"""A "new …" form creates its record once, however often it is sent: a double click, the back
button, a reload (records.submissions)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from awards.models import CouncilSession, Decision, Nomination
from records.models import FormSubmission
from tests.awards.conftest import YEAR
from tests.awards.test_document_pages import header
from tests.awards.test_pages import form_data
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db
AGAIN = "Biểu mẫu này đã được gửi: không tạo thêm bản ghi nào."


def token_of(page):
    return re.search(r'name="once" value="([^"]+)"', page.content.decode()).group(1)


def test_a_nomination_form_sent_twice_creates_one_draft(awards, client_as):
    client = client_as(awards.p.officer_a)
    create = reverse("awards:nomination_create")
    data = {**form_data(awards, "Lần một"), "once": token_of(client.get(create))}
    first = client.post(create, data)
    again = client.post(create, data)
    nomination = Nomination.objects.get()
    assert first.url == again.url == nomination.get_absolute_url()
    assert AGAIN in client.get(again.url).content.decode()
    # The form shown anew is a new form: it creates another draft.
    fresh = {**form_data(awards, "Lần hai"), "once": token_of(client.get(create))}
    client.post(create, fresh)
    assert Nomination.objects.count() == 2


def test_a_form_without_a_sound_token_still_works(awards, client_as):
    client = client_as(awards.p.officer_a)
    create = reverse("awards:nomination_create")
    client.post(create, {**form_data(awards, "Không mã"), "once": "không-phải-mã"})
    client.post(create, form_data(awards, "Không mã"))
    assert Nomination.objects.count() == 2
    assert not FormSubmission.objects.exists()


def test_a_refused_form_keeps_its_token_and_creates_nothing(awards, client_as):
    client = client_as(awards.p.officer_a)
    create = reverse("awards:nomination_create")
    token = token_of(client.get(create))
    refused = client.post(create, {**form_data(awards, "Sai năm"), "year": 1800, "once": token})
    assert refused.status_code == 200 and token_of(refused) == token
    assert not Nomination.objects.exists() and not FormSubmission.objects.exists()
    client.post(create, {**form_data(awards, "Đúng năm"), "once": token})
    assert Nomination.objects.count() == 1


def test_a_session_form_sent_twice_plans_one_session(awards, client_as):
    client = client_as(awards.p.clerk)
    create = reverse("awards:session_create")
    data = {
        "council": awards.council.pk,
        "year": YEAR,
        "date": "2023-12-15",
        "place": "Hội trường",
        "ballot_mode": "online",
        "once": token_of(client.get(create)),
    }
    assert client.post(create, data).url == client.post(create, data).url
    assert CouncilSession.objects.count() == 1


def test_a_decision_confirmed_twice_is_drafted_once(awards, client_as):
    nomination = awards.nominate("CSTDCS")
    awards.approved([nomination])
    client = client_as(awards.p.clerk)
    create = reverse("awards:decision_create")
    data = {**header(awards, "QĐ-VKS"), "nominations": [nomination.pk]}
    preview = client.post(create, {**data, "once": token_of(client.get(create))})
    confirm = {**data, "once": token_of(preview), "confirm": "1"}
    assert client.post(create, confirm).url == client.post(create, confirm).url
    assert Decision.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="simultaneous writers")
def test_the_same_form_sent_at_the_same_moment_creates_one_draft(catalogue_reloaded, awards):
    token = token_of(_client(awards).get(reverse("awards:nomination_create")))
    data = {**form_data(awards, "Cùng lúc"), "once": token}
    clients = [_client(awards) for _ in range(4)]
    create = reverse("awards:nomination_create")
    answers, errors = at_once([lambda c=c: c.post(create, data) for c in clients])
    assert errors == []
    assert Nomination.objects.count() == 1
    assert {answer.url for answer in answers} == {Nomination.objects.get().get_absolute_url()}


def _client(awards):
    client = Client()
    client.force_login(awards.p.officer_a)
    return client
