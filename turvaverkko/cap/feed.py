"""Reading FMI's CAP warnings feed over HTTP (standards.md §3.3), for the scheduler's
`fetch_cap_feed` task and `import_cap --url`.

One read: GET the feed with the validators of the last read that was stored in full
(If-None-Match / If-Modified-Since); a 304 ends there. Otherwise the feed is parsed with
parsing.parse; entries that link to their CAP alert instead of embedding it have the alert
fetched, from the feed's own host or a host in FMI_CAP_LINK_HOSTS only, and parsed the
same way. Only when everything has been read and parsed is it stored, through actions.store in
one transaction together with the new validators. Redirects are not followed (a redirect
could lead anywhere); every body is read streamed and given up at parsing.MAX_BYTES or after
FMI_CAP_FEED_TIMEOUT seconds. A failure of any kind is logged and recorded on the feed's
CapFeedState row, and changes no stored alert.
"""

import logging
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TypedDict
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import actions, parsing
from .models import CapFeedState

logger = logging.getLogger(__name__)

# Linked alerts fetched per feed at most. FMI has rarely more than a few dozen in force;
# the cap keeps one bad feed from sending us off on thousands of requests.
MAX_LINKS = 200
CHUNK = 64 * 1024
ACCEPT = "application/atom+xml, application/cap+xml, application/xml;q=0.9, text/xml;q=0.8"
# Link types an entry's alternate link may have to be taken for its CAP alert.
XML_TYPES = {"", "application/cap+xml", "application/xml", "text/xml"}
DEFAULT_PORTS = {"http": 80, "https": 443}


class FeedError(parsing.CapError):
    """The feed or a linked alert could not be fetched: HTTP, network, size, time, host."""


@dataclass
class FeedResult:
    url: str
    unchanged: bool = False  # 304: nothing new since the last stored read
    linked: int = 0  # linked alert documents fetched
    imported: actions.ImportResult = field(default_factory=actions.ImportResult)


def read_feed(url: str | None = None) -> FeedResult:
    """Read the feed at `url` (default FMI_CAP_FEED_URL) once and store what is new.

    Raises parsing.CapError (FeedError for fetching) after recording it on CapFeedState.
    """
    url = url or settings.FMI_CAP_FEED_URL
    if not url:
        raise ValueError("no CAP feed URL given and FMI_CAP_FEED_URL is empty")
    state = CapFeedState.objects.get_or_create(url=url)[0]
    try:
        _check_scheme(url)
        return _read(state, settings.FMI_CAP_FEED_TIMEOUT)
    except parsing.CapError as exc:
        _record_error(state, str(exc))
        raise
    except Exception as exc:
        # Not ours to explain (a database error, say), but the coordinator should still
        # see that reading stopped working.
        _record_error(state, f"{type(exc).__name__}: {exc}")
        raise


def _read(state: CapFeedState, timeout: float) -> FeedResult:
    result = FeedResult(state.url)
    conditional = {}
    if state.etag:
        conditional["If-None-Match"] = state.etag
    if state.last_modified:
        conditional["If-Modified-Since"] = state.last_modified
    with requests.Session() as session:
        session.headers.update(
            {"Accept": ACCEPT, "User-Agent": f"Turvaverkko ({settings.SITE_URL})"}
        )
        response, body = _download(session, state.url, timeout, conditional)
        if response.status_code == 304:
            CapFeedState.objects.filter(pk=state.pk).update(last_success_at=timezone.now())
            result.unchanged = True
            return result
        alerts = parsing.parse(body)
        links = _linked_alert_urls(body, state.url)
        for link in links:  # every link is checked before any is fetched
            _check_link(link, state.url)
        for link in links:
            _response, document = _download(session, link, timeout)
            try:
                alerts += parsing.parse(document)
            except parsing.CapError as exc:
                raise parsing.CapError(f"{link}: {exc}") from None
        result.linked = len(links)
    etag = response.headers.get("ETag", "")
    last_modified = response.headers.get("Last-Modified", "")
    with transaction.atomic():
        result.imported = actions.store(alerts, filename=state.url)
        CapFeedState.objects.filter(pk=state.pk).update(
            # A validator too long to keep whole is not kept at all: a cut one never matches.
            etag=etag if len(etag) <= 500 else "",
            last_modified=last_modified if len(last_modified) <= 100 else "",
            last_success_at=timezone.now(),
        )
    return result


def _download(
    session: requests.Session,
    url: str,
    timeout: float,
    conditional: dict[str, str] | None = None,
) -> tuple[requests.Response, bytes]:
    """GET url; (response, body), body empty on 304. The socket timeout bounds each network
    read; the deadline, checked between reads, bounds the whole body, so a server that
    trickles bytes is given up after about twice `timeout` at most."""
    deadline = time.monotonic() + timeout
    too_slow = FeedError(
        _("%(url)s did not answer within %(seconds)s seconds.") % {"url": url, "seconds": timeout}
    )
    too_large = FeedError(
        _("%(url)s is larger than %(size)s MB.") % {"url": url, "size": parsing.MAX_BYTES // 2**20}
    )
    try:
        with session.get(
            url, headers=conditional, timeout=timeout, stream=True, allow_redirects=False
        ) as response:
            if response.status_code == 304 and conditional:
                return response, b""
            if response.is_redirect:
                raise FeedError(
                    _("%(url)s redirects to %(location)s; set the final address instead.")
                    % {"url": url, "location": response.headers.get("Location", "")}
                )
            if response.status_code != 200:
                raise FeedError(
                    _("%(url)s answered HTTP %(status)s.")
                    % {"url": url, "status": response.status_code}
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > parsing.MAX_BYTES:
                raise too_large
            body = bytearray()
            # read1 returns after one network read, so the deadline is checked often
            # (iter_content would block until a whole chunk has arrived).
            while chunk := response.raw.read1(CHUNK, decode_content=True):
                body += chunk
                if len(body) > parsing.MAX_BYTES:
                    raise too_large
                if time.monotonic() > deadline:
                    raise too_slow
            return response, bytes(body)
    except (requests.Timeout, urllib3.exceptions.TimeoutError):
        raise too_slow from None
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        raise FeedError(
            _("Could not read %(url)s: %(error)s") % {"url": url, "error": exc}
        ) from None


def _linked_alert_urls(data: bytes, feed_url: str) -> list[str]:
    """Absolute addresses of the CAP alerts that feed entries link to without embedding."""
    # parsing.parse has accepted `data`: well-formed, no DOCTYPE or entity declarations.
    root = ET.fromstring(data)  # noqa: S314
    if root.tag != f"{{{parsing.ATOM}}}feed":
        return []
    urls: list[str] = []
    for entry in root.findall(f"{{{parsing.ATOM}}}entry"):
        if entry.find(f".//{{{parsing.CAP}}}alert") is not None:
            continue  # embedded: parsing.parse has read it already
        href = _alert_link(entry)
        if not href:
            entry_id = entry.findtext(f"{{{parsing.ATOM}}}id", "").strip()
            raise FeedError(
                _("Feed entry %(id)s has neither a CAP alert nor a link to one.")
                % {"id": entry_id or "?"}
            )
        url = urljoin(feed_url, href)
        if url not in urls:
            urls.append(url)
    if len(urls) > MAX_LINKS:
        raise FeedError(
            _("The feed links to %(count)s alerts; at most %(max)s are fetched.")
            % {"count": len(urls), "max": MAX_LINKS}
        )
    return urls


def _alert_link(entry: ET.Element) -> str:
    """A link typed application/cap+xml, else the entry's alternate link if it may be XML."""
    links = entry.findall(f"{{{parsing.ATOM}}}link")

    def media_type(link: ET.Element) -> str:
        return link.get("type", "").split(";")[0].strip().lower()

    typed = [link for link in links if media_type(link) == "application/cap+xml"]
    alternate = [
        link
        for link in links
        if link.get("rel", "alternate") == "alternate" and media_type(link) in XML_TYPES
    ]
    for link in typed + alternate:
        href = (link.get("href") or "").strip()
        if href:
            return href
    return ""


def _check_scheme(url: str) -> None:
    if urlsplit(url).scheme not in DEFAULT_PORTS:
        raise FeedError(_("Only http and https addresses can be read: %(url)s") % {"url": url})


def _check_link(url: str, feed_url: str) -> None:
    """Linked alerts come from the feed's host (same port) or from FMI_CAP_LINK_HOSTS,
    entries of which are "host" (any port) or "host:port"; never https -> http."""
    _check_scheme(url)
    link, feed = urlsplit(url), urlsplit(feed_url)
    if feed.scheme == "https" and link.scheme != "https":
        raise FeedError(_("The feed links to %(url)s without https.") % {"url": url})
    try:
        link_port = link.port or DEFAULT_PORTS[link.scheme]
    except ValueError:  # not a port number
        link_port = None
    feed_port = feed.port or DEFAULT_PORTS[feed.scheme]
    allowed = {host.strip().lower() for host in settings.FMI_CAP_LINK_HOSTS if host.strip()}
    if link_port is None or not (
        (link.hostname, link_port) == (feed.hostname, feed_port)
        or link.hostname in allowed
        or f"{link.hostname}:{link_port}" in allowed
    ):
        raise FeedError(
            _(
                "The feed links to %(url)s, on another host than the feed; add the host to "
                "FMI_CAP_LINK_HOSTS if it is to be trusted."
            )
            % {"url": url}
        )


def _record_error(state: CapFeedState, message: str) -> None:
    logger.warning("Reading the CAP feed %s failed: %s", state.url, message)
    CapFeedState.objects.filter(pk=state.pk).update(
        last_error=message, last_error_at=timezone.now()
    )


class FeedStatus(TypedDict):
    on: bool  # a feed address is configured
    state: CapFeedState | None  # None until it is first read


def feed_status() -> FeedStatus:
    """For the coordinator's dashboard: is the configured feed read, when, and how it failed."""
    url = settings.FMI_CAP_FEED_URL
    return {
        "on": bool(url),
        "state": CapFeedState.objects.filter(url=url).first() if url else None,
    }
