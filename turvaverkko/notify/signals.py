"""Signals notify sends so that callers can react without notify knowing about them."""

from django.dispatch import Signal

# Sent (after commit) when a delivery has failed for good: the provider refused the address
# (`permanent=True`: invalid number, unknown mailbox, push subscription gone) or every retry
# was used up (`permanent=False`). Arguments: delivery, permanent. A caller moves on to the
# deputy and marks the contact detail as failing.
delivery_failed_permanently = Signal()

# Sent by the push transport at the moment a push service answers, so that the owner of the
# subscription (volunteers) can keep it up to date; the delivery's address is the
# subscription JSON. Argument: delivery.
push_accepted = Signal()  # the service took the message: the subscription works
# The service answered 404 or 410: the subscription no longer exists and never will again.
# Not every permanent push failure means this (no VAPID keys, a payload too large), which is
# why delivery_failed_permanently alone cannot tell a caller to drop the subscription.
push_subscription_gone = Signal()

# Sent inside the transaction that stores an inbound message (an SMS reply from the gateway),
# once per message: a repeat with the same provider id is not sent again. Argument: message
# (models.InboundMessage). A receiver may return a short word saying what it made of the
# message ("recorded", "unclear"); the first one is stored and answered to the gateway.
message_received = Signal()

# Sent by a delivery worker's channel loop about every NOTIFY_HEARTBEAT_SECONDS while it runs
# (web records it as that channel's heartbeat, "notify:sms"). Argument: queue.
worker_alive = Signal()
