"""While the database is unreachable the site says so with a 503 and Retry-After, never a bare 500."""

import json
from http import HTTPStatus
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, transaction
from django.http import HttpResponseRedirect
from django.test import RequestFactory

from kzcourse.middleware import DatabaseUnavailableMiddleware, database_reachable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def middleware():
    return DatabaseUnavailableMiddleware(lambda request: None)


def test_a_page_answers_503_with_retry_after_when_the_database_fails(client):
    client.force_login(UserFactory())
    with mock.patch("kzcourse.views.redirect", side_effect=OperationalError("server closed the connection")):
        response = client.get("/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "5"
    assert "Nothing was saved" in response.content.decode()


def test_an_autosave_gets_a_json_503():
    request = RequestFactory().post("/work/essay/1/autosave/", "{}", content_type="application/json")
    response = middleware().process_exception(request, OperationalError("connection refused"))
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert json.loads(response.content)["error"].startswith("The site cannot reach its database")


def test_other_errors_are_left_to_django():
    request = RequestFactory().get("/")
    assert middleware().process_exception(request, ValueError("a bug")) is None


class FlakyDatabase:
    """A connection that refuses `failures` times, then connects."""

    def __init__(self, failures):
        self.failures = failures
        self.connected = False
        self.closed = 0

    def close_if_health_check_failed(self):
        pass

    def ensure_connection(self):
        if self.failures:
            self.failures -= 1
            raise OperationalError("the database system is starting up")
        self.connected = True

    def close(self):
        self.closed += 1


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def test_a_restarting_database_is_waited_for_with_backoff():
    db, clock = FlakyDatabase(failures=5), FakeClock()
    assert database_reachable(db, patience=15, sleep=clock.sleep, clock=clock) is True
    assert db.connected
    assert clock.sleeps == [0.1, 0.2, 0.4, 0.8, 1.0]


def test_a_database_that_stays_away_is_given_up_on_after_the_patience():
    db, clock = FlakyDatabase(failures=1_000), FakeClock()
    assert database_reachable(db, patience=5, sleep=clock.sleep, clock=clock) is False
    assert not db.connected
    assert clock.now <= 5


@pytest.mark.django_db(transaction=True)  # as in production: no test transaction around the request
def test_a_request_during_a_restart_is_served_once_the_database_answers(client, monkeypatch):
    """Two refused connections at the start of the request: it waits, then gets its page, not a 503."""
    from django.db import connection

    client.force_login(UserFactory())
    real_ensure = connection.ensure_connection
    refusals = iter([OperationalError("connection refused")] * 2)

    def ensure_connection():
        error = next(refusals, None)
        if error:
            raise error
        real_ensure()

    monkeypatch.setattr(connection, "ensure_connection", ensure_connection)
    monkeypatch.setattr("kzcourse.middleware.time.sleep", lambda seconds: None)
    response = client.get("/dashboard/")
    assert response.status_code == HTTPStatus.OK
    assert next(refusals, None) is None  # both refusals were met, and waited out


def cut_once(then):
    """A stand-in for the home view's redirect whose first call loses the database connection."""
    calls = []

    def call(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            then()
            raise OperationalError("terminating connection due to administrator command")
        return HttpResponseRedirect("/dashboard/")

    return call, calls


@pytest.mark.django_db(transaction=True)
def test_a_request_cut_midway_is_run_again_when_it_stored_nothing(client):
    client.force_login(UserFactory())
    redirect, calls = cut_once(then=lambda: User.objects.count())
    with mock.patch("kzcourse.views.redirect", side_effect=redirect):
        response = client.get("/")
    assert response.status_code == HTTPStatus.FOUND
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_a_transaction_rolled_back_by_the_cut_does_not_stop_the_second_run(client):
    client.force_login(UserFactory())

    def write_in_a_transaction():
        with transaction.atomic():
            User.objects.create(username="written-then-lost")
            raise OperationalError("server closed the connection unexpectedly")

    redirect, calls = cut_once(then=write_in_a_transaction)
    with mock.patch("kzcourse.views.redirect", side_effect=redirect):
        response = client.get("/")
    assert response.status_code == HTTPStatus.FOUND
    assert len(calls) == 2
    assert not User.objects.filter(username="written-then-lost").exists()


@pytest.mark.django_db(transaction=True)
def test_a_request_cut_after_it_stored_something_is_not_run_twice(client):
    """A write that may be committed must not happen twice: the answer is the 503 and the page's retry."""
    client.force_login(UserFactory())
    redirect, calls = cut_once(then=lambda: User.objects.create(username="stored-once"))
    with mock.patch("kzcourse.views.redirect", side_effect=redirect):
        response = client.get("/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert len(calls) == 1
    assert User.objects.filter(username="stored-once").count() == 1
