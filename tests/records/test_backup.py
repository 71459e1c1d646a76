import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from records.backup import backed_up_models
from records.integrity import verify_audit_chain
from records.models import AuditEvent, Conferral, Person, User

pytestmark = pytest.mark.django_db


def counts():
    return {model._meta.label: model._default_manager.count() for model in backed_up_models()}


def test_backup_restores_into_an_empty_database_with_the_same_counts_and_chain(
    tmp_path, catalogue_reloaded
):
    call_command("seed_demo")
    clerk = User.objects.get(username="vanphong")
    for n in range(3):
        AuditEvent.objects.create(
            actor=clerk,
            action="screen",
            object_type="nomination",
            object_id=str(n),
            reason="Hồ sơ đầy đủ",
        )
    before = counts()
    password = clerk.password
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path))

    call_command("flush", interactive=False, inhibit_post_migrate=True)
    assert Person.objects.count() == 0
    call_command("restore", str(path))

    assert counts() == before
    assert verify_audit_chain() == []
    restored = User.objects.get(username="vanphong")
    assert restored.password == password
    assert set(restored.groups.values_list("name", flat=True)) == {"standing_office"}
    assert Conferral.objects.filter(person__unit__code="SL-MC").exists()
    # Ids continue after the restored rows.
    AuditEvent.objects.create(action="restore-check", object_type="test")
    assert verify_audit_chain() == []


def test_restore_refuses_a_database_that_has_data(tmp_path, personas):
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path))
    with pytest.raises(CommandError, match="records.Unit"):
        call_command("restore", str(path))
    assert apps.get_model("records.Unit").objects.count() == 4
