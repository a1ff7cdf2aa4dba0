"""Signals notify sends so that callers can react without notify knowing about them."""

from django.dispatch import Signal

# Sent (after commit) when a delivery has failed for good: the provider refused the address
# (`permanent=True`: invalid number, unknown mailbox, push subscription gone) or every retry
# was used up (`permanent=False`). Arguments: delivery, permanent. A caller moves on to the
# deputy and marks the contact detail as failing.
delivery_failed_permanently = Signal()
