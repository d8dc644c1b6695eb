"""Access to assignments, built on the class policy in classroom.access.

Students see an assignment of their class once it opens and until it is archived; teachers of the
class see all of its assignments. Anything else is 404.
"""

import functools

from django.db import connection
from django.http import Http404
from django.utils import timezone

from classroom.access import Role, classes_for, role_in
from classroom.models import Classroom, Membership

from .models import Assignment
from .sql import row_reader


def assignments_for(user, *, role, now=None):
    """Assignments the user may see in the classes where they hold `role`."""
    assignments = Assignment.objects.filter(classroom__in=classes_for(user, role=role))
    if role == Role.STUDENT:
        assignments = assignments.filter(is_archived=False, opens_at__lte=now or timezone.now())
    return assignments


def access_assignment(user, assignment_id, *, role=None, now=None):
    """The assignment if the user may see it (in `role`, if given); else 404.

    The returned assignment carries `viewer_role`.
    """
    try:
        assignment = Assignment.objects.select_related("classroom").get(pk=int(assignment_id))
    except (TypeError, ValueError, Assignment.DoesNotExist):
        raise Http404 from None
    held = role_in(user, assignment.classroom_id)
    if held is None or (role is not None and held != role):
        raise Http404
    if held == Role.STUDENT and (assignment.is_archived or assignment.opens_at > (now or timezone.now())):
        raise Http404
    assignment.viewer_role = held
    return assignment


OWN_WORK_SQL = """
SELECT {work_columns}, {assignment_columns}, {classroom_columns}
FROM {work} w
JOIN {assignment} a ON a.{assignment_pk} = w.{work_assignment}
JOIN {classroom} c ON c.{classroom_pk} = a.{assignment_classroom}
JOIN {membership} m ON m.{membership_classroom} = a.{assignment_classroom}
WHERE w.{work_pk} = %s AND w.{work_student} = %s AND a.{is_archived} = %s AND a.{opens_at} <= %s
  AND m.{membership_user} = %s AND m.{membership_active} = %s AND m.{membership_role} = %s
"""


@functools.cache
def own_work_query(model, vendor):
    """OWN_WORK_SQL for `model`'s table, and per model read (work, assignment, class): (read, start, end)."""
    quote = connection.ops.quote_name

    def column(each, name):
        return quote(each._meta.get_field(name).column)

    models = (model, Assignment, Classroom)
    readers, selected, start = [], [], 0
    for each, alias in zip(models, "wac", strict=True):
        columns, read = row_reader(each, vendor)
        selected.append(", ".join(f"{alias}.{name}" for name in columns))
        readers.append((read, start, start + len(columns)))
        start += len(columns)
    sql = OWN_WORK_SQL.format(
        work_columns=selected[0],
        assignment_columns=selected[1],
        classroom_columns=selected[2],
        work=quote(model._meta.db_table),
        assignment=quote(Assignment._meta.db_table),
        classroom=quote(Classroom._meta.db_table),
        membership=quote(Membership._meta.db_table),
        work_pk=quote(model._meta.pk.column),
        assignment_pk=quote(Assignment._meta.pk.column),
        classroom_pk=quote(Classroom._meta.pk.column),
        work_assignment=column(model, "assignment"),
        work_student=column(model, "student"),
        assignment_classroom=column(Assignment, "classroom"),
        is_archived=column(Assignment, "is_archived"),
        opens_at=column(Assignment, "opens_at"),
        membership_classroom=column(Membership, "classroom"),
        membership_user=column(Membership, "user"),
        membership_active=column(Membership, "is_active"),
        membership_role=column(Membership, "role"),
    )
    return sql, readers


def access_own_work(model, user, work_id, *, now=None):
    """The student's own work (an instance of `model`, which has `assignment` and `student`) by id; else 404.

    One query: the work joined to its assignment, its class and the user's active student membership
    there, under the same rule as access_assignment(role=STUDENT): open, not archived. The work carries
    `.assignment` (with `.classroom` and `viewer_role`). Written out: the ORM spent ~3 ms of CPU
    compiling this join, more than the rest of an autosave.
    """
    try:
        work_id = int(work_id)
    except (TypeError, ValueError):
        raise Http404 from None
    lowest, highest = connection.ops.integer_field_range(model._meta.pk.get_internal_type())
    if not user.is_authenticated or not lowest <= work_id <= highest:  # no such row; the driver would raise
        raise Http404
    sql, readers = own_work_query(model, connection.vendor)
    opens_by = connection.ops.adapt_datetimefield_value(now or timezone.now())
    with connection.cursor() as cursor:
        # Only quoted names from the models' meta are formatted in; every value is a parameter. A user
        # has one membership per class, so the join yields the work once at most.
        cursor.execute(sql, [work_id, user.pk, False, opens_by, user.pk, True, Role.STUDENT.value])
        row = cursor.fetchone()
    if row is None:
        raise Http404
    work, assignment, classroom = (read(row[start:end]) for read, start, end in readers)
    work.assignment = assignment
    assignment.classroom = classroom
    work.assignment.viewer_role = Role.STUDENT
    return work
