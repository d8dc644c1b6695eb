"""The access policy, in one place: who may see which class.

A role belongs to a membership in a class, never to the user. Every view resolves the objects it
works on through these helpers; something that is not yours looks exactly like something that does
not exist (404), so ids cannot be probed.
"""

import functools

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.http import Http404

from kzcourse.sql import quoted_column, quoted_table, row_reader

from .models import Classroom, Membership, User

Role = Membership.Role


def row_id(value, model):
    """`value` as an id of `model`'s rows, or 404: not a number, or beyond what the id column holds.

    The database driver refuses a number its column cannot hold (SQLite: OverflowError) before the
    query runs; such an id names no row, so it is a 404 like any other.
    """
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not id_fits(number, model):
        raise Http404
    return number


def id_fits(number, model):
    """Whether `number` fits `model`'s id column (a number that does not names no row)."""
    lowest, highest = connection.ops.integer_field_range(model._meta.pk.get_internal_type())
    return lowest <= number <= highest


def classes_for(user, *, role=None):
    """Classes in which the user holds an active membership (with `role`, if given)."""
    if not user.is_authenticated:
        return Classroom.objects.none()
    memberships = Membership.objects.filter(user=user, is_active=True)
    if role is not None:
        memberships = memberships.filter(role=role)
    return Classroom.objects.filter(pk__in=memberships.values("classroom_id"))


def role_in(user, classroom_id):
    """The user's active role in the class, or None."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, classroom_id=classroom_id, is_active=True)
        .values_list("role", flat=True)
        .first()
    )


def access_classroom(user, classroom_id, *, role=None):
    """The class if the user is an active member (in `role`, if given); else 404.

    The returned class carries `viewer_role`, the role the user holds in it.
    """
    classroom_id = row_id(classroom_id, Classroom)
    # One query: the membership with its class (role_in and a get of the class would be two).
    membership = (
        Membership.objects.filter(user=user, classroom_id=classroom_id, is_active=True)
        .select_related("classroom")
        .first()
        if user.is_authenticated
        else None
    )
    held = membership.role if membership is not None else None
    if held is None or (role is not None and held != role):
        raise Http404
    classroom = membership.classroom
    classroom.viewer_role = held
    return classroom


def class_names():
    """The class and membership tables' quoted names and columns, by the keys the access queries' SQL
    uses (`str.format` ignores the ones a query does not use)."""
    return {
        "classroom": quoted_table(Classroom),
        "classroom_pk": quoted_column(Classroom, "pk"),
        "classroom_name": quoted_column(Classroom, "name"),
        "membership": quoted_table(Membership),
        "membership_classroom": quoted_column(Membership, "classroom"),
        "membership_user": quoted_column(Membership, "user"),
        "membership_active": quoted_column(Membership, "is_active"),
        "membership_role": quoted_column(Membership, "role"),
    }


# Whether the user teaches any class, read with a student's access so that the navbar needs no query of
# its own (classroom.context_processors.remember_roles). Parameters: teaches_anywhere_params(user).
TEACHES_ANYWHERE_SQL = """EXISTS (SELECT 1 FROM {membership} t WHERE t.{membership_user} = %s
          AND t.{membership_active} = %s AND t.{membership_role} = %s)"""


def teaches_anywhere_params(user):
    return [user.pk, True, Role.TEACHER.value]


def student_roles(teaches_anywhere):
    """The roles a person held in any class, given that they are a student here."""
    return {Role.STUDENT, Role.TEACHER} if teaches_anywhere else {Role.STUDENT}


def one_row_or_404(sql, params):
    """The one row an access query finds, or 404 when it finds none."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise Http404
    return row


STUDENT_CLASS_SQL = (
    """
SELECT {classroom_columns},
  """
    + TEACHES_ANYWHERE_SQL
    + """
FROM {membership} m
JOIN {classroom} c ON c.{classroom_pk} = m.{membership_classroom}
WHERE m.{membership_user} = %s AND m.{membership_classroom} = %s AND m.{membership_active} = %s
  AND m.{membership_role} = %s
"""
)


@functools.cache
def student_class_query(vendor):
    """STUDENT_CLASS_SQL with names quoted from the models' meta, and the reader of a class's columns."""
    columns, read = row_reader(Classroom, vendor)
    sql = STUDENT_CLASS_SQL.format(
        classroom_columns=", ".join(f"c.{name}" for name in columns), **class_names()
    )
    return sql, read


def access_classroom_as_student(user, classroom_id):
    """access_classroom(user, classroom_id, role=STUDENT) in one written-out query; else 404.

    The class joined with the user's active student membership in it. The class carries `viewer_role`
    and `viewer_roles`: every role the user holds in any class, for the navbar
    (classroom.context_processors.remember_roles). The ORM's query cost more CPU to compile than it
    takes to run.
    """
    classroom_id = row_id(classroom_id, Classroom)
    if not user.is_authenticated:
        raise Http404
    sql, read = student_class_query(connection.vendor)
    params = [*teaches_anywhere_params(user), user.pk, classroom_id, True, Role.STUDENT.value]
    # Only quoted names from the models' meta are formatted in; every value is a parameter. One
    # membership per user and class: one row at most.
    *values, teaches = one_row_or_404(sql, params)
    classroom = read(values)
    classroom.viewer_role = Role.STUDENT
    classroom.viewer_roles = student_roles(teaches)
    return classroom


HOLDS_PERMISSION_SQL = """
SELECT 1 FROM {permission} p JOIN {content_type} ct ON ct.id = p.content_type_id
WHERE ct.app_label = %s AND p.codename = %s AND (
    EXISTS (SELECT 1 FROM {user_permissions} up WHERE up.permission_id = p.id AND up.user_id = %s)
    OR EXISTS (
        SELECT 1 FROM {group_permissions} gp JOIN {user_groups} ug ON ug.group_id = gp.group_id
        WHERE gp.permission_id = p.id AND ug.user_id = %s
    )
)
"""


def holds_permission(user, app_label, codename):
    """Whether the user or one of their groups was given the permission (one query).

    What ModelBackend reads for an active user who is not a superuser, in plain SQL: has_perm spends
    two queries, and the same lookup through the ORM (an OR over two many-to-many joins) costs more
    CPU to compile than the rest of a dashboard's queries together.
    """
    sql = HOLDS_PERMISSION_SQL.format(
        permission=Permission._meta.db_table,
        content_type=ContentType._meta.db_table,
        user_permissions=User.user_permissions.through._meta.db_table,
        group_permissions=Group.permissions.through._meta.db_table,
        user_groups=User.groups.through._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [app_label, codename, user.pk, user.pk])
        return cursor.fetchone() is not None


def can_create_classes(user):
    """Teachers are made by an administrator: the `classroom.add_classroom` permission, or staff.

    The permission is read as ModelBackend reads it: active users only; superusers hold every one.
    """
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if not user.is_active:
        return False
    return user.is_superuser or holds_permission(user, "classroom", "add_classroom")


def access_membership(user, classroom_id, membership_id, *, role=Role.STUDENT):
    """A membership (of `role`) in a class the user teaches; else 404. Carries `.classroom`."""
    classroom = access_classroom(user, classroom_id, role=Role.TEACHER)
    try:
        membership = Membership.objects.select_related("user").get(
            pk=int(membership_id), classroom=classroom, role=role
        )
    except (TypeError, ValueError, Membership.DoesNotExist):
        raise Http404 from None
    membership.classroom = classroom
    return membership
