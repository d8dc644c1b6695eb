"""Quiz results for the dashboards and the gradebook (see assessments.results).

Read as plain rows, not Attempt instances: the gradebook, the overview and the exports ask for every
attempt of a class or of the school (15,000 in the benchmark's export), and a model instance per attempt
was most of the cost.
"""

import math
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from assessments.models import Assignment, Attempt
from assessments.results import Status, WorkResult
from kzcourse.decimals import round_points

from .selectors import score_visible

SUBMITTED = Attempt.State.SUBMITTED
AVERAGE = Assignment.GradingMethod.AVERAGE
HIGHEST = Assignment.GradingMethod.HIGHEST
LATEST = Assignment.GradingMethod.LATEST
IN_PROGRESS = WorkResult(Status.IN_PROGRESS)  # frozen: one instance serves every pair
ZERO = Decimal(0)
HUNDRED = Decimal(100)
# One row per attempt, in this order; rows of one student and assignment are kept in attempt order.
COLUMNS = (
    "student_id",
    "assignment_id",
    "number",
    "state",
    "submitted_at",
    "deadline_at",
    "score",
    "max_score",
)
STUDENT, ASSIGNMENT, NUMBER, STATE, SUBMITTED_AT, DEADLINE_AT, SCORE, MAX_SCORE = range(len(COLUMNS))


def late_days(submitted_at, due_at):
    """Started days after the due date at submission (0 when on time or not submitted)."""
    if submitted_at is None or submitted_at <= due_at:
        return 0
    return math.ceil((submitted_at - due_at).total_seconds() / 86400)


def percent(score, max_score):
    """Attempt.percent: the score as a percentage of the points possible (None until graded)."""
    if score is None:
        return None
    if not max_score:
        return ZERO
    return round_points(score * 100 / max_score)


def assignment_percent(graded, percents, method):
    """selectors.assignment_percent over rows: the assignment's percentage by the grading method."""
    scored = [p for row, p in zip(graded, percents, strict=True) if row[SCORE] is not None]
    if not scored:
        return None
    if method == LATEST:
        return scored[-1]
    if method == AVERAGE:
        return round_points(sum(scored, ZERO) / len(scored))
    return max(scored)


def counted_index(graded, percents, method):
    """The index in `graded` of the attempt whose submission stands for the assignment under the method."""
    if method == LATEST:
        return len(graded) - 1
    if method == HIGHEST:
        return max(range(len(graded)), key=lambda i: (percents[i], -graded[i][NUMBER]))
    return max(range(len(graded)), key=lambda i: graded[i][SUBMITTED_AT])


def not_graded(rows, now):
    """The result of attempts none of which is submitted: submitted at its deadline once one expired."""
    from .services import is_expired

    for row in rows:
        if is_expired(SimpleNamespace(state=row[STATE], deadline_at=row[DEADLINE_AT]), now):
            return WorkResult(Status.SUBMITTED, submitted_at=row[DEADLINE_AT], late_days=0)
    return IN_PROGRESS


def quiz_results(assignments, student_ids, now=None):
    """{(student_id, assignment_id): WorkResult} for the quiz assignments among `assignments`.

    One query for all attempts. `score` is the grading method's percentage / 100. An open attempt whose
    deadline has passed counts as submitted (it is graded when next touched).
    """
    now = now or timezone.now()
    quizzes = {a.pk: a for a in assignments if a.kind == "quiz"}
    if not quizzes or not student_ids:
        return {}
    by_pair = defaultdict(list)
    for row in (
        Attempt.objects.filter(assignment_id__in=quizzes, student_id__in=student_ids)
        .order_by("number")
        .values_list(*COLUMNS)
    ):
        by_pair[row[STUDENT], row[ASSIGNMENT]].append(row)
    return quiz_results_from_rows(quizzes, by_pair, now)


def quiz_results_from_rows(quizzes, by_pair, now):
    """quiz_results from attempt rows already read: {(student_id, assignment_id): [row in COLUMNS, …]}.

    `quizzes` {assignment id: Assignment}; each pair's rows in attempt-number order.
    """
    # What each assignment decides once, not once per student.
    per_assignment = {}
    for pk, assignment in quizzes.items():
        released = score_visible(assignment, now)
        status = Status.RELEASED if released else Status.GRADED
        per_assignment[pk] = (assignment.due_at, assignment.grading_method, released, status)
    percents = {}  # (score, points possible) -> percent: a class's attempts share few distinct scores
    results = {}
    for pair, rows in by_pair.items():
        due_at, method, released, status = per_assignment[pair[1]]
        graded = [row for row in rows if row[STATE] == SUBMITTED]
        if not graded:
            results[pair] = not_graded(rows, now)
            continue
        attempt_percents = []
        for row in graded:
            key = row[SCORE], row[MAX_SCORE]
            if key not in percents:
                percents[key] = percent(*key)
            attempt_percents.append(percents[key])
        if len(graded) == 1:  # the common case: every grading method takes the one attempt
            row = graded[0]
            score = attempt_percents[0]
            if method == AVERAGE and score is not None:
                score = round_points(score)  # as an average of one: the sum, rounded again
            days = late_days(row[SUBMITTED_AT], due_at)
            submitted_at = row[SUBMITTED_AT]
        else:
            score = assignment_percent(graded, attempt_percents, method)
            if method == AVERAGE:
                days = max(late_days(row[SUBMITTED_AT], due_at) for row in graded)
            else:
                days = late_days(
                    graded[counted_index(graded, attempt_percents, method)][SUBMITTED_AT], due_at
                )
            submitted_at = max(row[SUBMITTED_AT] for row in graded)
        # Positional: WorkResult(status, score, submitted_at, released, late_days) builds faster so.
        results[pair] = WorkResult(status, score / HUNDRED, submitted_at, released, days)
    return results
