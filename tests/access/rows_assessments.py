"""Assignments and class pages (the assessments app's root; quizzes and essays keep their own rows)."""

from tests.factories import AssignmentFactory

from .expect import GET_ONLY, MEMBER_OF_A, NOT_ALLOWED, SIGNED_IN, TEACHER_OF_A, expect
from .rows import Row

POST_ONLY = expect(NOT_ALLOWED)


def extend_world(world):
    # An assignment of A nobody has worked on, for the delete row to delete.
    world.spare_a = AssignmentFactory(classroom=world.class_a, kind="reading")


ROWS = [
    Row("assessments:class_detail", kwargs=lambda w: {"pk": w.class_a.pk}, get=MEMBER_OF_A, post=GET_ONLY),
    Row(
        "assessments:assignment_create",
        kwargs=lambda w: {"pk": w.class_a.pk, "kind": "quiz"},
        get=TEACHER_OF_A,
        post=TEACHER_OF_A,
    ),
    Row(
        "assessments:assignment_detail", kwargs=lambda w: {"pk": w.quiz_a.pk}, get=MEMBER_OF_A, post=GET_ONLY
    ),
    Row(
        "assessments:assignment_edit",
        kwargs=lambda w: {"pk": w.quiz_a.pk},
        get=TEACHER_OF_A,
        post=TEACHER_OF_A,
    ),
    Row(
        "assessments:assignment_archive",
        kwargs=lambda w: {"pk": w.quiz_a.pk},
        get=POST_ONLY,
        post=TEACHER_OF_A,
    ),
    Row(
        "assessments:assignment_delete",
        kwargs=lambda w: {"pk": w.spare_a.pk},
        get=POST_ONLY,
        post=TEACHER_OF_A,
    ),
]

# The lessons app's "mark as read" (the classroom/assignments work adds it): any signed-in person
# records their own reading.
ROWS.append(
    Row(
        "lessons:mark_read",
        kwargs=lambda w: {"slug": w.reading_a.lesson.slug},
        get=POST_ONLY,
        post=SIGNED_IN,
    )
)
