import pytest
from django.core.management import call_command

from emulation.models import (
    Campaign,
    Cluster,
    ClusterMember,
    ClusterScore,
    CriterionPoints,
    Pledge,
    PledgeCriterion,
    PledgeStatus,
    Registration,
    RegistrationPeriod,
    RegistrationSheet,
    SheetStatus,
)

pytestmark = pytest.mark.django_db
MODELS = (
    Campaign,
    RegistrationPeriod,
    RegistrationSheet,
    Registration,
    Cluster,
    ClusterMember,
    Pledge,
    PledgeCriterion,
    CriterionPoints,
    ClusterScore,
)


def counts():
    return [model.objects.count() for model in MODELS]


def test_seed_demo_builds_the_emulation_year_once():
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    names = set(Campaign.objects.values_list("name", flat=True))
    assert "Vì người nghèo – Không để ai bị bỏ lại phía sau" in names
    assert len(names) == 3
    sheets = RegistrationSheet.objects.filter(year=2023)
    assert sheets.count() == 21
    assert set(sheets.values_list("status", flat=True)) == {SheetStatus.ACCEPTED}
    assert Registration.objects.filter(year=2023, person__isnull=False).count() == 261
    sector = Cluster.objects.get(name="Cụm thi đua số 3", year=2023)
    assert sector.members.filter(unit__code="SONLA").exists()
    assert sector.pledge.status == PledgeStatus.SIGNED
    assert sector.pledge.signatories.filter(code="SONLA").exists()
    # The awards demo has nominated the bloc's leader for the flag.
    proposal = ClusterScore.objects.get(cluster__year=2023, flag_proposal="nominated")
    assert proposal.unit.code == "SL-VP"
    assert proposal.cluster.members.get(unit__code="SL-VP").role == "leader"
