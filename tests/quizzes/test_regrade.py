"""A bulk regrade gives every answer and attempt exactly what grading it on its own gives."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import AcceptedAnswer, Answer, Attempt, AttemptQuestion, Question
from assessments.quizzes import services
from assessments.quizzes.answers import choice_token
from assessments.quizzes.grading import Response, credit_decimal, grade, points_for
from kzcourse.decimals import round_points
from tests.factories import student_of

from .builders import question_of, quiz_assignment

pytestmark = pytest.mark.django_db

SHORT_ANSWERS = ["Bukeikhanov", "bukeikhanov", "A. Bökeikhanov", "Bokeihanov", "Shokai", "x"]
NUMBERS = ["1920", "1920.0", "1921", "1919.5", "-3"]


def payload_for(question, pick, attempt_id):
    """A payload for `question` chosen by the integers in `pick` (so responses repeat across students)."""
    choices = list(question.choices.order_by("position"))
    kind = question.kind
    payload = {"question": question.pk}
    if kind == "single_choice":
        payload["choice"] = choices[pick[0] % len(choices)].pk
    elif kind == "multiple_response":
        payload["choices"] = [c.pk for n, c in enumerate(choices) if pick[n % len(pick)] % 2]
    elif kind == "true_false":
        payload["value"] = bool(pick[0] % 2)
    elif kind == "short_answer":
        payload["text"] = SHORT_ANSWERS[pick[0] % len(SHORT_ANSWERS)]
    elif kind == "numeric":
        payload["number"] = NUMBERS[pick[0] % len(NUMBERS)]
    elif kind == "ordering":
        order = sorted(choices, key=lambda c: (pick[c.position % len(pick)], c.pk))
        payload["order"] = [choice_token(attempt_id, c.pk) for c in order]
    elif kind == "matching":
        payload["matches"] = {
            choice_token(attempt_id, c.pk): choice_token(attempt_id, choices[pick[n % len(pick)] % 3].pk)
            for n, c in enumerate(choices)
        }
    return payload


def stored(assignment):
    """Every stored grade of the assignment: answers' credit and points, rows' points, attempts' scores."""
    return (
        sorted(Answer.objects.filter(attempt__assignment=assignment).values_list("pk", "credit", "points")),
        sorted(AttemptQuestion.objects.filter(attempt__assignment=assignment).values_list("pk", "points")),
        sorted(Attempt.objects.filter(assignment=assignment).values_list("pk", "score", "max_score")),
    )


def assert_graded_by_the_rules(assignment):
    """Each answer holds what the grader gives its response under the current key; each score sums them."""
    for attempt in Attempt.objects.filter(assignment=assignment):
        total, possible = Decimal(0), Decimal(0)
        answers = {
            answer.question_id: answer
            for answer in attempt.answers.prefetch_related("answer_choices", "order_items", "matches")
        }
        for row in attempt.attempt_questions.select_related("question"):
            question = row.question
            assert row.points == question.points
            possible += question.points
            answer = answers.get(question.pk)
            if answer is None:
                continue
            credit = grade(question, Response.of(answer))
            assert answer.credit == credit_decimal(credit)
            assert answer.points == points_for(question.points, credit)
            total += answer.final_points
        assert attempt.score == round_points(total)
        assert attempt.max_score == possible


picks = st.lists(st.integers(min_value=0, max_value=5), min_size=4, max_size=4)
student_work = st.lists(st.one_of(st.none(), picks), min_size=7, max_size=7)  # None: not answered


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    work=st.lists(student_work, min_size=1, max_size=6),
    flip_true_false=st.booleans(),
    new_points=st.sampled_from([None, "3", "0.5"]),
    tolerance=st.sampled_from([None, "1", "0.5"]),
    accept_shokai=st.booleans(),
    override=st.booleans(),
)
def test_regrade_equals_grading_each_attempt_alone(
    classroom, teacher, work, flip_true_false, new_points, tolerance, accept_shokai, override
):
    """Random answers from several students, many alike; the key changes; one regrade of them all
    stores what grading each attempt alone stores, and what the graders give each response."""
    assignment = quiz_assignment(classroom, max_attempts=1)
    for answers in work:
        attempt = services.attempt_start(assignment=assignment, student=student_of(classroom))
        rows = attempt.attempt_questions.select_related("question").order_by("question__kind")
        for row, pick in zip(rows, answers, strict=True):
            if pick is not None:
                services.answer_save(attempt=attempt, payload=payload_for(row.question, pick, attempt.pk))
        services.attempt_submit(attempt=attempt)
    if override:
        answer = Answer.objects.filter(attempt__assignment=assignment).first()
        if answer is not None:
            services.answer_override(answer=answer, points=Decimal("0.25"), reason="Kind", changed_by=teacher)
    if flip_true_false:
        question = question_of(assignment, "true_false")
        question.true_false_answer = not question.true_false_answer
        question.save()
    if new_points:
        Question.objects.filter(quizzes=assignment.quiz, kind="multiple_response").update(
            points=Decimal(new_points)
        )
    if tolerance:
        Question.objects.filter(quizzes=assignment.quiz, kind="numeric").update(numeric_tolerance=tolerance)
    if accept_shokai:
        AcceptedAnswer.objects.create(question=question_of(assignment, "short_answer"), text="Shokay")

    services.assignment_regrade(assignment=assignment)
    in_bulk = stored(assignment)
    assert_graded_by_the_rules(assignment)

    for attempt in Attempt.objects.filter(assignment=assignment):
        services.grade_attempt(attempt)
        attempt.save(update_fields=["score", "max_score"])
    assert stored(assignment) == in_bulk


def test_regrade_counts_and_writes_only_changed_attempts(assignment, classroom):
    """Two students with the same answers: a key change changes both, and a second regrade nothing."""
    attempts = []
    for _ in range(2):
        attempt = services.attempt_start(assignment=assignment, student=student_of(classroom))
        question = question_of(assignment, "true_false")
        services.answer_save(attempt=attempt, payload={"question": question.pk, "value": True})
        services.attempt_submit(attempt=attempt)
        attempts.append(attempt)
    question.true_false_answer = not question.true_false_answer
    question.save()
    assert services.assignment_regrade(assignment=assignment) == 2
    assert services.assignment_regrade(assignment=assignment) == 0
    assert_graded_by_the_rules(assignment)
