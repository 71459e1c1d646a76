"""Every state-changing emulation URL is POST-only, hidden from outsiders, refused to roles that
see but may not act."""

import pytest
from django.urls import reverse

from emulation.models import Campaign
from tests.emulation.conftest import make_cluster, make_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets(personas, honours):
    make_sheet(personas.unit_a, 2023, honours, status="submitted")
    cluster = make_cluster(personas.province, [personas.unit_a])
    campaign = Campaign.objects.create(
        name="Của huyện A",
        form="regular",
        level="unit",
        scope="unit",
        launching_unit=personas.unit_a,
        start_date="2023-01-01",
        end_date="2023-12-31",
    )
    sheet = [2023, personas.unit_a.code]
    return {
        "sheet_submit": reverse("emulation:sheet_submit", args=sheet),
        "sheet_accept": reverse("emulation:sheet_accept", args=sheet),
        "sheet_return": reverse("emulation:sheet_return", args=sheet),
        "pledge_sign": reverse("emulation:pledge_sign", args=[cluster.pk]),
        "cluster_rank": reverse("emulation:cluster_rank", args=[cluster.pk]),
        "campaign_advance": reverse("emulation:campaign_advance", args=[campaign.pk]),
    }


NAMES = [
    "sheet_submit",
    "sheet_accept",
    "sheet_return",
    "pledge_sign",
    "cluster_rank",
    "campaign_advance",
]


@pytest.mark.parametrize("name", NAMES)
def test_get_is_refused(personas, client_as, targets, name):
    assert client_as(personas.clerk).get(targets[name]).status_code == 405


@pytest.mark.parametrize("name", NAMES)
def test_outsider_gets_404(personas, client_as, targets, name):
    assert client_as(personas.officer_b).post(targets[name]).status_code == 404


@pytest.mark.parametrize(
    "name, persona",
    [
        ("sheet_submit", "council_member"),
        ("sheet_accept", "officer_a"),
        ("sheet_return", "chair"),
        ("pledge_sign", "officer_a"),
        ("cluster_rank", "council_member"),
        ("campaign_advance", "officer_a"),
    ],
)
def test_wrong_role_gets_403(personas, client_as, targets, name, persona):
    assert client_as(getattr(personas, persona)).post(targets[name]).status_code == 403


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_is_sent_to_log_in(client, targets, name):
    response = client.post(targets[name])
    assert response.status_code == 302 and "/accounts/login/" in response.url
