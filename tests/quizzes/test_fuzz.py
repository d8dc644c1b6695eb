"""Random payloads posted to the autosave endpoint: never a 500, and nothing stored unless accepted."""

import json
from http import HTTPStatus

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Answer, AnswerChoice, AnswerMatch, AnswerOrder
from assessments.quizzes import services

from .builders import quiz_assignment

pytestmark = pytest.mark.django_db

FIELDS = ["question", "choice", "choices", "value", "text", "number", "order", "matches"]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["1", "0", "-1", "1e999", "NaN", "true", "false", "\x00", "\ud800", "1,5", " 7 "]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)
payloads = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), values, max_size=5),
    values,
)


def stored():
    return (
        Answer.objects.count(),
        AnswerChoice.objects.count(),
        AnswerOrder.objects.count(),
        AnswerMatch.objects.count(),
    )


@pytest.fixture
def setup(classroom, student, client):
    assignment = quiz_assignment(classroom)
    attempt = services.attempt_start(assignment=assignment, student=student)
    client.raise_request_exception = False
    client.force_login(student)
    question_ids = list(attempt.attempt_questions.values_list("question_id", flat=True))
    return client, reverse("assessments:quizzes:save_answer", kwargs={"attempt_id": attempt.pk}), question_ids


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=payloads, question_index=st.integers(min_value=0, max_value=6), aim=st.booleans())
def test_random_payloads_never_500_and_store_nothing_when_refused(setup, payload, question_index, aim):
    """Any JSON at all: 200 (a valid answer) or 400 with a message; a refusal stores nothing."""
    client, url, question_ids = setup
    if aim and isinstance(payload, dict):
        payload["question"] = question_ids[question_index]  # get past the first check more often
    before = stored()
    try:
        body = json.dumps(payload)
    except (ValueError, UnicodeEncodeError):
        return
    response = client.post(url, body, content_type="application/json")
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.BAD_REQUEST)
    if response.status_code == HTTPStatus.BAD_REQUEST:
        assert response.json()["error"]
        assert stored() == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200))
def test_random_bytes_never_500(setup, raw):
    client, url, _ = setup
    before = stored()
    response = client.post(url, raw, content_type="application/json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert stored() == before
