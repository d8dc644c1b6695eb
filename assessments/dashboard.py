"""The assessments part of the dashboard (see classroom.dashboard): the to-do list and the overview.

A student's to-do panel is kept rendered in the cache (classroom.fragments). Its key holds what it
shows: the student's classes, a fingerprint of those classes' assignments and of the student's quiz
attempts (any save, archive, delete or grade release of an assignment, any attempt started or submitted
changes it), and the student's version token, which the services that change the student's essays and
readings bump. Time alone moves items between groups, so a kept panel also expires at the next
instant that would change it.
"""

from datetime import UTC

from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from classroom import fragments
from classroom.dashboard import Panel

from .models import Assignment, Attempt
from .results import Status
from .selectors import SOON, student_todo, teacher_overview


def panels(request, now, *, teaching, studying):
    found = []
    if teaching:
        overviews, recent = teacher_overview(teaching, now=now)
        found.append(
            Panel(
                "assessments/panels/teaching.html",
                "teaching",
                {"overviews": overviews, "recent": recent, "now": now},
            )
        )
    if studying:
        found.append(
            Panel(
                "assessments/panels/cached.html",
                "studying",
                {"html": todo_panel(request.user, studying, now)},
            )
        )
    return found


FINGERPRINT_SQL = """
SELECT a.*, t.* FROM (
    SELECT COUNT(*), SUM(id), SUM(CASE WHEN is_archived THEN 0 ELSE 1 END), MAX(updated_at),
           COUNT(grades_released_at), MAX(grades_released_at),
           MIN(CASE WHEN opens_at > %s AND NOT is_archived THEN opens_at END)
    FROM {assignment} WHERE classroom_id IN ({classes})
) a CROSS JOIN (
    SELECT COUNT(*), SUM(CASE WHEN t.state = %s THEN 1 ELSE 0 END), MAX(t.submitted_at)
    FROM {attempt} t JOIN {assignment} x ON x.id = t.assignment_id
    WHERE t.student_id = %s AND x.classroom_id IN ({classes})
) t
"""


def work_fingerprint(user, classroom_ids, now):
    """(fingerprint, next opening instant): what of the classes' assignments and the student's quiz
    attempts a to-do list depends on, in one query.

    Any save of an assignment moves its `updated_at` (archiving and releasing grades too), a delete
    moves the count and the sum of ids, a started attempt the attempt count, a submitted one the
    submitted count. Essays and readings bump the student's token instead (their services do).
    Plain SQL: the same aggregates through the ORM cost more CPU than the rest of the page.
    """
    sql = FINGERPRINT_SQL.format(
        assignment=Assignment._meta.db_table,
        attempt=Attempt._meta.db_table,
        classes=", ".join(["%s"] * len(classroom_ids)),
    )
    params = [now, *classroom_ids, Attempt.State.SUBMITTED.value, user.pk, *classroom_ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    next_open = row[6]
    if isinstance(next_open, str):  # SQLite answers with text
        next_open = parse_datetime(next_open)
    if next_open is not None and timezone.is_naive(next_open):
        next_open = timezone.make_aware(next_open, UTC)
    return row, next_open


def valid_until(todo, next_open, now):
    """The next instant at which time alone changes the to-do list; None when it must not be kept."""
    instants = [next_open] if next_open else []
    for items in todo.values():
        for item in items:
            if item.assignment.kind == Assignment.Kind.QUIZ and item.result.status == Status.IN_PROGRESS:
                return None  # an open attempt counts as submitted once its deadline passes
            assignment = item.assignment
            instants += [assignment.due_at - SOON, assignment.due_at, assignment.closes_at]
    return min((instant for instant in instants if instant > now), default=now + SOON)


def todo_panel(user, studying, now):
    """The student's to-do panel as HTML: from the cache, or rendered (and kept when it may be)."""
    fingerprint, next_open = work_fingerprint(user, [classroom.pk for classroom in studying], now)
    (token,) = fragments.tokens(fragments.student_scope(user.pk))
    key = fragments.fragment_key(
        "todo",
        user.pk,
        user.date_joined,
        [(classroom.pk, classroom.name) for classroom in studying],
        fingerprint,
        token,
    )
    html = fragments.get(key, now)
    if html is None:
        todo = student_todo(user, now=now)
        html = render_to_string(
            "assessments/panels/todo.html",
            {
                "panel": {
                    "todo": todo,
                    "classes": studying,
                    "several_classes": len(studying) > 1,
                    "now": now,
                }
            },
        )
        until = valid_until(todo, next_open, now)
        if until is not None:
            fragments.put(key, html, until)
    return html  # a SafeString: rendered (and escaped) by the template engine, kept as such
