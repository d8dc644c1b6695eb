"""Grading rules for the seven question types (fixtures/content/README.md, "Question types and their keys").

Every grader takes a question's key (QuestionKey: its choices and accepted answers) and the student's
response, and returns the credit earned as an exact Fraction from 0 to 1. Points are that share of the
question's points, rounded once by kzcourse.decimals.round_points.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from assessments.models import Question
from kzcourse.decimals import round_points

Kind = Question.Kind


@dataclass(frozen=True)
class Response:
    """What a student answered, in the shape every type can use; empty fields mean "not answered"."""

    choice_ids: frozenset = frozenset()
    boolean: bool | None = None
    text: str = ""
    number: Decimal | None = None
    order: tuple = ()  # choice ids, first to last
    matches: dict = field(default_factory=dict)  # left choice id -> right choice id

    @classmethod
    def of(cls, answer):
        """The response an Answer row holds (its choice, order and match rows prefetched)."""
        return cls(
            choice_ids=frozenset(row.choice_id for row in answer.answer_choices.all()),
            boolean=answer.boolean,
            text=answer.text,
            number=answer.number,
            order=tuple(row.choice_id for row in sorted(answer.order_items.all(), key=lambda r: r.rank)),
            matches={row.left_id: row.right_id for row in answer.matches.all()},
        )

    def hashable(self):
        """Every field of the response as one hashable value: equal responses earn equal credit."""
        return (
            self.choice_ids,
            self.boolean,
            self.text,
            self.number,
            self.order,
            frozenset(self.matches.items()),
        )


# Transliteration variants, applied in this order after case, accents, spacing and punctuation are
# folded away. Latin spellings of Kazakh and Russian names differ in these ways (Bokeihanov,
# Bukeikhanov, Bökeikhanov, Bukeykhanov; Chokay and Chokai; Tynyshbayev and Tynyshbaev).
TRANSLITERATION = [
    ("dzh", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("yev", "ev"),
    ("q", "k"),
    ("w", "v"),
    ("y", "i"),
    ("u", "o"),
]
NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
DOUBLED = re.compile(r"(.)\1+")


def fold_answer(text):
    """Fold a short answer to the form two spellings of the same answer share.

    Drops accents, case, spacing and punctuation; applies TRANSLITERATION; collapses doubled letters
    (Kassymova, Kasymova). So "Bokeihanov", "Bukeikhanov" and "A. Bökeikhanov" differ only by the
    initial; "Alash-Orda" equals "alash orda".
    """
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = NOT_LETTER_OR_DIGIT.sub("", text)
    for variant, folded in TRANSLITERATION:
        text = text.replace(variant, folded)
    return DOUBLED.sub(r"\1", text)


@dataclass(frozen=True)
class ChoiceKey:
    """What grading reads of one choice."""

    pk: int
    is_correct: bool = False
    correct_rank: int | None = None
    match_text: str = ""


@dataclass(frozen=True)
class QuestionKey:
    """What grading reads of a question: its type, its key and its choices (in position order).

    Built from a Question (`of`) or from plain rows (bulk grading), so many attempts can be graded
    without a model instance per question and choice.
    """

    pk: int
    kind: str
    choices: tuple = ()  # ChoiceKey
    accepted: tuple = ()  # accepted short-answer texts
    true_false_answer: bool | None = None
    numeric_answer: Decimal | None = None
    numeric_tolerance: Decimal = Decimal(0)

    @classmethod
    def of(cls, question):
        """The key of a Question (its choices and accepted answers prefetched, or read here)."""
        return cls(
            pk=question.pk,
            kind=question.kind,
            choices=tuple(
                ChoiceKey(choice.pk, choice.is_correct, choice.correct_rank, choice.match_text)
                for choice in question.choices.all()
            ),
            accepted=tuple(accepted.text for accepted in question.accepted_answers.all()),
            true_false_answer=question.true_false_answer,
            numeric_answer=question.numeric_answer,
            numeric_tolerance=question.numeric_tolerance,
        )


def grade_single_choice(key, response):
    correct = {choice.pk for choice in key.choices if choice.is_correct}
    return Fraction(1) if response.choice_ids and response.choice_ids == correct else Fraction(0)


def grade_multiple_response(key, response):
    """(right picks − wrong picks) / correct choices, never below 0."""
    correct = {choice.pk for choice in key.choices if choice.is_correct}
    if not correct:
        return Fraction(0)
    right = len(response.choice_ids & correct)
    wrong = len(response.choice_ids - correct)
    return max(Fraction(0), Fraction(right - wrong, len(correct)))


def grade_true_false(key, response):
    if response.boolean is None or key.true_false_answer is None:
        return Fraction(0)
    return Fraction(int(response.boolean == key.true_false_answer))


def grade_short_answer(key, response):
    given = fold_answer(response.text)
    if not given:
        return Fraction(0)
    accepted = {fold_answer(text) for text in key.accepted}
    return Fraction(int(given in accepted))


def grade_numeric(key, response):
    if response.number is None or key.numeric_answer is None:
        return Fraction(0)
    return Fraction(int(abs(response.number - key.numeric_answer) <= key.numeric_tolerance))


def grade_ordering(key, response):
    """The share of the student's adjacent pairs whose earlier item truly comes earlier.

    Only a complete order (every item once) earns credit.
    """
    rank = {choice.pk: choice.correct_rank for choice in key.choices}
    order = list(response.order)
    if len(rank) < 2 or sorted(order) != sorted(rank):
        return Fraction(0)
    in_order = sum(1 for first, second in zip(order, order[1:], strict=False) if rank[first] < rank[second])
    return Fraction(in_order, len(order) - 1)


def grade_matching(key, response):
    """The share of pairs matched: a left item is right when given its own right-hand text."""
    choices = key.choices
    if not choices:
        return Fraction(0)
    right_text = {choice.pk: choice.match_text for choice in choices}
    matched = sum(
        1
        for choice in choices
        if choice.pk in response.matches and right_text.get(response.matches[choice.pk]) == choice.match_text
    )
    return Fraction(matched, len(choices))


GRADERS = {
    Kind.SINGLE_CHOICE: grade_single_choice,
    Kind.MULTIPLE_RESPONSE: grade_multiple_response,
    Kind.TRUE_FALSE: grade_true_false,
    Kind.SHORT_ANSWER: grade_short_answer,
    Kind.NUMERIC: grade_numeric,
    Kind.ORDERING: grade_ordering,
    Kind.MATCHING: grade_matching,
}


def grade(question, response):
    """The credit (a Fraction, 0 to 1) the response earns on the question (a Question or its key)."""
    key = question if isinstance(question, QuestionKey) else QuestionKey.of(question)
    return GRADERS[key.kind](key, response)


def points_for(points, credit):
    """`credit` (a Fraction) of `points` (a Decimal), by the one rounding rule."""
    return round_points(Decimal(points) * Decimal(credit.numerator) / Decimal(credit.denominator))


def credit_decimal(credit):
    """A Fraction of credit as the Decimal stored beside the points (four places)."""
    return (Decimal(credit.numerator) / Decimal(credit.denominator)).quantize(Decimal("0.0001"))
