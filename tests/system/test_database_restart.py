"""A database restart under an app server: requests that arrive during it wait and are served, not failed.

The app server (gunicorn, production settings, persistent connections) reaches PostgreSQL through a relay
(tests/system/dbproxy.py) that stages the restart: every connection cut, new ones turned away for 2.5 s —
as long as this machine's `pg_ctlcluster … restart` took under load.
"""

import threading
import time
from http import HTTPStatus

import pytest

from assessments.models import Essay
from tests.factories import TEST_PASSWORD, AssignmentFactory, MembershipFactory

from .dbproxy import DatabaseRelay
from .helpers import EssayPage
from .servers import Browser

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

OUTAGE_SECONDS = 2.5
WORDS = " ".join(["steppe"] * 40)


@pytest.fixture
def relay():
    relay = DatabaseRelay().start()
    yield relay
    relay.stop()


def test_an_autosave_sent_during_a_database_restart_is_acknowledged_and_kept(app_servers, relay, settings):
    membership = MembershipFactory(user__username="aruzhan")
    assignment = AssignmentFactory(classroom=membership.classroom, kind="essay")
    (server,) = app_servers(1, workers=1, database_port=relay.port)
    visitor = Browser()
    visitor.log_in(server, "aruzhan", TEST_PASSWORD)
    page = EssayPage(visitor, assignment.pk)
    page.open(server)
    assert page.autosave(server, f"before the restart {WORDS}") == 1

    relay.outage()
    answer = {}
    started = time.monotonic()
    sender = threading.Thread(
        target=lambda: answer.update(revision=page.autosave(server, f"during the restart {WORDS}"))
    )
    sender.start()
    time.sleep(OUTAGE_SECONDS)
    assert sender.is_alive(), "the request should be waiting for the database, not answered"
    relay.recover()
    sender.join(timeout=30)

    assert answer["revision"] == 2  # one request, acknowledged: no error, no retry needed
    assert time.monotonic() - started >= OUTAGE_SECONDS
    essay = Essay.objects.get(assignment=assignment, student=membership.user)
    assert essay.text.startswith("during the restart")
    assert page.autosave(server, f"after the restart {WORDS}") == 3


def test_healthz_reports_the_outage_at_once(app_servers, relay):
    """A monitor is not held: /healthz answers 503 while the database is away, 200 once it is back."""
    (server,) = app_servers(1, workers=1, database_port=relay.port)
    visitor = Browser()
    relay.outage()
    started = time.monotonic()
    status, _, _ = visitor.get(f"{server.url}/healthz")
    assert status == HTTPStatus.SERVICE_UNAVAILABLE
    assert time.monotonic() - started < 5
    relay.recover()
    status, _, _ = visitor.get(f"{server.url}/healthz")
    assert status == HTTPStatus.OK
