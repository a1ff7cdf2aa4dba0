"""Web Push subscriptions as a browser sends them: validation and a short browser name.

A browser's `PushSubscription.toJSON()` is {"endpoint", "expirationTime", "keys": {"p256dh",
"auth"}}. The server later POSTs to the endpoint, so the endpoint rule also keeps the server
from being pointed at hosts of the local network:

- the endpoint must be an https URL whose host is a DNS name (no IP address, not
  "localhost"), at most 1,000 characters (a DNS name that resolves to a local address is
  not caught here: the real push services are fcm.googleapis.com, *.push.services.mozilla.com,
  web.push.apple.com and *.notify.windows.com, should a stricter list ever be wanted);
- only with settings.DEBUG (development, and the tests that talk to a local push service
  stub) may it also be http or https to a loopback host: 127.0.0.1, [::1] or localhost.

p256dh must be base64url of an uncompressed P-256 point (65 bytes, on the curve) and auth
base64url of 16 bytes; padding is optional. docs/push.md explains the whole flow.
"""

import base64
import binascii
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

MAX_ENDPOINT = 1000
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


class InvalidSubscription(ValueError):
    """Every problem found, as {field: message}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str


def _b64url(value: str) -> bytes | None:
    if not isinstance(value, str) or not _BASE64URL.match(value):
        return None
    try:
        return base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
    except (binascii.Error, ValueError):
        return None


def _is_p256_point(raw: bytes) -> bool:
    from cryptography.hazmat.primitives.asymmetric import ec

    if len(raw) != 65 or raw[0] != 4:
        return False
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        return False
    return True


def endpoint_error(endpoint) -> str | None:
    """Why the endpoint is refused (None: it is fine), by the rule in the module docstring."""
    if not isinstance(endpoint, str) or not endpoint:
        return _("The endpoint is missing.")
    if len(endpoint) > MAX_ENDPOINT:
        return _("The endpoint is too long.")
    try:
        url = urlsplit(endpoint)
        host = (url.hostname or "").lower()
        url.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError:
        return _("The endpoint is not a valid URL.")
    if url.scheme not in ("https", "http") or not host or url.username or url.password:
        return _("The endpoint is not a valid URL.")
    if host in LOOPBACK_NAMES:
        if settings.DEBUG:
            return None
        return _("The endpoint must be a push service on the internet.")
    if url.scheme != "https":
        return _("The endpoint must use https.")
    if _is_ip_address(host) or "." not in host:
        return _("The endpoint must be a push service on the internet.")
    return None


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        # Resolvers also take "127.1" and "0x7f.1"; no top-level domain looks like that.
        last = host.rsplit(".", 1)[-1]
        return last.isdigit() or last.startswith("0x")
    return True


def parse_subscription(data) -> Subscription:
    """The subscription in `data` (parsed JSON), or InvalidSubscription with every error."""
    if not isinstance(data, dict):
        raise InvalidSubscription({"subscription": _("Expected a JSON object.")})
    errors = {}
    endpoint = data.get("endpoint")
    if problem := endpoint_error(endpoint):
        errors["endpoint"] = problem
    keys = data.get("keys")
    keys = keys if isinstance(keys, dict) else {}
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    raw = _b64url(p256dh)
    if raw is None or not _is_p256_point(raw):
        errors["keys.p256dh"] = _(
            "The browser's public key must be base64url of an uncompressed P-256 point."
        )
    raw = _b64url(auth)
    if raw is None or len(raw) != 16:
        errors["keys.auth"] = _("The authentication secret must be base64url of 16 bytes.")
    if errors:
        raise InvalidSubscription(errors)
    return Subscription(endpoint, p256dh.rstrip("="), auth.rstrip("="))


# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def browser_name(user_agent: str) -> str:
    """ "Firefox – Android" from a User-Agent header: enough to tell one's devices apart,
    and less than the whole header (which is kept nowhere)."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    if browser and system:
        return f"{browser} – {system}"
    return browser or system
