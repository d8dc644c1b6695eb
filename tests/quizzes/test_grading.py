"""Grading of the seven question types (fixtures/content/README.md), in Decimal with one rounding rule."""

from decimal import Decimal
from fractions import Fraction

import pytest

from assessments.models import Question
from assessments.quizzes.grading import Response, fold_answer, grade, points_for

from .builders import matching, multiple_response, numeric, ordering, short_answer, single_choice, true_false

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    from tests.factories import LessonFactory

    return LessonFactory()


def ids(question, *positions):
    by_position = {choice.position: choice.pk for choice in question.choices.all()}
    return frozenset(by_position[p] for p in positions)


def ranked(question, *ranks):
    by_rank = {choice.correct_rank: choice.pk for choice in question.choices.all()}
    return tuple(by_rank[r] for r in ranks)


def test_single_choice_right_choice_earns_full_credit(lesson):
    """Single choice: the one correct choice earns everything."""
    question = single_choice(lesson)
    assert grade(question, Response(choice_ids=ids(question, 0))) == 1


def test_single_choice_wrong_or_empty_earns_nothing(lesson):
    """Single choice is all or nothing: a wrong pick or no pick earns 0."""
    question = single_choice(lesson)
    assert grade(question, Response(choice_ids=ids(question, 1))) == 0
    assert grade(question, Response()) == 0


def test_multiple_response_partial_credit_subtracts_wrong_picks(lesson):
    """(right − wrong) / correct: two right and one wrong of three correct is 1/3."""
    question = multiple_response(lesson)
    assert grade(question, Response(choice_ids=ids(question, 0, 1, 3))) == Fraction(1, 3)


def test_multiple_response_never_below_zero(lesson):
    """More wrong than right picks earns 0, not a negative score."""
    question = multiple_response(lesson)
    assert grade(question, Response(choice_ids=ids(question, 3))) == 0


def test_multiple_response_all_correct_is_full_credit(lesson):
    question = multiple_response(lesson)
    assert grade(question, Response(choice_ids=ids(question, 0, 1, 2))) == 1


def test_true_false_matches_key(lesson):
    """True/false: all or nothing against the key."""
    question = true_false(lesson, answer=False)
    assert grade(question, Response(boolean=False)) == 1
    assert grade(question, Response(boolean=True)) == 0
    assert grade(question, Response()) == 0


@pytest.mark.parametrize(
    "given", ["Bokeihanov", "bukeikhanov", "  BOKEIKHANOV. ", "Bökeikhanov", "Bukeykhanov"]
)
def test_short_answer_tolerates_transliteration_case_spacing_punctuation(lesson, given):
    """Bokeihanov = Bukeikhanov = Bokeikhanov, whatever the case, accents, spacing or punctuation."""
    question = short_answer(lesson, accepted=["Bukeikhanov"])
    assert grade(question, Response(text=given)) == 1


def test_short_answer_accepts_any_listed_variant(lesson):
    question = short_answer(lesson, accepted=["Alash Orda", "Alash Horde"])
    assert grade(question, Response(text="alash-horde")) == 1


def test_short_answer_rejects_a_different_name(lesson):
    question = short_answer(lesson, accepted=["Bukeikhanov"])
    assert grade(question, Response(text="Baitursynov")) == 0
    assert grade(question, Response(text="")) == 0


def test_fold_answer_folds_kh_u_y_and_doubled_letters():
    """The folding rules: kh→h, u→o, y→i, doubled letters once, spacing and punctuation dropped."""
    assert fold_answer("Bukeikhanov") == fold_answer("Bokeihanov") == "bokeihanov"
    assert fold_answer("Chokay") == fold_answer("Chokai")
    assert fold_answer("Kassymova") == fold_answer("Kasymova")
    assert fold_answer("Tynyshbaev") != fold_answer("Shokai")


def test_numeric_within_tolerance(lesson):
    """Numeric: right when within the absolute tolerance (inclusive)."""
    question = numeric(lesson, answer="1.5", tolerance="0.1")
    assert grade(question, Response(number=Decimal("1.6"))) == 1
    assert grade(question, Response(number=Decimal("1.61"))) == 0


def test_numeric_exact_without_tolerance(lesson):
    question = numeric(lesson, answer="1920")
    assert grade(question, Response(number=Decimal("1920"))) == 1
    assert grade(question, Response(number=Decimal("1921"))) == 0


def test_ordering_full_credit_in_the_right_order(lesson):
    question = ordering(lesson)
    assert grade(question, Response(order=ranked(question, 1, 2, 3, 4))) == 1


def test_ordering_share_of_adjacent_pairs_in_order(lesson):
    """B C A D: pairs B<C yes, C<A no, A<D yes → 2 of 3."""
    question = ordering(lesson)
    assert grade(question, Response(order=ranked(question, 2, 3, 1, 4))) == Fraction(2, 3)


def test_ordering_reversed_earns_nothing(lesson):
    question = ordering(lesson)
    assert grade(question, Response(order=ranked(question, 4, 3, 2, 1))) == 0


def test_ordering_incomplete_order_earns_nothing(lesson):
    question = ordering(lesson)
    assert grade(question, Response(order=ranked(question, 1, 2))) == 0


def test_matching_share_of_pairs_matched(lesson):
    """Matching: one of three pairs right is 1/3."""
    question = matching(lesson)
    left = {choice.text: choice.pk for choice in question.choices.all()}
    matches = {
        left["Bukeikhanov"]: left["Bukeikhanov"],
        left["Tynyshbaev"]: left["Shokai"],
        left["Shokai"]: left["Tynyshbaev"],
    }
    assert grade(question, Response(matches=matches)) == Fraction(1, 3)


def test_matching_unmatched_items_earn_nothing(lesson):
    question = matching(lesson)
    assert grade(question, Response()) == 0


def test_points_for_rounds_half_up_once():
    """A third of 2 points is 0.67 (Decimal, two places, halves up)."""
    assert points_for(Decimal(2), Fraction(1, 3)) == Decimal("0.67")
    assert points_for(Decimal("0.01"), Fraction(1, 2)) == Decimal("0.01")


def test_every_kind_has_a_grader():
    from assessments.quizzes.grading import GRADERS

    assert set(GRADERS) == set(Question.Kind)
