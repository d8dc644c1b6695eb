"""Classes and their people: creating classes, join codes, co-teachers, rosters, sign-up and joining."""

from django.contrib.auth.models import Permission

from classroom.models import Membership
from tests.factories import MembershipFactory

from .expect import ALLOWED, FORBIDDEN, GET_ONLY, LOGIN, NOT_ALLOWED, PUBLIC, SIGNED_IN, TEACHER_OF_A, expect
from .rows import Row

POST_ONLY = expect(NOT_ALLOWED)
# Creating classes needs the `classroom.add_classroom` permission (the teachers have it here) or staff.
CLASS_CREATORS = expect(
    FORBIDDEN, anonymous=LOGIN, teacher_a=ALLOWED, teacher_b=ALLOWED, mixed=ALLOWED, staff=ALLOWED
)


def extend_world(world):
    permission = Permission.objects.get(content_type__app_label="classroom", codename="add_classroom")
    for teacher in (world.teacher_a, world.teacher_b, world.mixed):
        teacher.user_permissions.add(permission)
    # A student of A that the remove / add back / invite rows act on, so no other row sees the change.
    world.roster_student_a = MembershipFactory(classroom=world.class_a, role=Membership.Role.STUDENT)


def class_a(world):
    return {"pk": world.class_a.pk}


def roster_student_a(world):
    return {"pk": world.class_a.pk, "membership_pk": world.roster_student_a.pk}


ROWS = [
    Row("classroom:signup", get=PUBLIC, post=PUBLIC, data=lambda world: {"code": "NOSUCHCODE"}),
    Row("classroom:join", get=POST_ONLY, post=SIGNED_IN, data=lambda world: {"code": "NOSUCHCODE"}),
    Row("classroom:create", get=CLASS_CREATORS, post=CLASS_CREATORS),
    Row("classroom:manage", kwargs=class_a, get=TEACHER_OF_A, post=GET_ONLY),
    Row("classroom:edit", kwargs=class_a, get=TEACHER_OF_A, post=TEACHER_OF_A),
    Row("classroom:code_regenerate", kwargs=class_a, get=POST_ONLY, post=TEACHER_OF_A),
    Row(
        "classroom:code_joining",
        kwargs=class_a,
        get=POST_ONLY,
        post=TEACHER_OF_A,
        data=lambda world: {"enabled": "on"},
    ),
    Row(
        "classroom:coteacher_add",
        kwargs=class_a,
        get=POST_ONLY,
        post=TEACHER_OF_A,
        data=lambda world: {"username": ""},
    ),
    Row("classroom:roster_import", kwargs=class_a, get=TEACHER_OF_A, post=TEACHER_OF_A),
    Row("classroom:student_remove", kwargs=roster_student_a, get=POST_ONLY, post=TEACHER_OF_A),
    Row("classroom:student_readd", kwargs=roster_student_a, get=POST_ONLY, post=TEACHER_OF_A),
    Row("classroom:student_invite", kwargs=roster_student_a, get=POST_ONLY, post=TEACHER_OF_A),
]
