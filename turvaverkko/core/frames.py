"""A page's frame: what a page shows every signed-out visitor in a language, rendered once.

The public search page is read mostly by signed-out visitors, every query unique, and for
them everything on it but the words they searched and the results is the same: the layout,
the navigation, the footer, the headings. Django's template engine walks the whole page
for every request all the same (the layout's blocks, some forty tags). A template marks
the parts that vary with `{% hole "name" %}…{% endhole %}` (the tag is in the `turva`
library); `render()` then renders the page once per template, language and script prefix
with each hole left as a marker, keeps the text between the markers (the frame), and for
every later signed-out request renders only the holes' own node lists and puts them
between the pieces. The page is the same, byte for byte, as the template engine's whole
rendering (`core/tests/test_frames.py` and the directory's own tests compare them).

What a hole may use:

- The view's context and the context processors' values, as the whole page would: a hole
  is rendered with a context made from them and the request (`RequestContext`).
- Nothing the template sets outside the hole: no `{% with %}` or `{% for %}` variable
  around it, no `{% get_current_language as … %}` above it (put that inside the hole), no
  `{{ block.super }}`.

What the frame may use: nothing of the request but the language and the signed-out state
(the same rule as `{% fixed %}`). A frame whose rendering used the CSRF token is never kept
(it would give one visitor's token to all); anything else the frame reads of a request is a
bug of its template, which the comparison tests are there to find.

For a signed-in user, a visitor with a message waiting, or a template without holes, the
page is rendered as usual; a hole outside a frame rendering just renders what it holds.
"""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render as render_whole
from django.template import Context, Node, NodeList, loader
from django.template.backends.django import Template as BackendTemplate
from django.template.context import make_context
from django.urls import get_script_prefix
from django.utils.autoreload import file_changed
from django.utils.translation import get_language

# The cookie of django.contrib.messages' cookie storage (the default fallback storage).
MESSAGES_COOKIE = "messages"
# Frames kept per process: templates × three languages × script prefixes; a few dozen.
MAX_FRAMES = 256

# A marker no text of a page holds: a per-process secret between NUL characters.
_NONCE = secrets.token_hex(8)
_MARKER = re.compile("\x00hole:" + _NONCE + r":(\d+)\x00")

# The holes met while a frame is recorded, in the order their markers were written.
_recording: ContextVar[list[HoleNode] | None] = ContextVar("frame_recording", default=None)


def signed_out_visitor(request: HttpRequest) -> bool:
    """A visitor without a session and without a message waiting: the page holds nothing of
    their own. (The public pages' response cache uses the same test.)"""
    cookies = request.COOKIES
    return not cookies.get(settings.SESSION_COOKIE_NAME) and not cookies.get(MESSAGES_COOKIE)


class HoleNode(Node):
    """`{% hole "name" %}…{% endhole %}`: a part of a page that varies by request."""

    def __init__(self, name: str, nodelist: NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        holes = _recording.get()
        if holes is None:
            return self.nodelist.render(context)
        holes.append(self)
        return f"\x00hole:{_NONCE}:{len(holes) - 1}\x00"


@dataclass(frozen=True)
class Frame:
    pieces: tuple[str, ...]  # the text before, between and after the holes
    holes: tuple[HoleNode, ...]

    def fill(
        self, request: HttpRequest, template: BackendTemplate, context: dict[str, Any] | None
    ) -> str:
        """The page: the pieces with the holes rendered for this request between them."""
        engine_template = template.template
        ctx = make_context(context, request, autoescape=template.backend.engine.autoescape)
        out = [self.pieces[0]]
        with ctx.render_context.push_state(engine_template), ctx.bind_template(engine_template):
            for hole, piece in zip(self.holes, self.pieces[1:], strict=True):
                out.append(hole.nodelist.render(ctx))
                out.append(piece)
        return "".join(out)


# {(template, language, script prefix): its frame, or None for a page rendered whole}
_frames: dict[tuple[str, str | None, str], Frame | None] = {}


def render(
    request: HttpRequest, template_name: str, context: dict[str, Any] | None = None
) -> HttpResponse:
    """django.shortcuts.render, from the template's frame for a signed-out visitor."""
    if not signed_out_visitor(request):
        return render_whole(request, template_name, context)
    template = loader.get_template(template_name)
    if not isinstance(template, BackendTemplate):  # another engine: no holes to find
        return render_whole(request, template_name, context)
    key = (template.origin.name, get_language(), get_script_prefix())
    if key not in _frames:
        frame = _record(request, template, context)
        if frame is None and request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            # Not kept: the next visitor's page may not need the token.
            return render_whole(request, template_name, context)
        if len(_frames) >= MAX_FRAMES:
            _frames.clear()
        _frames[key] = frame
    frame = _frames[key]
    if frame is None:
        return render_whole(request, template_name, context)
    return HttpResponse(frame.fill(request, template, context))


def _record(
    request: HttpRequest, template: BackendTemplate, context: dict[str, Any] | None
) -> Frame | None:
    """The template rendered with its holes as markers, cut at them; None when the page has
    no hole, or its frame cannot be shared (it used the CSRF token, or a hole was rendered
    twice, as in a loop, where it would miss the loop's variables)."""
    holes: list[HoleNode] = []
    token = _recording.set(holes)
    try:
        html = template.render(context, request)
    finally:
        _recording.reset(token)
    if not holes or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None
    if len({id(hole) for hole in holes}) != len(holes):
        return None
    parts = _MARKER.split(html)
    # split() gives text, index, text, index, …, text: the indices must be 0, 1, 2, … once.
    if parts[1::2] != [str(i) for i in range(len(holes))]:
        return None
    return Frame(pieces=tuple(parts[0::2]), holes=tuple(holes))


def forget(**kwargs: Any) -> None:
    """Drop every frame (settings changed in tests; a template file changed in development)."""
    _frames.clear()


setting_changed.connect(forget)
file_changed.connect(forget, dispatch_uid="turvaverkko_frames_forget")
