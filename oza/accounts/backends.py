"""How the user of a session is loaded, on every request."""

from django.contrib.auth.backends import ModelBackend

from oza.compiled import compiled_filter

from .models import User

_SESSION_USER = compiled_filter(User.objects.select_related("organisation"), pk="user")


class UserBackend(ModelBackend):
    """Django's ModelBackend, loading a session's user with their organisation (which the menu,
    the filters and the access rules read) in one statement made once per process."""

    def get_user(self, user_id):
        try:
            found = _SESSION_USER(user=int(user_id))
        except (TypeError, ValueError):
            return None
        if not found:
            return None
        (user,) = found
        return user if self.user_can_authenticate(user) else None
