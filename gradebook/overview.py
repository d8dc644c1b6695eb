"""The whole-class overview: every student of a class × every current assignment, in one response.

Progress, not grades: for each cell, where the student stands (done, waiting to be graded, in progress,
missing after the due date, not started yet). The statuses are those of assessments.results (a quiz
attempt submitted, or open past its deadline, is done; an essay draft with no text is not started), read
here as plain tuples and SQL aggregates: 500 students × 26 assignments are 13,000 cells, and building
a WorkResult (and a model instance per attempt) for each would cost more than the whole page may.
The rows (and the columns' heads) are rendered as pre-built HTML for the same reason, and put into the
page after the template has rendered around them (see `page`). Three queries, whatever the class size.
"""

from dataclasses import dataclass, replace
from html import escape

from django.db import connection
from django.db.models import QuerySet
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from assessments.models import Assignment, Attempt, Essay, EssayGrade
from assessments.quizzes.services import GRACE
from classroom.models import Membership
from kzcourse.sql import table_and_columns
from lessons.models import ReadingProgress

DONE, TO_GRADE, IN_PROGRESS = "done", "to-grade", "in-progress"
MISSING, NOT_STARTED = "missing", "not-started"
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
    rows: list  # each student's <tr>, escaped as built
    students: int
    legend: list  # [(state, symbol, label)]
    heads_html: str = ""  # safe: a <th> per column (number, kind, counts)
    titles_html: str = ""  # safe: an <li> per column (title, kind, due date)

    @property
    def rows_html(self):
        return mark_safe("\n".join(self.rows))  # noqa: S308 (escaped as built)


# Where the page's template leaves the rows (an HTML comment: harmless if ever left in).
ROWS_HERE = mark_safe("<!-- overview rows -->")


def marks(values):
    """A parameter placeholder per value, for `IN (…)`."""
    return ", ".join(["%s"] * len(values))


def readings_query(assignment_ids, student_sql, student_params):
    read, (reader, lesson) = table_and_columns(ReadingProgress, "user", "lesson")
    assignment, (pk, assigned_lesson) = table_and_columns(Assignment, "id", "lesson")
    sql = (
        f"SELECT r.{reader}, a.{pk}, %s FROM {read} r INNER JOIN {assignment} a"  # noqa: S608
        f" ON a.{assigned_lesson} = r.{lesson} WHERE a.{pk} IN ({marks(assignment_ids)})"
        f" AND r.{reader} IN ({student_sql})"
    )
    return sql, [DONE, *assignment_ids, *student_params]


def attempts_query(assignment_ids, student_sql, student_params, now):
    """Done if any attempt is finished: submitted, or open past its deadline and the submit's grace."""
    attempt, (student, assignment, state, deadline) = table_and_columns(
        Attempt, "student", "assignment", "state", "deadline_at"
    )
    sql = (
        f"SELECT t.{student}, t.{assignment}, CASE WHEN MAX(CASE WHEN t.{state} = %s"  # noqa: S608
        f" OR (t.{state} = %s AND t.{deadline} < %s) THEN 1 ELSE 0 END) = 1 THEN %s ELSE %s END"
        f" FROM {attempt} t WHERE t.{assignment} IN ({marks(assignment_ids)})"
        f" AND t.{student} IN ({student_sql}) GROUP BY t.{student}, t.{assignment}"
    )
    finished_before = Attempt._meta.get_field("deadline_at").get_db_prep_value(now - GRACE, connection)
    states = [Attempt.State.SUBMITTED, Attempt.State.IN_PROGRESS, finished_before, DONE, IN_PROGRESS]
    return sql, [*states, *assignment_ids, *student_params]


def essays_query(assignment_ids):
    """A draft with no text is not started (the covering index's own condition, so PostgreSQL reads
    the essays from the index alone); a submitted essay is done once its grade is complete."""
    essay, (pk, student, assignment, state, text) = table_and_columns(
        Essay, "id", "student", "assignment", "state", "text"
    )
    grade, (graded_essay, complete) = table_and_columns(EssayGrade, "essay", "is_complete")
    sql = (
        f"SELECT e.{student}, e.{assignment}, CASE WHEN e.{state} <> %s THEN %s"  # noqa: S608
        f" WHEN g.{complete} THEN %s ELSE %s END FROM {essay} e LEFT OUTER JOIN {grade} g"
        f" ON g.{graded_essay} = e.{pk} WHERE e.{assignment} IN ({marks(assignment_ids)})"
        f" AND NOT (e.{state} = %s AND e.{text} = %s)"
    )
    states = [Essay.State.SUBMITTED, IN_PROGRESS, DONE, TO_GRADE]
    return sql, [*states, *assignment_ids, Essay.State.DRAFT, ""]


def work_query(assignments, students, now):
    """(sql, params): a row (student id, assignment id, state) for each piece of work that exists.

    `students`: (sql, params) to put in `IN (…)`. One UNION ALL of the three kinds with the state
    worked out in SQL, so each row costs Python one tuple (12,500 of them for 500 students). Essays are
    read by assignment alone (the class's own, so the students' are nearly all of them; callers look up
    only the students they want): with the students' subquery too, PostgreSQL expected a fifth of the
    rows and looked up each essay's grade one by one.
    """
    by_kind = {kind: [a.pk for a in assignments if a.kind == kind] for kind in Assignment.Kind.values}
    parts = []
    if readings := by_kind[Assignment.Kind.READING]:
        parts.append(readings_query(readings, *students))
    if quizzes := by_kind[Assignment.Kind.QUIZ]:
        parts.append(attempts_query(quizzes, *students, now))
    if essays := by_kind[Assignment.Kind.ESSAY]:
        parts.append(essays_query(essays))
    return " UNION ALL ".join(sql for sql, _ in parts), [value for _, params in parts for value in params]


def work_rows(assignments, students, now):
    """[(student id, assignment id, state)] for the work that exists; see work_query."""
    sql, params = work_query(assignments, students, now)
    if not sql:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def student_query(student_ids):
    """(sql, params) to put in `IN (…)`: a queryset's SQL, or a list's ids as parameters."""
    if isinstance(student_ids, QuerySet):
        return student_ids.query.sql_with_params()
    ids = list(student_ids) or [None]  # IN () is not SQL; IN (NULL) matches nothing
    return marks(ids), ids


def work_states(assignments, student_ids, now):
    """{student id: {assignment id: state}} for the work that exists; absent work is not there.

    `student_ids`: a list of ids or a queryset of them. Essays are read by assignment alone, so other
    students of the assignments may be there too (see work_query).
    """
    states = {}
    for student_id, assignment_id, state in work_rows(assignments, student_query(student_ids), now):
        states.setdefault(student_id, {})[assignment_id] = state
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
    # Each student's row of states in column order, the absent work's first: then the work that exists
    # (a subquery, not 500 ids, which would be bound into the SQL text twice).
    absent = [MISSING if now > a.due_at else NOT_STARTED for a in assignments]
    grid = {student_id: absent.copy() for student_id, _, _ in students}
    position = {a.pk: n for n, a in enumerate(assignments)}
    for student_id, assignment_id, state in work_rows(
        assignments, student_query(active.values("user_id")), now
    ):
        row = grid.get(student_id)
        if row is not None:  # essays are read by assignment: a removed student's are there too
            row[position[assignment_id]] = state
    names = labels()
    # 13,000 cells for 500 students: each as short as it can be (the grid's CSS centres every body cell).
    cell_html = {
        state: f'<td class="ov-{state}" title="{escape(names[state])}">{SYMBOLS[state]}</td>'
        for state in ORDER
    }
    detail = reverse("assessments:assignment_detail", args=[987654321]).replace("987654321", "{}")
    kinds = dict(Assignment.Kind.choices)
    columns = [Column(a, link=detail.format(a.pk), kind_label=str(kinds[a.kind])) for a in assignments]
    # One reverse for all rows: the student's id goes where the placeholder is.
    link = reverse("gradebook:student", args=[classroom.pk, 987654321]).replace("987654321", "{}")
    total = len(columns)
    rows = []
    for student_id, full_name, username in students:
        row = grid[student_id]
        # Plain strings, escaped here (the name is the only value from the database): format_html's
        # escaping of every argument cost more than the rest of the row.
        rows.append(
            f'<tr><th scope="row" class="ov-name"><a href="{link.format(student_id)}">'
            f"{escape(full_name or username)}</a></th>{''.join(map(cell_html.__getitem__, row))}"
            f'<td class="ov-count">{row.count(DONE)}/{total}</td></tr>'
        )
    for column, states_of_column in zip(columns, zip(*grid.values(), strict=True), strict=False):
        column.done = states_of_column.count(DONE)
        column.to_grade = states_of_column.count(TO_GRADE)
    heads_html, titles_html = column_html(columns, names[DONE])
    return Overview(
        columns=columns,
        rows=rows,
        students=len(students),
        legend=[(state, SYMBOLS[state], names[state]) for state in ORDER],
        heads_html=heads_html,
        titles_html=titles_html,
    )


def column_html(columns, done_label):
    """(the <th> of each column, the <li> of each column's title): 26 columns through the template's
    tags and filters cost 2 ms; as plain strings, escaped here, a tenth of that."""
    done, due = escape(done_label), escape(_("due"))
    heads, titles = [], []
    for number, column in enumerate(columns, start=1):
        assignment = column.assignment
        title, kind = escape(assignment.title), escape(column.kind_label)
        to_grade = f" · ◆{column.to_grade}" if column.to_grade else ""
        heads.append(
            f'<th scope="col" class="ov-head gb-kind-{escape(assignment.kind)}">'
            f'<a href="{escape(column.link)}" title="{title}">{number}</a>'
            f'<span class="d-block small text-body-secondary">{kind}</span>'
            f'<span class="d-block small" title="{done}">{column.done}{to_grade}</span></th>'
        )
        due_on = escape(date_format(timezone.localtime(assignment.due_at), "SHORT_DATE_FORMAT"))
        titles.append(f"<li>{title} ({kind}, {due} {due_on})</li>")
    return mark_safe("".join(heads)), mark_safe("".join(titles))  # noqa: S308 (escaped above)


def page(request, classroom):
    """The overview's response: the template rendered around a marker, the rows put in its place after.

    Passed through the template, the 0.6 MB of rows (500 students) were copied by every block and tag
    around them (a join and a SafeString each: 8 ms); put in afterwards they are joined and encoded once.
    """
    result = class_overview(classroom)
    context = {"classroom": classroom, "overview": replace(result, rows=[ROWS_HERE])}
    head, found, tail = render_to_string("gradebook/overview.html", context, request).partition(ROWS_HERE)
    return HttpResponse([head, "\n".join(result.rows) if found else "", tail])
