from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from emulation import services
from emulation.models import (
    Cluster,
    ClusterScore,
    CriterionPoints,
    FlagProposal,
    MemberRole,
    PledgeStatus,
)
from records.models import AuditEvent, Unit, UnitKind
from tests.emulation.conftest import SIGNING_DAY, grant_title, make_cluster

pytestmark = pytest.mark.django_db


def cluster_form(personas, **overrides):
    data = {
        "name": "Cụm các huyện",
        "kind": "cluster",
        "year": 2023,
        "organiser": personas.province.pk,
        "members": [personas.unit_a.pk, personas.unit_b.pk],
        "leader": personas.unit_a.pk,
        "deputy": personas.unit_b.pk,
    }
    return data | overrides


def test_unit_without_a_title_last_year_cannot_lead(personas, client_as, honours):
    client = client_as(personas.clerk)
    page = client.post(reverse("emulation:cluster_new"), cluster_form(personas))
    assert page.status_code == 200 and not Cluster.objects.exists()
    assert (
        "VKSND huyện A không được tặng danh hiệu thi đua nào năm 2022 nên không thể làm cụm "
        "trưởng năm 2023." in page.content.decode()
    )
    grant_title(personas.unit_a, 2022, honours)
    response = client.post(reverse("emulation:cluster_new"), cluster_form(personas))
    cluster = Cluster.objects.get()
    assert response.url == reverse("emulation:cluster", args=[cluster.pk])
    assert {(m.unit.code, m.role) for m in cluster.members.all()} == {
        ("SL-A", MemberRole.LEADER),
        ("SL-B", MemberRole.DEPUTY),
    }


def test_leader_rule_reads_only_collective_titles_of_the_previous_year(personas, honours):
    grant_title(personas.unit_a, 2021, honours)
    grant_title(personas.unit_a, 2022, honours, code="BKN")
    assert services.leader_problem(personas.unit_a, 2023) is not None
    grant_title(personas.unit_a, 2022, honours, code="TTLDXS")
    assert services.leader_problem(personas.unit_a, 2023) is None
    cluster = make_cluster(personas.province, [personas.unit_a, personas.unit_b])
    with pytest.raises(ValidationError):
        services.set_members(cluster, personas.clerk, [personas.unit_a], personas.unit_b, None)


def test_members_change_keeps_one_leader(personas, client_as, honours):
    grant_title(personas.unit_b, 2022, honours)
    cluster = make_cluster(personas.province, [personas.unit_a, personas.unit_b, personas.office])
    client_as(personas.clerk).post(
        reverse("emulation:cluster_edit", args=[cluster.pk]),
        cluster_form(
            personas,
            members=[personas.unit_a.pk, personas.unit_b.pk],
            leader=personas.unit_b.pk,
            deputy=personas.unit_a.pk,
        ),
    )
    assert {(m.unit.code, m.role) for m in cluster.members.all()} == {
        ("SL-A", MemberRole.DEPUTY),
        ("SL-B", MemberRole.LEADER),
    }
    assert (
        client_as(personas.officer_a)
        .get(reverse("emulation:cluster_edit", args=[cluster.pk]))
        .status_code
        == 403
    )


def test_cluster_visibility(personas, client_as):
    both = make_cluster(personas.province, [personas.unit_a, personas.unit_b])
    only_a = make_cluster(personas.province, [personas.unit_a], year=2024)
    client = client_as(personas.officer_b)
    assert client.get(reverse("emulation:cluster", args=[both.pk])).status_code == 200
    assert client.get(reverse("emulation:cluster", args=[only_a.pk])).status_code == 404
    assert (
        client_as(personas.staff).get(reverse("emulation:cluster", args=[both.pk])).status_code
        == 404
    )


def test_cluster_list_queries_are_constant(personas, client_as, django_assert_num_queries):
    client = client_as(personas.clerk)

    def count(extra):
        for n in range(extra):
            make_cluster(personas.province, [personas.unit_a, personas.unit_b], year=2023)
            Cluster.objects.filter(name="Cụm 2023").update(name=f"Cụm {extra}-{n}")
        # session, user, groups, subtree, clusters with organisers, members,
        # members' units, flag proposals with their units
        with django_assert_num_queries(8):
            page = client.get(reverse("emulation:clusters"), {"year": 2023})
        return page

    count(2)
    page = count(12)
    assert len(page.context["clusters"]) == 14


def test_pledge_is_written_and_signed(personas, client_as):
    cluster = make_cluster(personas.province, [personas.unit_a, personas.unit_b])
    cluster.pledge.delete()
    client = client_as(personas.clerk)
    edit = reverse("emulation:pledge_edit", args=[cluster.pk])
    assert 'type="submit"' in client.get(edit).content.decode()
    page = client.post(edit, {"title": "Giao ước 2023", "criteria": "Chỉ tiêu nghiệp vụ"})
    assert "Dòng 1" in page.content.decode()
    client.post(
        edit, {"title": "Giao ước 2023", "criteria": "Chỉ tiêu nghiệp vụ | 60\nXây dựng ngành|40"}
    )
    pledge = cluster.pledge.__class__.objects.get(cluster=cluster)
    assert [(c.number, c.max_points) for c in pledge.criteria.all()] == [
        (1, Decimal(60)),
        (2, Decimal(40)),
    ]
    sign = reverse("emulation:pledge_sign", args=[cluster.pk])
    data = {"signed_on": "2023-02-06", "place": "Sơn La", "signatories": [personas.unit_a.pk]}
    assert client.get(sign).status_code == 405
    assert client_as(personas.officer_a).post(sign, data).status_code == 403
    assert client_as(personas.staff).post(sign, data).status_code == 404
    client = client_as(personas.clerk)
    client.post(sign, data)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED and pledge.signed_on == SIGNING_DAY
    assert list(pledge.signatories.all()) == [personas.unit_a]
    client.post(sign, data | {"signed_on": "2023-03-01"})
    pledge.refresh_from_db()
    assert pledge.signed_on == SIGNING_DAY
    assert AuditEvent.objects.filter(action="pledge.sign").count() == 1
    # Signed: the criteria are final.
    client.post(edit, {"title": "Khác", "criteria": "Một | 100"})
    assert pledge.criteria.count() == 2


def points_data(cluster, table):
    """{field: value} for the scoring grid from {unit code: [points per criterion]}."""
    criteria = list(cluster.pledge.criteria.all())
    data = {}
    for member in cluster.members.select_related("unit"):
        for criterion, value in zip(criteria, table[member.unit.code], strict=True):
            data[f"p_{member.pk}_{criterion.pk}"] = str(value)
    return data


def test_leader_officer_scores_and_ranks_with_the_tie_rule(personas, client_as):
    third = Unit.objects.create(
        code="SL-C", name="VKSND huyện C", kind=UnitKind.DISTRICT, parent=personas.province
    )
    cluster = make_cluster(personas.province, [personas.unit_a, personas.unit_b, third])
    scores = reverse("emulation:cluster_scores", args=[cluster.pk])
    client = client_as(personas.officer_a)
    too_many = points_data(cluster, {"SL-A": [41, 30, 30], "SL-B": [40, 30, 30], "SL-C": [1, 1, 1]})
    page = client.post(scores, too_many)
    assert page.status_code == 200 and not CriterionPoints.objects.exists()
    # B and C tie on 90; C has more on criterion 1, so ranks above B.
    table = {"SL-A": [40, 30, 25], "SL-B": [30, 30, 30], "SL-C": [35, 30, 25]}
    assert client.post(scores, points_data(cluster, table)).status_code == 302
    assert CriterionPoints.objects.count() == 9
    rank = reverse("emulation:cluster_rank", args=[cluster.pk])
    assert client.get(rank).status_code == 405
    assert client_as(personas.officer_b).post(rank).status_code == 403
    assert (
        client_as(personas.officer_b).post(scores, points_data(cluster, table)).status_code == 403
    )
    client = client_as(personas.officer_a)
    client.post(rank)
    ranked = list(
        ClusterScore.objects.filter(cluster=cluster).values_list(
            "unit__code", "total", "rank", "flag_proposal"
        )
    )
    assert ranked == [
        ("SL-A", Decimal(95), 1, FlagProposal.PROPOSED),
        ("SL-C", Decimal(90), 2, FlagProposal.NONE),
        ("SL-B", Decimal(90), 3, FlagProposal.NONE),
    ]
    client.post(rank)
    assert ClusterScore.objects.count() == 3
    assert AuditEvent.objects.filter(action="cluster.rank").count() == 1
    # Ranked: the scores are final.
    client.post(
        scores, points_data(cluster, {"SL-A": [0, 0, 0], "SL-B": [0, 0, 0], "SL-C": [0, 0, 0]})
    )
    assert sum(p.points for p in CriterionPoints.objects.all()) == 275
    detail = client.get(reverse("emulation:cluster", args=[cluster.pk])).content.decode()
    assert "Được đề nghị Cờ thi đua ngành" in detail


def test_flag_proposals_wait_for_the_awards_work(personas, client_as):
    cluster = make_cluster(personas.province, [personas.unit_a, personas.unit_b])
    services.save_points(
        cluster,
        personas.clerk,
        {
            (m.pk, c.pk): Decimal(10 if m.unit == personas.unit_b else 5)
            for m in cluster.members.all()
            for c in cluster.pledge.criteria.all()
        },
    )
    services.rank_cluster(cluster, personas.clerk)
    proposal = ClusterScore.objects.flag_proposals(2023).get()
    assert proposal.unit == personas.unit_b and proposal.cluster == cluster
    assert not ClusterScore.objects.flag_proposals(2024).exists()
    listing = client_as(personas.officer_b).get(reverse("emulation:clusters"), {"year": 2023})
    assert 'data-flag="proposed"' in listing.content.decode()
    services.mark_flag_nominated(proposal, personas.clerk)
    assert not ClusterScore.objects.flag_proposals(2023).exists()
    with pytest.raises(services.TransitionError):
        services.mark_flag_nominated(proposal, personas.clerk)


def test_scoring_grid_queries_do_not_grow_with_members(
    personas, client_as, django_assert_num_queries
):
    cluster = make_cluster(personas.province, [personas.unit_a])
    client = client_as(personas.clerk)

    def count(extra):
        units = Unit.objects.bulk_create(
            Unit(code=f"SL-S{extra}-{n}", name=f"Đơn vị {n}", kind=UnitKind.DEPARTMENT)
            for n in range(extra)
        )
        cluster.members.bulk_create(cluster.members.model(cluster=cluster, unit=u) for u in units)
        # session, user, groups, subtree, cluster with organiser, its members
        # and their units, its flag proposal, pledge, criteria; for the ranking: members with
        # units, their points
        with django_assert_num_queries(12):
            return client.get(reverse("emulation:cluster_scores", args=[cluster.pk]))

    count(3)
    page = count(40)
    assert len(page.context["table"]) == 44


@pytest.mark.parametrize(
    "url",
    [
        "/emulation/clusters/?year=abc",
        "/emulation/clusters/?year=99999",
        "/emulation/registrations/99999/SL-A/",
        "/emulation/registrations/?year=1200",
        "/emulation/registrations/?year=1944",  # before records.fields.FIRST_YEAR
        "/emulation/clusters/?year=" + "9" * 5000,  # beyond what int() reads
    ],
)
def test_impossible_years_are_not_pages(personas, client_as, url):
    assert client_as(personas.clerk).get(url).status_code == 404
