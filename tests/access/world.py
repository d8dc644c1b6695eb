"""The small world every authorization row is checked in: two classes and their people.

Class A is taught by `teacher_a` and has `student_a` and `mixed` as students. Class B is taught by
`teacher_b` and `mixed`, and has `student_b`. `staff` is an administrator with no class. Each class
has an open reading, quiz and essay assignment. Row modules add what their URLs need through an
`extend_world(world)` function (for example a quiz attempt of `student_a`).
"""

from types import SimpleNamespace

from classroom.models import Membership
from tests.factories import AssignmentFactory, ClassroomFactory, MembershipFactory, UserFactory


def build_world():
    world = SimpleNamespace()
    world.class_a = ClassroomFactory(name="Class A")
    world.class_b = ClassroomFactory(name="Class B")
    world.staff = UserFactory(username="staff", is_staff=True, is_superuser=True)
    world.anonymous = None
    people = {
        "teacher_a": [(world.class_a, Membership.Role.TEACHER)],
        "student_a": [(world.class_a, Membership.Role.STUDENT)],
        "teacher_b": [(world.class_b, Membership.Role.TEACHER)],
        "student_b": [(world.class_b, Membership.Role.STUDENT)],
        "mixed": [(world.class_b, Membership.Role.TEACHER), (world.class_a, Membership.Role.STUDENT)],
    }
    for username, places in people.items():
        user = UserFactory(username=username)
        for classroom, role in places:
            MembershipFactory(user=user, classroom=classroom, role=role)
        setattr(world, username, user)
    for suffix, classroom in (("a", world.class_a), ("b", world.class_b)):
        setattr(world, f"reading_{suffix}", AssignmentFactory(classroom=classroom, kind="reading"))
        setattr(world, f"quiz_{suffix}", AssignmentFactory(classroom=classroom, kind="quiz"))
        setattr(world, f"essay_{suffix}", AssignmentFactory(classroom=classroom, kind="essay"))
    return world
