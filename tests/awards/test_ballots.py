from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import translation

from awards import arithmetic, services
from awards.models import AgendaItem, AttendanceStatus, Outcome, Participation
from awards.models import NominationStatus as S
from tests.conftest import make_person, make_user

pytestmark = pytest.mark.django_db


def rule(threshold, base="all", quorum="66.67"):
    return SimpleNamespace(
        vote_threshold=Decimal(threshold), vote_base=base, quorum=Decimal(quorum)
    )


@pytest.mark.parametrize(
    "approve, base, threshold, outcome",
    [
        (800, 1000, "80", Outcome.APPROVED),
        (799, 1000, "80", Outcome.NOT_APPROVED),
        (8, 10, "80", Outcome.APPROVED),
        (9, 10, "90", Outcome.APPROVED),
        (8, 10, "80.01", Outcome.NOT_APPROVED),
    ],
)
def test_threshold_boundaries_are_exact(approve, base, threshold, outcome):
    result = arithmetic.evaluate(approve, base, base, 0, rule(threshold))
    assert result.outcome == outcome


@translation.override("en")
def test_the_arithmetic_is_shown():
    result = arithmetic.evaluate(9, 11, 10, 0, rule("80"))
    assert result.text == "9 / 11 members = 81.8 % ≥ 80 % of all members → Approved"
    result = arithmetic.evaluate(6, 11, 8, 0, rule("80", base="present"))
    assert result.text == "6 / 8 members present = 75.0 % < 80 % of members present → Not approved"


def test_base_all_vs_present():
    # 8 approvals, 9 present of 11: 72.7 % of all members but 88.9 % of those present.
    assert arithmetic.evaluate(8, 11, 9, 0, rule("80", "all")).outcome == Outcome.NOT_APPROVED
    assert arithmetic.evaluate(8, 11, 9, 0, rule("80", "present")).outcome == Outcome.APPROVED


@translation.override("en")
def test_quorum_failure_defers():
    result = arithmetic.evaluate(5, 11, 7, 0, rule("50", "present", quorum="66.67"))
    assert result.outcome == Outcome.DEFERRED
    assert "7 / 11" in result.text and "63.6 %" in result.text


def voters(awards):
    """(user, attendance row) for every council member, each with an account."""
    rows = []
    for index, person in enumerate(awards.extra):
        make_user(f"m{index}", "council_member", awards.p.province, person)
    from records.models import User

    for user in User.objects.filter(person__council_seats__council=awards.council):
        rows.append(user)
    return rows


def vote_all(session, users, choice_for):
    for user in users:
        items = session.items.values_list("pk", flat=True)
        attendance = services.voter_attendance(user, session)
        allowed, _recused = services.ballot_items(session, attendance)
        services.cast_ballot(user, session, {item.pk: choice_for(user, item) for item in allowed})
        assert items


@translation.override("en")
def test_online_secret_ballot_with_recusal_and_a_closing_digest(awards):
    users = voters(awards)
    assert len(users) == 11
    own = awards.nominate("CSTDCS", person=awards.p.member_person)
    other = awards.nominate("CSTDCS", person=awards.p.person_b)
    session = awards.open([own, other])
    member = awards.p.council_member
    attendance = services.voter_attendance(member, session)
    allowed, recused = services.ballot_items(session, attendance)
    assert [item.nomination for item in recused] == [own]
    with pytest.raises(services.TransitionError):  # voting on their own nomination
        services.cast_ballot(member, session, {item.pk: "approve" for item in session.items.all()})
    vote_all(session, users, lambda user, item: "disapprove" if user == member else "approve")
    with pytest.raises(services.TransitionError):
        services.cast_ballot(member, session, {allowed[0].pk: "approve"})
    assert Participation.objects.filter(session=session).count() == 11
    own_item, other_item = session.items.get(nomination=own), session.items.get(nomination=other)
    assert (own_item.approve, own_item.disapprove, own_item.ballots) == (10, 0, 10)
    assert (other_item.approve, other_item.disapprove) == (10, 1)
    session = services.close_session(awards.p.chair, session)
    own_item.refresh_from_db()
    other_item.refresh_from_db()
    # Own: 10 of the 10 members who may vote; other: 10 / 11 = 90.9 % ≥ 80 %.
    assert own_item.arithmetic.startswith("10 / 10 members = 100.0 %")
    assert other_item.arithmetic.startswith("10 / 11 members = 90.9 % ≥ 80 %")
    own.refresh_from_db()
    assert own.status == S.APPROVED
    assert services.verify_digest(session)
    AgendaItem.objects.filter(pk=other_item.pk).update(approve=11, disapprove=0)
    assert not services.verify_digest(session)
    # A vote after closing is refused.
    with pytest.raises(services.TransitionError):
        services.cast_ballot(users[0], session, {})


def test_members_who_may_not_vote_are_refused(awards):
    session = awards.open([awards.nominate("CSTDCS")])
    with pytest.raises(PermissionDenied):
        services.cast_ballot(awards.p.clerk, session, {})  # not a council member role
    stranger = make_person(awards.p.unit_b, "B0099", "Người ngoài")
    outsider = make_user("m-out", "council_member", awards.p.province, stranger)
    with pytest.raises(PermissionDenied):
        services.cast_ballot(outsider, session, {})  # not on this council
    row = session.attendance.get(member__person=awards.p.member_person)
    services.set_attendance(awards.p.clerk, session, {row.pk: AttendanceStatus.ABSENT})
    item = session.items.get()
    with pytest.raises(services.TransitionError):
        services.cast_ballot(awards.p.council_member, session, {item.pk: "approve"})
    assert not Participation.objects.exists()
    assert AgendaItem.objects.get().ballots == 0


def test_a_written_opinion_counts_only_where_the_base_is_all_members(awards):
    cstdcs = awards.nominate("CSTDCS")  # 80 % of all members
    ldtt = awards.nominate("LDTT", person=awards.p.person_b)  # 50 % of those present
    session = awards.open([cstdcs, ldtt])
    row = session.attendance.get(member__person=awards.p.member_person)
    services.set_attendance(awards.p.clerk, session, {row.pk: AttendanceStatus.WRITTEN})
    row.refresh_from_db()
    allowed, _recused = services.ballot_items(session, row)
    assert [item.nomination for item in allowed] == [cstdcs]


@translation.override("en")
def test_quorum_failure_in_a_session_defers_the_item(awards):
    nomination = awards.nominate("CSTDCS")
    session = awards.open([nomination], mode="paper")
    rows = list(session.attendance.all())
    services.set_attendance(
        awards.p.clerk, session, {row.pk: AttendanceStatus.ABSENT for row in rows[:4]}
    )
    services.record_paper_tally(awards.p.clerk, session, {session.items.get().pk: (7, 0, 0)})
    services.close_session(awards.p.clerk, session)
    nomination.refresh_from_db()
    assert nomination.status == S.DEFERRED
    assert "Quorum not met: 7 / 11" in session.items.get().arithmetic


def test_paper_tally_cannot_exceed_the_voters(awards):
    session = awards.open([awards.nominate("CSTDCS")], mode="paper")
    item = session.items.get()
    with pytest.raises(services.TransitionError):
        services.record_paper_tally(awards.p.clerk, session, {item.pk: (10, 2, 0)})
    with pytest.raises(services.TransitionError):
        services.cast_ballot(awards.p.council_member, session, {item.pk: "approve"})
    services.record_paper_tally(awards.p.clerk, session, {item.pk: (9, 1, 1)})
    services.close_session(awards.p.clerk, session)
    item.refresh_from_db()
    assert item.outcome == Outcome.APPROVED
    with pytest.raises(services.TransitionError):
        services.close_session(awards.p.clerk, session)


def test_no_table_links_a_choice_to_a_member(awards):
    """Read every table an administrator can: only who took part and the totals are there."""
    users = voters(awards)
    nomination = awards.nominate("CSTDCS")
    session = awards.open([nomination])
    dissenter = awards.p.council_member
    vote_all(session, users, lambda user, item: "disapprove" if user == dissenter else "approve")
    dissenter_ids = {str(dissenter.pk), str(dissenter.person_id)}
    seat = services.voter_attendance(dissenter, session).member_id
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names()
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row).lower()
                if "disapprove" in text:
                    pytest.fail(
                        f"{table} mentions a choice: {dict(zip(columns, row, strict=True))}"
                    )
    participation_columns = {field.column for field in Participation._meta.concrete_fields}
    assert participation_columns == {"id", "session_id", "member_id"}
    assert Participation.objects.filter(member_id=seat).exists()
    item = session.items.get()
    assert (item.approve, item.disapprove) == (10, 1)
    assert dissenter_ids  # the ids exist, yet nothing ties them to the one disapproval


def test_a_member_is_recused_from_the_unit_they_lead(awards):
    head = awards.p.member_person
    unit_item = awards.nominate("TTLDXS", unit=head.unit)
    session = awards.open([unit_item, awards.nominate("CSTDCS")])
    row = session.attendance.select_related("member__person").get(member__person=head)
    _allowed, recused = services.ballot_items(session, row)
    assert recused == []  # a staff member of the office does not lead it
    head.leadership = "department"
    head.save()
    row.member.person.refresh_from_db()
    _allowed, recused = services.ballot_items(session, row)
    assert [item.nomination for item in recused] == [unit_item]
