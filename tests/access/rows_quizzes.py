"""Quiz URLs: a student's quiz, attempt, autosave and submit; the teacher's attempts, analysis and fixes."""

from assessments.quizzes import services
from tests.factories import QuestionFactory

from .expect import ALLOWED, GET_ONLY, LOGIN, MEMBER_OF_A, NOT_FOUND, STUDENT_OF_A, TEACHER_OF_A, expect
from .rows import Row

OWNER_OF_ATTEMPT = expect(NOT_FOUND, anonymous=LOGIN, student_a=ALLOWED)


def extend_world(world):
    """quiz_a and quiz_b get two questions each; student_a and student_b each have an open attempt."""
    for assignment in (world.quiz_a, world.quiz_b):
        for position in (1, 2):
            assignment.quiz.quiz_questions.create(question=QuestionFactory(), position=position)
    world.attempt_a = services.attempt_start(assignment=world.quiz_a, student=world.student_a)
    world.attempt_b = services.attempt_start(assignment=world.quiz_b, student=world.student_b)
    world.quiz_question_a = world.attempt_a.attempt_questions.first().question
    services.answer_save(
        attempt=world.attempt_a,
        payload={"question": world.quiz_question_a.pk, "choice": world.quiz_question_a.choices.first().pk},
    )
    world.answer_a = world.attempt_a.answers.get()


def quiz_kwargs(world):
    return {"assignment_id": world.quiz_a.pk}


def attempt_kwargs(world):
    return {"attempt_id": world.attempt_a.pk}


def answer_data(world):
    return {"question": world.quiz_question_a.pk, "choice": world.quiz_question_a.choices.last().pk}


ROWS = [
    # Teachers of the class are sent on to the attempts list; students see their own attempts.
    Row("assessments:quizzes:home", kwargs=quiz_kwargs, get=MEMBER_OF_A, post=GET_ONLY),
    Row("assessments:quizzes:start", kwargs=quiz_kwargs, get=GET_ONLY, post=STUDENT_OF_A),
    Row("assessments:quizzes:attempt", kwargs=attempt_kwargs, get=OWNER_OF_ATTEMPT, post=GET_ONLY),
    Row(
        "assessments:quizzes:save_answer",
        kwargs=attempt_kwargs,
        get=GET_ONLY,
        post=OWNER_OF_ATTEMPT,
        data=answer_data,
    ),
    Row("assessments:quizzes:submit", kwargs=attempt_kwargs, get=GET_ONLY, post=OWNER_OF_ATTEMPT),
    Row("assessments:quizzes:attempts", kwargs=quiz_kwargs, get=TEACHER_OF_A, post=GET_ONLY),
    Row("assessments:quizzes:analysis", kwargs=quiz_kwargs, get=TEACHER_OF_A, post=GET_ONLY),
    Row(
        "assessments:quizzes:extra_attempt",
        kwargs=quiz_kwargs,
        get=GET_ONLY,
        post=TEACHER_OF_A,
        data=lambda world: {"student": world.student_a.pk, "count": 1, "reason": "Ill"},
    ),
    Row("assessments:quizzes:regrade", kwargs=quiz_kwargs, get=GET_ONLY, post=TEACHER_OF_A),
    Row("assessments:quizzes:attempt_detail", kwargs=attempt_kwargs, get=TEACHER_OF_A, post=GET_ONLY),
    Row(
        "assessments:quizzes:override",
        kwargs=lambda world: {"answer_id": world.answer_a.pk},
        get=GET_ONLY,
        post=TEACHER_OF_A,
        data=lambda world: {"points": "0.5", "reason": "Partly right"},
    ),
]
