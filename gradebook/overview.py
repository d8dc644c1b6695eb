"""The whole-class overview: every student of a class × every current assignment, in one response.

Progress, not grades: for each cell, where the student stands (done, waiting to be graded, in progress,
missing after the due date, not started yet). It reads the same bulk statuses as the dashboards
(assessments.results.work_results), in a constant number of queries, and renders its rows as
pre-built HTML: 500 students × 26 assignments are 13,000 cells, too many for a template loop.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from assessments.models import Assignment
from assessments.results import Status, work_results
from assessments.selectors import class_students

DONE, TO_GRADE, IN_PROGRESS, MISSING, NOT_STARTED = (
    "done",
    "to-grade",
    "in-progress",
    "missing",
    "not-started",
)
ORDER = (DONE, TO_GRADE, IN_PROGRESS, MISSING, NOT_STARTED)
SYMBOLS = {DONE: "✓", TO_GRADE: "◆", IN_PROGRESS: "◐", MISSING: "✗", NOT_STARTED: "·"}


def labels():
    return {
        DONE: _("Done"),
        TO_GRADE: _("Submitted, to grade"),
        IN_PROGRESS: _("In progress"),
        MISSING: _("Missing"),
        NOT_STARTED: _("Not started"),
    }


def cell_state(assignment, result, now):
    """The overview state of one student's work on one assignment."""
    if result.status in (Status.GRADED, Status.RELEASED):
        return DONE
    if result.status == Status.SUBMITTED:
        return DONE if assignment.kind == Assignment.Kind.QUIZ else TO_GRADE
    if result.status == Status.IN_PROGRESS:
        return IN_PROGRESS
    return MISSING if now > assignment.due_at else NOT_STARTED


@dataclass
class Column:
    assignment: Assignment
    done: int = 0
    to_grade: int = 0


@dataclass
class Overview:
    columns: list
    rows_html: str  # safe: every student's <tr>, built with format_html
    students: int
    legend: list  # [(state, symbol, label)]


def class_overview(classroom, *, now=None):
    """The Overview of the class's active students and unarchived assignments (four or five queries)."""
    now = now or timezone.now()
    students = class_students([classroom.pk])[classroom.pk]
    assignments = list(
        Assignment.objects.filter(classroom=classroom, is_archived=False).order_by("due_at", "pk")
    )
    results = work_results(assignments, [s.pk for s in students])
    names = labels()
    cell_html = {
        state: format_html(
            '<td class="ov-cell ov-{}" title="{}">{}</td>', state, names[state], SYMBOLS[state]
        )
        for state in ORDER
    }
    columns = [Column(a) for a in assignments]
    # One reverse for all rows: the student's id goes where the placeholder is.
    link = reverse("gradebook:student", args=[classroom.pk, 987654321]).replace("987654321", "{}")
    rows = []
    for student in students:
        cells, done = [], 0
        for column in columns:
            state = cell_state(column.assignment, results[student.pk, column.assignment.pk], now)
            if state == DONE:
                done += 1
                column.done += 1
            elif state == TO_GRADE:
                column.to_grade += 1
            cells.append(cell_html[state])
        rows.append(
            format_html(
                '<tr><th scope="row" class="ov-name"><a href="{}">{}</a></th>{}'
                '<td class="ov-count">{}/{}</td></tr>',
                link.format(student.pk),
                student.get_full_name(),
                mark_safe("".join(cells)),  # noqa: S308 (each cell is format_html output)
                done,
                len(columns),
            )
        )
    return Overview(
        columns=columns,
        rows_html=mark_safe("\n".join(rows)),  # noqa: S308 (each row is format_html output)
        students=len(students),
        legend=[(state, SYMBOLS[state], names[state]) for state in ORDER],
    )
