"""Essay results for the dashboards and the gradebook (see assessments.results)."""

from decimal import Decimal

from assessments.models import Essay
from assessments.results import Status, WorkResult

SHARE = Decimal("0.0001")
SUBMITTED = Essay.State.SUBMITTED
IN_PROGRESS = WorkResult(Status.IN_PROGRESS)  # frozen: one instance serves every essay


def essay_score(assignment, total):
    """The share (0–1) of the assignment's points the grade gives, before any late penalty.

    The gradebook applies the late penalty itself from `late_days` (gradebook.grading), as it does for
    quizzes, so it must not be taken here too.
    """
    if total is None or not assignment.points:
        return None
    return max(Decimal(0), Decimal(total) / assignment.points).quantize(SHARE)


def essay_results(assignments, student_ids):
    """{(student_id, assignment_id): WorkResult} for the essay assignments among `assignments`.

    One query. A draft counts as in progress (so does an essay returned for revision); a grade counts
    once the teacher marked it graded, and is `released` once the assignment's grades are released.
    """
    by_id = {a.pk: a for a in assignments if a.kind == "essay"}
    if not by_id or not student_ids:
        return {}
    rows = (
        Essay.objects.filter(assignment_id__in=by_id, student_id__in=student_ids)
        .exclude(state=Essay.State.DRAFT, text="")
        .values_list(
            "assignment_id",
            "student_id",
            "state",
            "submitted_at",
            "late_days",
            "grade__is_complete",
            "grade__total",
        )
        .order_by()  # a dict is built: the model's name ordering would only add a join and a sort
    )
    return essay_results_from_rows(by_id, rows)


def essay_results_from_rows(by_id, rows):
    """essay_results' rule on rows read elsewhere: {(student_id, assignment_id): WorkResult}.

    `by_id`: the essay assignments by id; `rows`: (assignment_id, student_id, state, submitted_at,
    late_days, graded, total) of the essays worth showing (not an empty draft). The gradebook's own
    written-out read (gradebook.inputs) hands its rows here, so the rule lives in one place.
    """
    graded_as = {  # (status, released) of a graded essay, per assignment
        pk: (Status.RELEASED, True) if assignment.grades_released_at is not None else (Status.GRADED, False)
        for pk, assignment in by_id.items()
    }
    scores = {}  # (assignment id, total) -> score: a rubric gives few distinct totals
    results = {}
    for assignment_id, student_id, state, submitted_at, days, graded, total in rows:
        if state != SUBMITTED:
            result = IN_PROGRESS
        elif not graded:
            result = WorkResult(Status.SUBMITTED, None, submitted_at, False, days)
        else:
            key = assignment_id, total
            if key not in scores:
                scores[key] = essay_score(by_id[assignment_id], total)
            status, released = graded_as[assignment_id]
            # Positional: WorkResult(status, score, submitted_at, released, late_days) builds faster so.
            result = WorkResult(status, scores[key], submitted_at, released, days)
        results[student_id, assignment_id] = result
    return results
