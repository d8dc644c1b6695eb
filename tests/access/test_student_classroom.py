"""A student's access to a class in one query, under the rule access_classroom(role=STUDENT) states.

The user holds an active student membership in the class. Anything else — another class, a removed
student, the class's teacher, a class that does not exist, an id that is no number — is 404, exactly as
the ORM version says. The student grade page ("my grades") checks its access with it.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from classroom.access import access_classroom, access_classroom_as_student
from classroom.models import Classroom, Membership
from tests.factories import ClassroomFactory

from .expect import ROLES
from .world import build_world

PEOPLE = [role for role in ROLES if role != "anonymous"]


@pytest.fixture
def world(db):
    world = build_world()
    world.class_c = ClassroomFactory(name="Class C", join_code=None)  # nobody's class
    return world


def allowed(user, classroom_id):
    try:
        access_classroom_as_student(user, classroom_id)
    except Http404:
        return False
    return True


def allowed_by_the_orm(user, classroom_id):
    try:
        access_classroom(user, classroom_id, role=Membership.Role.STUDENT)
    except Http404:
        return False
    return True


def field_values(instance):
    return {field.attname: field.value_from_object(instance) for field in instance._meta.concrete_fields}


def everyone(world):
    return {
        (person, classroom.pk): allowed(getattr(world, person), classroom.pk)
        for person in PEOPLE
        for classroom in Classroom.objects.all()
    }


def test_the_class_is_one_query(world):
    with CaptureQueriesContext(connection) as queries:
        classroom = access_classroom_as_student(world.student_a, world.class_a.pk)
    assert len(queries) == 1
    assert classroom == world.class_a
    assert classroom.viewer_role == Membership.Role.STUDENT


def test_the_class_read_is_the_one_the_orm_reads(world):
    got = access_classroom_as_student(world.mixed, world.class_a.pk)
    want = access_classroom(world.mixed, world.class_a.pk, role=Membership.Role.STUDENT)
    assert field_values(got) == field_values(want)
    assert {name: type(value) for name, value in field_values(got).items()} == {
        name: type(value) for name, value in field_values(want).items()
    }
    assert got.created_at.tzinfo is not None
    assert got._state.adding is False
    assert got._state.db == "default"
    assert got.viewer_role == want.viewer_role


@pytest.mark.parametrize("person", PEOPLE)
def test_every_person_gets_what_the_orm_gives_on_every_class(world, person):
    """`mixed` teaches B and studies in A; staff holds no membership; nobody is in class C."""
    user = getattr(world, person)
    for classroom in Classroom.objects.all():
        assert allowed(user, classroom.pk) == allowed_by_the_orm(user, classroom.pk), (person, classroom.pk)


def test_only_the_students_of_class_a_get_it(world):
    assert [person for person in PEOPLE if allowed(getattr(world, person), world.class_a.pk)] == [
        "student_a",
        "mixed",
    ]


def test_an_anonymous_user_is_404(world):
    with pytest.raises(Http404):
        access_classroom_as_student(AnonymousUser(), world.class_a.pk)


@pytest.mark.parametrize("classroom_id", ["x", None, "", "1.5"])
def test_an_id_that_is_not_a_number_is_404(world, classroom_id):
    with pytest.raises(Http404):
        access_classroom_as_student(world.student_a, classroom_id)
    with pytest.raises(Http404):
        access_classroom(world.student_a, classroom_id, role=Membership.Role.STUDENT)


@pytest.mark.parametrize("classroom_id", ["9" * 30, -(10**30), 2**63, -(2**63) - 1])
def test_an_id_out_of_the_columns_range_is_404_not_a_driver_error(world, classroom_id):
    """(The ORM version lets SQLite's OverflowError through here; the URL pattern only takes digits.)"""
    with pytest.raises(Http404):
        access_classroom_as_student(world.student_a, classroom_id)


def test_an_id_given_as_text_is_read_as_a_number(world):
    assert access_classroom_as_student(world.student_a, str(world.class_a.pk)) == world.class_a


def test_a_missing_class_is_404(world):
    with pytest.raises(Http404):
        access_classroom_as_student(world.student_a, Classroom.objects.order_by("-pk").first().pk + 1)


def test_a_refusal_is_one_query_too(world):
    with CaptureQueriesContext(connection) as queries, pytest.raises(Http404):
        access_classroom_as_student(world.student_b, world.class_a.pk)
    assert len(queries) == 1


def test_the_class_teacher_is_404_on_the_student_side(world):
    with pytest.raises(Http404):
        access_classroom_as_student(world.teacher_a, world.class_a.pk)


CHANGES = {
    "student_a removed": lambda w: Membership.objects.filter(user=w.student_a).update(is_active=False),
    "mixed made teacher of A": lambda w: Membership.objects.filter(user=w.mixed, classroom=w.class_a).update(
        role=Membership.Role.TEACHER
    ),
    "student_b moved to A": lambda w: Membership.objects.filter(user=w.student_b).update(classroom=w.class_a),
    "student_b's membership deleted": lambda w: Membership.objects.filter(user=w.student_b).delete(),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_after_each_change_everyone_gets_what_the_orm_gives(world, change):
    before = everyone(world)
    CHANGES[change](world)
    after = everyone(world)
    for (person, classroom_id), got in after.items():
        assert got == allowed_by_the_orm(getattr(world, person), classroom_id), (change, person, classroom_id)
    assert after != before  # each change alters someone's access: the comparison is not vacuous


@pytest.mark.parametrize("person", ["student_a", "student_b", "mixed"])
def test_viewer_roles_are_every_role_the_person_holds_anywhere(world, person):
    """What the navbar would read (classroom.context_processors), without its query."""
    user = getattr(world, person)
    studied = Membership.objects.filter(user=user, role=Membership.Role.STUDENT).get().classroom
    held = set(Membership.objects.filter(user=user, is_active=True).values_list("role", flat=True))
    assert access_classroom_as_student(user, studied.pk).viewer_roles == held


def test_viewer_roles_drop_a_teaching_membership_that_ended(world):
    Membership.objects.filter(user=world.mixed, classroom=world.class_b).update(is_active=False)
    assert access_classroom_as_student(world.mixed, world.class_a.pk).viewer_roles == {
        Membership.Role.STUDENT
    }
