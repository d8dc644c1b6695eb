"""Item analysis of a quiz assignment: facility, discrimination and the share of each choice.

One attempt per student takes part: their first submitted one, before any review or retry could
teach them the key. A question's credit on an attempt is the share of its points that count
(a teacher's override included); an unanswered question earns 0.

- facility index: the mean credit, as a percentage;
- discrimination index: mean credit of the upper 27 % of attempts by score minus that of the lower
  27 % (at least one attempt in each group), from −1 to 1; negative means the stronger students did
  worse on the question than the weaker ones, and is flagged.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from assessments.models import Answer, AnswerChoice, Attempt, Choice, Question
from kzcourse.decimals import round_points

GROUP_SHARE = Decimal("0.27")
FOUR_PLACES = Decimal("0.0001")


@dataclass
class ChoiceShare:
    label: str
    share: Decimal  # percentage of the analysed attempts that picked it
    is_correct: bool


@dataclass
class ItemAnalysis:
    question: Question
    position: int
    facility: Decimal | None  # percentage
    discrimination: Decimal | None  # -1 to 1, four places
    choices: list = field(default_factory=list)

    @property
    def is_negative(self):
        return self.discrimination is not None and self.discrimination < 0


@dataclass(frozen=True)
class AnalysedAttempt:
    pk: int
    score: Decimal | None
    max_score: Decimal


@dataclass(frozen=True)
class AnalysedAnswer:
    """What the analysis reads of one answer (plain values: no model or manager per answer)."""

    boolean: bool | None
    credit: Decimal | None
    final_points: Decimal | None
    picked: tuple = ()  # choice ids


def analysed_attempts(assignment):
    """Each student's first submitted attempt."""
    first = {}
    for pk, student_id, score, max_score in (
        Attempt.objects.filter(assignment=assignment, state=Attempt.State.SUBMITTED)
        .order_by("student_id", "number")
        .values_list("pk", "student_id", "score", "max_score")
    ):
        if student_id not in first:
            first[student_id] = AnalysedAttempt(pk, score, max_score)
    return list(first.values())


def analysed_answers(assignment, attempts):
    """[{question id: AnalysedAnswer}], one mapping per attempt of `attempts`, in their order."""
    wanted = {attempt.pk for attempt in attempts}
    scope = {"attempt__assignment": assignment, "attempt__state": Attempt.State.SUBMITTED}
    picked = defaultdict(list)
    for answer_id, choice_id in AnswerChoice.objects.filter(
        **{f"answer__{name}": value for name, value in scope.items()}
    ).values_list("answer_id", "choice_id"):
        picked[answer_id].append(choice_id)
    by_attempt = defaultdict(dict)
    for pk, attempt_id, question_id, boolean, credit, points, override_points in Answer.objects.filter(
        **scope
    ).values_list("pk", "attempt_id", "question_id", "boolean", "credit", "points", "override_points"):
        if attempt_id in wanted:
            final_points = override_points if override_points is not None else points
            by_attempt[attempt_id][question_id] = AnalysedAnswer(
                boolean, credit, final_points, tuple(picked.get(pk, ()))
            )
    return [by_attempt[attempt.pk] for attempt in attempts]


def credit_of(answer, points):
    if answer is None:
        return Decimal(0)
    if points and answer.final_points is not None:
        return min(Decimal(1), max(Decimal(0), answer.final_points / points))
    return answer.credit or Decimal(0)


def mean(values):
    values = list(values)
    return sum(values, Decimal(0)) / len(values) if values else None


def item_analysis(assignment):
    """An ItemAnalysis for each question of the assignment's quiz, in the quiz's order."""
    quiz_questions = list(
        assignment.quiz.quiz_questions.select_related("question")
        .prefetch_related(Prefetch("question__choices", queryset=Choice.objects.order_by("position", "pk")))
        .order_by("position")
    )
    attempts = analysed_attempts(assignment)
    answers = analysed_answers(assignment, attempts)
    # Upper and lower groups by the attempt's share of its points; ties keep the attempts' order.
    ranked = sorted(
        range(len(attempts)),
        key=lambda i: (-(attempts[i].score or 0) / (attempts[i].max_score or 1), attempts[i].pk),
    )
    size = max(1, int((GROUP_SHARE * len(attempts)).to_integral_value())) if len(attempts) >= 2 else 0
    upper, lower = ranked[:size], ranked[-size:] if size else []
    items = []
    for quiz_question in quiz_questions:
        question = quiz_question.question
        credits = [credit_of(by_question.get(question.pk), question.points) for by_question in answers]
        facility = round_points(mean(credits) * 100) if credits else None
        discrimination = None
        if size:
            discrimination = (mean(credits[i] for i in upper) - mean(credits[i] for i in lower)).quantize(
                FOUR_PLACES
            )
        items.append(
            ItemAnalysis(
                question=question,
                position=quiz_question.position,
                facility=facility,
                discrimination=discrimination,
                choices=choice_shares(question, answers),
            )
        )
    return items


def choice_shares(question, answers):
    """The percentage of analysed attempts that picked each choice (choice and true/false questions)."""
    if not answers:
        return []
    total = len(answers)
    if question.kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_RESPONSE):
        picked = {}
        for by_question in answers:
            answer = by_question.get(question.pk)
            for choice_id in answer.picked if answer else ():
                picked[choice_id] = picked.get(choice_id, 0) + 1
        return [
            ChoiceShare(
                choice.text, round_points(Decimal(picked.get(choice.pk, 0) * 100) / total), choice.is_correct
            )
            for choice in question.choices.all()
        ]
    if question.kind == Question.Kind.TRUE_FALSE:
        shares = []
        for value, label in ((True, _("True")), (False, _("False"))):
            count = sum(
                1 for by_question in answers if (a := by_question.get(question.pk)) and a.boolean is value
            )
            shares.append(
                ChoiceShare(
                    label, round_points(Decimal(count * 100) / total), question.true_false_answer is value
                )
            )
        return shares
    return []
