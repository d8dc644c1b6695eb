"""Autosaves racing each other and the submit (PostgreSQL, real row locks): no acknowledged save is lost."""

import json
import threading
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from assessments.models import Answer, AnswerChoice, Attempt
from assessments.quizzes import services
from tests.factories import ClassroomFactory, student_of

from .builders import question_of, quiz_assignment
from .helpers import right_payload_list

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def all_at_once(actions):
    """Run each action in its own thread, released together; return their results (or errors)."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index):
        try:
            barrier.wait()
            results[index] = actions[index]()
        except Exception as error:  # noqa: BLE001 - the test reports what each thread met
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def poster(student, url, payload):
    client = Client(raise_request_exception=False)
    client.force_login(student)
    return lambda: client.post(url, json.dumps(payload), content_type="application/json")


def save_url(attempt):
    return reverse("assessments:quizzes:save_answer", kwargs={"attempt_id": attempt.pk})


@pytest.mark.parametrize("round_", range(5))
def test_a_save_racing_the_submit_is_graded_or_refused_never_lost(round_):
    """Every question saved while the attempt is submitted: each save is acknowledged and counted in the
    graded score, or refused with a 409 and stored nothing."""
    classroom = ClassroomFactory()
    student = student_of(classroom)
    assignment = quiz_assignment(classroom)
    attempt = services.attempt_start(assignment=assignment, student=student)
    payloads = right_payload_list(attempt)
    saves = [poster(student, save_url(attempt), payload) for payload in payloads]
    results = all_at_once([*saves, lambda: services.attempt_submit(attempt=attempt)])
    responses = results[:-1]
    assert [
        r.status_code for r in responses if r.status_code not in (HTTPStatus.OK, HTTPStatus.CONFLICT)
    ] == []
    attempt = Attempt.objects.get(pk=attempt.pk)
    assert attempt.state == Attempt.State.SUBMITTED
    answers = {answer.question_id: answer for answer in Answer.objects.filter(attempt=attempt)}
    acknowledged = {p["question"] for p, r in zip(payloads, responses, strict=True) if r.status_code == 200}
    assert set(answers) == acknowledged
    assert all(answer.points == answer.question.points for answer in answers.values())  # graded, all right
    assert attempt.score == sum(answer.points for answer in answers.values())


def test_first_saves_of_one_question_at_once_keep_one_answer():
    """Six first saves of the same question at once (a double click, two tabs): every one is
    acknowledged, one answer row remains, holding exactly the picks of one of them."""
    classroom = ClassroomFactory()
    student = student_of(classroom)
    assignment = quiz_assignment(classroom)
    attempt = services.attempt_start(assignment=assignment, student=student)
    question = question_of(assignment, "multiple_response")
    ids = list(question.choices.order_by("position").values_list("pk", flat=True))
    picks = [ids[:1], ids[1:2], ids[:2], ids[2:], ids[:3], ids]
    results = all_at_once(
        [poster(student, save_url(attempt), {"question": question.pk, "choices": p}) for p in picks]
    )
    assert [r.status_code for r in results] == [HTTPStatus.OK] * len(picks)
    answer = Answer.objects.get(attempt=attempt, question=question)
    saved = sorted(AnswerChoice.objects.filter(answer=answer).values_list("choice_id", flat=True))
    assert saved in [sorted(p) for p in picks]


def test_first_saves_of_a_true_false_at_once_keep_one_answer():
    classroom = ClassroomFactory()
    student = student_of(classroom)
    assignment = quiz_assignment(classroom)
    attempt = services.attempt_start(assignment=assignment, student=student)
    question = question_of(assignment, "true_false")
    results = all_at_once(
        [poster(student, save_url(attempt), {"question": question.pk, "value": n % 2 == 0}) for n in range(6)]
    )
    assert [r.status_code for r in results] == [HTTPStatus.OK] * 6
    assert Answer.objects.filter(attempt=attempt, question=question).count() == 1
