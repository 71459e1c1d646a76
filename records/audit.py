"""The record-level audit trail: every create, change and delete of a domain record (the models
of the apps in settings.AUDITED_APPS, except the trail itself) becomes an AuditEvent with who,
when, and the changed fields with their old and new values.

How: a middleware puts the request's user into a context variable; pre_save reads the stored
row (one query) so that post_save can write the difference; post_delete writes the values the
record had. Many-to-many links (a user's groups, that is their roles; a pledge's signatory units)
are audited on the record whose model declares the field, by m2m_changed: "linked" or "unlinked"
with the field and the ids added or removed (removing reads the links first: one query), from
either side of the relation (`group.user_set.add(user)` is an event on the user). Fixtures loaded
with `loaddata` (a restore) are not events: they are history already.

Bulk operations (`bulk_create`, `bulk_update`, `QuerySet.update()`/`delete()`) send no signals:
the services that use them (imports, agenda and ballot writes, decisions' ledger entries) write
their own summary event in the same transaction, with what they did and how many rows.
"""

import contextvars
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db.models import BinaryField
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from records.models import AuditChain, AuditEvent, FormSubmission

_actor = contextvars.ContextVar("audit_actor", default=None)

# The trail itself, and the bookkeeping of forms sent once (written with the record they created).
NOT_AUDITED = {AuditEvent, AuditChain, FormSubmission}
# Fields whose value never enters the trail (secrets), and fields that change on every login.
MASKED = {"password"}
IGNORED = {"last_login"}
MAX_TEXT = 500


class AuditActorMiddleware:
    """Makes the request's user the actor of the record changes made while serving it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _actor.set(request)
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)


class acting_as:
    """`with acting_as(user):` outside a request (commands, tests): changes are `user`'s."""

    def __init__(self, user):
        self.user = user

    def __enter__(self):
        self.token = _actor.set(self.user)

    def __exit__(self, *exc):
        _actor.reset(self.token)


def current_actor():
    holder = _actor.get()
    user = getattr(holder, "user", holder)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def plain(value):
    """A JSON value for the trail: text cut to MAX_TEXT characters."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def audited_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.name not in IGNORED
        and not isinstance(field, BinaryField)  # files (a job's result): their name is audited
    ]


def field_values(instance, fields):
    return {field.attname: plain(field.value_from_object(instance)) for field in fields}


def masked(values):
    return {name: "***" if name in MASKED else value for name, value in values.items()}


def is_audited(sender):
    return (
        sender._meta.app_label in settings.AUDITED_APPS
        and sender not in NOT_AUDITED
        # Historical models (migrations) are other classes than the registered ones.
        and apps.get_registered_model(sender._meta.app_label, sender._meta.model_name) is sender
    )


def write(instance, action, details):
    AuditEvent.objects.create(
        actor=current_actor(),
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        details=details,
    )


def remember_stored_values(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        instance._audit_loaded = True  # loaddata sets its many-to-many links next: not events
        return
    if not is_audited(sender) or instance._state.adding or instance.pk is None:
        return
    fields = audited_fields(sender)
    if update_fields is not None:
        fields = [field for field in fields if field.name in update_fields]
    stored = sender._base_manager.filter(pk=instance.pk).values(*[f.attname for f in fields])
    instance._audit_stored = stored.first()


def record_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not is_audited(sender):
        return
    fields = audited_fields(sender)
    if created:
        write(instance, "created", {"values": masked(field_values(instance, fields))})
        return
    stored = instance.__dict__.pop("_audit_stored", None)
    if stored is None:
        return
    new = field_values(instance, [field for field in fields if field.attname in stored])
    changes = {
        name: ["***", "***"] if name in MASKED else [plain(stored[name]), value]
        for name, value in new.items()
        if plain(stored[name]) != value
    }
    if changes:
        write(instance, "changed", {"changes": changes})


def record_delete(sender, instance, **kwargs):
    if is_audited(sender):
        values = masked(field_values(instance, audited_fields(sender)))
        write(instance, "deleted", {"values": values})


def linked_ids(field, instance, reverse, pk_set):
    """The ids on the other side of `field` that `instance` is linked to now (of `pk_set`)."""
    mine, theirs = field.m2m_field_name(), field.m2m_reverse_field_name()
    if reverse:
        mine, theirs = theirs, mine
    links = field.remote_field.through._base_manager.filter(**{mine: instance.pk})
    if pk_set is not None:
        links = links.filter(**{f"{theirs}__in": pk_set})
    return set(links.values_list(f"{theirs}_id", flat=True))


def record_links(sender, instance, action, reverse, model, pk_set, **kwargs):
    owner = model if reverse else type(instance)
    if not is_audited(owner) or instance.__dict__.get("_audit_loaded"):
        return
    field = next(f for f in owner._meta.many_to_many if f.remote_field.through is sender)
    remembered = instance.__dict__.setdefault("_audit_unlinking", {})
    if action in ("pre_remove", "pre_clear"):
        remembered[field.name] = linked_ids(field, instance, reverse, pk_set)
        return
    if action == "post_add":
        verb, ids = "linked", pk_set
    elif action in ("post_remove", "post_clear"):
        verb, ids = "unlinked", remembered.pop(field.name, set())
    else:
        return
    if not ids:
        return
    actor = current_actor()
    # One event on the declaring record: the instance itself, or each record linked to it.
    pairs = [(instance.pk, sorted(ids))] if not reverse else [(pk, [instance.pk]) for pk in ids]
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            action=verb,
            object_type=owner._meta.label_lower,
            object_id=str(pk),
            details={"field": field.name, "ids": [plain(value) for value in linked]},
        )
        for pk, linked in sorted(pairs)
    )


def connect():
    pre_save.connect(remember_stored_values, dispatch_uid="records.audit.pre_save")
    post_save.connect(record_save, dispatch_uid="records.audit.post_save")
    post_delete.connect(record_delete, dispatch_uid="records.audit.post_delete")
    m2m_changed.connect(record_links, dispatch_uid="records.audit.m2m_changed")
