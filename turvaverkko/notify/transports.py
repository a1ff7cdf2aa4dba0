"""The base every channel's transport shares (one folder per channel: email/, sms/, push/)."""

from abc import ABC, abstractmethod

from django.utils.module_loading import import_string


class TransportError(Exception):
    """A send that did not succeed.

    permanent: retrying cannot help (invalid number, rejected address, gone subscription).
    maybe_sent: the provider may have taken the message anyway (time-out after the request
    went out, a 5xx); the next attempt asks the provider first where it can.
    """

    def __init__(self, message: str, *, permanent: bool = False, maybe_sent: bool = True):
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.maybe_sent = maybe_sent and not permanent


class Transport(ABC):
    """Sends deliveries of one channel. A worker keeps one instance for its whole life.

    open()/close() bracket a batch (e-mail reuses one SMTP connection per batch).
    """

    channel = ""
    # Whether lookup() can tell if the provider already has a message (by its key).
    supports_lookup = False

    def __init__(self, timeout: float = 10.0):
        self.timeout = timeout

    def open(self) -> None:  # noqa: B027 - optional hook: most channels keep no connection
        """Start a batch (e-mail opens its SMTP connection here)."""

    def close(self) -> None:  # noqa: B027 - optional hook, as open()
        """End a batch."""

    @abstractmethod
    def send(self, delivery) -> str:
        """Hand the delivery to the provider; returns the provider's id for it."""

    def lookup(self, delivery) -> str | None:
        """The provider's id if it already accepted this delivery's key, else None.

        Only called when `supports_lookup`; a provider that cannot be asked never knows."""
        return None


TRANSPORTS = {
    "email": "turvaverkko.notify.email.transport.EmailTransport",
    "sms": "turvaverkko.notify.sms.transport.SmsTransport",
    "push": "turvaverkko.notify.push.transport.PushTransport",
}


def get_transport(channel: str, **kwargs) -> Transport:
    return import_string(TRANSPORTS[channel])(**kwargs)
