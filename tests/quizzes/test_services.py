"""Starting, saving, submitting, expiring, overriding and regrading attempts (the services)."""

from datetime import timedelta
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Answer, Attempt, AttemptQuestion, PointsOverride
from assessments.quizzes import services
from assessments.quizzes.answers import AnswerRefused
from assessments.quizzes.selectors import assignment_percent
from tests.factories import student_of

from .builders import question_of, quiz_assignment
from .helpers import right_payloads

pytestmark = pytest.mark.django_db


def answer_all(attempt, now=None):
    for payload in right_payloads(attempt).values():
        services.answer_save(attempt=attempt, payload=payload, now=now)


def test_start_records_deadline_from_time_limit(classroom, student):
    """The deadline is start + time limit when that comes before the closing time."""
    assignment = quiz_assignment(classroom, time_limit_minutes=20)
    now = timezone.now()
    attempt = services.attempt_start(assignment=assignment, student=student, now=now)
    assert attempt.deadline_at == now + timedelta(minutes=20)


def test_start_deadline_is_closing_time_when_earlier(classroom, student):
    """A time limit never runs past the assignment's closing time (late-until, else due)."""
    now = timezone.now()
    assignment = quiz_assignment(classroom, time_limit_minutes=60, due_at=now + timedelta(minutes=10))
    attempt = services.attempt_start(assignment=assignment, student=student, now=now)
    assert attempt.deadline_at == assignment.due_at


def test_start_stores_every_question_once(assignment, student):
    attempt = services.attempt_start(assignment=assignment, student=student)
    rows = AttemptQuestion.objects.filter(attempt=attempt)
    assert sorted(rows.values_list("question_id", flat=True)) == sorted(
        assignment.quiz.questions.values_list("pk", flat=True)
    )
    assert sorted(rows.values_list("position", flat=True)) == list(range(1, 8))


def test_start_keeps_quiz_order_without_shuffle(assignment, student):
    attempt = services.attempt_start(assignment=assignment, student=student)
    stored = list(attempt.attempt_questions.order_by("position").values_list("question_id", flat=True))
    quiz_order = list(
        assignment.quiz.quiz_questions.order_by("position").values_list("question_id", flat=True)
    )
    assert stored == quiz_order


def test_shuffled_order_is_stored_and_kept(classroom, student):
    """With shuffling, the attempt's order is stored once and reads back the same."""
    assignment = quiz_assignment(classroom, shuffle_questions=True)
    attempt = services.attempt_start(assignment=assignment, student=student)
    first = list(attempt.attempt_questions.order_by("position").values_list("question_id", flat=True))
    again = services.attempt_start(assignment=assignment, student=student)
    assert again.pk == attempt.pk
    assert list(again.attempt_questions.order_by("position").values_list("question_id", flat=True)) == first


def test_start_twice_resumes_the_open_attempt(assignment, student):
    first = services.attempt_start(assignment=assignment, student=student)
    assert services.attempt_start(assignment=assignment, student=student).pk == first.pk
    assert Attempt.objects.count() == 1


def test_start_refused_when_attempts_used(assignment, student):
    """Two attempts allowed: the third start is refused."""
    for _ in range(2):
        services.attempt_submit(attempt=services.attempt_start(assignment=assignment, student=student))
    with pytest.raises(ValidationError, match="used all your attempts"):
        services.attempt_start(assignment=assignment, student=student)
    assert Attempt.objects.count() == 2


def test_extra_attempt_allows_one_more(assignment, student, teacher):
    for _ in range(2):
        services.attempt_submit(attempt=services.attempt_start(assignment=assignment, student=student))
    services.extra_attempt_grant(assignment=assignment, student=student, granted_by=teacher)
    attempt = services.attempt_start(assignment=assignment, student=student)
    assert attempt.number == 3


def test_start_refused_after_closing(classroom, student):
    assignment = quiz_assignment(classroom)
    with pytest.raises(ValidationError, match="closed"):
        services.attempt_start(
            assignment=assignment, student=student, now=assignment.due_at + timedelta(seconds=1)
        )


def test_start_refused_for_a_teacher(assignment, teacher):
    with pytest.raises(ValidationError):
        services.attempt_start(assignment=assignment, student=teacher)


def test_save_stores_and_overwrites_an_answer(assignment, student):
    attempt = services.attempt_start(assignment=assignment, student=student)
    question = question_of(assignment, "short_answer")
    services.answer_save(attempt=attempt, payload={"question": question.pk, "text": "first"})
    state = services.answer_save(attempt=attempt, payload={"question": question.pk, "text": "second"})
    assert state["answer"] == {"text": "second"}
    assert Answer.objects.get().text == "second"


def test_save_refuses_a_question_not_in_the_attempt(assignment, student):
    attempt = services.attempt_start(assignment=assignment, student=student)
    other = quiz_assignment(assignment.classroom)
    with pytest.raises(AnswerRefused, match="not part of your attempt"):
        services.answer_save(
            attempt=attempt, payload={"question": other.quiz.questions.first().pk, "choice": 1}
        )
    assert not Answer.objects.exists()


def test_save_refuses_a_choice_of_another_question(assignment, student):
    attempt = services.attempt_start(assignment=assignment, student=student)
    single = question_of(assignment, "single_choice")
    foreign = question_of(assignment, "multiple_response").choices.first()
    with pytest.raises(AnswerRefused, match="does not belong"):
        services.answer_save(attempt=attempt, payload={"question": single.pk, "choice": foreign.pk})
    assert not Answer.objects.exists()


def test_save_refuses_text_for_a_number(assignment, student):
    attempt = services.attempt_start(assignment=assignment, student=student)
    question = question_of(assignment, "numeric")
    with pytest.raises(AnswerRefused, match="number"):
        services.answer_save(attempt=attempt, payload={"question": question.pk, "number": "nineteen"})
    assert not Answer.objects.exists()


def test_save_accepts_a_decimal_comma(assignment, student):
    attempt = services.attempt_start(assignment=assignment, student=student)
    question = question_of(assignment, "numeric")
    services.answer_save(attempt=attempt, payload={"question": question.pk, "number": "1 920,5"})
    assert Answer.objects.get().number == Decimal("1920.5")


def test_save_refused_on_a_submitted_attempt(assignment, student):
    attempt = services.attempt_start(assignment=assignment, student=student)
    services.attempt_submit(attempt=attempt)
    question = question_of(assignment, "short_answer")
    with pytest.raises(AnswerRefused) as refused:
        services.answer_save(attempt=attempt, payload={"question": question.pk, "text": "late"})
    assert refused.value.status == HTTPStatus.CONFLICT
    assert not Answer.objects.exists()


def test_save_accepted_within_grace_after_deadline(classroom, student):
    now = timezone.now()
    assignment = quiz_assignment(classroom, time_limit_minutes=5)
    attempt = services.attempt_start(assignment=assignment, student=student, now=now)
    question = question_of(assignment, "short_answer")
    services.answer_save(
        attempt=attempt,
        payload={"question": question.pk, "text": "x"},
        now=attempt.deadline_at + timedelta(seconds=29),
    )
    assert Answer.objects.count() == 1


def test_save_refused_after_deadline_and_grace(classroom, student):
    """An answer arriving more than 30 seconds after the deadline is refused and not stored."""
    now = timezone.now()
    assignment = quiz_assignment(classroom, time_limit_minutes=5)
    attempt = services.attempt_start(assignment=assignment, student=student, now=now)
    question = question_of(assignment, "short_answer")
    with pytest.raises(AnswerRefused, match="Time is up"):
        services.answer_save(
            attempt=attempt,
            payload={"question": question.pk, "text": "x"},
            now=attempt.deadline_at + timedelta(seconds=31),
        )
    assert not Answer.objects.exists()


def test_submit_grades_every_type_full_marks(assignment, student):
    attempt = services.attempt_start(assignment=assignment, student=student)
    answer_all(attempt)
    attempt = services.attempt_submit(attempt=attempt)
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.score == attempt.max_score == Decimal(7)
    assert attempt.percent == Decimal("100.00")


def test_submit_twice_grades_once(assignment, student):
    """A second submit (double click, second tab, replay) changes nothing."""
    attempt = services.attempt_start(assignment=assignment, student=student)
    first = services.attempt_submit(attempt=attempt)
    second = services.attempt_submit(attempt=attempt)
    assert second.submitted_at == first.submitted_at
    assert Attempt.objects.filter(state=Attempt.State.SUBMITTED).count() == 1


def test_partial_credit_adds_up_in_the_attempt_score(assignment, student):
    """A multiple response with 2 right + 1 wrong of 3 earns 0.33 of 1 point."""
    attempt = services.attempt_start(assignment=assignment, student=student)
    question = question_of(assignment, "multiple_response")
    picks = list(question.choices.order_by("position").values_list("pk", flat=True))
    services.answer_save(
        attempt=attempt, payload={"question": question.pk, "choices": [picks[0], picks[1], picks[3]]}
    )
    attempt = services.attempt_submit(attempt=attempt)
    assert attempt.score == Decimal("0.33")


def test_expired_attempt_is_submitted_with_saved_answers(classroom, student):
    """Past deadline + grace, the next touch submits the attempt, stamped at the deadline."""
    now = timezone.now()
    assignment = quiz_assignment(classroom, time_limit_minutes=5)
    attempt = services.attempt_start(assignment=assignment, student=student, now=now)
    answer_all(attempt, now=now)
    later = attempt.deadline_at + timedelta(minutes=1)
    attempt = services.attempt_expire_if_due(attempt=attempt, now=later)
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.finished_by == Attempt.FinishedBy.TIMER
    assert attempt.submitted_at == attempt.deadline_at
    assert attempt.score == Decimal(7)


def test_open_attempt_not_expired_before_grace(classroom, student):
    now = timezone.now()
    assignment = quiz_assignment(classroom, time_limit_minutes=5)
    attempt = services.attempt_start(assignment=assignment, student=student, now=now)
    attempt = services.attempt_expire_if_due(attempt=attempt, now=attempt.deadline_at + timedelta(seconds=10))
    assert attempt.state == Attempt.State.IN_PROGRESS


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", Decimal("100.00")), ("latest", Decimal("0.00")), ("average", Decimal("50.00"))],
)
def test_assignment_percent_by_grading_method(classroom, student, method, expected):
    assignment = quiz_assignment(classroom, max_attempts=2, grading_method=method)
    first = services.attempt_start(assignment=assignment, student=student)
    answer_all(first)
    services.attempt_submit(attempt=first)
    services.attempt_submit(attempt=services.attempt_start(assignment=assignment, student=student))
    attempts = list(Attempt.objects.filter(assignment=assignment))
    assert assignment_percent(attempts, method) == expected


def test_average_rounds_once(classroom, student):
    """The average of 100 %, 0 % and 0 % is 33.33 %."""
    assignment = quiz_assignment(classroom, max_attempts=3, grading_method="average")
    first = services.attempt_start(assignment=assignment, student=student)
    answer_all(first)
    services.attempt_submit(attempt=first)
    for _ in range(2):
        services.attempt_submit(attempt=services.attempt_start(assignment=assignment, student=student))
    assert assignment_percent(list(Attempt.objects.all()), "average") == Decimal("33.33")


def test_override_changes_points_and_keeps_history(assignment, student, teacher):
    attempt = services.attempt_start(assignment=assignment, student=student)
    answer_all(attempt)
    services.attempt_submit(attempt=attempt)
    answer = Answer.objects.get(question=question_of(assignment, "short_answer"))
    services.answer_override(answer=answer, points=Decimal("0.5"), reason="Spelling", changed_by=teacher)
    services.answer_override(answer=answer, points=Decimal("0.25"), reason="Second look", changed_by=teacher)
    attempt.refresh_from_db()
    assert attempt.score == Decimal("6.25")
    history = list(PointsOverride.objects.values_list("points_before", "points_after", "reason"))
    assert history == [
        (Decimal(1), Decimal("0.5"), "Spelling"),
        (Decimal("0.5"), Decimal("0.25"), "Second look"),
    ]


def test_override_needs_a_reason(assignment, student, teacher):
    attempt = services.attempt_start(assignment=assignment, student=student)
    answer_all(attempt)
    services.attempt_submit(attempt=attempt)
    answer = Answer.objects.first()
    with pytest.raises(ValidationError):
        services.answer_override(answer=answer, points=Decimal(0), reason="  ", changed_by=teacher)
    assert not PointsOverride.objects.exists()


def test_override_above_the_question_points_refused(assignment, student, teacher):
    attempt = services.attempt_start(assignment=assignment, student=student)
    answer_all(attempt)
    services.attempt_submit(attempt=attempt)
    with pytest.raises(ValidationError):
        services.answer_override(
            answer=Answer.objects.first(), points=Decimal(2), reason="x", changed_by=teacher
        )


def test_regrade_after_key_change(assignment, student):
    """Correcting a key and regrading changes the score of attempts already submitted."""
    attempt = services.attempt_start(assignment=assignment, student=student)
    answer_all(attempt)
    services.attempt_submit(attempt=attempt)
    question = question_of(assignment, "true_false")
    question.true_false_answer = not question.true_false_answer
    question.save()
    assert services.assignment_regrade(assignment=assignment) == 1
    attempt.refresh_from_db()
    assert attempt.score == Decimal(6)


def test_regrade_keeps_overrides(assignment, student, teacher):
    attempt = services.attempt_start(assignment=assignment, student=student)
    answer_all(attempt)
    services.attempt_submit(attempt=attempt)
    question = question_of(assignment, "true_false")
    answer = Answer.objects.get(question=question)
    services.answer_override(answer=answer, points=Decimal("0.5"), reason="Half", changed_by=teacher)
    question.true_false_answer = not question.true_false_answer
    question.save()
    services.assignment_regrade(assignment=assignment)
    attempt.refresh_from_db()
    assert attempt.score == Decimal("6.5")


def test_shuffle_gives_attempts_their_own_order(classroom):
    """With shuffling on, attempts do not all follow the quiz's order (5 attempts × 7 questions)."""
    assignment = quiz_assignment(classroom, shuffle_questions=True)
    quiz_order = list(
        assignment.quiz.quiz_questions.order_by("position").values_list("question_id", flat=True)
    )
    orders = []
    for _ in range(5):
        attempt = services.attempt_start(assignment=assignment, student=student_of(classroom))
        orders.append(
            list(attempt.attempt_questions.order_by("position").values_list("question_id", flat=True))
        )
    assert any(order != quiz_order for order in orders)
    assert all(sorted(order) == sorted(quiz_order) for order in orders)
