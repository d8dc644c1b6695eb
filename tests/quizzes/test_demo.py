"""Demo quiz attempts: finished ones on closed quizzes, some in progress on open ones; idempotent."""

import random
from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone

from assessments.models import Answer, Attempt
from assessments.quizzes import demo as quiz_demo
from classroom.management.commands.seed_demo import DemoContext
from tests.factories import ClassroomFactory, student_of

from .builders import quiz_assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def context():
    now = timezone.now()
    classroom = ClassroomFactory()
    students = [student_of(classroom) for _ in range(8)]
    demo = DemoContext(
        now=now, rng=random.Random(1917), stdout=StringIO(), classroom=classroom, students=students
    )
    demo.closed = quiz_assignment(
        classroom,
        opens_at=now - timedelta(days=10),
        due_at=now - timedelta(days=3),
        max_attempts=2,
        time_limit_minutes=30,
    )
    demo.current = quiz_assignment(
        classroom, opens_at=now - timedelta(days=2), due_at=now + timedelta(days=1), time_limit_minutes=30
    )
    return demo


def test_demo_finishes_attempts_on_closed_quizzes(context):
    quiz_demo.seed(context)
    finished = Attempt.objects.filter(assignment=context.closed, state=Attempt.State.SUBMITTED)
    assert finished.exists()
    assert not Attempt.objects.filter(assignment=context.closed, state=Attempt.State.IN_PROGRESS).exists()
    assert all(a.score is not None for a in finished)


def test_demo_leaves_some_attempts_in_progress_on_open_quizzes(context):
    quiz_demo.seed(context)
    open_attempts = Attempt.objects.filter(assignment=context.current, state=Attempt.State.IN_PROGRESS)
    assert open_attempts.count() == quiz_demo.IN_PROGRESS_STUDENTS
    assert all(a.deadline_at > context.now for a in open_attempts)


def test_demo_twice_changes_nothing(context):
    quiz_demo.seed(context)
    counts = (Attempt.objects.count(), Answer.objects.count())
    quiz_demo.seed(context)
    assert (Attempt.objects.count(), Answer.objects.count()) == counts
