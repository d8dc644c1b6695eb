"""Hand-computed examples of the one grade computation (gradebook.grading.compute_grade)."""

from decimal import Decimal

from gradebook import grading
from gradebook.grading import CellState, compute_grade

from .builders import FUTURE, NOW, READ, SUBMITTED, item, policy, scored


def grade(items, results, **kwargs):
    kwargs.setdefault("policy", policy())
    return compute_grade(items, results, now=NOW, **kwargs)


def test_weighted_mean_of_categories():
    """Quizzes 80 % and essays 90 % at 40/60 give 0.4 × 80 + 0.6 × 90 = 86."""
    items = [item(1), item(2, grading.ESSAY)]
    result = grade(items, {1: scored(80), 2: scored(90)})
    assert result.percent == Decimal("86.00")
    assert result.letter == "B+"
    assert result.gpa == Decimal("3.33")


def test_category_is_points_weighted():
    """A 10-point quiz at 50 % and a 30-point quiz at 100 % make 35 of 40 points: 87.5 %."""
    items = [item(1, points=10), item(2, points=30)]
    result = grade(items, {1: scored(50), 2: scored(100)})
    assert result.categories[grading.QUIZ].percent == Decimal("87.5")
    assert result.percent == Decimal("87.50")


def test_missing_category_gives_its_weight_to_the_others():
    """With no essay graded, the quizzes alone make the grade."""
    items = [item(1), item(2, grading.ESSAY, due_at=FUTURE)]
    result = grade(items, {1: scored(70)})
    assert result.percent == Decimal("70.00")
    assert result.categories[grading.QUIZ].share == 1


def test_nothing_graded_gives_no_grade():
    """Before anything counts there is no percentage and no letter."""
    result = grade([item(1, due_at=FUTURE)], {})
    assert (result.percent, result.letter) == (None, None)


def test_late_penalty_per_day():
    """90 % handed in 2 days late at 10 % a day (cap 50) keeps 80 % of it: 72."""
    cell = grade([item(1, per_day=10, cap=50)], {1: scored(90, late_days=2)}).cells[1]
    assert cell.penalty == Decimal(20)
    assert cell.percent == Decimal(72)
    assert cell.late


def test_late_penalty_is_capped():
    """Ten days late at 10 % a day with a 30 % cap loses 30 %, not 100 %."""
    cell = grade([item(1, per_day=10, cap=30)], {1: scored(100, late_days=10)}).cells[1]
    assert cell.penalty == Decimal(30)
    assert cell.percent == Decimal(70)


def test_on_time_work_has_no_penalty():
    """Work handed in by the due date keeps its whole score."""
    cell = grade([item(1, per_day=10, cap=30)], {1: scored(100)}).cells[1]
    assert cell.percent == Decimal(100)
    assert not cell.late


def test_excused_work_does_not_count():
    """A zero that is excused leaves the grade as if the assignment were not there."""
    items = [item(1), item(2)]
    result = grade(items, {1: scored(0), 2: scored(90)}, excused={1})
    assert result.cells[1].state == CellState.EXCUSED
    assert result.percent == Decimal("90.00")


def test_missing_work_after_due_counts_as_zero():
    """Nothing handed in after the due date counts 0 when the class says so."""
    result = grade([item(1), item(2)], {2: scored(80)})
    assert result.cells[1].state == CellState.MISSING
    assert result.percent == Decimal("40.00")


def test_missing_work_left_out_when_the_class_says_so():
    """With the setting off, missing work is left out of the grade."""
    result = grade([item(1), item(2)], {2: scored(80)}, policy=policy(missing_zero=False))
    assert result.cells[1].state == CellState.MISSING
    assert result.percent == Decimal("80.00")


def test_work_not_yet_due_is_pending():
    """Before the due date, unsubmitted work is pending and does not count."""
    result = grade([item(1, due_at=FUTURE), item(2)], {2: scored(60)})
    assert result.cells[1].state == CellState.PENDING
    assert result.percent == Decimal("60.00")


def test_submitted_work_awaiting_a_grade_is_ungraded():
    """Submitted but not graded: shown as ungraded, not counted."""
    result = grade([item(1, grading.ESSAY), item(2)], {1: SUBMITTED, 2: scored(60)})
    assert result.cells[1].state == CellState.UNGRADED
    assert result.percent == Decimal("60.00")


def test_drop_lowest_drops_the_lowest_of_equal_points():
    """Drop one of 50, 70, 90 (equal points): the 50 goes, leaving 80."""
    items = [item(1), item(2), item(3)]
    result = grade(items, {1: scored(70), 2: scored(50), 3: scored(90)}, policy=policy(drop_quizzes=1))
    assert [c.item.id for c in result.cells.values() if c.dropped] == [2]
    assert result.percent == Decimal("80.00")


def test_drop_lowest_drops_what_helps_most_with_unequal_points():
    """Drop one of 100 pts at 50 %, 1 pt at 40 %, 100 pts at 100 %: dropping the big 50 % helps most."""
    items = [item(1, points=100), item(2, points=1), item(3, points=100)]
    result = grade(items, {1: scored(50), 2: scored(40), 3: scored(100)}, policy=policy(drop_quizzes=1))
    assert [c.item.id for c in result.cells.values() if c.dropped] == [1]
    # (0.4 + 100) / 101 points
    assert result.percent == Decimal("99.41")


def test_drop_lowest_keeps_at_least_one():
    """Dropping 3 of 2 quizzes keeps the better one."""
    result = grade([item(1), item(2)], {1: scored(30), 2: scored(60)}, policy=policy(drop_quizzes=3))
    assert result.cells[1].dropped
    assert not result.cells[2].dropped
    assert result.percent == Decimal("60.00")


def test_unreleased_essay_counts_for_the_teacher_flagged():
    """The teacher's view counts a graded, unreleased essay and flags it."""
    items = [item(1), item(2, grading.ESSAY, released=False)]
    result = grade(items, {1: scored(50), 2: scored(100, released=False)}, audience=grading.TEACHER)
    assert result.cells[2].unreleased
    assert result.percent == Decimal("80.00")


def test_unreleased_essay_is_hidden_from_the_student():
    """The student's view shows 'unreleased' with no number and leaves it out of the grade."""
    items = [item(1), item(2, grading.ESSAY, released=False)]
    result = grade(items, {1: scored(50), 2: scored(100, released=False)}, audience=grading.STUDENT)
    assert result.cells[2].state == CellState.UNRELEASED
    assert result.cells[2].percent is None
    assert result.percent == Decimal("50.00")


def test_override_of_an_unreleased_essay_is_hidden_from_the_student():
    """An override is a grade too: the student sees it only once the essay's grades are released."""
    items = [item(1, grading.ESSAY, released=False)]
    result = grade(items, {}, overrides={1: Decimal(77)}, audience=grading.STUDENT)
    assert result.cells[1].state == CellState.UNRELEASED
    assert result.percent is None


def test_override_replaces_the_score_without_late_penalty():
    """An override is the teacher's final word: 65 stays 65 even on late work."""
    items = [item(1, per_day=10, cap=50)]
    result = grade(items, {1: scored(90, late_days=3)}, overrides={1: Decimal(65)})
    assert result.cells[1].overridden
    assert result.percent == Decimal("65.00")


def test_readings_count_for_completion_only():
    """A reading read or not changes completion, never the percentage."""
    items = [item(1), item(2, grading.READING), item(3, grading.READING)]
    result = grade(items, {1: scored(70), 2: READ})
    assert (result.readings_done, result.readings_total) == (1, 2)
    assert result.cells[3].state == CellState.MISSING
    assert result.percent == Decimal("70.00")


def test_final_percentage_rounded_once_at_the_end():
    """Thirds are carried unrounded through every step and rounded once, at the end."""
    items = [item(1, points=3), item(2, grading.ESSAY, points=3)]
    # quizzes 2/3 = 66.666…, essays 1/3 = 33.333…; 40/60 → 26.666… + 20 = 46.666… → 46.67
    result = grade(items, {1: scored(Decimal(200) / 3), 2: scored(Decimal(100) / 3)})
    assert result.percent == Decimal("46.67")
    assert result.raw_percent != result.percent


def test_cells_rounded_for_display_only():
    """A cell shows 66.67 while the category uses the exact 66.666…."""
    cell = grade([item(1)], {1: scored(Decimal(200) / 3)}).cells[1]
    assert cell.display == Decimal("66.67")
    assert cell.percent != cell.display


def test_late_penalty_cap_of_zero_means_no_cap():
    """A cap left at 0 does not switch the penalty off: 3 days at 40 % a day loses everything."""
    cell = grade([item(1, per_day=40, cap=0)], {1: scored(100, late_days=3)}).cells[1]
    assert cell.penalty == Decimal(100)
    assert cell.percent == Decimal(0)


def test_override_of_a_hidden_quiz_score_is_hidden_from_the_student():
    """A quiz score the student may not see yet stays hidden when the teacher overrides it."""
    result = grade(
        [item(1)], {1: scored(40, released=False)}, overrides={1: Decimal(90)}, audience=grading.STUDENT
    )
    assert result.cells[1].state == CellState.UNRELEASED
    assert result.percent is None
