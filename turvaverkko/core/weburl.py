"""Web addresses as real URIs (RFC 3986): internationalised host names in IDNA form.

People type `https://std-kylä.fi/ohjeet`; Django's URLValidator accepts it, but a URI is
ASCII, so HSDS `uri` fields and other machines need `https://xn--std-kyl-cxa.fi/ohjeet`.
`to_uri` gives that form (other non-ASCII characters percent-encoded as UTF-8), and
`is_uri` is the strict check the served data is held to.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

import idna

# The characters RFC 3986 allows in a URI (a % must start an escape, checked separately).
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Characters kept as they are when percent-encoding a path, query or fragment.
_SAFE = "/:@!$&'()*+,;=-._~%?[]"


def is_uri(value: str) -> bool:
    """True for an absolute URI that RFC 3986 allows (ASCII, valid escapes, a scheme)."""
    return bool(_URI.match(value)) and not _BAD_ESCAPE.search(value)


def to_uri(value: str) -> str:
    """`value` as an ASCII URI: the host in IDNA form, other non-ASCII percent-encoded.

    Raises ValueError when the host is not a valid (internationalised) domain name.
    Empty stays empty; an address that is ASCII already comes back unchanged.
    """
    value = (value or "").strip()
    if not value or value.isascii():
        return value
    parts = urlsplit(value)
    host = parts.hostname or ""
    netloc = parts.netloc
    if host and not host.isascii():
        try:
            ascii_host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError as exc:
            raise ValueError(f"{host!r} is not a valid domain name: {exc}") from None
        userinfo = netloc.rpartition("@")[0]
        port = f":{parts.port}" if parts.port is not None else ""
        netloc = (f"{userinfo}@" if userinfo else "") + ascii_host + port
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=_SAFE),
            quote(parts.query, safe=_SAFE),
            quote(parts.fragment, safe=_SAFE),
        )
    )


def served_uri(value: str) -> str:
    """The URI to publish for a stored web address, or "" if it cannot be one."""
    try:
        uri = to_uri(value)
    except ValueError:
        return ""
    return uri if uri and is_uri(uri) else ""
