"""Pages served again from memory until a record changes.

A list, a record's page or a report is rebuilt only when something it could show has changed.
"Changed" is read from the head of the audit trail's hash chain (`AuditChain`): every create,
change and delete of a record, and every bulk write, appends an event to it in the transaction
that makes the change (records/audit.py), so the head moves exactly when the records do. A page
is kept under a key made of that head, the date (deadlines and "late" flags move with it), the
language, the user, the user's CSRF secret (the page's forms carry a token made from it) and the
full path with its query string; a page of the same user, path and data is the same page.

Each app server keeps its own copy (Django's in-memory cache by default): because the key names
the data it was built from, several servers never serve each other's stale pages, and no
shared cache is needed. PAGE_CACHE_SECONDS=0 turns the cache off.

The same head keeps the signed-in user of every request (`KeptUserBackend`): their account, roles
and scope are records too, so a request reads its session and the head, and the user, their
groups and their unit's subtree only after a change.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from records.models import AuditChain

# How long an app server keeps a user for one state of the records.
USER_KEPT_SECONDS = 600


def page_key(request):
    parts = [
        request.user.data_version,
        timezone.localdate().isoformat(),
        get_language(),
        str(request.user.pk),
        request.META.get("CSRF_COOKIE", ""),  # without one, the page sets it: not kept
        request.get_full_path(),
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def cacheable(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and request.user.is_authenticated
        and not get_messages(request)  # messages are shown once, then gone
    )


def cached_page(view):
    """Serves the HTML page `view` built for the same user, path, language, day and data."""

    @wraps(view)
    def serve(request, *args, **kwargs):
        if not cacheable(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        if (content := cache.get(key)) is not None:
            return HttpResponse(content)
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and response["Content-Type"] == HttpResponse().headers["Content-Type"]
            and not response.cookies
        ):
            cache.set(key, response.content, settings.PAGE_CACHE_SECONDS)
        return response

    return serve


class KeptUserBackend(ModelBackend):
    """Django's model backend, whose `get_user` (once per request, for the session's user) keeps
    the account with its roles and scope under the data version. Every change of an account,
    its groups or the unit tree moves the head (records/audit.py), and so does a password change:
    the session's check against the password hash then reads the new one."""

    def get_user(self, user_id):
        version = AuditChain.head()
        key = f"user:{user_id}:{version}"
        if (user := cache.get(key)) is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            user.__dict__["_access"] = user.read_access(version)
            cache.set(key, user, USER_KEPT_SECONDS)
        return user
