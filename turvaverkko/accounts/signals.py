"""Signals accounts sends to the apps above it (accounts imports none of them)."""

from django.dispatch import Signal

# "Forgot your password?" for an address whose account has no usable password (a volunteer's
# account signs in by e-mailed link). Arguments: email, language. volunteers answers it with
# a sign-in link; the page answers the same whoever the address belongs to.
password_reset_without_password = Signal()
