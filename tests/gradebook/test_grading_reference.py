"""The fast grade computation (gradebook.grading.Grader) equals the straightforward one, exactly."""

from datetime import timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from assessments.results import NOT_STARTED, Status, WorkResult
from gradebook import grading

from . import reference_grading as reference
from .builders import NOW, PAST, SUBMITTED, item, policy

# Scores as the selectors give them: quiz percentages / 100 (any digits), essay totals / points (4 places).
scores = st.one_of(
    st.decimals(min_value=0, max_value=1, places=4),
    st.fractions(min_value=0, max_value=1, max_denominator=300).map(
        lambda f: Decimal(f.numerator) / Decimal(f.denominator)
    ),
)
results = st.one_of(
    st.builds(
        lambda score, days, released: WorkResult(
            Status.RELEASED if released else Status.GRADED,
            score=score,
            submitted_at=PAST,
            released=released,
            late_days=days,
        ),
        scores,
        st.integers(0, 6),
        st.booleans(),
    ),
    st.just(SUBMITTED),
    st.just(WorkResult(Status.SUBMITTED, submitted_at=PAST, late_days=2)),
    st.just(WorkResult(Status.IN_PROGRESS)),
    st.just(NOT_STARTED),
    st.just(WorkResult(Status.RELEASED, score=Decimal(1), submitted_at=PAST, released=True)),
)


@st.composite
def classes(draw):
    """(items, policy, [(results, excused, overrides)] for several students) of one generated class."""
    count = draw(st.integers(1, 9))
    items = [
        item(
            id,
            kind=draw(st.sampled_from([grading.QUIZ, grading.ESSAY, grading.READING])),
            points=draw(st.sampled_from([0, 1, 3, 7, 10, 20, 100])),
            due_at=draw(st.sampled_from([PAST, NOW + timedelta(days=2), NOW])),
            per_day=draw(st.sampled_from([0, 5, Decimal("7.5"), 25, 40])),
            cap=draw(st.sampled_from([0, 20, 50, 100, 150])),
            released=draw(st.booleans()),
        )
        for id in range(1, count + 1)
    ]
    ids = [i.id for i in items]
    students = draw(
        st.lists(
            st.tuples(
                st.dictionaries(st.sampled_from(ids), results),
                st.sets(st.sampled_from(ids), max_size=2),
                st.dictionaries(st.sampled_from(ids), st.decimals(0, 100, places=2), max_size=2),
            ),
            min_size=1,
            max_size=4,
        )
    )
    chosen = policy(
        quiz=draw(st.sampled_from([0, 1, 3, 40, 100])),
        essay=draw(st.sampled_from([0, 7, 60])),
        drop_quizzes=draw(st.integers(0, 2)),
        drop_essays=draw(st.integers(0, 2)),
        missing_zero=draw(st.booleans()),
    )
    return items, chosen, students


def same_cell(fast, slow):
    assert (fast.item, fast.state, fast.percent, fast.counted, fast.dropped) == (
        slow.item,
        slow.state,
        slow.percent,
        slow.counted,
        slow.dropped,
    )
    assert (fast.late_days, fast.penalty, fast.raw_percent, fast.overridden, fast.unreleased) == (
        slow.late_days,
        slow.penalty,
        slow.raw_percent,
        slow.overridden,
        slow.unreleased,
    )


def same_grade(fast, slow):
    assert fast.cells.keys() == slow.cells.keys()
    for id in slow.cells:
        same_cell(fast.cells[id], slow.cells[id])
    assert fast.categories.keys() == slow.categories.keys()
    for kind, category in slow.categories.items():
        mine = fast.categories[kind]
        assert (mine.weight, mine.share, mine.earned, mine.possible, mine.percent) == (
            category.weight,
            category.share,
            category.earned,
            category.possible,
            category.percent,
        )
        assert [c.item.id for c in mine.cells] == [c.item.id for c in category.cells]
    assert (fast.readings_done, fast.readings_total, fast.completion) == (
        slow.readings_done,
        slow.readings_total,
        slow.completion,
    )
    assert (fast.raw_percent, fast.percent, fast.letter, fast.gpa) == (
        slow.raw_percent,
        slow.percent,
        slow.letter,
        slow.gpa,
    )


@given(classes(), st.sampled_from([grading.TEACHER, grading.STUDENT]))
def test_one_grader_for_many_students_equals_the_straightforward_computation(data, audience):
    """Every cell, category and final number, for each student graded by one shared Grader."""
    items, chosen, students = data
    grader = grading.Grader(items, policy=chosen, now=NOW, audience=audience)
    for results, excused, overrides in students:
        slow = reference.compute_grade(
            items, results, excused=excused, overrides=overrides, policy=chosen, now=NOW, audience=audience
        )
        same_grade(grader.grade(results, excused=excused, overrides=overrides), slow)
        same_grade(
            grading.compute_grade(
                items,
                results,
                excused=excused,
                overrides=overrides,
                policy=chosen,
                now=NOW,
                audience=audience,
            ),
            slow,
        )
