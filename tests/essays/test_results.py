"""essay_results: each student's standing for the dashboards and the gradebook."""

from datetime import timedelta
from decimal import Decimal

import pytest

from assessments.essays import services
from assessments.results import Status, work_results

from .conftest import words

pytestmark = pytest.mark.django_db


def all_levels(assignment, position):
    return {c.pk: c.levels.get(position=position).pk for c in assignment.essay_prompt.criteria.all()}


def result(assignment, student):
    return work_results([assignment], [student.pk])[student.pk, assignment.pk]


def test_no_essay_is_not_started(assignment, student):
    """Without an essay the student has not started."""
    assert result(assignment, student).status == Status.NOT_STARTED


def test_a_draft_is_in_progress(assignment, student):
    """A saved draft counts as in progress."""
    services.essay_autosave(assignment=assignment, student=student, text="Begin", revision=1)
    assert result(assignment, student).status == Status.IN_PROGRESS


def test_a_submission_is_submitted_without_a_score(assignment, student):
    """Submitted and not graded: no score yet."""
    services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    assert (result(assignment, student).status, result(assignment, student).score) == (Status.SUBMITTED, None)


def test_a_graded_essay_has_a_score_but_is_not_released(assignment, student, teacher):
    """Graded before release: status graded, score is the share of points, not released."""
    essay = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    services.essay_grade(
        essay=essay, teacher=teacher, version=0, levels=all_levels(assignment, 3), complete=True
    )
    got = result(assignment, student)
    assert (got.status, got.score, got.released) == (Status.GRADED, Decimal("0.75"), False)


def test_grading_in_progress_is_still_submitted(assignment, student, teacher):
    """An autosaved grade that is not marked graded does not count."""
    essay = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    services.essay_grade(essay=essay, teacher=teacher, version=0, levels=all_levels(assignment, 3))
    assert result(assignment, student).status == Status.SUBMITTED


def test_a_late_score_is_before_the_penalty_and_carries_the_late_days(assignment, student, teacher):
    """Three days late: the score stays 15/20 (the gradebook takes the penalty), released, 3 late days."""
    at = assignment.due_at + timedelta(days=2, hours=1)
    essay = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1, now=at)
    services.essay_grade(
        essay=essay, teacher=teacher, version=0, levels=all_levels(assignment, 3), complete=True
    )
    services.essay_grades_release(assignment=assignment, teacher=teacher)
    assignment.refresh_from_db()
    got = result(assignment, student)
    assert (got.status, got.score, got.released, got.late_days) == (Status.RELEASED, Decimal("0.75"), True, 3)


def test_results_take_the_same_queries_for_more_students(assignment, django_assert_num_queries, classroom):
    """One query for the essays, whatever the number of students."""
    from tests.factories import student_of

    students = [student_of(classroom) for _ in range(3)]
    for index, someone in enumerate(students):
        services.essay_submit(assignment=assignment, student=someone, text=words(10 + index), revision=1)
    with django_assert_num_queries(1):
        work_results([assignment], [s.pk for s in students])
