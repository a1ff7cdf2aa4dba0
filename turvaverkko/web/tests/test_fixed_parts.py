"""The layout's fixed parts ({% fixed %} in web/base.html: the navigation and the footer) are
rendered once per language for signed-out visitors and given as they are afterwards; a
signed-in user always gets their own (their links, the logout form's CSRF token)."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse
from django.utils.translation import gettext, override

pytestmark = pytest.mark.django_db


def header(html: str) -> str:
    return html[html.index('<a class="skip"') : html.index('<nav class="langs"')]


def footer(html: str) -> str:
    return html[html.index("<footer") : html.index("</footer>")]


def test_each_language_gets_its_own_navigation_and_footer(client):
    seen = {}
    for n, lang in enumerate(("fi", "sv", "en", "fi", "sv")):
        html = client.get(f"/{lang}/?u={n}").content.decode()
        with override(lang):
            assert f">{gettext('Log in')}</a>" in header(html)
            assert f'href="{reverse("accounts:login")}"' in header(html)
            assert gettext("Skip to content") in header(html)
            assert gettext("In an emergency call 112.") in footer(html)
            assert f'href="{reverse("volunteers:sign_up")}"' in footer(html)
        # Rendered the first time, given from memory the second: the same.
        assert seen.setdefault(lang, (header(html), footer(html))) == (header(html), footer(html))
    assert len(set(seen.values())) == 3
    # The language links are not fixed: they are the page's own path in each language.
    html = client.get("/sv/?q=kahvila").content.decode()
    assert 'href="/fi/?q=kahvila" lang="fi"' in html


def test_a_signed_in_user_gets_their_own_navigation(client, client_as):
    before = client.get("/fi/?u=1").content.decode()
    signed_in = client_as("olli").get("/fi/?u=2").content.decode()
    with override("fi"):
        assert gettext("Log out") in header(signed_in)
        assert gettext("My account") in header(signed_in)
        assert "csrfmiddlewaretoken" in header(signed_in)
        assert f">{gettext('Log in')}</a>" not in header(signed_in)
    after = client.get("/fi/?u=3").content.decode()
    assert header(after) == header(before)
    assert "csrfmiddlewaretoken" not in after


def test_a_fixed_part_needs_a_quoted_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load turva %}{% fixed header %}x{% endfixed %}")


def test_a_template_without_a_file_is_rendered_every_time():
    """Its parts could not be told apart from another such template's: not kept."""
    from django.contrib.auth.models import AnonymousUser

    for word in ("yksi", "kaksi"):
        template = Template("{% load turva %}{% fixed 'x' %}{{ word }}{% endfixed %}")
        assert template.render(Context({"user": AnonymousUser(), "word": word})) == word


def test_a_url_reversed_once_is_that_of_the_active_language():
    template = Template("{% load turva %}{% url_once 'directory:search' %}")
    for lang in ("fi", "sv", "fi"):
        with override(lang):
            assert template.render(Context()) == reverse("directory:search") == f"/{lang}/"
