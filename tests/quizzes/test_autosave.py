"""Saving an answer again replaces it whole: the rows of the earlier answer are gone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Answer, AnswerChoice, AnswerMatch, AnswerOrder
from assessments.quizzes import services
from assessments.quizzes.answers import choice_token
from assessments.quizzes.grading import Response

from .builders import question_of

pytestmark = pytest.mark.django_db


def saved_response(attempt, question):
    return Response.of(Answer.objects.get(attempt=attempt, question=question))


def test_resaving_choices_replaces_the_picks(assignment, student):
    attempt = services.attempt_start(assignment=assignment, student=student)
    question = question_of(assignment, "multiple_response")
    first, second, third, _ = question.choices.order_by("position").values_list("pk", flat=True)
    services.answer_save(attempt=attempt, payload={"question": question.pk, "choices": [first, second]})
    services.answer_save(attempt=attempt, payload={"question": question.pk, "choices": [third]})
    assert saved_response(attempt, question).choice_ids == {third}
    assert AnswerChoice.objects.count() == 1


def test_resaving_an_order_replaces_it(assignment, student):
    attempt = services.attempt_start(assignment=assignment, student=student)
    question = question_of(assignment, "ordering")
    ids = list(question.choices.order_by("position").values_list("pk", flat=True))
    for order in (ids, ids[::-1]):
        payload = {"question": question.pk, "order": [choice_token(attempt.pk, pk) for pk in order]}
        services.answer_save(attempt=attempt, payload=payload)
    assert saved_response(attempt, question).order == tuple(ids[::-1])
    assert AnswerOrder.objects.count() == len(ids)


def test_resaving_matches_replaces_them(assignment, student):
    attempt = services.attempt_start(assignment=assignment, student=student)
    question = question_of(assignment, "matching")
    a, b, _ = (choice_token(attempt.pk, pk) for pk in question.choices.values_list("pk", flat=True))
    services.answer_save(attempt=attempt, payload={"question": question.pk, "matches": {a: b, b: a}})
    services.answer_save(attempt=attempt, payload={"question": question.pk, "matches": {a: a}})
    assert len(saved_response(attempt, question).matches) == 1
    assert AnswerMatch.objects.count() == 1


def test_resaving_true_false_keeps_one_answer_row(assignment, student):
    attempt = services.attempt_start(assignment=assignment, student=student)
    question = question_of(assignment, "true_false")
    services.answer_save(attempt=attempt, payload={"question": question.pk, "value": True})
    services.answer_save(attempt=attempt, payload={"question": question.pk, "value": False})
    assert Answer.objects.get(attempt=attempt).boolean is False


def test_resaving_true_false_costs_two_queries(assignment, student):
    """Read the question with its attempt (locked), update the answer: nothing that grows with the quiz."""
    attempt = services.attempt_start(assignment=assignment, student=student)
    question = question_of(assignment, "true_false")
    services.answer_save(attempt=attempt, payload={"question": question.pk, "value": True})
    with CaptureQueriesContext(connection) as captured:
        services.answer_save(attempt=attempt, payload={"question": question.pk, "value": False})
    statements = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]  # the test's
    assert len(statements) == 2, statements
