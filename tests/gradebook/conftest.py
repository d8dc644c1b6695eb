"""A class with a teacher, students and one reading, quiz and essay, all past due."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from classroom.models import Membership
from tests.factories import AssignmentFactory, ClassroomFactory, MembershipFactory, teacher_of


def add_students(classroom, count, *, start=0, active=True):
    return [
        MembershipFactory(
            classroom=classroom,
            user__username=f"s{classroom.pk}-{start + n:03d}",
            user__full_name=f"Student {start + n:03d}",
            is_active=active,
        ).user
        for n in range(count)
    ]


@pytest.fixture
def course(db):
    """Class with a teacher, three students, and past-due reading, quiz (10 pts) and essay (20 pts)."""
    classroom = ClassroomFactory(name="Group A")
    now = timezone.now()
    dates = {"opens_at": now - timedelta(days=10), "due_at": now - timedelta(days=2)}
    return SimpleNamespace(
        classroom=classroom,
        teacher=teacher_of(classroom, user__username="teacher", user__full_name="Teacher One"),
        students=add_students(classroom, 3),
        reading=AssignmentFactory(classroom=classroom, kind="reading", title="Read 57", **dates),
        quiz=AssignmentFactory(classroom=classroom, kind="quiz", title="Quiz 57", points=10, **dates),
        essay=AssignmentFactory(classroom=classroom, kind="essay", title="Essay 57", points=20, **dates),
    )


def student_membership(classroom, user):
    return Membership.objects.get(classroom=classroom, user=user)
