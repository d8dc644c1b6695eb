"""Under parallel requests (PostgreSQL, real row locks): one attempt per start race, one graded submit."""

import threading
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from assessments.models import Attempt
from assessments.quizzes import services
from tests.factories import ClassroomFactory, student_of

from .builders import quiz_assignment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 6


def in_parallel(action):
    """Run `action()` in THREADS threads released at once; return their results."""
    barrier = threading.Barrier(THREADS)
    results = [None] * THREADS

    def run(index):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:  # noqa: BLE001 - the test reports what each thread met
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def client_for(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_parallel_starts_make_one_attempt():
    """Six simultaneous "start" posts by one student with one attempt allowed: one attempt exists."""
    classroom = ClassroomFactory()
    student = student_of(classroom)
    assignment = quiz_assignment(classroom, max_attempts=1)
    url = reverse("assessments:quizzes:start", kwargs={"assignment_id": assignment.pk})
    clients = [client_for(student) for _ in range(THREADS)]
    counter = iter(range(THREADS))
    lock = threading.Lock()

    def post():
        with lock:
            client = clients[next(counter)]
        return client.post(url).status_code

    statuses = in_parallel(post)
    assert statuses == [HTTPStatus.FOUND] * THREADS
    assert Attempt.objects.filter(assignment=assignment, student=student).count() == 1


def test_parallel_starts_after_a_submitted_attempt_respect_the_limit():
    """Two attempts allowed, one used: parallel starts make exactly one more."""
    classroom = ClassroomFactory()
    student = student_of(classroom)
    assignment = quiz_assignment(classroom, max_attempts=2)
    services.attempt_submit(attempt=services.attempt_start(assignment=assignment, student=student))
    results = in_parallel(lambda: services.attempt_start(assignment=assignment, student=student).pk)
    assert len(set(results)) == 1
    assert Attempt.objects.filter(assignment=assignment, student=student).count() == 2


def test_parallel_submits_grade_once():
    """Six simultaneous submits of one attempt: one submission time, one graded attempt."""
    classroom = ClassroomFactory()
    student = student_of(classroom)
    assignment = quiz_assignment(classroom)
    attempt = services.attempt_start(assignment=assignment, student=student)
    results = in_parallel(lambda: services.attempt_submit(attempt=attempt).submitted_at)
    assert len(set(results)) == 1
    assert Attempt.objects.get().state == Attempt.State.SUBMITTED
