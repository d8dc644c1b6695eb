"""Reads of the essay pages: a student's own essay, the grading queue and the class overview."""

import functools

from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _

from assessments.access import access_assignment_with_own
from assessments.models import CriterionScore, Essay, EssayGrade, EssayVersion, GradeChange, OverlapSpan
from classroom.models import Membership
from kzcourse.sql import row_reader, table_and_columns


def own_essay_with_access(student, assignment_id):
    """(the essay assignment, the student's essay on it or None before the first save); else 404.

    One query: access_assignment(role=STUDENT)'s rule with the essay and its grade (None if there is
    none) joined. The grade's scores are not read: feedback_scores() reads them where they show.
    """
    return access_assignment_with_own(Essay, student, assignment_id, related=("grade",))


def feedback_scores(grade):
    """The grade's criterion scores with their levels and criteria (one query), for the feedback shown."""
    prefetch_related_objects(
        [grade], Prefetch("scores", queryset=CriterionScore.objects.select_related("level", "criterion"))
    )
    return grade.scores.all()


@functools.cache
def version_list_query(vendor):
    """(sql, reader) of version_list: every column but the text, newest first."""
    columns, read = row_reader(EssayVersion, vendor, without=("text",))
    table, (pk, essay_id, created_at) = table_and_columns(EssayVersion, "id", "essay", "created_at")
    # Only quoted names from the model's meta are formatted in; the id and the limit are parameters.
    sql = (
        f"SELECT {', '.join(columns)} FROM {table} WHERE {essay_id} = %s"  # noqa: S608
        f" ORDER BY {created_at} DESC, {pk} DESC LIMIT %s"
    )
    return sql, read


def version_list(essay, limit=40):
    """The essay's kept versions, newest first, without their texts (the list shows dates and counts).

    Instances with the text deferred, as `.only()` gives them. Written out: the ORM spent more CPU
    compiling this one-table read than the page spends on its rows.
    """
    sql, read = version_list_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [essay.pk, limit])
        return [read(row) for row in cursor.fetchall()]


def grades_visible(assignment):
    return assignment.grades_released_at is not None


def names_hidden(assignment):
    """Anonymous grading hides names from the grader until the grades are released."""
    return assignment.anonymous_grading and assignment.grades_released_at is None


def grading_queue(assignment):
    """[(essay id, student name, graded?)] of the essays to grade (submitted ones), in grading order.

    With anonymous grading the order is by essay, not by name, so it gives nothing away.
    """
    essays = Essay.objects.filter(assignment=assignment, state=Essay.State.SUBMITTED)
    order = ["pk"] if names_hidden(assignment) else ["student__full_name", "student__username", "pk"]
    rows = essays.order_by(*order).values_list(
        "pk", "student__full_name", "student__username", "grade__is_complete"
    )
    return [(pk, full_name or username, bool(graded)) for pk, full_name, username, graded in rows]


def display_name(assignment, queue, essay_id, real_name):
    if names_hidden(assignment):
        position = next((i for i, row in enumerate(queue, start=1) if row[0] == essay_id), None)
        return _("Student %(n)s") % {"n": position or "?"}
    return real_name


def neighbours(queue, essay_id):
    """(previous ungraded id, next ungraded id) around the essay in the queue, wrapping around."""
    ids = [row[0] for row in queue]
    ungraded = {row[0] for row in queue if not row[2]}
    if essay_id not in ids:
        return None, next((i for i in ids if i in ungraded), None)
    at = ids.index(essay_id)
    after = ids[at + 1 :] + ids[:at]
    before = list(reversed(ids[:at])) + list(reversed(ids[at + 1 :]))
    return next((i for i in before if i in ungraded), None), next((i for i in after if i in ungraded), None)


def essay_for_grading(assignment, essay_id):
    """The essay with its grade, scores, overlap spans and grade history; None if not of this assignment."""
    try:
        essay_id = int(essay_id)
    except (TypeError, ValueError):
        return None
    return (
        Essay.objects.filter(assignment=assignment, pk=essay_id)
        .exclude(state=Essay.State.DRAFT)
        .select_related("student", "grade", "overlap")
        .prefetch_related(
            Prefetch("grade__scores", queryset=CriterionScore.objects.select_related("level")),
            Prefetch("grade__changes", queryset=GradeChange.objects.select_related("changed_by")),
            Prefetch("overlap__spans", queryset=OverlapSpan.objects.order_by("start")),
        )
        .first()
    )


def class_overview(assignment):
    """Every active student of the class with their essay (or None), in a fixed number of queries."""
    memberships = (
        Membership.objects.filter(
            classroom_id=assignment.classroom_id, role=Membership.Role.STUDENT, is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    essays = {
        essay.student_id: essay
        for essay in Essay.objects.filter(assignment=assignment).select_related("grade", "overlap")
    }
    return [(m.user, essays.get(m.user_id)) for m in memberships]


def release_counts(assignment):
    """(graded, not graded) among the class's students, for the release confirmation."""
    students = Membership.objects.filter(
        classroom_id=assignment.classroom_id, role=Membership.Role.STUDENT, is_active=True
    ).count()
    graded = EssayGrade.objects.filter(essay__assignment=assignment, is_complete=True).count()
    return graded, max(students - graded, 0)
