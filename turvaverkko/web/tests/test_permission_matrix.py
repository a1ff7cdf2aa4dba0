"""Every URL pattern × every persona, read (GET) and write (POST), against one table.

The URL patterns come from walking Django's resolver, not from a list kept by hand: a new
page fails `test_every_url_pattern_is_classified` until it is added to `MATRIX` with who may
use it. Path parameters are filled from objects of "this" municipality and organisation
(matrix_world.py), so a refusal of the outsiders (Ulla of another association, Mikko of
another municipality) is a refusal of a real object of someone else, not a 404 of nothing.

Kinds (what each persona must get):
  public   everyone 200 (or the given status), including anonymous
  token    a link with a secret in it: a wrong secret is refused the same for everyone
  login    anyone signed in; anonymous is sent to sign in (302) or refused (401/403)
  role     only `allowed` personas; other signed-in ones 403/404, anonymous 302/401/403
Writes are POSTs with an empty body inside a transaction that is rolled back: an allowed
persona may get a form error (200/400) or a redirect, never a 5xx; a refused one 403/404
(anonymous: 302 to sign in, 401 or 403), or 405 where the page takes no POST at all.
"""

import re
from http.cookies import SimpleCookie

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from turvaverkko.accounts.testing import login_verified

from . import matrix_world
from .matrix_table import ADMIN_NAMESPACE, MATRIX, PARAMETERS, Expect

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "ville", "olli", "ulla", "kaisa", "mikko", "reetta", "admin"]
ANONYMOUS_REFUSED = {302, 401, 403}


def walk(patterns=None, prefix="", namespace=None):
    """(name, route) of every URL pattern, depth first, names with their namespaces."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield name, prefix + str(p.pattern)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from conftest import make_personas

    with django_db_blocker.unblock():
        personas = make_personas()
        objects = matrix_world.build(personas)
        clients = {"anonymous": Client()}
        for name in PERSONAS[1:]:
            clients[name] = login_verified(Client(), getattr(personas, name))
    yield personas, objects, clients
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def request_as(client, method, url):
    """One request whose writes are rolled back, and whose cookies (a log-out, a new
    session) do not leak into the next request of the same persona."""
    saved = SimpleCookie()
    saved.load(client.cookies.output(header="", sep=";"))
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    client.cookies = saved
    return response


def url_names() -> dict[str, str]:
    """{name: route} of every named URL pattern outside the admin site (the first route of a
    name: DRF's format-suffix variants share the name and the classification)."""
    names = {}
    for name, route in walk():
        if name is None or name.split(":")[0] == ADMIN_NAMESPACE:
            assert name is not None or f"{ADMIN_NAMESPACE}/" in route, f"unnamed URL {route}"
            continue
        names.setdefault(name, route)
    return names


def test_every_url_pattern_is_classified():
    names = url_names()
    unclassified = sorted(set(names) - set(MATRIX))
    assert unclassified == [], (
        "Add these URL names to MATRIX in web/tests/matrix_table.py, with who may use them: "
        + ", ".join(f"{n} ({names[n]})" for n in unclassified)
    )
    assert sorted(set(MATRIX) - set(names)) == [], "MATRIX rows for URL names that are gone"


def _url(name, route, personas, objects) -> str:
    kwargs = {}
    for groups in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route):
        param = groups[0] or groups[1]
        if param != "format":
            kwargs[param] = PARAMETERS(name, param, personas, objects)
    return reverse(name, kwargs=kwargs)


def _check(expect: Expect, persona: str, get: int, post: int) -> list[str]:
    """What is wrong with one persona's GET and POST statuses (empty when as expected)."""
    problems = []
    allowed_read = persona in expect.read
    allowed_write = persona in expect.write
    if post >= 500 or get >= 500:
        return [f"server error GET {get} POST {post}"]
    if expect.kind in ("public", "token"):
        if get not in expect.ok:
            problems.append(f"GET {get}, expected {sorted(expect.ok)}")
        return problems
    if expect.post_only:
        # 405 to everyone, or first the refusal to those who may not use the page at all.
        refusal = ANONYMOUS_REFUSED if persona == "anonymous" else expect.refused
        if get not in {405} | (set() if allowed_read else refusal):
            problems.append(f"GET {get} on a POST-only page")
    elif persona == "anonymous" and not allowed_read:
        if get not in ANONYMOUS_REFUSED:
            problems.append(f"anonymous GET {get}")
    elif allowed_read and get not in expect.ok:
        problems.append(f"GET {get}, expected {sorted(expect.ok)}")
    elif not allowed_read and get not in expect.refused:
        problems.append(f"GET {get} for an outsider, expected {sorted(expect.refused)}")
    if persona == "anonymous" and not allowed_write:
        if post not in ANONYMOUS_REFUSED | {405}:
            problems.append(f"anonymous POST {post}")
    elif allowed_write and post in {401, 403}:
        problems.append(f"POST refused ({post}) for an allowed persona")
    elif not allowed_write and post not in expect.refused | {405}:
        problems.append(f"POST {post} for an outsider, expected {sorted(expect.refused)}")
    return problems


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(name, world):
    """GET and an empty POST of one URL as each persona, against the name's MATRIX row."""
    personas, objects, clients = world
    route = url_names().get(name)
    assert route is not None, f"{name} is in MATRIX but no URL pattern has that name"
    url = _url(name, route, personas, objects)
    expect = MATRIX[name]
    problems = []
    for persona in PERSONAS:
        get = request_as(clients[persona], "get", url).status_code
        post = request_as(clients[persona], "post", url).status_code
        problems += [f"{persona}: {p}" for p in _check(expect, persona, get, post)]
    if expect.kind == "token":  # a wrong secret is refused the same way for everyone
        statuses = {request_as(clients[p], "post", url).status_code for p in ("anonymous", "admin")}
        assert len(statuses) == 1, f"{url}: POST differs by persona {statuses}"
    assert problems == [], f"{url} ({expect.kind}): " + "; ".join(problems)


@pytest.mark.parametrize("path", ["/fi/admin/", "/fi/admin/registry/roleassignment/"])
def test_admin_site_is_for_verified_staff_only(path, world):
    """The admin site's many patterns are one row: only the admin (staff, second factor)."""
    personas, objects, clients = world
    for persona in PERSONAS:
        status = request_as(clients[persona], "get", path).status_code
        assert (status == 200) == (persona == "admin"), (persona, status)
        assert status in (200, 302), (persona, status)
