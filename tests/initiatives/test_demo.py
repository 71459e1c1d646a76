"""The demo plays 2023 of DOMAIN §9 through this app's services."""

import pytest
from django.core.management import call_command

from initiatives.models import Initiative, Recognition, Review
from records.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_counts_of_the_source_article_after_seed_demo():
    call_command("seed_demo")
    counts = {
        (row["year"], row["level"]): (row["initiatives"], row["authors"])
        for row in Recognition.objects.counts()
    }
    assert counts == {(2023, "grassroots"): (31, 46), (2023, "sector"): (4, 12)}
    sector = Recognition.objects.filter(level="sector").select_related("batch")
    assert {(r.batch.year, r.batch.number) for r in sector} == {(2023, 2)}
    # Entered through the services: every step left its audit event, and the council scored.
    assert AuditEvent.objects.filter(action="initiative.outcome").count() == 35
    assert Review.objects.count() == 35
    before = (Initiative.objects.count(), Recognition.objects.count())
    call_command("seed_demo")
    assert (Initiative.objects.count(), Recognition.objects.count()) == before
