"""A quiz with one question of each of the seven types, and helpers to answer it."""

from decimal import Decimal

from assessments.models import AcceptedAnswer, Choice, Question
from tests.factories import AssignmentFactory, ParagraphFactory, QuestionFactory, QuizFactory


def single_choice(lesson, **kwargs):
    return QuestionFactory(lesson=lesson, kind="single_choice", **kwargs)


def multiple_response(lesson, **kwargs):
    """Three right choices (positions 0–2) and one wrong (3)."""
    texts = ["Alikhan Bukeikhanov", "Mustafa Shokai", "Ahmet Baitursynov", "Nicholas II"]
    question = QuestionFactory(lesson=lesson, kind="multiple_response", choices=texts, **kwargs)
    question.choices.filter(position__lt=3).update(is_correct=True)
    return question


def true_false(lesson, answer=True, **kwargs):
    return QuestionFactory(lesson=lesson, kind="true_false", true_false_answer=answer, **kwargs)


def short_answer(lesson, accepted=("Bukeikhanov",), **kwargs):
    question = QuestionFactory(lesson=lesson, kind="short_answer", **kwargs)
    for text in accepted:
        AcceptedAnswer.objects.create(question=question, text=text)
    return question


def numeric(lesson, answer="1920", tolerance="0", **kwargs):
    return QuestionFactory(
        lesson=lesson,
        kind="numeric",
        numeric_answer=Decimal(answer),
        numeric_tolerance=Decimal(tolerance),
        **kwargs,
    )


def ordering(lesson, **kwargs):
    question = QuestionFactory(lesson=lesson, kind="ordering", **kwargs)
    for rank, text in enumerate(
        ["February Revolution", "Orenburg congress", "Alash Orda formed", "Alash Orda eliminated"], 1
    ):
        Choice.objects.create(question=question, position=rank, text=text, correct_rank=rank)
    return question


def matching(lesson, **kwargs):
    question = QuestionFactory(lesson=lesson, kind="matching", **kwargs)
    for position, (left, right) in enumerate(
        [("Bukeikhanov", "Turgai"), ("Tynyshbaev", "Semirechye"), ("Shokai", "Turkestan")]
    ):
        Choice.objects.create(question=question, position=position, text=left, match_text=right)
    return question


BUILDERS = [single_choice, multiple_response, true_false, short_answer, numeric, ordering, matching]


def every_type_questions(lesson=None, paragraph=None, **kwargs):
    paragraph = paragraph or ParagraphFactory(**({"lesson": lesson} if lesson else {}))
    lesson = paragraph.lesson
    return [build(lesson, cited_paragraph=paragraph, **kwargs) for build in BUILDERS]


def quiz_assignment(classroom=None, questions=None, **kwargs):
    """An open quiz assignment of the seven-type quiz (or `questions`)."""
    questions = questions if questions is not None else every_type_questions()
    quiz = QuizFactory(questions=questions, lesson=questions[0].lesson if questions else None)
    extra = {"classroom": classroom} if classroom else {}
    return AssignmentFactory(kind="quiz", quiz=quiz, **extra, **kwargs)


def question_of(assignment, kind):
    return Question.objects.get(quizzes=assignment.quiz, kind=kind)
