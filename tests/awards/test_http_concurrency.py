"""Many people acting at the same moment through two gunicorn servers over one PostgreSQL
database, through the real pages: ballots (each member posting twice, once through each server),
the same workflow steps on the same nominations by two clerks, and several clerks issuing
decisions. Afterwards every ballot counts once, every nomination's state is the end of an
unbroken audit trail with one event per change, decision numbers run 1, 2, 3… without a gap,
and every refused request said why instead of failing."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from awards import services, views
from awards.models import (
    AgendaItem,
    Decision,
    DocumentStatus,
    Nomination,
    NominationStatus,
    NumberCounter,
    Participation,
)
from records import roles
from records.models import AuditEvent, Conferral
from tests.awards.conftest import YEAR, Awards
from tests.concurrency import Browser, at_once, session_of
from tests.conftest import Personas, make_person, make_user

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="several servers need a database server"
)
MEMBERS = 16
NOMINATIONS = 6
S = NominationStatus


@pytest.fixture
def council(catalogue_reloaded):
    return Awards(Personas(), size=MEMBERS)


def vietnamese(text):
    with translation.override("vi"):
        return str(text)


@dataclass
class Attempt:
    """One user's POST of a form through one server, with what the page says when it worked,
    and the same step as a service call, to ask again afterwards."""

    browser: Browser
    server: str
    path: str
    data: dict
    success: str
    again: object
    target: int = None  # the record it acts on
    step: str = ""

    def post(self):
        return self.browser.post(self.server, self.path, self.data)

    def refusal(self):
        """What the service answers, in Vietnamese, when asked the same thing now."""
        with translation.override("vi"), pytest.raises(services.TransitionError) as refused:
            self.again()
        return str(refused.value)


def message(html):
    """The one message of the page shown after a step: (Bootstrap colour, text)."""
    found = re.findall(r'<div class="alert alert-(\w+) .*?role="alert">\s*(.*?)\s*<button', html)
    assert len(found) == 1, html[:2000]
    colour, text = found[0]
    return colour, unescape(text)


def race(attempts):
    """Post every attempt at the same moment; check that none failed and that each either did
    what it says or was refused with the service's own reason. Returns the attempts that worked."""
    results, errors = at_once([attempt.post for attempt in attempts])
    assert errors == []
    worked = []
    for attempt, (posted, status, html) in zip(attempts, results, strict=True):
        assert (posted, status) == (302, 200), f"{attempt.path}: {posted}, {status}: {html[:500]}"
        colour, text = message(html)
        if colour == "success":
            assert text == attempt.success
            worked.append(attempt)
        else:
            assert (colour, text) == ("danger", attempt.refusal())
    return worked


def test_members_posting_their_ballot_twice_through_both_servers_are_counted_once(
    council, two_servers
):
    voters = [council.p.council_member, council.p.chair]
    voters += [
        make_user(f"m{index}", roles.COUNCIL_MEMBER, council.p.province, person)
        for index, person in enumerate(council.extra)
    ]
    people = [council.p.person_a, council.p.person_b, council.p.clerk_person]
    session = council.open([council.nominate("CSTDCS", person=person) for person in people])
    items = list(session.items.order_by("pk"))
    path = reverse("awards:session_vote", args=[session.pk])
    attempts, expected = [], {item.pk: Counter() for item in items}
    for number, voter in enumerate(voters):
        choices = {item.pk: services.CHOICES[(number + i) % 3] for i, item in enumerate(items)}
        for item_id, choice in choices.items():
            expected[item_id][choice] += 1
        form = {f"item-{item_id}": choice for item_id, choice in choices.items()}
        # Two tabs of the same member's browser, one on each server, posting at the same moment.
        session_id = session_of(voter)
        for server in two_servers:
            attempts.append(
                Attempt(
                    Browser(session_id=session_id),
                    server,
                    path,
                    form,
                    vietnamese(gettext_lazy("Your secret ballot was recorded.")),
                    lambda voter=voter, choices=choices: services.cast_ballot(
                        voter, session, choices
                    ),
                    voter.pk,
                )
            )
    assert len(voters) == MEMBERS and len(attempts) == 2 * MEMBERS

    worked = race(attempts)

    # One ballot per member: the other tab was told the member had already voted.
    assert sorted(attempt.target for attempt in worked) == sorted(voter.pk for voter in voters)
    members = list(Participation.objects.filter(session=session).values_list("member", flat=True))
    assert sorted(members) == sorted(session.attendance.values_list("member", flat=True))
    for item in session.items.all():
        counted = {choice: getattr(item, choice) for choice in services.CHOICES}
        assert counted == {choice: expected[item.pk][choice] for choice in services.CHOICES}
        assert item.ballots == MEMBERS


def nominations_for(council, count):
    people = [make_person(council.p.unit_a, f"N{n:04d}", f"Người {n}") for n in range(count)]
    return [council.nominate("CSTDCS", person=person) for person in people]


def transitions(nomination):
    """The audit events that changed the nomination's state, oldest first."""
    return list(
        AuditEvent.objects.filter(object_type="awards.nomination", object_id=str(nomination.pk))
        .exclude(from_state=F("to_state"))
        .order_by("id")
    )


def step_attempts(step, users, nominations, servers, data):
    """Every user posts `step` on every nomination, the users' i-th through server i (mod 2)."""
    action, success = views.STEPS[step]
    return [
        Attempt(
            browser,
            servers[index % len(servers)],
            reverse("awards:nomination_step", args=[nomination.pk, step]),
            data,
            vietnamese(success),
            lambda user=user, nomination=nomination: action(user, nomination, data),
            nomination.pk,
            step,
        )
        for nomination in nominations
        for index, (user, browser) in enumerate(users)
    ]


def winners(attempts):
    """{nomination id: the step that worked on it}; exactly one per nomination."""
    worked = race(attempts)
    found = {attempt.target: attempt.step for attempt in worked}
    assert len(found) == len(worked) == len({attempt.target for attempt in attempts})
    return found


def test_two_clerks_pushing_the_same_nominations_at_once_leave_one_state_and_one_event(
    council, two_servers
):
    second = make_user("clerk2", roles.CLERK, council.p.province)
    clerks = [(user, Browser(user)) for user in (council.p.clerk, second)]
    nominations = nominations_for(council, NOMINATIONS)
    session = council.session()

    # Both clerks submit every nomination at once, through different servers.
    winners(step_attempts("submit", clerks, nominations, two_servers, {}))
    assert set(Nomination.objects.values_list("status", flat=True)) == {S.SUBMITTED}
    # One returns it for information while the other screens it onto the agenda.
    screen = {"session": session.pk, "justification": council.justification}
    missing = {"reason": "Thiếu bản thành tích"}
    attempts = step_attempts("return", clerks[:1], nominations, two_servers[:1], missing)
    attempts += step_attempts("agenda", clerks[1:], nominations, two_servers[1:], screen)
    second_round = winners(attempts)
    ends = {"return": S.RETURNED, "agenda": S.SCREENED}
    assert dict(Nomination.objects.values_list("pk", "status")) == {
        pk: ends[step] for pk, step in second_round.items()
    }
    assert sorted(AgendaItem.objects.values_list("nomination", flat=True)) == sorted(
        pk for pk, step in second_round.items() if step == "agenda"
    )
    # Both withdraw every nomination at once: withdrawn once, and off the agenda.
    winners(step_attempts("withdraw", clerks, nominations, two_servers, {"reason": "Rút"}))
    assert set(Nomination.objects.values_list("status", flat=True)) == {S.WITHDRAWN}
    assert not AgendaItem.objects.exists()

    # Each nomination's trail: created, then exactly one event per change that a page reported
    # as done, each starting where the one before ended, the last in the stored state.
    names = {"return": "return", "agenda": "screen"}
    for nomination in Nomination.objects.all():
        events = transitions(nomination)
        assert [event.action for event in events] == [
            "created",
            "submit",
            names[second_round[nomination.pk]],
            "withdraw",
        ]
        assert all(a.to_state == b.from_state for a, b in zip(events, events[1:], strict=False))
        assert (events[0].from_state, events[-1].to_state) == ("", S.WITHDRAWN)


def test_clerks_issuing_decisions_at_once_through_both_servers_take_consecutive_numbers(
    council, two_servers
):
    clerks = [council.p.clerk]
    clerks += [make_user(f"clerk{n}", roles.CLERK, council.p.province) for n in (2, 3)]
    nominations = nominations_for(council, NOMINATIONS)
    council.approved(nominations)
    header = {
        "issuer_unit": council.p.province,
        "year": YEAR,
        "symbol": "QĐ-VKS",
        "date": date(YEAR, 12, 20),
        "issuing_body": "VKSND tỉnh Sơn La",
        "signer": "Hoàng Văn Trưởng",
        "signer_position": "Viện trưởng",
        "subject": "Khen thưởng",
    }
    drafts = [
        services.draft_decision(clerks[n % 3], [nomination], **header)
        for n, nomination in enumerate(nominations)
    ]
    browsers = [Browser(clerk) for clerk in clerks]
    attempts = []
    # Each draft is issued by two clerks at once, through different servers.
    for n, draft in enumerate(drafts):
        for turn in range(2):
            clerk = (n + turn) % 3
            attempts.append(
                Attempt(
                    browsers[clerk],
                    two_servers[turn],
                    reverse("awards:decision_issue", args=[draft.pk]),
                    {},
                    vietnamese(gettext_lazy("The decision was issued and the ledger written.")),
                    lambda clerk=clerks[clerk], draft=draft: services.issue_decision(clerk, draft),
                )
            )

    worked = race(attempts)

    assert sorted(a.path for a in worked) == sorted({a.path for a in attempts})
    issued = Decision.objects.filter(status=DocumentStatus.ISSUED)
    assert sorted(issued.values_list("number_seq", flat=True)) == list(range(1, NOMINATIONS + 1))
    assert NumberCounter.objects.get().last == NOMINATIONS
    events = AuditEvent.objects.filter(object_type="awards.decision", action="issued")
    assert sorted(events.values_list("object_id", flat=True)) == sorted(
        str(draft.pk) for draft in drafts
    )
    for decision in issued:
        (nomination,) = decision.nominations.all()
        assert nomination.status == S.CONFERRED
        assert nomination.conferral.decision_number == decision.number
    assert Conferral.objects.filter(source="decision").count() == NOMINATIONS
