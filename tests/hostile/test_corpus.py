"""The hostile corpus posted to every form and autosave endpoint: never a server error.

Each endpoint (tests/hostile/endpoints.py) gets a valid request with one field at a time replaced by each
payload of the corpus, as form data; the autosave endpoints also as JSON. Every request runs in a
savepoint that is rolled back, so each starts from the same valid state.
"""

import json
from http import HTTPStatus

import pytest
from django.db import transaction
from django.urls import reverse

from .conftest import sign_in
from .corpus import CORPUS
from .endpoints import endpoint, endpoint_names, variants

pytestmark = pytest.mark.django_db

BIG = "one megabyte"


def post_rolled_back(client, url, data, **kwargs):
    savepoint = transaction.savepoint_create()
    try:
        return client.post(url, data, **kwargs)
    finally:
        transaction.savepoint_rollback(savepoint)


def test_every_state_changing_url_is_an_endpoint():
    """The endpoints come from the matrix: the essay autosave, quiz answers and grading are among them."""
    names = endpoint_names()
    for name in (
        "assessments:essays:autosave",
        "assessments:quizzes:save_answer",
        "assessments:essays:grade_save",
        "gradebook:override",
        "classroom:edit",
        "login",
    ):
        assert name in names


@pytest.mark.parametrize("name", endpoint_names())
def test_no_payload_gives_a_server_error(name, world, browser):
    """Every payload in every field of the endpoint: an answer below 500."""
    target = endpoint(name, world)
    sign_in(browser, world, target.role)
    errors = []
    for label, payload in CORPUS.items():
        fields = list(variants(target.data, payload))
        if label == BIG:
            fields = fields[:1]  # one field is enough for a megabyte, and keeps the run short
        for field, data in fields:
            response = post_rolled_back(browser, target.url, data)
            if response.status_code >= HTTPStatus.INTERNAL_SERVER_ERROR:
                errors.append(f"{label} in {field}: {response.status_code}")
    assert not errors, f"{target.url} as {target.role}:\n  " + "\n  ".join(errors)


@pytest.mark.parametrize("label", sorted(CORPUS))
def test_a_json_answer_with_a_payload_is_refused_or_saved_never_a_500(label, world, browser):
    """The quiz autosave read as JSON: each payload as the question, the choice and a text answer."""
    sign_in(browser, world, "student_a")
    url = reverse("assessments:quizzes:save_answer", kwargs={"attempt_id": world.attempt_a.pk})
    payload = CORPUS[label]
    question = world.quiz_question_a.pk
    for body in (
        {"question": payload},
        {"question": question, "choice": payload},
        {"question": question, "text": payload, "choices": [payload]},
        {"question": question, "matches": {payload: payload}, "order": [payload]},
    ):
        response = post_rolled_back(browser, url, json.dumps(body), content_type="application/json")
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, body


@pytest.mark.parametrize("label", sorted(CORPUS))
def test_an_essay_autosave_keeps_the_payload_exactly_or_refuses_it(label, world, browser):
    """An accepted draft is stored exactly as typed (NUL removed, CRLF made LF); a refused one not at all."""
    sign_in(browser, world, "student_b")
    url = reverse("assessments:essays:autosave", kwargs={"assignment_id": world.essay_b.pk})
    payload = CORPUS[label]
    response = browser.post(url, {"text": payload, "revision": 7}, HTTP_ACCEPT="application/json")
    world.essay_of_student_b.refresh_from_db()

    if response.status_code == HTTPStatus.OK:
        assert world.essay_of_student_b.text == payload.replace("\r\n", "\n").replace("\x00", "")
        assert response.json()["revision"] == 7
    else:
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert world.essay_of_student_b.text == "A draft."
