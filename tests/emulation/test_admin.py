import pytest
from django.urls import reverse

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
