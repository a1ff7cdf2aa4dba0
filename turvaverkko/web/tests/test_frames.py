"""A page's frame (core/frames.py): for signed-out visitors the search and map pages are
rendered whole once per language, and afterwards only their holes (the language links, the
search form, the map's data and the results). What a visitor gets must be exactly the whole
page, with their own query in it; a signed-in user, or a page that cannot be shared, is
rendered whole."""

from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import _does_token_match
from django.template import Template, TemplateSyntaxError
from django.test import RequestFactory, override_settings
from django.urls import translate_url
from django.utils.autoreload import file_changed
from django.utils.translation import override

from turvaverkko.core import frames
from turvaverkko.directory.tests.factories import ServiceFactory, SiteFactory
from turvaverkko.registry.tests.factories import OrganizationFactory
from turvaverkko.web.templatetags.turva import translated_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(db):
    martat = OrganizationFactory(name_fi="Huittisten Martat ry")
    sites = [
        SiteFactory(
            name_fi=f"Kohtaamispaikka {n:02d}",
            name_sv=f"Mötesplats {n:02d}" if n % 2 else "",
            description_fi="Kahvila ja vertaistukea.",
            low_threshold=n % 3 == 0,
            organizations=[martat],
        )
        for n in range(25)
    ]
    ServiceFactory(name_fi="Ruoka-apu", name_sv="Mathjälp", organization=martat, sites=sites[:3])
    return sites


QUERIES = [
    "",
    "q=kahvila",
    "q=kahvila&page=2",
    "q=vertaistuki&low_threshold=1",
    "q=mathj%C3%A4lp",
    "q=eiloydymitaan",
    "q=kahvila&place=Ei+tunnettu",
    "q=%3Cb%3E%26%22&kind=zzz",
    "nearest=1",
    "lat=61.17&lon=22.7&q=kahvila",
]


def _whole(client_with_message_cookie, path: str) -> bytes:
    """The page rendered whole: a visitor with a message cookie (unreadable, so no message
    is shown) gets neither the frame nor the page cache."""
    return client_with_message_cookie.get(path).content


def test_a_signed_out_visitor_gets_exactly_the_whole_page(client, places):
    from django.test import Client

    whole_client = Client()
    whole_client.cookies[frames.MESSAGES_COOKIE] = "not-a-message"
    for lang in ("fi", "sv", "en"):
        for page in ("", "map/"):
            for n, query in enumerate(QUERIES):
                path = f"/{lang}/{page}?{query}&u={n}"
                framed = client.get(path)
                assert framed.status_code == 200
                assert framed.content == _whole(whole_client, path), path
    # The frames were used (one per page and language), not the whole rendering every time.
    assert len([key for key, frame in frames._frames.items() if frame is not None]) == 6


def test_the_language_links_carry_each_visitors_own_search(client, places):
    for words in ("kahvila", "mathjälp", "vertaistuki"):
        html = client.get(f"/sv/?q={quote(words)}").content.decode()
        assert f'href="/fi/?q={quote(words)}" lang="fi"' in html
        assert f'href="/en/?q={quote(words)}" lang="en"' in html
        assert 'lang="sv" hreflang="sv" aria-current="true"' in html
        assert 'lang="fi" hreflang="fi" aria-current' not in html
        assert f'value="{words}"' in html


def test_a_signed_in_user_never_gets_the_signed_out_frame(client, client_as, places):
    before = client.get("/fi/?q=kahvila").content.decode()
    assert "Kirjaudu ulos" not in before
    signed_in = client_as("olli").get("/fi/?q=kahvila").content.decode()
    assert "Kirjaudu ulos" in signed_in
    assert "csrfmiddlewaretoken" in signed_in
    after = client.get("/fi/?q=kahvila&u=2").content.decode()
    assert "Kirjaudu ulos" not in after
    assert "csrfmiddlewaretoken" not in after


def _request():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


LOCMEM = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [
                (
                    "django.template.loaders.locmem.Loader",
                    {
                        "loop.html": "{% load turva %}{% for w in words %}{% hole 'w' %}"
                        "[{{ w }}]{% endhole %}{% endfor %}",
                        "csrf.html": "{% load turva %}<form>{% csrf_token %}</form>"
                        "{% hole 'h' %}{{ word }}{% endhole %}",
                        "plain.html": "{% load turva %}<p>{{ word }}</p>",
                        "holes.html": "{% load turva %}<h1>{% hole 'a' %}{{ a }}{% endhole %}"
                        "</h1>{% hole 'b' %}{{ b }}{% endhole %}.",
                    },
                )
            ],
            "context_processors": ["django.template.context_processors.request"],
        },
    }
]


@override_settings(TEMPLATES=LOCMEM)
def test_only_the_holes_vary_between_visitors():
    first = frames.render(_request(), "holes.html", {"a": "yksi", "b": "<kaksi>"})
    second = frames.render(_request(), "holes.html", {"a": "kolme", "b": "neljä"})
    assert first.content.decode() == "<h1>yksi</h1>&lt;kaksi&gt;."
    assert second.content.decode() == "<h1>kolme</h1>neljä."


@override_settings(TEMPLATES=LOCMEM)
def test_a_hole_in_a_loop_is_rendered_with_the_loop():
    """A hole met twice would miss the loop's variable: that page is rendered whole."""
    assert frames.render(_request(), "loop.html", {"words": ["a", "b"]}).content == b"[a][b]"
    assert frames.render(_request(), "loop.html", {"words": ["c"]}).content == b"[c]"


@override_settings(TEMPLATES=LOCMEM)
def test_a_page_without_holes_is_rendered_whole_each_time():
    for word in ("yksi", "kaksi"):
        assert frames.render(_request(), "plain.html", {"word": word}).content == (
            f"<p>{word}</p>".encode()
        )


@override_settings(TEMPLATES=LOCMEM)
def test_a_frame_that_used_the_csrf_token_is_not_given_to_another_visitor():
    for word in ("yksi", "kaksi"):
        request = _request()
        html = frames.render(request, "csrf.html", {"word": word}).content.decode()
        token = html.split('value="')[1].split('"')[0]
        assert _does_token_match(token, request.META["CSRF_COOKIE"])
        assert html.endswith(word)


@override_settings(TEMPLATES=LOCMEM)
def test_a_changed_template_file_drops_the_frames():
    frames.render(_request(), "holes.html", {"a": "1", "b": "2"})
    assert frames._frames
    file_changed.send(sender=None, file_path=Path("web/templates/web/base.html"))
    assert not frames._frames


def test_a_hole_needs_a_quoted_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load turva %}{% hole name %}x{% endhole %}")


def test_outside_a_frame_a_hole_renders_what_it_holds():
    from django.template import Context

    template = Template("{% load turva %}<p>{% hole 'x' %}{{ word }}{% endhole %}</p>")
    assert template.render(Context({"word": "sana"})) == "<p>sana</p>"


@pytest.mark.parametrize(
    "url",
    [
        "/fi/",
        "/fi/?",
        "/fi/?q=kahvila&place=Turku",
        "/fi/?q=%C3%A4iti%20ja%20lapsi",
        "/fi/sites/00000000-0000-0000-0000-000000000000/?week=2026-12-07",
        "/fi/ei-ole-olemassa/?q=x",
        "/fi/?q=a#tulokset",
        "//example.com/fi/?q=x",
        "https://example.com/fi/?q=x",
        "/sv/map/?q=kaf%C3%A9",
    ],
)
def test_a_language_link_is_what_djangos_translate_url_gives(url):
    for active in ("fi", "sv"):
        with override(active):
            for lang in ("fi", "sv", "en"):
                assert translated_url(url, lang) == translate_url(url, lang), (active, url)
