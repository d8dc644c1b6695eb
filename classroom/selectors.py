"""Reads of the classroom app."""

import functools

from django.db import connection

from kzcourse.sql import quoted_column, row_reader

from .access import class_names
from .models import Classroom, Membership

Role = Membership.Role

CLASSES_BY_ROLE_SQL = """
SELECT m.{role}, {classroom_columns}
FROM {membership} m
JOIN {classroom} c ON c.{classroom_pk} = m.{membership_classroom}
WHERE m.{membership_user} = %s AND m.{membership_active} = %s
ORDER BY c.{classroom_name}, c.{classroom_pk}
"""


@functools.cache
def classes_by_role_query(vendor):
    """CLASSES_BY_ROLE_SQL with names quoted from the models' meta, and the reader of a class's columns."""
    columns, read = row_reader(Classroom, vendor)

    sql = CLASSES_BY_ROLE_SQL.format(
        role=quoted_column(Membership, "role"),
        classroom_columns=", ".join(f"c.{name}" for name in columns),
        **class_names(),
    )
    return sql, read


def classes_by_role(user):
    """(classes the user teaches, classes the user studies in), active memberships only, by name.

    Read on every dashboard request: written out, as the ORM spent ~0.5 ms of CPU compiling the join
    (an eighth of the whole page). Only quoted names are formatted in; the values are parameters.
    """
    sql, read = classes_by_role_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, True])
        rows = cursor.fetchall()
    teaching, studying = [], []
    for role, *values in rows:
        if role == Role.TEACHER:
            teaching.append(read(values))
        elif role == Role.STUDENT:
            studying.append(read(values))
    return teaching, studying


def roster(classroom):
    """Every membership of the class: teachers first ("teacher" > "student"), removed students last."""
    return list(
        Membership.objects.filter(classroom=classroom)
        .select_related("user")
        .order_by("-role", "-is_active", "user__full_name", "user__username")
    )
