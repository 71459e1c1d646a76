"""A form that creates a record acts once, however often it is sent.

A double click, the back button or a reload after a slow answer sends the same "new …" form
again. Each such form carries a token made when it was shown (`SentOnce`, a hidden field); the
first sending records the token with the address of what it created, in the same transaction
(`create_once`), and a later sending of the same token goes to that record instead of creating
another. Two sendings at the same moment are decided by the token's unique index: the second's
record is rolled back and it goes to the first's."""

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from records.models import FormSubmission


class OnceField(forms.UUIDField):
    widget = forms.HiddenInput

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None  # a damaged token: the form still works, without the protection


class SentOnce(forms.Form):
    """Mixed into a form that creates a record: a new token each time the form is shown."""

    once = OnceField(required=False, initial=uuid.uuid4)


def sent_before(user, token):
    """The address of what the form with `token` created for `user`, or None."""
    return (
        FormSubmission.objects.filter(token=token, user=user).values_list("url", flat=True).first()
    )


def create_once(request, form, create):
    """Runs `create()`, which makes the record `form` asks for and returns it, unless the same
    form was sent before. Returns the record's address and whether it was created now."""
    token = form.cleaned_data.get("once")
    if token is None:  # posted without the token (a script, a page from before it existed)
        return create().get_absolute_url(), True
    if (url := sent_before(request.user, token)) is not None:
        return url, False
    try:
        with transaction.atomic():
            url = create().get_absolute_url()
            FormSubmission.objects.create(token=token, user=request.user, url=url)
    except IntegrityError:
        if (url := sent_before(request.user, token)) is None:
            raise
        return url, False
    return url, True


def redirect_once(request, form, create, success):
    """`create_once`, then to the record, with `success` or, for a form sent again, why nothing
    new was created. What `create()` raises (a refusal) reaches the caller."""
    url, created = create_once(request, form, create)
    if created:
        messages.success(request, success)
    else:
        messages.info(request, _("This form had already been sent: nothing was created again."))
    return redirect(url)
