"""A student's access to an attempt in one query, under the rule access_assignment(role=STUDENT) states.

The attempt is theirs, and they hold an active student membership in the class of an assignment that
is open and not archived. Anything else — another student's attempt, another class, a removed student,
an archived or not yet open assignment, the class's teacher — is 404, exactly as before.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.access import access_assignment
from assessments.models import Assignment, Attempt
from assessments.quizzes import services
from assessments.quizzes.selectors import access_own_attempt
from classroom.models import Membership

from .expect import ROLES
from .rows import extend_world
from .world import build_world


@pytest.fixture
def world(db):
    return extend_world(build_world())


def allowed(user, attempt_id):
    try:
        access_own_attempt(user, attempt_id)
    except Http404:
        return False
    return True


def allowed_by_the_old_rule(user, attempt):
    """The rule as it was written in two steps: the user's own attempt, then access_assignment."""
    if attempt.student_id != user.pk:
        return False
    try:
        access_assignment(user, attempt.assignment_id, role=Membership.Role.STUDENT)
    except Http404:
        return False
    return True


def test_the_owner_gets_the_attempt_with_its_assignment_and_class_in_one_query(world):
    with CaptureQueriesContext(connection) as queries:
        attempt = access_own_attempt(world.student_a, world.attempt_a.pk)
        assert attempt.assignment.classroom == world.class_a  # read with it, no further query
    assert len(queries) == 1
    assert attempt.pk == world.attempt_a.pk
    assert attempt.assignment == world.quiz_a
    assert attempt.assignment.viewer_role == Membership.Role.STUDENT


def field_values(instance):
    return {field.attname: field.value_from_object(instance) for field in instance._meta.concrete_fields}


def test_the_objects_read_are_those_the_orm_reads(world):
    """Every field of the attempt, its assignment and class, with the ORM's types (Decimal, datetimes)."""
    services.attempt_submit(attempt=world.attempt_a)  # a score and a submission time to convert
    attempt = access_own_attempt(world.student_a, world.attempt_a.pk)
    expected = Attempt.objects.select_related("assignment__classroom").get(pk=world.attempt_a.pk)
    for got, want in (
        (attempt, expected),
        (attempt.assignment, expected.assignment),
        (attempt.assignment.classroom, expected.assignment.classroom),
    ):
        assert field_values(got) == field_values(want)
        assert {name: type(value) for name, value in field_values(got).items()} == {
            name: type(value) for name, value in field_values(want).items()
        }
    assert isinstance(attempt.score, Decimal)
    assert attempt.submitted_at.tzinfo is not None
    assert attempt._state.adding is False
    assert attempt._state.db == "default"


def test_a_refusal_is_one_query_too(world):
    with CaptureQueriesContext(connection) as queries, pytest.raises(Http404):
        access_own_attempt(world.student_b, world.attempt_a.pk)
    assert len(queries) == 1


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_every_person_of_the_world_gets_what_the_old_rule_gave(world, role):
    user = getattr(world, role)
    for attempt in Attempt.objects.all():
        assert allowed(user, attempt.pk) == allowed_by_the_old_rule(user, attempt), (role, attempt.pk)


def test_only_student_a_gets_attempt_a(world):
    assert [
        role for role in ROLES if role != "anonymous" and allowed(getattr(world, role), world.attempt_a.pk)
    ] == ["student_a"]


def test_another_students_attempt_is_404(world):
    with pytest.raises(Http404):
        access_own_attempt(world.student_a, world.attempt_b.pk)


def test_an_anonymous_user_is_404(world):
    with pytest.raises(Http404):
        access_own_attempt(AnonymousUser(), world.attempt_a.pk)


@pytest.mark.parametrize("attempt_id", ["x", None, "", "1.5", "9" * 30, -(10**30)])
def test_an_id_that_is_not_a_number_or_out_of_range_is_404(world, attempt_id):
    with pytest.raises(Http404):
        access_own_attempt(world.student_a, attempt_id)


def test_a_missing_attempt_is_404(world):
    with pytest.raises(Http404):
        access_own_attempt(world.student_a, Attempt.objects.order_by("-pk").first().pk + 1)


def test_a_removed_student_loses_their_attempt(world):
    Membership.objects.filter(user=world.student_a, classroom=world.class_a).update(is_active=False)
    with pytest.raises(Http404):
        access_own_attempt(world.student_a, world.attempt_a.pk)


def test_an_archived_assignment_hides_the_attempt(world):
    world.quiz_a.is_archived = True
    world.quiz_a.save(update_fields=["is_archived"])
    with pytest.raises(Http404):
        access_own_attempt(world.student_a, world.attempt_a.pk)


def test_an_assignment_not_yet_open_hides_the_attempt(world):
    world.quiz_a.opens_at = timezone.now() + timedelta(days=1)
    world.quiz_a.save(update_fields=["opens_at"])
    with pytest.raises(Http404):
        access_own_attempt(world.student_a, world.attempt_a.pk)


def test_a_student_made_teacher_of_the_class_no_longer_gets_the_attempt(world):
    """A teacher previews through the teacher's pages; the student's attempt URL is a student's alone."""
    Membership.objects.filter(user=world.student_a, classroom=world.class_a).update(
        role=Membership.Role.TEACHER
    )
    with pytest.raises(Http404):
        access_own_attempt(world.student_a, world.attempt_a.pk)


def test_a_membership_in_another_class_does_not_open_the_attempt(world):
    """student_a, removed from class A but a student of class B, still cannot reach the class A attempt."""
    Membership.objects.filter(user=world.student_a, classroom=world.class_a).update(is_active=False)
    Membership.objects.create(user=world.student_a, classroom=world.class_b, role=Membership.Role.STUDENT)
    with pytest.raises(Http404):
        access_own_attempt(world.student_a, world.attempt_a.pk)


CHANGES = {
    "student_a removed": lambda w: Membership.objects.filter(user=w.student_a).update(is_active=False),
    "quiz_b archived": lambda w: Assignment.objects.filter(pk=w.quiz_b.pk).update(is_archived=True),
    "quiz_a not yet open": lambda w: Assignment.objects.filter(pk=w.quiz_a.pk).update(
        opens_at=timezone.now() + timedelta(hours=1)
    ),
    "mixed made teacher of A": lambda w: Membership.objects.filter(user=w.mixed, classroom=w.class_a).update(
        role=Membership.Role.TEACHER
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_after_each_change_everyone_gets_what_the_old_rule_gives(world, change):
    """`mixed` (teacher of B, student of A) holds an attempt too; every person and attempt is checked."""
    services.attempt_start(assignment=world.quiz_a, student=world.mixed)
    before = {
        (role, attempt.pk): allowed(getattr(world, role), attempt.pk)
        for role in ROLES
        if role != "anonymous"
        for attempt in Attempt.objects.all()
    }
    CHANGES[change](world)
    after = {}
    for role in ROLES:
        if role == "anonymous":
            continue
        user = getattr(world, role)
        for attempt in Attempt.objects.all():
            after[(role, attempt.pk)] = allowed(user, attempt.pk)
            assert after[(role, attempt.pk)] == allowed_by_the_old_rule(user, attempt), (
                change,
                role,
                attempt.pk,
            )
    assert after != before  # each change refuses someone who was let in: the comparison is not vacuous
