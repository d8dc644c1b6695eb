"""Gradebook URLs: a class's gradebook, statistics, exports and settings are its teacher's; a student
reaches only their own grades."""

from .expect import GET_ONLY, SIGNED_IN, STUDENT_OF_A, TEACHER_OF_A
from .rows import Row


def in_a(world):
    return {"class_id": world.class_a.pk}


def cell_of_student_a(world):
    return {"class_id": world.class_a.pk, "student_id": world.student_a.pk, "assignment_id": world.quiz_a.pk}


SCALE = {
    "scale-TOTAL_FORMS": "2",
    "scale-INITIAL_FORMS": "0",
    "scale-0-letter": "P",
    "scale-0-min_percent": "50",
    "scale-0-gpa": "4",
    "scale-1-letter": "F",
    "scale-1-min_percent": "0",
    "scale-1-gpa": "0",
}
SETTINGS = {"quiz_weight": "50", "essay_weight": "50", "drop_lowest_quizzes": "0", "drop_lowest_essays": "0"}

ROWS = [
    Row("gradebook:index", get=SIGNED_IN, post=GET_ONLY),
    Row("gradebook:class", kwargs=in_a, get=TEACHER_OF_A, post=GET_ONLY),
    Row("gradebook:overview", kwargs=in_a, get=TEACHER_OF_A, post=GET_ONLY),
    Row("gradebook:mine", kwargs=in_a, get=STUDENT_OF_A, post=GET_ONLY),
    Row(
        "gradebook:student",
        kwargs=lambda world: {"class_id": world.class_a.pk, "student_id": world.student_a.pk},
        get=TEACHER_OF_A,
        post=GET_ONLY,
    ),
    Row("gradebook:cell", kwargs=cell_of_student_a, get=TEACHER_OF_A, post=GET_ONLY),
    Row(
        "gradebook:override",
        kwargs=cell_of_student_a,
        get=GET_ONLY,
        post=TEACHER_OF_A,
        data=lambda world: {"percent": "75", "reason": "matrix"},
    ),
    Row(
        "gradebook:excuse",
        kwargs=cell_of_student_a,
        get=GET_ONLY,
        post=TEACHER_OF_A,
        data=lambda world: {"excused": "on", "reason": "matrix"},
    ),
    Row("gradebook:settings", kwargs=in_a, get=TEACHER_OF_A, post=TEACHER_OF_A, data=lambda world: SETTINGS),
    Row("gradebook:scale", kwargs=in_a, get=GET_ONLY, post=TEACHER_OF_A, data=lambda world: SCALE),
    Row("gradebook:statistics", kwargs=in_a, get=TEACHER_OF_A, post=GET_ONLY),
    Row(
        "gradebook:export",
        kwargs=lambda world: {"class_id": world.class_a.pk, "what": "grid", "fmt": "csv"},
        get=TEACHER_OF_A,
        post=GET_ONLY,
    ),
]
