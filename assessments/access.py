"""Access to assignments, built on the class policy in classroom.access.

Students see an assignment of their class once it opens and until it is archived; teachers of the
class see all of its assignments. Anything else is 404.
"""

import functools

from django.db import connection
from django.http import Http404
from django.utils import timezone

from classroom.access import (
    TEACHES_ANYWHERE_SQL,
    Role,
    class_names,
    classes_for,
    one_row_or_404,
    role_in,
    row_id,
    student_roles,
    teaches_anywhere_params,
)
from classroom.models import Classroom
from kzcourse.sql import quoted_column, quoted_table, row_reader

from .models import Assignment


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


def assignment_names():
    """class_names() with the assignment table's quoted names and columns, for the queries below."""
    return {
        **class_names(),
        "assignment": quoted_table(Assignment),
        "assignment_pk": quoted_column(Assignment, "pk"),
        "assignment_classroom": quoted_column(Assignment, "classroom"),
        "is_archived": quoted_column(Assignment, "is_archived"),
        "opens_at": quoted_column(Assignment, "opens_at"),
    }


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
        work=quoted_table(model),
        work_pk=quoted_column(model, "pk"),
        work_assignment=quoted_column(model, "assignment"),
        work_student=quoted_column(model, "student"),
        **assignment_names(),
    )
    return sql, readers


def access_own_work(model, user, work_id, *, now=None):
    """The student's own work (an instance of `model`, which has `assignment` and `student`) by id; else 404.

    One query: the work joined to its assignment, its class and the user's active student membership
    there, under the same rule as access_assignment(role=STUDENT): open, not archived. The work carries
    `.assignment` (with `.classroom` and `viewer_role`). Written out: the ORM spent ~3 ms of CPU
    compiling this join, more than the rest of an autosave.
    """
    work_id = row_id(work_id, model)
    if not user.is_authenticated:
        raise Http404
    sql, readers = own_work_query(model, connection.vendor)
    opens_by = connection.ops.adapt_datetimefield_value(now or timezone.now())
    # Only quoted names from the models' meta are formatted in; every value is a parameter. A user has
    # one membership per class, so the join yields the work once at most.
    row = one_row_or_404(sql, [work_id, user.pk, False, opens_by, user.pk, True, Role.STUDENT.value])
    work, assignment, classroom = (read(row[start:end]) for read, start, end in readers)
    work.assignment = assignment
    assignment.classroom = classroom
    work.assignment.viewer_role = Role.STUDENT
    return work


STUDENT_ASSIGNMENT_SQL = (
    """
SELECT {selected},
  """
    + TEACHES_ANYWHERE_SQL
    + """
FROM {assignment} a
JOIN {classroom} c ON c.{classroom_pk} = a.{assignment_classroom}
JOIN {membership} m ON m.{membership_classroom} = a.{assignment_classroom}{joins}
WHERE a.{assignment_pk} = %s AND a.{is_archived} = %s AND a.{opens_at} <= %s
  AND m.{membership_user} = %s AND m.{membership_active} = %s AND m.{membership_role} = %s
"""
)

OWN_ROW_JOIN = """
LEFT JOIN {work} w ON w.{work_assignment} = a.{assignment_pk} AND w.{work_student} = %s"""

ONE_TO_ONE_JOIN = """
LEFT JOIN {related} r{n} ON r{n}.{related_work} = w.{work_pk}"""


@functools.cache
def student_assignment_query(vendor, own=None, related=()):
    """STUDENT_ASSIGNMENT_SQL, with the student's `own` row (and its reverse one-to-ones `related`) joined.

    Returns (sql, readers): per model read (assignment, class, then own and each related), (read, start,
    end, where its primary key is) over the row; the row's last value is whether the user teaches anywhere.
    """
    models = [(Assignment, "a"), (Classroom, "c")]
    joins = ""
    if own is not None:
        joins += OWN_ROW_JOIN.format(
            work=quoted_table(own),
            work_assignment=quoted_column(own, "assignment"),
            work_student=quoted_column(own, "student"),
            assignment_pk=quoted_column(Assignment, "pk"),
        )
        models.append((own, "w"))
        for n, name in enumerate(related):
            field = own._meta.get_field(name)  # a reverse one-to-one: the related row points at the work
            joins += ONE_TO_ONE_JOIN.format(
                n=n,
                related=quoted_table(field.related_model),
                related_work=quoted_column(field.related_model, field.field.name),
                work_pk=quoted_column(own, "pk"),
            )
            models.append((field.related_model, f"r{n}"))
    readers, selected, start = [], [], 0
    for model, alias in models:
        columns, read = row_reader(model, vendor)
        selected.append(", ".join(f"{alias}.{name}" for name in columns))
        pk_at = start + model._meta.concrete_fields.index(model._meta.pk)  # NULL: the LEFT JOIN found none
        readers.append((read, start, start + len(columns), pk_at))
        start += len(columns)
    sql = STUDENT_ASSIGNMENT_SQL.format(selected=", ".join(selected), joins=joins, **assignment_names())
    return sql, readers


def _student_assignment_row(user, assignment_id, now, own, related):
    assignment_id = row_id(assignment_id, Assignment)
    if not user.is_authenticated:
        raise Http404
    sql, readers = student_assignment_query(connection.vendor, own, related)
    opens_by = connection.ops.adapt_datetimefield_value(now or timezone.now())
    params = teaches_anywhere_params(user)
    if own is not None:
        params.append(user.pk)
    params += [assignment_id, False, opens_by, user.pk, True, Role.STUDENT.value]
    # Only quoted names from the models' meta are formatted in; every value is a parameter. One
    # membership per class and one `own` row per student and assignment: one row at most.
    return one_row_or_404(sql, params), readers


def access_assignment_as_student(user, assignment_id, *, now=None):
    """access_assignment(user, assignment_id, role=STUDENT) in one written-out query; else 404.

    The assignment joined with its class and the user's active student membership there: open and not
    archived. It carries `.classroom`, `viewer_role`, and `viewer_roles`: every role the user holds in
    any class, for the navbar (classroom.context_processors.remember_roles). The ORM's two queries (the
    assignment with its class, then the role) cost more CPU to compile than the rest of a student's page.
    """
    return access_assignment_with_own(None, user, assignment_id, now=now)[0]


def access_assignment_with_own(model, user, assignment_id, *, related=(), now=None):
    """(assignment, the user's own `model` row on it or None), under access_assignment_as_student's rule.

    `model` has `assignment` and `student` and one row per student and assignment (an essay); it is read
    in the same query, with its reverse one-to-ones named in `related` (None where there is none, as
    select_related leaves them). The row carries `.assignment`.
    """
    row, readers = _student_assignment_row(user, assignment_id, now, model, tuple(related))
    (read_assignment, start, end, _pk), (read_classroom, c_start, c_end, _pk), *rest = readers
    assignment = read_assignment(row[start:end])
    assignment.classroom = read_classroom(row[c_start:c_end])
    assignment.viewer_role = Role.STUDENT
    assignment.viewer_roles = student_roles(row[-1])
    if model is None or row[rest[0][3]] is None:  # no `own` row yet
        return assignment, None
    (read_work, w_start, w_end, _pk), *one_to_ones = rest
    work = read_work(row[w_start:w_end])
    work.assignment = assignment
    for name, (read, r_start, r_end, pk_at) in zip(related, one_to_ones, strict=True):
        # As select_related caches a reverse one-to-one: the row or None, each side pointing at the other.
        relation = getattr(model, name).related
        found = read(row[r_start:r_end]) if row[pk_at] is not None else None
        relation.set_cached_value(work, found)
        if found is not None:
            relation.field.set_cached_value(found, work)
    return assignment, work
