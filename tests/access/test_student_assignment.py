"""A student's access to an assignment in one query, under the rule access_assignment(role=STUDENT) states.

The user holds an active student membership in the assignment's class, and the assignment is open and
not archived. Anything else — another class, a removed student, an archived or not yet open assignment,
the class's teacher, an id that is no number — is 404, exactly as the ORM version says. The essay pages
read the student's essay (and its grade) in the same query.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.access import access_assignment, access_assignment_as_student, access_assignment_with_own
from assessments.essays import services
from assessments.models import Assignment, Essay, EssayGrade
from classroom.models import Membership

from .expect import ROLES
from .rows import extend_world
from .world import build_world

PEOPLE = [role for role in ROLES if role != "anonymous"]


@pytest.fixture
def world(db):
    return extend_world(build_world())


def allowed(user, assignment_id):
    try:
        access_assignment_as_student(user, assignment_id)
    except Http404:
        return False
    return True


def allowed_with_essay(user, assignment_id):
    try:
        access_assignment_with_own(Essay, user, assignment_id, related=("grade",))
    except Http404:
        return False
    return True


def allowed_by_the_orm(user, assignment_id):
    try:
        access_assignment(user, assignment_id, role=Membership.Role.STUDENT)
    except Http404:
        return False
    return True


def field_values(instance):
    return {field.attname: field.value_from_object(instance) for field in instance._meta.concrete_fields}


def assert_same_row(got, want):
    """Every field equal, with the ORM's types (Decimal, aware datetimes), and marked as read."""
    assert field_values(got) == field_values(want)
    assert {name: type(value) for name, value in field_values(got).items()} == {
        name: type(value) for name, value in field_values(want).items()
    }
    assert got._state.adding is False
    assert got._state.db == "default"


def test_the_assignment_with_its_class_is_one_query(world):
    with CaptureQueriesContext(connection) as queries:
        assignment = access_assignment_as_student(world.student_a, world.essay_a.pk)
        assert assignment.classroom == world.class_a  # read with it, no further query
    assert len(queries) == 1
    assert assignment == world.essay_a
    assert assignment.viewer_role == Membership.Role.STUDENT


def test_the_assignment_and_class_read_are_those_the_orm_reads(world):
    Assignment.objects.filter(pk=world.essay_a.pk).update(late_penalty_per_day=Decimal("2.50"))
    got = access_assignment_as_student(world.student_a, world.essay_a.pk)
    want = access_assignment(world.student_a, world.essay_a.pk, role=Membership.Role.STUDENT)
    assert_same_row(got, want)
    assert_same_row(got.classroom, want.classroom)
    assert got.viewer_role == want.viewer_role
    assert isinstance(got.late_penalty_per_day, Decimal)
    assert got.opens_at.tzinfo is not None


@pytest.mark.parametrize("person", PEOPLE)
def test_every_person_gets_what_the_orm_gives_on_every_assignment(world, person):
    """Readings, quizzes and essays of both classes; `mixed` teaches B and studies in A."""
    user = getattr(world, person)
    for assignment in Assignment.objects.all():
        expected = allowed_by_the_orm(user, assignment.pk)
        assert allowed(user, assignment.pk) == expected, (person, assignment.pk)
        assert allowed_with_essay(user, assignment.pk) == expected, (person, assignment.pk)


def test_only_the_students_of_class_a_get_its_essay(world):
    assert [person for person in PEOPLE if allowed(getattr(world, person), world.essay_a.pk)] == [
        "student_a",
        "mixed",
    ]


def test_an_anonymous_user_is_404(world):
    with pytest.raises(Http404):
        access_assignment_as_student(AnonymousUser(), world.essay_a.pk)
    with pytest.raises(Http404):
        access_assignment_with_own(Essay, AnonymousUser(), world.essay_a.pk)


@pytest.mark.parametrize("assignment_id", ["x", None, "", "1.5", "9" * 30, -(10**30), 2**63])
def test_an_id_that_is_not_a_number_or_out_of_range_is_404(world, assignment_id):
    with pytest.raises(Http404):
        access_assignment_as_student(world.student_a, assignment_id)
    with pytest.raises(Http404):
        access_assignment_with_own(Essay, world.student_a, assignment_id, related=("grade",))


def test_a_missing_assignment_is_404(world):
    with pytest.raises(Http404):
        access_assignment_as_student(world.student_a, Assignment.objects.order_by("-pk").first().pk + 1)


def test_a_refusal_is_one_query_too(world):
    with CaptureQueriesContext(connection) as queries, pytest.raises(Http404):
        access_assignment_with_own(Essay, world.student_b, world.essay_a.pk, related=("grade",))
    assert len(queries) == 1


def test_the_class_teacher_is_404_on_the_student_side(world):
    with pytest.raises(Http404):
        access_assignment_as_student(world.teacher_a, world.essay_a.pk)


def test_a_removed_student_is_404(world):
    Membership.objects.filter(user=world.student_a, classroom=world.class_a).update(is_active=False)
    with pytest.raises(Http404):
        access_assignment_as_student(world.student_a, world.essay_a.pk)


def test_an_archived_assignment_is_404(world):
    Assignment.objects.filter(pk=world.essay_a.pk).update(is_archived=True)
    with pytest.raises(Http404):
        access_assignment_as_student(world.student_a, world.essay_a.pk)


def test_an_assignment_not_yet_open_is_404_until_it_opens(world):
    opens = timezone.now() + timedelta(hours=1)
    Assignment.objects.filter(pk=world.essay_a.pk).update(opens_at=opens)
    with pytest.raises(Http404):
        access_assignment_as_student(world.student_a, world.essay_a.pk)
    assert access_assignment_as_student(world.student_a, world.essay_a.pk, now=opens) == world.essay_a


def test_a_membership_in_another_class_does_not_open_the_assignment(world):
    Membership.objects.filter(user=world.student_a, classroom=world.class_a).update(is_active=False)
    Membership.objects.create(user=world.student_a, classroom=world.class_b, role=Membership.Role.STUDENT)
    with pytest.raises(Http404):
        access_assignment_as_student(world.student_a, world.essay_a.pk)
    assert access_assignment_as_student(world.student_a, world.essay_b.pk) == world.essay_b


CHANGES = {
    "student_a removed": lambda w: Membership.objects.filter(user=w.student_a).update(is_active=False),
    "essay_b archived": lambda w: Assignment.objects.filter(pk=w.essay_b.pk).update(is_archived=True),
    "quiz_a not yet open": lambda w: Assignment.objects.filter(pk=w.quiz_a.pk).update(
        opens_at=timezone.now() + timedelta(hours=1)
    ),
    "mixed made teacher of A": lambda w: Membership.objects.filter(user=w.mixed, classroom=w.class_a).update(
        role=Membership.Role.TEACHER
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_after_each_change_everyone_gets_what_the_orm_gives(world, change):
    def everyone():
        return {
            (person, assignment.pk): allowed(getattr(world, person), assignment.pk)
            for person in PEOPLE
            for assignment in Assignment.objects.all()
        }

    before = everyone()
    CHANGES[change](world)
    after = everyone()
    for (person, assignment_id), got in after.items():
        user = getattr(world, person)
        assert got == allowed_by_the_orm(user, assignment_id), (change, person, assignment_id)
        assert allowed_with_essay(user, assignment_id) == got, (change, person, assignment_id)
    assert after != before  # each change refuses someone who was let in: the comparison is not vacuous


@pytest.mark.parametrize("person", ["student_a", "student_b", "mixed"])
def test_viewer_roles_are_every_role_the_person_holds_anywhere(world, person):
    """What the navbar would read (classroom.context_processors), without its query."""
    user = getattr(world, person)
    studied = Membership.objects.filter(user=user, role=Membership.Role.STUDENT).first().classroom
    assignment = Assignment.objects.filter(classroom=studied, kind="essay").get()
    held = set(Membership.objects.filter(user=user, is_active=True).values_list("role", flat=True))
    assert access_assignment_as_student(user, assignment.pk).viewer_roles == held


def test_viewer_roles_drop_a_teaching_membership_that_ended(world):
    Membership.objects.filter(user=world.mixed, classroom=world.class_b).update(is_active=False)
    assert access_assignment_as_student(world.mixed, world.essay_a.pk).viewer_roles == {
        Membership.Role.STUDENT
    }


# The student's essay, read in the same query.


def orm_essay(assignment, student):
    """The essay as the ORM reads it with its grade (select_related), or None."""
    return Essay.objects.filter(assignment=assignment, student=student).select_related("grade").first()


def test_before_the_first_save_there_is_no_essay(world):
    with CaptureQueriesContext(connection) as queries:
        assignment, essay = access_assignment_with_own(
            Essay, world.mixed, world.essay_a.pk, related=("grade",)
        )
    assert len(queries) == 1
    assert assignment == world.essay_a
    assert essay is None


def test_a_draft_is_read_with_no_grade_and_no_further_query(world):
    """student_b's draft has no grade: the cached None says so, as select_related's would."""
    with CaptureQueriesContext(connection) as queries:
        assignment, essay = access_assignment_with_own(
            Essay, world.student_b, world.essay_b.pk, related=("grade",)
        )
        assert getattr(essay, "grade", None) is None
        assert essay.assignment is assignment
        assert assignment.classroom == world.class_b
    assert len(queries) == 1
    assert_same_row(essay, orm_essay(world.essay_b, world.student_b))


def test_a_graded_essay_is_read_with_its_grade_as_the_orm_reads_them(world):
    essay = world.essay_of_student_a
    services.essay_grade(
        essay=essay,
        teacher=world.teacher_a,
        version=0,
        levels={},
        overall_comment="Clear and careful.",
        adjusted_total=Decimal("7.50"),
        adjustment_reason="Sources cited well.",
        complete=True,
    )
    want = orm_essay(world.essay_a, world.student_a)
    with CaptureQueriesContext(connection) as queries:
        _assignment, got = access_assignment_with_own(
            Essay, world.student_a, world.essay_a.pk, related=("grade",)
        )
        grade = got.grade
        assert grade.essay is got
    assert len(queries) == 1
    assert_same_row(got, want)
    assert_same_row(grade, want.grade)
    assert grade.adjusted_total == Decimal("7.50")
    assert got.submitted_at.tzinfo is not None
    assert EssayGrade.objects.filter(essay=got).count() == 1


def test_another_students_essay_is_never_joined(world):
    """mixed studies in A, where student_a has an essay: mixed gets the assignment and no essay."""
    _assignment, essay = access_assignment_with_own(Essay, world.mixed, world.essay_a.pk, related=("grade",))
    assert essay is None
