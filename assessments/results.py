"""Where each student stands on each assignment: the one read the dashboards and the gradebook share.

Each kind of work answers for itself (readings here, quizzes in assessments.quizzes.results, essays in
assessments.essays.results); this module only puts them together. Every function takes many
assignments and many students at once and answers in a constant number of queries.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from lessons.models import ReadingProgress


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    GRADED = "graded", _("Graded")  # graded, not yet visible to the student
    RELEASED = "released", _("Released")  # grade visible to the student


@dataclass(frozen=True)
class WorkResult:
    """One student's standing on one assignment.

    `score` is the share of the assignment's points earned, 0 to 1, once graded (None before);
    `released` says whether the student may see it; `late_days` counts started days after the due
    date at submission (0 when on time).
    """

    status: Status
    score: Decimal | None = None
    submitted_at: datetime | None = None
    released: bool = False
    late_days: int = 0


NOT_STARTED = WorkResult(Status.NOT_STARTED)
ONE = Decimal(1)


def reading_results(assignments, student_ids):
    """Readings: done (released, full score) once the student marked the lesson read."""
    assignments = [a for a in assignments if a.kind == "reading"]
    if not assignments:
        return {}
    by_lesson = {}
    for assignment in assignments:
        by_lesson.setdefault(assignment.lesson_id, []).append(assignment.pk)
    results = {}
    for user_id, lesson_id, read_at in ReadingProgress.objects.filter(
        user_id__in=student_ids, lesson_id__in=by_lesson
    ).values_list("user_id", "lesson_id", "read_at"):
        result = WorkResult(Status.RELEASED, score=ONE, submitted_at=read_at, released=True)
        for assignment_id in by_lesson[lesson_id]:
            results[user_id, assignment_id] = result
    return results


def found_results(assignments, student_ids):
    """{(student_id, assignment_id): WorkResult} for the work that exists (absent work is not there)."""
    from .essays.results import essay_results
    from .quizzes.results import quiz_results

    assignments = list(assignments)
    student_ids = list(student_ids)
    found = {}
    for part in (reading_results, quiz_results, essay_results):
        found.update(part(assignments, student_ids))
    return found


def work_results_by_student(assignments, student_ids):
    """{student_id: {assignment_id: WorkResult}} for the work that exists; absent work is NOT_STARTED.

    The shape a grade is computed from: one small dict per student, no entry for work not started.
    """
    by_student = {student_id: {} for student_id in student_ids}
    for (student_id, assignment_id), result in found_results(assignments, student_ids).items():
        by_student[student_id][assignment_id] = result
    return by_student


def work_results(assignments, student_ids):
    """{(student_id, assignment_id): WorkResult} for every pair; absent work is NOT_STARTED."""
    assignments = list(assignments)
    student_ids = list(student_ids)
    found = found_results(assignments, student_ids)
    return {
        (student_id, assignment.pk): found.get((student_id, assignment.pk), NOT_STARTED)
        for assignment in assignments
        for student_id in student_ids
    }
