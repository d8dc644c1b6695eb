"""quiz_results: each student's standing on quiz assignments, for dashboards and the gradebook."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.quizzes import services
from assessments.results import Status, work_results
from tests.factories import student_of

from .builders import quiz_assignment
from .helpers import right_payloads

pytestmark = pytest.mark.django_db


def submit_right(assignment, student, now=None):
    attempt = services.attempt_start(assignment=assignment, student=student, now=now)
    for payload in right_payloads(attempt).values():
        services.answer_save(attempt=attempt, payload=payload, now=now)
    return services.attempt_submit(attempt=attempt, now=now)


def test_not_started_without_attempts(assignment, student):
    assert work_results([assignment], [student.pk])[student.pk, assignment.pk].status == Status.NOT_STARTED


def test_in_progress_with_an_open_attempt(assignment, student):
    services.attempt_start(assignment=assignment, student=student)
    assert work_results([assignment], [student.pk])[student.pk, assignment.pk].status == Status.IN_PROGRESS


def test_released_score_is_share_of_points(assignment, student):
    """Review immediately: the score is visible, as a share from 0 to 1."""
    submit_right(assignment, student)
    result = work_results([assignment], [student.pk])[student.pk, assignment.pk]
    assert result.status == Status.RELEASED
    assert result.released is True
    assert result.score == Decimal(1)


def test_score_hidden_until_review_after_due(classroom, student):
    assignment = quiz_assignment(classroom, review_policy="after_due")
    submit_right(assignment, student)
    result = work_results([assignment], [student.pk])[student.pk, assignment.pk]
    assert result.status == Status.GRADED
    assert result.released is False


def test_late_submission_counts_started_days(classroom, student):
    now = timezone.now()
    assignment = quiz_assignment(
        classroom,
        opens_at=now - timedelta(days=3),
        due_at=now - timedelta(days=1, hours=2),
        late_until=now + timedelta(days=1),
    )
    submit_right(assignment, student, now=now)
    assert work_results([assignment], [student.pk])[student.pk, assignment.pk].late_days == 2


def test_expired_open_attempt_counts_as_submitted(classroom, student):
    assignment = quiz_assignment(classroom, time_limit_minutes=1)
    services.attempt_start(assignment=assignment, student=student, now=timezone.now() - timedelta(minutes=10))
    assert work_results([assignment], [student.pk])[student.pk, assignment.pk].status == Status.SUBMITTED


def test_results_query_count_is_flat(classroom, django_assert_num_queries):
    """One query for the quiz attempts, however many students and assignments."""
    assignments = [quiz_assignment(classroom, review_policy="immediately") for _ in range(2)]
    students = [student_of(classroom) for _ in range(3)]
    for assignment in assignments:
        for student in students:
            submit_right(assignment, student)
    from assessments.quizzes.results import quiz_results

    with django_assert_num_queries(1):
        quiz_results(assignments, [s.pk for s in students])
