"""Signing in, by any route, counts as activity for the inactivity rule."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="volunteers.touch_on_login")
def touch_on_login(sender, request, user, **kwargs):
    from .actions import touch

    touch(user)
