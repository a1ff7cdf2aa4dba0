"""SMS through a generic HTTP gateway (format in docs/notify.md, stub in notify/testing.py).

POST {SMS_GATEWAY_URL} {"id", "to", "from", "text"} sends; GET {SMS_GATEWAY_URL}/{id} tells
whether the gateway already has a message with that id, so a worker that finds a delivery
left half-way by a killed worker asks before it sends again.
"""

import phonenumbers
import requests
from django.conf import settings

from ..transports import Transport, TransportError
from . import text as sms_text

# Invalid number or message, or a reused id. Not 404: a wrong SMS_GATEWAY_URL must not
# fail every SMS.
PERMANENT_STATUSES = {400, 409, 422}


class SmsTransport(Transport):
    channel = "sms"
    supports_lookup = True

    def __init__(self, timeout: float = 10.0):
        super().__init__(timeout)
        # One session per worker: keep-alive connections to the gateway.
        self.session = requests.Session()
        self.url = settings.SMS_GATEWAY_URL.rstrip("/")
        # Proxy settings from the environment are read once, not on every request.
        self.session.proxies = requests.utils.get_environ_proxies(self.url)
        self.session.trust_env = False
        if settings.SMS_GATEWAY_TOKEN:
            self.session.headers["Authorization"] = f"Bearer {settings.SMS_GATEWAY_TOKEN}"

    def close(self) -> None:
        pass  # the session outlives batches

    def _request(self, method: str, url: str, **kwargs) -> requests.Response:
        try:
            return self.session.request(method, url, timeout=(3.0, self.timeout), **kwargs)
        except requests.ConnectionError as exc:
            # Refused or unreachable before the request went out: certainly not sent.
            # (A reset after sending is a ConnectionError too, hence the check.)
            refused = isinstance(exc.__context__, ConnectionRefusedError) or "refused" in str(exc)
            raise TransportError(f"SMS gateway unreachable: {exc}", maybe_sent=not refused) from exc
        except requests.Timeout as exc:
            raise TransportError(f"SMS gateway timed out: {exc}") from exc
        except requests.RequestException as exc:
            raise TransportError(f"SMS gateway request failed: {exc}") from exc

    def send(self, delivery) -> str:
        to = delivery.address
        try:
            number = phonenumbers.parse(to, None)
            valid = phonenumbers.is_valid_number(number)
        except phonenumbers.NumberParseException:
            valid = False
        if not valid:
            raise TransportError(f"invalid phone number {to!r}", permanent=True)
        payload = {
            "id": str(delivery.key),
            "to": phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
            "from": settings.SMS_SENDER,
            "text": sms_text.normalize(delivery.body),
        }
        response = self._request("POST", self.url, json=payload)
        if response.status_code in (200, 201, 202):
            return _provider_id(response, delivery)
        detail = f"SMS gateway answered {response.status_code}: {response.text[:200]}"
        if response.status_code in PERMANENT_STATUSES:
            raise TransportError(detail, permanent=True)
        if response.status_code == 429:
            raise TransportError(detail, maybe_sent=False)
        # 5xx and the rest: the gateway may or may not have taken it.
        raise TransportError(detail)

    def lookup(self, delivery) -> str | None:
        response = self._request("GET", f"{self.url}/{delivery.key}")
        if response.status_code == 404:
            return None
        if response.status_code == 200:
            return _provider_id(response, delivery)
        raise TransportError(f"SMS gateway status check answered {response.status_code}")


def _provider_id(response, delivery) -> str:
    try:
        data = response.json()
    except ValueError:
        data = {}
    return str(data.get("provider_id") or data.get("id") or delivery.key)[:200]
