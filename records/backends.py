"""How a request's user is loaded.

Django's model backend, with the account's unit and person fetched in the same query. The user
object lives for one request only; its roles and unit scope are read when first asked and kept
on it for the rest of that request (`User.access`), never across requests: a role taken away,
a group renamed or a unit moved counts from the very next request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class RequestUserBackend(ModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("unit", "person").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
