"""Batches opened by the clerk, and requests for a higher level made in an open batch."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives import services
from initiatives.models import Batch, Level, Recognition, Status
from records.models import AuditEvent
from tests.initiatives.factories import sector_batch

pytestmark = pytest.mark.django_db
URL = reverse("initiatives:batches")
NEW = {
    "year": 2024,
    "level": "sector",
    "number": 1,
    "opens_on": "2024-06-01",
    "closes_on": "2024-07-15",
}


def test_the_clerk_opens_a_batch(personas, client_as):
    assert client_as(personas.clerk).post(URL, NEW).status_code == 302
    batch = Batch.objects.get()
    assert (batch.year, batch.level, batch.number) == (2024, Level.SECTOR, 1)
    assert AuditEvent.objects.filter(action="batch.open", actor=personas.clerk).exists()
    # The same batch again: refused by the form, nothing added.
    page = client_as(personas.clerk).post(URL, NEW)
    assert page.status_code == 200
    assert Batch.objects.count() == 1


def test_a_batch_closes_after_it_opens(personas, client_as):
    client_as(personas.clerk).post(URL, {**NEW, "closes_on": "2024-05-01"})
    assert not Batch.objects.exists()


def test_only_the_clerk_opens_batches(personas, client_as):
    assert client_as(personas.staff).post(URL, NEW).status_code == 403
    assert client_as(personas.officer_a).post(URL, NEW).status_code == 403
    assert client_as(None).post(URL, NEW).status_code == 302
    assert not Batch.objects.exists()
    page = client_as(personas.staff).get(URL).content.decode()
    assert "Mở đợt xét" not in page


@pytest.mark.parametrize("count", [5, 50])
def test_batch_list_query_budget(personas, client_as, count, django_assert_num_queries):
    Batch.objects.bulk_create(
        Batch(
            year=2000 + n,
            level=Level.GRASSROOTS,
            number=1,
            opens_on=date(2000 + n, 1, 1),
            closes_on=date(2000 + n, 2, 1),
        )
        for n in range(count)
    )
    client = client_as(personas.staff)
    # session, user, roles, batches
    with django_assert_num_queries(4):
        page = client.get(URL)
    assert page.content.decode().count("<tr>") == count + 1


@pytest.fixture
def recognised(personas, submitted):
    services.record_outcome(
        personas.clerk,
        submitted,
        services.Outcome.RECOGNISED,
        Level.GRASSROOTS,
        "15/QĐ-VKS",
        date(2023, 8, 15),
    )
    today = timezone.localdate()
    batch = sector_batch(2, today - timedelta(days=1), today + timedelta(days=1), year=today.year)
    return submitted, batch


def test_the_author_requests_the_sector_level(personas, client_as, recognised):
    initiative, batch = recognised
    url = reverse("initiatives:higher_level", args=[initiative.pk])
    detail = client_as(personas.staff).get(reverse("initiatives:detail", args=[initiative.pk]))
    assert "Đề nghị công nhận ở cấp cao hơn" in detail.content.decode()
    assert client_as(personas.staff).get(url).status_code == 405
    assert client_as(personas.officer_b).post(url, {"batch": batch.pk}).status_code == 404
    assert client_as(personas.initiative_member).post(url, {"batch": batch.pk}).status_code == 403
    assert client_as(personas.staff).post(url, {"batch": batch.pk}).status_code == 302
    initiative.refresh_from_db()
    assert (initiative.status, initiative.requested_level, initiative.batch) == (
        Status.SUBMITTED,
        Level.SECTOR,
        batch,
    )
    # Repeated: nothing changes; the grassroots recognition stays.
    client_as(personas.staff).post(url, {"batch": batch.pk})
    assert AuditEvent.objects.filter(action="initiative.request_level").count() == 1
    assert list(Recognition.objects.values_list("level", flat=True)) == ["grassroots"]


def test_submitting_warns_of_similar_earlier_initiatives(personas, client_as, submitted):
    from tests.initiatives.factories import make_initiative

    again = make_initiative(personas.staff, personas.unit_a, [(personas.person_a, 100)])
    page = client_as(personas.staff).post(
        reverse("initiatives:submit", args=[again.pk]), follow=True
    )
    assert "1 sáng kiến tương tự" in page.content.decode()
