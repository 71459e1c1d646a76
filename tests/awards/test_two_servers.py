"""Two app servers over one PostgreSQL database (README, "When one machine is not enough"): they
share the sessions, serve the same data and both accept votes. The servers are real gunicorn
processes on the test database, so the data is committed (transactional test)."""

import re

import pytest
from django.apps import apps
from django.db import connection

from awards import generator, services
from awards.models import CouncilSession, Participation
from initiatives import reference
from records.models import User
from tests.concurrency import Browser

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="several servers need a database server"
)


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture
def servers(catalogue_reloaded, two_servers):
    reference.load(apps)  # the allowed share total, flushed like every data-migration row
    generator.generate(
        generator.Sizes(provinces=2, regional=2, people=60, years=1, conferrals=100),
        log=lambda line: None,
    )
    return two_servers


def test_two_servers_share_sessions_data_and_votes(servers):
    first, second = servers
    clerk = Browser(User.objects.get(username="s-p01.vanphong"))
    pages = [clerk.get(base, "/awards/nominations/?year=2025") for base in servers]
    assert pages[0][0] == pages[1][0] == 200
    assert without_tokens(pages[0][1]) == without_tokens(pages[1][1])

    for code, base in (("S-P01", first), ("S-P02", second)):
        voter = User.objects.get(username=f"{code.lower()}.hoidong3")
        session = CouncilSession.objects.get(council__unit__code=code, status="open")
        attendance = services.voter_attendance(voter, session)
        allowed, _recused = services.ballot_items(session, attendance)
        choices = {f"item-{item.pk}": "approve" for item in allowed}
        browser = Browser(voter)
        _posted, status, _html = browser.post(base, f"/awards/sessions/{session.pk}/vote/", choices)
        assert status == 200  # after the redirect to the session page
        assert Participation.objects.filter(session=session, member=attendance.member).exists()
        # The other server shows the same session with the vote counted.
        other = second if base == first else first
        counts = [
            without_tokens(browser.get(server, f"/awards/sessions/{session.pk}/")[1])
            for server in (base, other)
        ]
        assert counts[0] == counts[1]
