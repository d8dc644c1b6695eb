"""The whole-class overview: every student of a class × every current assignment, in one response.

Progress, not grades: for each cell, where the student stands (done, waiting to be graded, in progress,
missing after the due date, not started yet). The statuses are those of assessments.results (a quiz
attempt submitted, or open past its deadline, is done; an essay draft with no text is not started), read
here as plain tuples and SQL aggregates: 500 students × 26 assignments are 13,000 cells, and building
a WorkResult (and a model instance per attempt) for each would cost more than the whole page may.
The rows are rendered as pre-built HTML for the same reason. Five queries, whatever the class size.
"""

from dataclasses import dataclass
from html import escape

from django.db import connections
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from assessments.models import Assignment, Attempt, Essay
from assessments.quizzes.services import GRACE
from classroom.models import Membership
from lessons.models import ReadingProgress

DONE, TO_GRADE, IN_PROGRESS = "done", "to-grade", "in-progress"
MISSING, NOT_STARTED = "missing", "not-started"
ORDER = (DONE, TO_GRADE, IN_PROGRESS, MISSING, NOT_STARTED)
SYMBOLS = {DONE: "✓", TO_GRADE: "◆", IN_PROGRESS: "◐", MISSING: "✗", NOT_STARTED: "·"}
NO_STATES = {}


def labels():
    return {
        DONE: _("Done"),
        TO_GRADE: _("Submitted, to grade"),
        IN_PROGRESS: _("In progress"),
        MISSING: _("Missing"),
        NOT_STARTED: _("Not started"),
    }


@dataclass
class Column:
    assignment: Assignment
    done: int = 0
    to_grade: int = 0
    link: str = ""  # the assignment's page
    kind_label: str = ""


@dataclass
class Overview:
    columns: list
    rows_html: str  # safe: every student's <tr>, built with format_html
    students: int
    legend: list  # [(state, symbol, label)]


def plain_rows(queryset):
    """The rows of a values_list queryset as the database driver gives them: for tens of thousands of
    small tuples Django's per-row iteration (converters, chunking) costs more than the query."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def work_states(assignments, student_ids, now):
    """{student id: {assignment id: state}} for the work that exists; absent work is not there.

    `student_ids`: a list of ids or a queryset of them. Essays are read by assignment alone (the class's
    own, so the students' are nearly all of them; the caller looks up only the students it shows): with
    the students' subquery too, PostgreSQL expected a fifth of the rows and looked up each essay's grade
    one by one (500 students: 27 -> 18 ms on a freshly loaded database).
    """
    states = {}
    by_kind = {kind: [a for a in assignments if a.kind == kind] for kind in Assignment.Kind.values}
    readings = by_kind[Assignment.Kind.READING]
    if readings:
        lessons = {}
        for assignment in readings:
            lessons.setdefault(assignment.lesson_id, []).append(assignment.pk)
        for user_id, lesson_id in plain_rows(
            ReadingProgress.objects.filter(user_id__in=student_ids, lesson_id__in=lessons).values_list(
                "user_id", "lesson_id"
            )
        ):
            for assignment_id in lessons[lesson_id]:
                states.setdefault(user_id, {})[assignment_id] = DONE
    if by_kind[Assignment.Kind.QUIZ]:
        attempts = (
            Attempt.objects.filter(assignment__in=by_kind[Assignment.Kind.QUIZ], student_id__in=student_ids)
            .values_list("student_id", "assignment_id")
            .annotate(
                finished=Count(
                    "pk",
                    filter=Q(state=Attempt.State.SUBMITTED)
                    | Q(state=Attempt.State.IN_PROGRESS, deadline_at__lt=now - GRACE),
                )
            )
            .order_by()
        )
        for student_id, assignment_id, finished in plain_rows(attempts):
            states.setdefault(student_id, {})[assignment_id] = DONE if finished else IN_PROGRESS
    if by_kind[Assignment.Kind.ESSAY]:
        essays = (
            Essay.objects.filter(assignment__in=by_kind[Assignment.Kind.ESSAY])
            .exclude(state=Essay.State.DRAFT, text="")
            .values_list("student_id", "assignment_id", "state", "grade__is_complete")
            .order_by()
        )
        for student_id, assignment_id, state, graded in plain_rows(essays):
            if state != Essay.State.SUBMITTED:
                states.setdefault(student_id, {})[assignment_id] = IN_PROGRESS
            else:
                states.setdefault(student_id, {})[assignment_id] = DONE if graded else TO_GRADE
    return states


def class_overview(classroom, *, now=None):
    """The Overview of the class's active students and unarchived assignments."""
    now = now or timezone.now()
    active = Membership.objects.filter(classroom=classroom, role=Membership.Role.STUDENT, is_active=True)
    students = list(
        active.order_by("user__full_name", "user__username").values_list(
            "user_id", "user__full_name", "user__username"
        )
    )
    assignments = list(
        Assignment.objects.filter(classroom=classroom, is_archived=False).order_by("due_at", "pk")
    )
    # A subquery, not 500 ids: each list would be bound into the SQL text three times.
    states = work_states(assignments, active.values("user_id"), now)
    names = labels()
    # 13,000 cells for 500 students: each as short as it can be (the grid's CSS centres every body cell).
    cell_html = {
        state: f'<td class="ov-{state}" title="{escape(names[state])}">{SYMBOLS[state]}</td>'
        for state in ORDER
    }
    detail = reverse("assessments:assignment_detail", args=[987654321]).replace("987654321", "{}")
    kinds = dict(Assignment.Kind.choices)
    columns = [Column(a, link=detail.format(a.pk), kind_label=str(kinds[a.kind])) for a in assignments]
    absent = [(a.pk, MISSING if now > a.due_at else NOT_STARTED) for a in assignments]
    # One reverse for all rows: the student's id goes where the placeholder is.
    link = reverse("gradebook:student", args=[classroom.pk, 987654321]).replace("987654321", "{}")
    total = len(columns)
    rows, grid = [], []
    for student_id, full_name, username in students:
        mine = states.get(student_id, NO_STATES)
        row = [mine.get(assignment_id, default) for assignment_id, default in absent]
        grid.append(row)
        # Plain strings, escaped here (the name is the only value from the database): format_html's
        # escaping of every argument cost more than the rest of the row.
        rows.append(
            f'<tr><th scope="row" class="ov-name"><a href="{link.format(student_id)}">'
            f"{escape(full_name or username)}</a></th>{''.join(map(cell_html.__getitem__, row))}"
            f'<td class="ov-count">{row.count(DONE)}/{total}</td></tr>'
        )
    for column, states_of_column in zip(columns, zip(*grid, strict=True), strict=False):
        column.done = states_of_column.count(DONE)
        column.to_grade = states_of_column.count(TO_GRADE)
    return Overview(
        columns=columns,
        rows_html=mark_safe("\n".join(rows)),  # noqa: S308 (escaped above)
        students=len(students),
        legend=[(state, SYMBOLS[state], names[state]) for state in ORDER],
    )
