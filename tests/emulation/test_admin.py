import pytest
from django.urls import reverse

from records.models import AuditEvent
from tests.emulation.conftest import make_cluster, make_sheet

pytestmark = pytest.mark.django_db
MODELS = [
    "campaign",
    "registrationperiod",
    "registrationsheet",
    "cluster",
    "pledge",
    "clusterscore",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_and_search(personas, client_as, honours, model):
    sheet = make_sheet(personas.unit_a, 2023, honours)
    cluster = make_cluster(personas.province, [personas.unit_a, personas.unit_b])
    client = client_as(personas.admin)
    assert client.get(reverse(f"admin:emulation_{model}_changelist"), {"q": "a"}).status_code == 200
    objects = {"registrationsheet": sheet, "cluster": cluster, "pledge": cluster.pledge}
    if model in objects:
        url = reverse(f"admin:emulation_{model}_change", args=[objects[model].pk])
        page = client.get(url).content.decode()
        # Workflow state is shown, never offered as a field to edit.
        assert 'name="status"' not in page and 'name="role"' not in page


def test_admin_accepts_sheets_through_the_workflow(personas, client_as, honours):
    submitted = make_sheet(personas.unit_a, 2023, honours, status="submitted")
    draft = make_sheet(personas.unit_b, 2023, honours)
    client_as(personas.admin).post(
        reverse("admin:emulation_registrationsheet_changelist"),
        {"action": "accept_sheets", "_selected_action": [submitted.pk, draft.pk]},
    )
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert (submitted.status, draft.status) == ("accepted", "draft")
    assert AuditEvent.objects.filter(action="registration.accept").count() == 1
