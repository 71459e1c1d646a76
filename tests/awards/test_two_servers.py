"""Two app servers over one PostgreSQL database (README, "When one machine is not enough"): they
share the sessions, serve the same data and both accept votes. The servers are real gunicorn
processes on the test database, so the data is committed (transactional test)."""

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client

from awards import generator, services
from awards.models import CouncilSession, Participation
from initiatives import reference
from records.models import User

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="several servers need a database server"
)
ROOT = Path(__file__).resolve().parents[2]
CSRF = "b" * 32  # an unmasked CSRF secret: sent as the cookie and as the form field


def database_url():
    db = connection.settings_dict
    auth = urllib.parse.quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_server():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": database_url(),
        "SECRET_KEY": settings.SECRET_KEY,  # the sessions' auth hashes depend on it
        "DEBUG": "1",
        "CONN_MAX_AGE": "0",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(150):
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=2)
            return process, base
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("gunicorn did not start")


def fetch(base, path, session_id, data=None):
    request = urllib.request.Request(
        base + path,
        data=urllib.parse.urlencode(data).encode() if data else None,
        headers={"Cookie": f"sessionid={session_id}; csrftoken={CSRF}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read().decode()


def logged_in(username):
    """A session stored in the database, as a log-in on any server would leave it."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client.cookies["sessionid"].value


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture
def servers(catalogue_reloaded):
    reference.load(apps)  # the allowed share total, flushed like every data-migration row
    generator.generate(
        generator.Sizes(provinces=2, regional=2, people=60, years=1, conferrals=100),
        log=lambda line: None,
    )
    started = [start_server(), start_server()]
    yield [base for _process, base in started]
    for process, _base in started:
        process.terminate()
        process.wait(timeout=10)


def test_two_servers_share_sessions_data_and_votes(servers):
    first, second = servers
    clerk = logged_in("s-p01.vanphong")
    pages = [fetch(base, "/awards/nominations/?year=2025", clerk) for base in servers]
    assert pages[0][0] == pages[1][0] == 200
    assert without_tokens(pages[0][1]) == without_tokens(pages[1][1])

    for code, base in (("S-P01", first), ("S-P02", second)):
        voter = User.objects.get(username=f"{code.lower()}.hoidong3")
        session = CouncilSession.objects.get(council__unit__code=code, status="open")
        attendance = services.voter_attendance(voter, session)
        allowed, _recused = services.ballot_items(session, attendance)
        choices = {f"item-{item.pk}": "approve" for item in allowed}
        cookie = logged_in(voter.username)
        status, _html = fetch(
            base,
            f"/awards/sessions/{session.pk}/vote/",
            cookie,
            {"csrfmiddlewaretoken": CSRF, **choices},
        )
        assert status == 200  # after the redirect to the session page
        assert Participation.objects.filter(session=session, member=attendance.member).exists()
        # The other server shows the same session with the vote counted.
        other = second if base == first else first
        counts = [
            without_tokens(fetch(server, f"/awards/sessions/{session.pk}/", cookie)[1])
            for server in (base, other)
        ]
        assert counts[0] == counts[1]
