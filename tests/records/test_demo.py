import pytest
from django.core.management import call_command

from records.demo import LOGINS
from records.models import Conferral, Council, Person, Rating, Unit, User

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in (Unit, Person, Rating, Conferral, Council, User)]


def test_seed_demo_builds_the_province_once(capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    province = Unit.objects.get(code="SONLA")
    assert province.children.filter(kind="district").count() == 12
    assert province.children.filter(kind="department", name="Văn phòng").exists()
    assert 240 <= Person.objects.count() <= 270
    assert set(User.objects.values_list("username", flat=True)) == {row[0] for row in LOGINS}
    assert "demo12345" in capsys.readouterr().out
