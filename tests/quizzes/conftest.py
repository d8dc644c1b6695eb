import pytest

from tests.factories import ClassroomFactory, student_of, teacher_of

from .builders import quiz_assignment


@pytest.fixture
def classroom(db):
    return ClassroomFactory()


@pytest.fixture
def student(classroom):
    return student_of(classroom)


@pytest.fixture
def teacher(classroom):
    return teacher_of(classroom)


@pytest.fixture
def assignment(classroom):
    """An open quiz assignment with one question of each type, two attempts, review immediately."""
    return quiz_assignment(classroom, max_attempts=2, review_policy="immediately")
