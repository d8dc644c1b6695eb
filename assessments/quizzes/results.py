"""Quiz results for the dashboards and the gradebook (see assessments.results)."""

import math
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from assessments.results import Status, WorkResult

from .selectors import assignment_percent, score_visible


def late_days(attempt, assignment):
    """Started days after the due date at submission (0 when on time)."""
    if attempt is None or attempt.submitted_at is None or attempt.submitted_at <= assignment.due_at:
        return 0
    return math.ceil((attempt.submitted_at - assignment.due_at).total_seconds() / 86400)


def counted_attempt(graded, method):
    """The attempt whose submission stands for the assignment under the grading method."""
    if method == "latest":
        return graded[-1]
    if method == "highest":
        return max(graded, key=lambda a: (a.percent, -a.number))
    return max(graded, key=lambda a: a.submitted_at)


def quiz_results(assignments, student_ids, now=None):
    """{(student_id, assignment_id): WorkResult} for the quiz assignments among `assignments`.

    One query for all attempts. `score` is the grading method's percentage / 100. An open attempt whose
    deadline has passed counts as submitted (it is graded when next touched).
    """
    from assessments.models import Attempt

    from .services import is_expired

    now = now or timezone.now()
    quizzes = {a.pk: a for a in assignments if a.kind == "quiz"}
    if not quizzes or not student_ids:
        return {}
    by_pair = defaultdict(list)
    for attempt in Attempt.objects.filter(assignment_id__in=quizzes, student_id__in=student_ids).order_by(
        "number"
    ):
        by_pair[attempt.student_id, attempt.assignment_id].append(attempt)
    results = {}
    for (student_id, assignment_id), attempts in by_pair.items():
        assignment = quizzes[assignment_id]
        for attempt in attempts:
            attempt.assignment = assignment
        graded = [a for a in attempts if a.state == Attempt.State.SUBMITTED]
        expired = [a for a in attempts if is_expired(a, now)]
        if not graded:
            if expired:
                results[student_id, assignment_id] = WorkResult(
                    Status.SUBMITTED, submitted_at=expired[0].deadline_at, late_days=0
                )
            else:
                results[student_id, assignment_id] = WorkResult(Status.IN_PROGRESS)
            continue
        percent = assignment_percent(graded, assignment.grading_method)
        released = score_visible(assignment, now)
        counted = counted_attempt(graded, assignment.grading_method)
        days = (
            max(late_days(a, assignment) for a in graded)
            if assignment.grading_method == "average"
            else late_days(counted, assignment)
        )
        results[student_id, assignment_id] = WorkResult(
            Status.RELEASED if released else Status.GRADED,
            score=percent / Decimal(100),
            submitted_at=max(a.submitted_at for a in graded),
            released=released,
            late_days=days,
        )
    return results
