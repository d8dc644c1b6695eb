"""Properties of the grade computation, over many generated classes of work (hypothesis)."""

import itertools
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.results import NOT_STARTED
from gradebook import grading
from gradebook.grading import compute_grade

from .builders import FUTURE, NOW, PAST, SUBMITTED, item, policy, scored

settings.register_profile("gradebook", max_examples=150, deadline=None)
settings.load_profile("gradebook")

percents = st.decimals(min_value=0, max_value=100, places=2)


@st.composite
def work(draw, min_items=1, max_items=8, kinds=(grading.QUIZ, grading.ESSAY)):
    """(items, results): up to 8 quizzes and essays, each graded, late, submitted, missing or not due."""
    count = draw(st.integers(min_items, max_items))
    items, results = [], {}
    for id in range(1, count + 1):
        new = item(
            id,
            kind=draw(st.sampled_from(kinds)),
            points=draw(st.sampled_from([1, 5, 10, 20, 100])),
            due_at=draw(st.sampled_from([PAST, FUTURE])),
            per_day=draw(st.sampled_from([0, 5, 10, 25])),
            cap=draw(st.sampled_from([0, 20, 50, 100])),
        )
        items.append(new)
        results[id] = draw(
            st.one_of(
                st.builds(scored, percents, st.integers(0, 5), st.booleans()),
                st.just(SUBMITTED),
                st.just(NOT_STARTED),
            )
        )
    return items, results


policies = st.builds(
    policy,
    quiz=st.integers(1, 100),
    essay=st.integers(0, 100),
    drop_quizzes=st.integers(0, 3),
    drop_essays=st.integers(0, 3),
    missing_zero=st.booleans(),
)
audiences = st.sampled_from([grading.TEACHER, grading.STUDENT])


def grade(items, results, **kwargs):
    return compute_grade(items, results, now=NOW, **kwargs)


@given(work(), policies, audiences)
def test_final_percentage_is_between_0_and_100(work, policy, audience):
    """Whatever the work, the final percentage is a percentage."""
    result = grade(*work, policy=policy, audience=audience)
    assert result.percent is None or 0 <= result.percent <= 100


@given(work(), policies, st.integers(2, 10))
def test_weights_are_normalised(work, policy, factor):
    """Multiplying every weight by the same number changes nothing; the shares add up to 1."""
    scaled = replace(policy, weights={kind: weight * factor for kind, weight in policy.weights.items()})
    first, second = grade(*work, policy=policy), grade(*work, policy=scaled)
    assert first.percent == second.percent
    shares = [c.share for c in first.categories.values() if c.counts]
    assert not shares or abs(sum(shares) - 1) < Decimal("1e-20")


@given(work(), policies)
def test_final_lies_between_the_category_percentages(work, policy):
    """A weighted mean never leaves the range of what it averages."""
    result = grade(*work, policy=policy)
    counted = [c.percent for c in result.categories.values() if c.counts]
    if counted:
        assert round_down(min(counted)) <= result.percent <= round_up(max(counted))


def round_down(value):
    return value.quantize(Decimal("0.01"), rounding="ROUND_FLOOR")


def round_up(value):
    return value.quantize(Decimal("0.01"), rounding="ROUND_CEILING")


@given(work(), policies, audiences, st.data())
def test_raising_a_score_never_lowers_the_grade(work, policy, audience, data):
    """Any one graded score raised (with everything else equal) leaves the final grade equal or higher."""
    items, results = work
    graded = [id for id, result in results.items() if result.score is not None]
    if not graded:
        return
    id = data.draw(st.sampled_from(graded))
    old = results[id]
    higher = data.draw(st.decimals(min_value=old.score * 100, max_value=100, places=2))
    raised = {**results, id: replace(old, score=higher / 100)}
    before, after = (
        grade(items, results, policy=policy, audience=audience),
        grade(items, raised, policy=policy, audience=audience),
    )
    if before.raw_percent is not None:
        assert after.raw_percent >= before.raw_percent
        assert after.percent >= before.percent


@given(work(), policies, st.data())
def test_handing_in_missing_work_never_lowers_the_grade(work, policy, data):
    """Where missing work counts as 0, handing it in with any score cannot make the grade worse."""
    items, results = work
    policy = replace(policy, missing_counts_as_zero=True)
    missing = [i.id for i in items if i.due_at == PAST and results[i.id] == NOT_STARTED]
    if not missing:
        return
    id = data.draw(st.sampled_from(missing))
    handed_in = {**results, id: scored(data.draw(percents))}
    before, after = grade(items, results, policy=policy), grade(items, handed_in, policy=policy)
    if before.raw_percent is not None:
        assert after.raw_percent >= before.raw_percent


@given(work(min_items=2), policies, st.data())
def test_excused_work_does_not_count(work, policy, data):
    """Excusing an assignment gives the same grade as if it had never been assigned."""
    items, results = work
    id = data.draw(st.sampled_from([i.id for i in items]))
    excused = grade(items, results, policy=policy, excused={id})
    without = grade([i for i in items if i.id != id], results, policy=policy)
    assert excused.cells[id].state == grading.CellState.EXCUSED
    assert excused.percent == without.percent
    assert excused.raw_percent == without.raw_percent


def best_average(cells, drop):
    """Brute force: the highest earned/possible over every way of dropping `drop` cells (≥ 1 kept)."""
    drop = min(drop, len(cells) - 1)
    return max(
        sum(Fraction(c.earned) for c in kept) / sum(Fraction(c.item.points) for c in kept)
        for kept in itertools.combinations(cells, len(cells) - drop)
    )


@given(work(min_items=1, max_items=7, kinds=(grading.QUIZ,)), st.integers(0, 3))
def test_drop_lowest_drops_the_right_items(work, drop):
    """The kept quizzes have the highest average any choice of `drop` dropped quizzes could give."""
    items, results = work
    result = grade(items, results, policy=policy(drop_quizzes=drop))
    cells = [c for c in result.cells.values() if c.counted or c.dropped]
    if not cells:
        return
    category = result.categories[grading.QUIZ]
    assert sum(1 for c in cells if c.dropped) == min(drop, len(cells) - 1)
    # category.percent is Decimal at 28 significant digits; the brute force is exact.
    assert abs(Fraction(category.percent) / 100 - best_average(cells, drop)) < Fraction(1, 10**20)


@given(st.lists(percents, min_size=2, max_size=6, unique=True))
def test_drop_one_of_equal_points_drops_the_lowest(scores):
    """With equal points, dropping one drops exactly the lowest score."""
    items = [item(id) for id in range(1, len(scores) + 1)]
    results = {id: scored(score) for id, score in zip(range(1, len(scores) + 1), scores, strict=True)}
    result = grade(items, results, policy=policy(drop_quizzes=1))
    dropped = [c for c in result.cells.values() if c.dropped]
    assert [c.raw_percent for c in dropped] == [min(scores)]
