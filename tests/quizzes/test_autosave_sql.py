"""The autosave's written-out SQL: every question type stored as the ORM stored it, in a fixed number of
statements, and ids no table can hold refused with a message."""

import json
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, AnswerChoice, AnswerMatch, AnswerOrder, Attempt
from assessments.quizzes import services
from assessments.quizzes.answers import AnswerRefused, choice_token
from assessments.quizzes.grading import Response
from tests.factories import student_of

from .builders import question_of
from .helpers import right_payloads

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(assignment, student):
    return services.attempt_start(assignment=assignment, student=student)


def statements(captured):
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]  # the test's own


def test_every_type_saved_reads_back_as_posted(attempt):
    """Each right answer, saved twice, reads back through the ORM as the response that was posted."""
    for kind, payload in right_payloads(attempt).items():
        for _ in range(2):
            state = services.answer_save(attempt=attempt, payload=payload)
        answer = Answer.objects.get(attempt=attempt, question_id=payload["question"])
        saved = Response.of(answer)
        if kind in ("single_choice", "multiple_response"):
            wanted = payload.get("choices") or [payload["choice"]]
            assert saved.choice_ids == frozenset(wanted)
        elif kind == "true_false":
            assert saved.boolean is payload["value"]
        elif kind == "short_answer":
            assert saved.text == payload["text"]
        elif kind == "numeric":
            assert saved.number == Decimal(payload["number"])
        elif kind == "ordering":
            assert [choice_token(attempt.pk, pk) for pk in saved.order] == payload["order"]
        else:
            pairs = {
                choice_token(attempt.pk, left): choice_token(attempt.pk, right)
                for left, right in saved.matches.items()
            }
            assert pairs == payload["matches"]
        assert state["saved"] is True
        assert state["question"] == payload["question"]
        assert answer.saved_at.isoformat() == state["saved_at"]


def test_a_first_save_costs_three_statements(attempt, assignment):
    """Lock and read the question, find no answer to update, insert it."""
    question = question_of(assignment, "true_false")
    with CaptureQueriesContext(connection) as captured:
        services.answer_save(attempt=attempt, payload={"question": question.pk, "value": True})
    assert len(statements(captured)) == 3, statements(captured)


@pytest.mark.parametrize("kind", ["multiple_response", "ordering", "matching"])
def test_resaving_an_answer_with_parts_costs_four_statements(attempt, assignment, kind):
    """Lock and read the question with its choices, update the answer, delete and insert its parts:
    the same for any number of choices."""
    payload = right_payloads(attempt)[kind]
    services.answer_save(attempt=attempt, payload=payload)
    with CaptureQueriesContext(connection) as captured:
        services.answer_save(attempt=attempt, payload=payload)
    assert len(statements(captured)) == 4, statements(captured)
    model = {"multiple_response": AnswerChoice, "ordering": AnswerOrder, "matching": AnswerMatch}[kind]
    assert model.objects.count() == len(payload.get("choices") or payload.get("order") or payload["matches"])


def test_clearing_the_picks_leaves_no_part_rows(attempt, assignment):
    question = question_of(assignment, "multiple_response")
    picks = list(question.choices.values_list("pk", flat=True)[:2])
    services.answer_save(attempt=attempt, payload={"question": question.pk, "choices": picks})
    services.answer_save(attempt=attempt, payload={"question": question.pk, "choices": []})
    assert not AnswerChoice.objects.exists()
    assert Answer.objects.filter(attempt=attempt, question=question).exists()


@pytest.mark.parametrize("question", [10**30, 2**63, 2**63 - 1, -(2**63) - 1, -5, 0])
def test_a_question_id_no_table_holds_is_refused_with_a_message(client, attempt, student, question):
    client.force_login(student)
    url = reverse("assessments:quizzes:save_answer", kwargs={"attempt_id": attempt.pk})
    response = client.post(
        url, json.dumps({"question": question, "value": True}), content_type="application/json"
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error"] == "This question is not part of your attempt."
    assert not Answer.objects.exists()


def test_a_question_of_another_attempt_is_refused(attempt, assignment, classroom):
    """A question of the same quiz in a classmate's attempt is still not part of this attempt's rows."""
    other = services.attempt_start(assignment=assignment, student=student_of(classroom))
    other.attempt_questions.filter(question=question_of(assignment, "true_false")).delete()
    question = question_of(assignment, "true_false")
    with pytest.raises(AnswerRefused):
        services.answer_save(attempt=other, payload={"question": question.pk, "value": True})
    services.answer_save(attempt=attempt, payload={"question": question.pk, "value": True})
    assert Answer.objects.get().attempt_id == attempt.pk


def test_a_save_to_an_attempt_deleted_meanwhile_is_refused_not_a_server_error(attempt, assignment):
    """The attempt was read by the access check, then deleted (a teacher reset it) before the save."""
    question = question_of(assignment, "true_false")
    Attempt.objects.filter(pk=attempt.pk).delete()
    with pytest.raises(AnswerRefused) as refused:
        services.answer_save(attempt=attempt, payload={"question": question.pk, "value": True})
    assert refused.value.status == HTTPStatus.NOT_FOUND
    assert not Answer.objects.exists()
