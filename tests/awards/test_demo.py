from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from awards import demo, ledger
from awards.models import Nomination, NominationStatus, SessionStatus
from emulation.models import ClusterScore
from records.models import Conferral, Unit

pytestmark = pytest.mark.django_db


def test_the_2023_ledger_holds_exactly_the_articles_lines():
    call_command("seed_demo", stdout=StringIO())
    province = Unit.objects.get(code="SONLA")
    rows = ledger.active_conferrals(
        Conferral.objects.filter(year=2023, unit_id__in=Unit.objects.subtree_ids([province]))
    )
    counts = Counter(rows.values_list("honour__code", "method", "campaign", "recipient_type"))
    expected = Counter()
    for code, method, campaign, collectives, individuals in demo.LINES:
        if collectives:
            expected[(code, method, campaign, "collective")] = collectives
        if individuals:
            expected[(code, method, campaign, "individual")] = individuals
    assert counts == expected
    assert not rows.exclude(source="decision").exists()
    # Everything went through the workflow: each ledger row has its nomination.
    assert Nomination.objects.filter(conferral__in=rows).count() == rows.count()
    # Left open for next year: the campaign review's BKN and the province's TTLDXS.
    open_ones = Nomination.objects.filter(status=NominationStatus.PROPOSED)
    assert sorted(open_ones.values_list("honour__code", "unit__code")) == [
        ("BKN", "SONLA"),
        ("TTLDXS", "SONLA"),
    ]
    assert open_ones.get(honour__code="BKN").campaign == demo.CAMPAIGN_POVERTY
    sessions = province.councils.get(kind="emulation").sessions
    assert sessions.get(year=2023).status == SessionStatus.CLOSED
    # Waiting work for the demo logins: an open online vote and a nomination to screen.
    assert sessions.get(year=2024).status == SessionStatus.OPEN
    assert Nomination.objects.filter(year=2024, status=NominationStatus.SUBMITTED).count() == 1
    # Line 7 came from the bloc's ranking; the 2023 registrations became open drafts.
    flag = Nomination.objects.get(year=2023, honour__code="CTDN")
    assert flag.unit.code == "SL-VP" and flag.conferral in rows
    assert ClusterScore.objects.get(unit__code="SL-VP", cluster__year=2023).flag_proposal == (
        "nominated"
    )
    drafts = Nomination.objects.filter(year=2023, status=NominationStatus.DRAFT)
    assert set(drafts.values_list("honour__code", flat=True)) >= {"LDTT", "TTLDTT"}
    # Running it again changes nothing.
    call_command("seed_demo", stdout=StringIO())
    assert Conferral.objects.filter(year=2023).count() == rows.count()
