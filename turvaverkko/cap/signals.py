"""Signals cap sends so that apps above it (incidents) can react without cap knowing them."""

from django.dispatch import Signal

# Sent inside the import's transaction when an Update supersedes or a Cancel cancels a stored
# warning. Arguments: old (the CapAlert referenced), new (the Update or Cancel just stored),
# msg_type ("Update" or "Cancel"). incidents logs it on the incident opened from `old`.
warning_changed = Signal()
