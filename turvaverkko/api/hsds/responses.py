"""Shared plumbing of the HSDS views: language, JSON responses, caching, paging, NDJSON."""

import hashlib
import json
import math
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from turvaverkko.directory.index import current_stamp

from . import queries, serializers
from .queries import BadRequest

MAX_PER_PAGE = 1000
DEFAULT_PER_PAGE = 50


def cache_seconds() -> int:
    return int(getattr(settings, "HSDS_CACHE_SECONDS", 30))


def request_language(request) -> str:
    """`?lang=fi|sv|en`, else the language LocaleMiddleware chose (Accept-Language)."""
    lang = request.GET.get("lang") or (translation.get_language() or "fi")[:2]
    return lang if lang in serializers.LANGS else "fi"


def encode(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _respond(body: bytes, lang: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(body, content_type="application/json", status=status)
    response["Content-Language"] = lang
    response["Vary"] = "Accept-Language"
    if status == 200 and cache_seconds():
        response["Cache-Control"] = f"public, max-age={cache_seconds()}"
    return response


def _error(message: str, status: int, lang: str = "fi") -> HttpResponse:
    return _respond(encode({"detail": message}), lang, status)


def hsds_view(func):
    """GET only; answers from the cache when it can; BadRequest becomes a 400."""

    @require_GET
    def wrapper(request, *args, **kwargs):
        lang = request_language(request)
        seconds = cache_seconds()
        key = None
        if seconds:
            # The data stamp in the key: any change of published data, on any machine, is
            # answered fresh at once instead of after HSDS_CACHE_SECONDS (directory/freshness.py).
            stamp = request.directory_stamp = current_stamp()  # read again by the search
            raw = f"{request.get_full_path()}|{stamp}"
            digest = hashlib.sha1(raw.encode(), usedforsecurity=False)
            key = f"hsds:{lang}:{digest.hexdigest()}"
            body = cache.get(key)
            if body is not None:
                return _respond(body, lang)
        try:
            result = func(request, lang, *args, **kwargs)
        except BadRequest as exc:
            return _error(str(exc), 400, lang)
        if isinstance(result, HttpResponse | StreamingHttpResponse):
            return result
        if result is None:
            return _error("Not found.", 404, lang)
        body = result if isinstance(result, bytes) else encode(result)  # bytes: encoded
        if key:
            cache.set(key, body, seconds)
        return _respond(body, lang)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def uuid_or_none(value: str):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


class Paging:
    def __init__(self, params):
        self.page = queries.parse_int("page", params.get("page"), 1, 1, 1_000_000)
        self.per_page = queries.parse_int(
            "per_page", params.get("per_page"), DEFAULT_PER_PAGE, 1, MAX_PER_PAGE
        )
        self.offset = (self.page - 1) * self.per_page

    def encoded_envelope(self, total: int, items: list[bytes]) -> bytes:
        """encode(self.envelope(total, objects)) where `items` are the objects, each already
        encoded: the same bytes, without encoding the objects again."""
        envelope = self.envelope(total, [])
        envelope.update(size=len(items), empty=not items)
        head = encode(envelope)  # ...,"contents":[]}
        return head[: -len(b"[]}")] + b"[" + b",".join(items) + b"]}"

    def envelope(self, total: int, contents: list) -> dict:
        pages = math.ceil(total / self.per_page)
        return {
            "total_items": total,
            "total_pages": pages,
            "page_number": self.page,
            "size": len(contents),
            "first_page": self.page == 1,
            "last_page": self.page >= pages,
            # HSDS: "empty" says this page has no items (also past the last page).
            "empty": not contents,
            "contents": contents,
        }


def ndjson(items) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (encode(item) + b"\n" for item in items), content_type="application/x-ndjson"
    )
    response["Vary"] = "Accept-Language"
    return response


def wants_ndjson(params) -> bool:
    fmt = params.get("format") or "json"
    if fmt not in ("json", "ndjson"):
        raise BadRequest("format must be json or ndjson.")
    return fmt == "ndjson"


def in_batches(ids, size=200):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
