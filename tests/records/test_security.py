import pytest
from django.urls import reverse

from tests.conftest import PASSWORD, PRODUCTION_AUTHENTICATION_BACKENDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def throttled(settings):
    settings.AUTHENTICATION_BACKENDS = PRODUCTION_AUTHENTICATION_BACKENDS
    settings.AXES_ENABLED = True


def post_login(client, password):
    return client.post(reverse("login"), {"username": "clerk", "password": password})


def test_login_is_locked_after_five_failures_even_with_the_right_password(
    personas, client, throttled
):
    for _ in range(4):
        assert post_login(client, "wrong").status_code == 200
    locked = post_login(client, "wrong")
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    assert post_login(client, PASSWORD).status_code == 429


def test_a_right_password_before_the_limit_logs_in(personas, client, throttled):
    post_login(client, "wrong")
    assert post_login(client, PASSWORD).status_code == 302


def test_pages_carry_a_policy_without_inline_scripts(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
