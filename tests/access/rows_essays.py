"""Essay URLs: the student's own writing page and saves; the teacher's overview, grader and release."""

from django.utils import timezone

from assessments.essays import services

from .expect import ALLOWED, GET_ONLY, LOGIN, NOT_FOUND, STUDENT_OF_A, TEACHER_OF_A, expect
from .rows import Row


def extend_world(world):
    """student_a has submitted an essay on essay_a (with a kept version); student_b drafts on essay_b."""
    text = " ".join(["word"] * 60)
    world.essay_of_student_a = services.essay_submit(
        assignment=world.essay_a, student=world.student_a, text=text, revision=1, now=timezone.now()
    )
    world.essay_version_a = world.essay_of_student_a.versions.first()
    world.essay_of_student_b, _saved = services.essay_autosave(
        assignment=world.essay_b, student=world.student_b, text="A draft.", revision=1
    )


def essay_kwargs(world):
    return {"assignment_id": world.essay_a.pk}


def graded_kwargs(world):
    return {"assignment_id": world.essay_a.pk, "essay_id": world.essay_of_student_a.pk}


def grade_data(world):
    return {"version": 0, "overall_comment": "Fine."}


ROWS = [
    Row("assessments:essays:write", kwargs=essay_kwargs, get=STUDENT_OF_A, post=GET_ONLY),
    Row(
        "assessments:essays:autosave",
        kwargs=essay_kwargs,
        get=GET_ONLY,
        post=STUDENT_OF_A,
        data=lambda world: {"text": "Another try.", "revision": 5},
    ),
    Row("assessments:essays:submit", kwargs=essay_kwargs, get=GET_ONLY, post=STUDENT_OF_A),
    # Only a student with an essay may reopen it (the mixed person studies in A but has none).
    Row(
        "assessments:essays:reopen",
        kwargs=essay_kwargs,
        get=GET_ONLY,
        post=expect(NOT_FOUND, anonymous=LOGIN, student_a=ALLOWED),
    ),
    # Only the owner of the version may restore it (the mixed person studies in A but has no essay).
    Row(
        "assessments:essays:restore",
        kwargs=lambda world: {"assignment_id": world.essay_a.pk, "version_id": world.essay_version_a.pk},
        get=GET_ONLY,
        post=expect(NOT_FOUND, anonymous=LOGIN, student_a=ALLOWED),
    ),
    Row("assessments:essays:overview", kwargs=essay_kwargs, get=TEACHER_OF_A, post=GET_ONLY),
    Row("assessments:essays:grade_next", kwargs=essay_kwargs, get=TEACHER_OF_A, post=GET_ONLY),
    Row("assessments:essays:grade", kwargs=graded_kwargs, get=TEACHER_OF_A, post=GET_ONLY),
    Row(
        "assessments:essays:grade_save",
        kwargs=graded_kwargs,
        get=GET_ONLY,
        post=TEACHER_OF_A,
        data=grade_data,
    ),
    Row("assessments:essays:return", kwargs=graded_kwargs, get=GET_ONLY, post=TEACHER_OF_A),
    Row("assessments:essays:release", kwargs=essay_kwargs, get=GET_ONLY, post=TEACHER_OF_A),
]
