"""The authorization matrix: every named URL × every role × GET and POST, with the expected outcome.

Built from Django's URL resolver, so a new URL without a row in tests/access/rows_*.py fails here.
Django admin's own pages are guarded by Django (staff only) and are represented by `admin:index`.
"""

from http import HTTPStatus

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .expect import ALLOWED, FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, ROLES
from .rows import all_rows, extend_world
from .world import build_world

EXEMPT_NAMESPACES = {"admin"}


def url_names(patterns=None, namespace=""):
    """Every named URL pattern, with its namespaces ("assessments:quizzes:take")."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"


def checked_url_names():
    return sorted({name for name in url_names() if name.split(":")[0] not in EXEMPT_NAMESPACES})


def outcome(response):
    status = response.status_code
    if status in (HTTPStatus.FOUND, HTTPStatus.MOVED_PERMANENTLY):
        location = response.headers.get("Location", "")
        if location.startswith((reverse("login"), reverse("admin:login"))):
            return LOGIN
        return ALLOWED
    if status == HTTPStatus.NOT_FOUND:
        return NOT_FOUND
    if status == HTTPStatus.METHOD_NOT_ALLOWED:
        return NOT_ALLOWED
    if status == HTTPStatus.FORBIDDEN:
        return FORBIDDEN
    if status < 300 or status == HTTPStatus.BAD_REQUEST:
        return ALLOWED
    return f"HTTP {status}"


def test_every_url_has_a_row():
    missing = [name for name in checked_url_names() if name not in all_rows()]
    assert not missing, f"URLs with no row in the authorization matrix: {missing}"


def test_every_row_names_a_url():
    stale = sorted(set(all_rows()) - set(url_names()))
    assert not stale, f"rows for URLs that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(all_rows()))
def test_access(name, client):
    row = all_rows()[name]
    world = extend_world(build_world())
    url = reverse(name, kwargs=row.kwargs(world))
    wrong = []
    for role in ROLES:
        for method, expected in (("get", row.get[role]), ("post", row.post[role])):
            client.logout()
            user = getattr(world, role)
            if user is not None:
                client.force_login(user)
            response = client.get(url) if method == "get" else client.post(url, row.data(world))
            got = outcome(response)
            if got != expected:
                wrong.append(f"{method.upper()} as {role}: expected {expected}, got {got}")
    assert not wrong, f"{url}:\n  " + "\n  ".join(wrong)
