"""Ride out a database that is briefly unreachable, and say "try again" when it stays away.

A PostgreSQL restart or a network blip makes connections fail for a few seconds.

- A request that arrives then first waits for the database (DatabaseWaitMiddleware: nothing has run yet,
  so waiting is safe) and is served once it is back.
- A request whose connection is cut while it runs is run once more when the database is back, but only
  if it cannot have committed anything (WriteWatch): no write outside a transaction, no transaction that
  committed. The pages' own retry of an unacknowledged save is the same request again, so this is no
  less safe than what the browser would do a second later, only without the error.
- Otherwise the answer is a 503 with Retry-After (DatabaseUnavailableMiddleware), not a bare 500: the
  pages retry unacknowledged saves, and the 503 tells them, and any proxy or monitor, that nothing was
  stored.
"""

import logging
import time
from http import HTTPStatus

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# Long enough for a PostgreSQL restart (2–3 s here), well inside gunicorn's 30 s worker timeout.
WAIT_FOR_DATABASE_SECONDS = 15
# A monitor asks /healthz precisely to learn that the database is away: it is answered at once.
NO_WAIT_PATHS = frozenset({"/healthz"})


def database_reachable(
    db=connection, *, patience=WAIT_FOR_DATABASE_SECONDS, sleep=time.sleep, clock=time.monotonic
):
    """Connect (or check the kept connection) now, retrying with backoff for up to `patience` seconds."""
    deadline = clock() + patience
    delay = 0.1
    while True:
        try:
            db.close_if_health_check_failed()  # a kept connection to a restarted server is dead: drop it
            db.ensure_connection()
            return True
        except (OperationalError, InterfaceError) as error:
            if clock() + delay > deadline:
                logger.warning("database still unreachable after %s s: %s", patience, error)
                return False
            db.close()
            sleep(delay)
            delay = min(delay * 2, 1.0)


# Statements that change no data: reads, and the transaction and savepoint statements of atomic blocks.
READ_ONLY_STATEMENTS = ("SELECT", "BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET", "SHOW")


class WriteWatch:
    """An execute wrapper that learns whether the request may have committed a change."""

    def __init__(self, db):
        self.db = db
        self.committed = False

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        # The first word decides; upper-casing a whole statement (a batched UPDATE runs to many kB) would
        # cost on every query of every request.
        if not self.committed and not sql.lstrip()[:9].upper().startswith(READ_ONLY_STATEMENTS):
            if self.db.in_atomic_block:
                self.db.on_commit(self.mark_committed)  # counts only if its transaction commits
            else:
                self.committed = True  # autocommit: it is stored already
        return result

    def mark_committed(self):
        self.committed = True


class DatabaseWaitMiddleware:
    """Hold each request until the database answers; run it again if the database dropped it midway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in NO_WAIT_PATHS:
            return self.get_response(request)
        database_reachable()
        watch = WriteWatch(connection)
        with connection.execute_wrapper(watch):
            response = self.get_response(request)
        if (
            getattr(request, "database_failed", False)
            and not watch.committed
            and not connection.in_atomic_block
        ):
            connection.close()  # the cut connection cannot be reused
            if database_reachable():
                logger.warning("database came back: running %s %s again", request.method, request.path)
                request.database_failed = False
                response = self.get_response(request)
        return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable for %s %s: %s", request.method, request.path, exception)
        request.database_failed = True  # DatabaseWaitMiddleware may run it again
        message = _("The site cannot reach its database just now. Nothing was saved; please try again.")
        wants_json = "application/json" in request.headers.get("Accept", "") or request.headers.get(
            "Content-Type", ""
        ).startswith("application/json")
        if wants_json or request.headers.get("HX-Request") or request.headers.get("X-Requested-With"):
            response = JsonResponse({"error": message}, status=HTTPStatus.SERVICE_UNAVAILABLE)
        else:
            response = HttpResponse(message, status=HTTPStatus.SERVICE_UNAVAILABLE, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
