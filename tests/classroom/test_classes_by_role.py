"""classes_by_role, written out in SQL, gives what the ORM gives, person by person."""

import pytest

from classroom.models import Classroom, Membership
from classroom.selectors import classes_by_role
from tests.factories import ClassroomFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role


def by_orm(user):
    memberships = (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("classroom")
        .order_by("classroom__name", "classroom__pk")
    )
    teaching = [m.classroom for m in memberships if m.role == Role.TEACHER]
    studying = [m.classroom for m in memberships if m.role == Role.STUDENT]
    return teaching, studying


def fields(classes):
    return [{f.attname: getattr(c, f.attname) for f in Classroom._meta.concrete_fields} for c in classes]


def test_every_person_gets_the_classes_the_orm_gives_in_the_same_order():
    names = ["Beta", "alpha", "Alpha", "Ғылым", "Beta", "<b>x</b>"]  # ties broken by id; any text
    classes = [ClassroomFactory(name=name) for name in names]
    people = [UserFactory() for _ in range(5)]
    roles = [Role.TEACHER, Role.STUDENT]
    for n, person in enumerate(people):
        for m, classroom in enumerate(classes):
            if (n + m) % 3 == 0:
                continue  # not a member
            MembershipFactory(
                user=person, classroom=classroom, role=roles[(n * m) % 2], is_active=(n + 2 * m) % 4 != 0
            )
    stranger = UserFactory()
    for person in [*people, stranger]:
        teaching, studying = classes_by_role(person)
        expected_teaching, expected_studying = by_orm(person)
        assert all(isinstance(c, Classroom) for c in teaching + studying)
        assert fields(teaching) == fields(expected_teaching)
        assert fields(studying) == fields(expected_studying)
    assert classes_by_role(stranger) == ([], [])
    assert any(classes_by_role(person)[0] for person in people)  # the data has teachers …
    assert any(classes_by_role(person)[1] for person in people)  # … and students


def test_removed_memberships_do_not_count(django_assert_num_queries):
    classroom = ClassroomFactory()
    kept, removed = UserFactory(), UserFactory()
    MembershipFactory(user=kept, classroom=classroom, role=Role.STUDENT)
    MembershipFactory(user=removed, classroom=classroom, role=Role.STUDENT, is_active=False)
    with django_assert_num_queries(1):
        assert classes_by_role(kept) == ([], [classroom])
    assert classes_by_role(removed) == ([], [])
