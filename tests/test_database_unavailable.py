"""While the database is unreachable the site says so with a 503 and Retry-After, never a bare 500."""

import json
from http import HTTPStatus
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from kzcourse.middleware import DatabaseUnavailableMiddleware
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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
