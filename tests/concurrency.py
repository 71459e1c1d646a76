"""What the tests of simultaneous use share: calls released together in threads, real gunicorn
servers over the test database (PostgreSQL: the data they read must be committed, so the tests
are transactional), and browsers that keep their cookies from one server to the other."""

import http.client
import http.cookies
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]
CSRF = "b" * 32  # an unmasked CSRF secret: sent as the cookie and as the form field


def at_once(calls):
    """Run every call in its own thread (and so its own connection), released together by a
    barrier. Returns the results in the calls' order and the exceptions raised."""
    barrier = threading.Barrier(len(calls))
    errors, results = [], [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def database_url():
    db = connection.settings_dict
    auth = urllib.parse.quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def request(base, method, path, body=None, headers=None):
    """One HTTP request, redirects not followed: (status, headers, text)."""
    link = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=30)
    try:
        link.request(method, path, body, headers or {})
        response = link.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        link.close()


def launch(workers):
    """A gunicorn server of `workers` workers over the test database: (process, base URL)."""
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
        [str(gunicorn), "config.wsgi", "--preload", "-w", str(workers), "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the workers are stopped with it
    )
    return process, f"http://127.0.0.1:{port}"


def wait_until_serving(base):
    for _attempt in range(300):
        try:
            request(base, "GET", "/accounts/login/")
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"gunicorn did not start at {base}")


@contextmanager
def running_servers(count, workers):
    """`count` gunicorn servers of `workers` workers each over the test database, started side
    by side: their base URLs. Stopped at the end, each with its workers."""
    started = [launch(workers) for _index in range(count)]
    try:
        for _process, base in started:
            wait_until_serving(base)
        yield [base for _process, base in started]
    finally:
        for process, _base in started:
            os.killpg(process.pid, signal.SIGKILL)
        for process, _base in started:
            process.wait(timeout=10)


def session_of(user):
    """A session stored in the database, as a log-in on any server would leave it."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


class Browser:
    """One browser (or tab) of a logged-in user: it sends its session to whichever server it
    calls and keeps the cookies the servers set (the messages shown after a redirect)."""

    def __init__(self, user=None, session_id=None):
        self.cookies = {"sessionid": session_id or session_of(user), "csrftoken": CSRF}

    def _call(self, base, method, path, data=None):
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": CSRF, **data}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, answer, text = request(base, method, path, body, headers)
        for line in answer.get_all("Set-Cookie") or ():
            for name, morsel in http.cookies.SimpleCookie(line).items():
                if morsel.value:
                    self.cookies[name] = morsel.coded_value
                else:
                    self.cookies.pop(name, None)
        return status, answer, text

    def get(self, base, path):
        status, _headers, text = self._call(base, "GET", path)
        return status, text

    def post(self, base, path, data):
        """POST a form; on a redirect, follow it on the same server. Returns the POST's status,
        and the status and text of the page finally shown."""
        status, headers, text = self._call(base, "POST", path, data)
        if status != 302:
            return status, status, text
        return status, *self.get(base, headers["Location"])
