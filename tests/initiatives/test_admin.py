"""The administrators' back office: batches and criteria editable, initiatives read-only."""

import pytest
from django.urls import reverse

from initiatives.models import Criterion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["initiative", "recognition", "batch", "criterion"])
def test_changelists_load(personas, client_as, submitted, model):
    page = client_as(personas.admin).get(reverse(f"admin:initiatives_{model}_changelist"))
    assert page.status_code == 200


def test_initiatives_cannot_be_changed_or_added_in_the_admin(personas, client_as, submitted):
    client = client_as(personas.admin)
    assert client.get(reverse("admin:initiatives_initiative_add")).status_code == 403
    change = reverse("admin:initiatives_initiative_change", args=[submitted.pk])
    page = client.get(change)
    assert page.status_code == 200
    client.post(change, {"title": "Sửa trong admin"})
    submitted.refresh_from_db()
    assert submitted.title != "Sửa trong admin"


def test_criteria_are_editable_data(personas, client_as):
    criterion = Criterion.objects.get(code="novelty")
    client_as(personas.admin).post(
        reverse("admin:initiatives_criterion_change", args=[criterion.pk]),
        {"code": "novelty", "name": "Tính mới", "max_points": 40, "position": 1, "active": "on"},
    )
    criterion.refresh_from_db()
    assert criterion.max_points == 40
