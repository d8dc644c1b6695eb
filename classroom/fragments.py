"""Rendered page fragments kept in the cache, under keys that change whenever what they show changes.

A fragment's key is built from everything it depends on: values the page reads anyway (the class list,
a fingerprint of the class's assignments) and *version tokens*. A token belongs to a scope such as
"student:12" or "course-content"; the service that changes what a scope's fragments show calls
`bump(scope)`, which drops the token, so the next reader makes a new one and misses the old fragments.

The bump happens at once (a reader inside the same transaction, and the tests, see it) and again after
the commit: a reader that took the new token before the commit may have read the old rows and kept
them under it.

Fragments are kept only when settings.KEEP_FRAGMENTS is on (by default: with Redis, which all app
processes share); otherwise every page is rendered afresh.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

FRAGMENT_TIMEOUT = 24 * 60 * 60


def _token_key(scope):
    return f"fragment-version:{scope}"


def tokens(*scopes):
    """The current token of each scope (made when there is none), in order."""
    keys = [_token_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    missing = {key: secrets.token_hex(8) for key in keys if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
        found.update(missing)
    return [found[key] for key in keys]


def bump(*scopes):
    """Fragments of these scopes are out of date: now, and again once the transaction commits."""
    keys = [_token_key(scope) for scope in scopes]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def student_scope(student_id):
    return f"student:{student_id}"


def student_changed(student_id):
    """The student's own work changed (read, started, saved, submitted, graded, returned)."""
    bump(student_scope(student_id))


CONTENT_SCOPE = "course-content"


def content_changed():
    """The course content changed (loaded, or edited in the admin): lessons, prompts, rubrics."""
    bump(CONTENT_SCOPE)


def content_token():
    (token,) = tokens(CONTENT_SCOPE)
    return token


def fragment_key(name, *parts):
    """A cache key for fragment `name` from its parts, the language and the time zone it is shown in."""
    raw = repr((parts, translation.get_language(), timezone.get_current_timezone_name()))
    return f"fragment:{name}:{hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()}"


def get(key, now=None):
    """The fragment's HTML, or None when there is none or it expired at its own instant."""
    if not settings.KEEP_FRAGMENTS:
        return None
    found = cache.get(key)
    if found is None:
        return None
    html, valid_until = found
    if valid_until is not None and (now or timezone.now()) >= valid_until:
        return None
    return html


def put(key, html, valid_until=None):
    """Keep the fragment until it expires by itself (`valid_until`, when time alone changes it)."""
    if not settings.KEEP_FRAGMENTS:
        return
    cache.set(key, (html, valid_until), timeout=FRAGMENT_TIMEOUT)
