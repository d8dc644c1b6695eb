"""The gradebook reads real work through assessments.results: quiz attempts and graded essays."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.essays import services as essays
from assessments.models import Assignment, Essay
from assessments.quizzes import services as quizzes
from gradebook import grading, selectors
from gradebook.grading import CellState
from tests.factories import AssignmentFactory, QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


def cell(course, student, assignment, audience):
    _inputs, grade = selectors.student_grade(course.classroom, student, audience=audience)
    return grade.cells[assignment.pk]


def test_submitted_quiz_attempt_is_scored_in_the_gradebook(course):
    """A quiz submitted with no answers shows as a 0 % score, not as missing work."""
    now = timezone.now()
    quiz = AssignmentFactory(
        classroom=course.classroom,
        quiz=QuizFactory(questions=[QuestionFactory()]),
        opens_at=now - timedelta(days=1),
        due_at=now + timedelta(days=1),
        review_policy=Assignment.ReviewPolicy.IMMEDIATELY,
    )
    student = course.students[0]
    attempt = quizzes.attempt_start(assignment=quiz, student=student)
    quizzes.attempt_submit(attempt=attempt)
    for audience in (grading.TEACHER, grading.STUDENT):
        got = cell(course, student, quiz, audience)
        assert (got.state, got.display) == (CellState.SCORED, Decimal("0.00"))


def test_graded_essay_counts_for_the_teacher_and_waits_for_release_for_the_student(course):
    """15 of 20 points: the teacher sees 75 % flagged unreleased; the student sees it only after release."""
    now = timezone.now()
    essay_assignment = AssignmentFactory(
        classroom=course.classroom,
        kind="essay",
        points=20,
        opens_at=now - timedelta(days=1),
        due_at=now + timedelta(days=1),
    )
    student = course.students[0]
    essays.essay_submit(
        assignment=essay_assignment, student=student, text="word " * 60, with_classmates=False
    )
    essay = Essay.objects.get(assignment=essay_assignment, student=student)
    essays.essay_grade(
        essay=essay,
        teacher=course.teacher,
        version=0,
        levels={},
        adjusted_total="15",
        adjustment_reason="Marked on paper",
        complete=True,
    )
    teacher_view = cell(course, student, essay_assignment, grading.TEACHER)
    assert (teacher_view.display, teacher_view.unreleased) == (Decimal("75.00"), True)
    assert cell(course, student, essay_assignment, grading.STUDENT).state == CellState.UNRELEASED
    essays.essay_grades_release(assignment=essay_assignment, teacher=course.teacher)
    essay_assignment.refresh_from_db()
    assert cell(course, student, essay_assignment, grading.STUDENT).display == Decimal("75.00")
