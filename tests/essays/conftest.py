"""An essay assignment in a class with a teacher and two students; words() makes text of a length."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import AssignmentFactory, ClassroomFactory, student_of, teacher_of


def words(n, word="history"):
    return " ".join([word] * n)


@pytest.fixture
def classroom(db):
    return ClassroomFactory()


@pytest.fixture
def teacher(classroom):
    return teacher_of(classroom, user__full_name="Teacher Tanirbergen")


@pytest.fixture
def student(classroom):
    return student_of(classroom, user__full_name="Aruzhan Abenova")


@pytest.fixture
def other_student(classroom):
    return student_of(classroom, user__full_name="Bolat Bekov")


@pytest.fixture
def assignment(classroom):
    now = timezone.now()
    return AssignmentFactory(
        classroom=classroom,
        kind="essay",
        title="Alash essay",
        points=20,
        min_words=5,
        max_words=100,
        opens_at=now - timedelta(days=2),
        due_at=now + timedelta(days=2),
        late_until=now + timedelta(days=5),
        late_penalty_per_day=10,
        late_penalty_max=25,
    )
