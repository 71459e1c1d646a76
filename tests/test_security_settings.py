"""Security settings: production cookies and HSTS (checked in a subprocess with DEBUG=0),
session expiry, password validators, clickjacking and content security policy headers on every
kind of page, and no personal data in the logs."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import PASSWORD, PRODUCTION_AUTHENTICATION_BACKENDS
from tests.world import World

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "production-test-" + "k" * 50,
    "ALLOWED_HOSTS": "thidua.example.gov.vn",
    "DATABASE_URL": "sqlite:///:memory:",
}
SHOWN = [
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
]


def manage(*args, **env):
    # The browser tests' fixture allows async-unsafe calls in this process: not in production.
    dropped = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in dropped} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_use_secure_cookies_and_hsts():
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {SHOWN!r}}}))"
    )
    result = manage("shell", "-c", code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
    }
    deploy = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr


def test_production_refuses_the_development_key():
    result = manage("check", **(PRODUCTION | {"SECRET_KEY": "short"}))
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.parametrize("password", ["12345678", "password", "short", "clerk123"])
def test_weak_passwords_are_refused(personas, password):
    with pytest.raises(ValidationError):
        validate_password(password, personas.clerk)


def test_a_strong_password_passes(personas):
    validate_password("Thi-dua-khen-thuong-2023!", personas.clerk)


@pytest.fixture
def world(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return World(personas)


def page_kinds(world):
    """One URL of every kind of page: (who, URL)."""
    p = world.p
    return [
        (None, reverse("login")),
        (p.clerk, reverse("records:dashboard")),
        (p.clerk, reverse("awards:nominations")),
        (p.clerk, reverse("awards:nomination", args=[world.nomination.pk])),
        (p.clerk, reverse("awards:session_minutes", args=[world.closed_session.pk])),
        (p.clerk, reverse("emulation:sheet_print", args=[world.sheet.year, p.unit_a.code])),
        (p.clerk, reverse("awards:file_download", args=[world.dossier_file.pk])),
        (p.admin, reverse("records:import_template", args=["people", "xlsx"])),
        (p.admin, reverse("records:audit_log")),
        (p.admin, reverse("admin:index")),
        (p.officer_b, reverse("awards:nomination", args=[world.nomination.pk])),  # 404
        (p.staff, reverse("records:imports")),  # 403
        (p.clerk, reverse("awards:session_open", args=[world.session.pk])),  # 405
    ]


def test_every_kind_of_page_forbids_framing_and_inline_scripts(world, client_as):
    statuses = set()
    for user, url in page_kinds(world):
        response = client_as(user).get(url)
        statuses.add(response.status_code)
        assert response["X-Frame-Options"] == "DENY", url
        policy = dict(
            (part.strip().split(" ", 1) + [""])[:2]
            for part in response["Content-Security-Policy"].split(";")
        )
        assert policy["script-src"] == "'self'", url
        assert policy["frame-ancestors"] == "'none'", url
        assert response["X-Content-Type-Options"] == "nosniff", url
    assert statuses == {200, 403, 404, 405}


PERSONAL = ["Lê Văn Chánh", "VP0001", "Nguyễn Văn An", "A0001", PASSWORD, "wrong-password"]


def test_no_personal_data_in_the_logs(world, client, client_as, caplog, settings):
    settings.AUTHENTICATION_BACKENDS = PRODUCTION_AUTHENTICATION_BACKENDS
    settings.AXES_ENABLED = True
    caplog.set_level(logging.DEBUG)
    client.post(reverse("login"), {"username": "clerk", "password": "wrong-password"})
    url = reverse("records:person_detail", args=["A0001"])
    assert client_as(world.p.officer_b).get(url).status_code == 404
    assert (
        client_as(world.p.officer_b)
        .get(reverse("awards:file_download", args=[world.dossier_file.pk]))
        .status_code
        == 404
    )
    messages = [record.getMessage() for record in caplog.records]
    assert any("Not Found" in message for message in messages)
    leaked = [m for m in messages if any(value in m for value in PERSONAL)]
    assert not leaked
