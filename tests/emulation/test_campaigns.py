from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from emulation.models import (
    Campaign,
    CampaignPhase,
    Duration,
    OrganisingLevel,
    duration_bucket,
)
from records.models import AuditEvent

pytestmark = pytest.mark.django_db


def make_campaign(unit, name="Phong trào", start=date(2023, 1, 1), end=date(2023, 12, 31), **kw):
    kw.setdefault("form", "regular")
    kw.setdefault("level", "agency")
    kw.setdefault("scope", "sector")
    return Campaign.objects.create(
        name=name, launching_unit=unit, start_date=start, end_date=end, **kw
    )


@pytest.mark.parametrize(
    "start, end, bucket",
    [
        (date(2023, 3, 1), date(2023, 11, 30), Duration.UNDER_ONE),
        (date(2023, 1, 1), date(2023, 12, 31), Duration.ONE),
        (date(2023, 1, 1), date(2024, 1, 15), Duration.ONE_TO_THREE),
        (date(2021, 1, 1), date(2023, 12, 31), Duration.ONE_TO_THREE),
        (date(2021, 1, 1), date(2025, 12, 31), Duration.THREE_TO_FIVE),
        (date(2021, 1, 1), date(2026, 1, 1), Duration.OVER_FIVE),
    ],
)
def test_duration_buckets_of_form_0601(start, end, bucket):
    assert duration_bucket(start, end) == bucket


def test_statistics_0601_counts_campaigns_launched_in_the_year(personas):
    make_campaign(personas.province, "A")
    make_campaign(personas.province, "B", level="sector", scope="national")
    make_campaign(personas.province, "C", start=date(2023, 3, 1), end=date(2023, 11, 30))
    make_campaign(personas.province, "Old", start=date(2021, 1, 1), end=date(2025, 12, 31))
    assert Campaign.objects.statistics_0601(2023) == Counter(
        {
            ("agency", "sector", Duration.ONE): 1,
            ("sector", "national", Duration.ONE): 1,
            ("agency", "sector", Duration.UNDER_ONE): 1,
        }
    )
    assert Campaign.objects.statistics_0601(2021) == Counter(
        {("agency", "sector", Duration.THREE_TO_FIVE): 1}
    )


def test_list_filters_and_constant_queries(personas, client_as, django_assert_num_queries):
    client = client_as(personas.staff)
    make_campaign(personas.province, "Thường xuyên 2023")
    make_campaign(
        personas.province,
        "Chuyên đề 2022",
        form="thematic",
        start=date(2022, 1, 1),
        end=date(2022, 6, 30),
    )

    def count(extra):
        Campaign.objects.bulk_create(
            Campaign(
                name=f"P{extra}-{n}",
                form="regular",
                level="unit",
                scope="unit",
                launching_unit=personas.unit_a,
                start_date=date(2020, 1, 1),
                end_date=date(2020, 12, 31),
            )
            for n in range(extra)
        )
        # session, user, groups (roles), units above the user's, campaigns
        # with launching units
        with django_assert_num_queries(5):
            return client.get(reverse("emulation:campaigns")).content.decode()

    count(3)
    count(45)
    page = client.get(reverse("emulation:campaigns"), {"year": 2023}).content.decode()
    assert "Thường xuyên 2023" in page and "Chuyên đề 2022" not in page
    page = client.get(reverse("emulation:campaigns"), {"form": "thematic"}).content.decode()
    assert "Chuyên đề 2022" in page and "Thường xuyên 2023" not in page
    page = client.get(reverse("emulation:campaigns"), {"level": OrganisingLevel.UNIT}).content
    assert "P3-0" in page.decode() and "Thường xuyên 2023" not in page.decode()
    page = client.get(reverse("emulation:campaigns"), {"phase": "closed"}).content.decode()
    assert "Thường xuyên 2023" not in page


def test_detail_page_shows_duration_and_phase(personas, client_as):
    campaign = make_campaign(personas.province, start=date(2021, 1, 1), end=date(2025, 12, 31))
    page = client_as(personas.officer_a).get(reverse("emulation:campaign", args=[campaign.pk]))
    html = page.content.decode()
    assert "Trên 3 năm đến 5 năm" in html and "Đã phát động" in html
    assert reverse("emulation:campaign_advance", args=[campaign.pk]) not in html


def test_clerk_creates_a_campaign(personas, client_as):
    data = {
        "name": "Thi đua chuyên đề",
        "form": "thematic",
        "level": "agency",
        "scope": "unit",
        "launching_unit": personas.province.pk,
        "start_date": "2023-03-01",
        "end_date": "2023-02-01",
    }
    client = client_as(personas.clerk)
    page = client.post(reverse("emulation:campaign_new"), data)
    assert page.status_code == 200 and not Campaign.objects.exists()
    assert "Ngày kết thúc không được trước ngày bắt đầu." in page.content.decode()
    response = client.post(reverse("emulation:campaign_new"), data | {"end_date": "2023-11-30"})
    campaign = Campaign.objects.get()
    assert response.url == reverse("emulation:campaign", args=[campaign.pk])
    assert campaign.phase == CampaignPhase.LAUNCHED
    assert client_as(personas.officer_a).get(reverse("emulation:campaign_new")).status_code == 403


def test_phase_moves_forward_and_stops_when_closed(personas, client_as):
    campaign = make_campaign(personas.province)
    url = reverse("emulation:campaign_advance", args=[campaign.pk])
    client = client_as(personas.clerk)
    assert client.get(url).status_code == 405
    for expected in (CampaignPhase.PRELIMINARY, CampaignPhase.FINAL, CampaignPhase.CLOSED):
        assert client.post(url).status_code == 302
        campaign.refresh_from_db()
        assert campaign.phase == expected
    client.post(url)
    campaign.refresh_from_db()
    assert campaign.phase == CampaignPhase.CLOSED
    assert AuditEvent.objects.filter(action="campaign.advance").count() == 3


def test_phase_change_refused_to_officers_and_outside_units(personas, client_as):
    own = make_campaign(personas.unit_a)
    assert (
        client_as(personas.officer_a)
        .post(reverse("emulation:campaign_advance", args=[own.pk]))
        .status_code
        == 403
    )
    other = make_campaign(personas.unit_b)
    clerk_b = personas.officer_b
    clerk_b.groups.add(*personas.clerk.groups.all())
    advance = client_as(clerk_b).post
    assert advance(reverse("emulation:campaign_advance", args=[own.pk])).status_code == 404
    # The province's campaign concerns unit B, whose clerk sees it but cannot move it on.
    province = make_campaign(personas.province)
    assert advance(reverse("emulation:campaign_advance", args=[province.pk])).status_code == 403
    assert (
        client_as(clerk_b).post(reverse("emulation:campaign_advance", args=[other.pk])).status_code
        == 302
    )
    own.refresh_from_db()
    assert own.phase == CampaignPhase.LAUNCHED


def test_campaigns_of_other_units_are_hidden(personas, client_as):
    province = make_campaign(personas.province, "Của tỉnh")
    make_campaign(personas.unit_a, "Ngành phát động", level=OrganisingLevel.SECTOR)
    of_a = make_campaign(personas.unit_a, "Của huyện A")
    client = client_as(personas.officer_b)
    page = client.get(reverse("emulation:campaigns")).content.decode()
    assert "Của tỉnh" in page and "Của huyện A" not in page and "Ngành phát động" in page
    assert client.get(reverse("emulation:campaign", args=[of_a.pk])).status_code == 404
    assert client.get(reverse("emulation:campaign", args=[province.pk])).status_code == 200
    page = client_as(personas.staff).get(reverse("emulation:campaigns")).content.decode()
    assert "Của tỉnh" in page and "Của huyện A" in page


@pytest.mark.parametrize("field, value", [("end_date", "9999-12-31"), ("start_date", "0024-03-01")])
def test_a_date_outside_1945_to_2100_is_refused_with_the_reason(personas, client_as, field, value):
    data = {
        "name": "Thi đua chuyên đề",
        "form": "thematic",
        "level": "agency",
        "scope": "unit",
        "launching_unit": personas.province.pk,
        "start_date": "2023-03-01",
        "end_date": "2023-11-30",
    }
    page = client_as(personas.clerk).post(reverse("emulation:campaign_new"), data | {field: value})
    assert page.status_code == 200 and not Campaign.objects.exists()
    html = page.content.decode()
    assert "31/12/2100" in html or "01/01/1945" in html


def test_a_stored_date_far_in_the_future_takes_no_page_down(personas, client_as):
    """A campaign saved with 31/12/9999 before the dates were bounded (or by SQL): the list, its
    page and form 0601.N still answer, counting it as running over five years."""
    campaign = make_campaign(personas.province, start=date(2023, 1, 1))
    Campaign.objects.filter(pk=campaign.pk).update(end_date=date(9999, 12, 31))
    client = client_as(personas.clerk)
    assert client.get(reverse("emulation:campaigns")).status_code == 200
    page = client.get(reverse("emulation:campaign", args=[campaign.pk]))
    assert "Trên 5 năm" in page.content.decode()
    assert Campaign.objects.statistics_0601(2023) == Counter(
        {(campaign.level, campaign.scope, Duration.OVER_FIVE): 1}
    )
    statistics = reverse("awards:statistics", args=["0601"])
    response = client.get(statistics, {"unit": personas.province.pk, "year": 2023})
    assert response.status_code == 200
