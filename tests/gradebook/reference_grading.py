"""The grade computation as first written, step by step: the reference the fast Grader must equal.

Kept verbatim from gradebook.grading before it was made faster (commit 677ab40), using its data types.
"""

from decimal import Decimal
from fractions import Fraction

from assessments.results import Status, WorkResult
from gradebook.grading import (
    DEFAULT_SCALE,
    ESSAY,
    GRADED_KINDS,
    HUNDRED,
    READING,
    STUDENT,
    TEACHER,
    ZERO,
    Category,
    Cell,
    CellState,
    Grade,
    Policy,
)
from kzcourse.decimals import round_points


def late_penalty(item, late_days):
    """Percent of the score taken for `late_days` days late: per day, up to the cap, at most 100.

    A cap of 0 means no cap (as in assessments.essays.services.late_penalty_percent).
    """
    if late_days <= 0:
        return ZERO
    return min(item.late_penalty_per_day * late_days, item.late_penalty_max or HUNDRED, HUNDRED)


def letter_for(percent, scale=DEFAULT_SCALE):
    """(letter, GPA) of the highest band whose lowest percentage the (rounded) percent reaches."""
    if percent is None:
        return None, None
    for letter, lowest, gpa in sorted(scale, key=lambda band: band[1], reverse=True):
        if percent >= lowest:
            return letter, gpa
    return None, None


def grade_cell(item, result, *, excused=False, override=None, now, audience=TEACHER, policy=None):
    """One student's cell for one assignment."""
    policy = policy or Policy()
    if excused:
        return Cell(item, CellState.EXCUSED)
    # What the student may not see yet: an essay before its grades are released, or any score the
    # work's own rules still hide (a quiz before its review). An override of it stays hidden too.
    hidden = audience == STUDENT and (
        (item.kind == ESSAY and not item.grades_released)
        or (result.score is not None and not result.released)
    )
    if override is not None and item.kind in GRADED_KINDS:
        if hidden:
            return Cell(item, CellState.UNRELEASED)
        return Cell(
            item, CellState.SCORED, percent=override, raw_percent=override, counted=True, overridden=True
        )
    if item.kind == READING:
        if result.status in (Status.RELEASED, Status.GRADED, Status.SUBMITTED):
            return Cell(item, CellState.DONE)
        return Cell(item, CellState.MISSING if now > item.due_at else CellState.PENDING)
    has_score = result.status in (Status.GRADED, Status.RELEASED) and result.score is not None
    if has_score:
        if audience == STUDENT and not result.released:
            return Cell(item, CellState.UNRELEASED, late_days=result.late_days)
        raw = result.score * HUNDRED
        penalty = late_penalty(item, result.late_days)
        return Cell(
            item,
            CellState.SCORED,
            percent=raw * (HUNDRED - penalty) / HUNDRED,
            raw_percent=raw,
            counted=True,
            late_days=result.late_days,
            penalty=penalty,
            unreleased=not result.released,
        )
    if result.status in (Status.SUBMITTED, Status.GRADED, Status.RELEASED):
        return Cell(item, CellState.UNGRADED, late_days=result.late_days)
    if now <= item.due_at:
        return Cell(item, CellState.PENDING)
    if policy.missing_counts_as_zero:
        return Cell(item, CellState.MISSING, percent=ZERO, raw_percent=ZERO, counted=True)
    return Cell(item, CellState.MISSING)


def choose_dropped(cells, count):
    """The cells to drop so that earned/possible of the rest is highest; at least one cell stays.

    Dinkelbach's method: keep the cells with the largest earned − q × possible for the current
    average q, recompute q from them, until the average stops rising. Exact (in fractions), and the
    optimum it finds is the maximum over all choices (so raising a score can never lower it).
    """
    count = min(count, len(cells) - 1)
    if count <= 0:
        return []
    earned = {c.item.id: Fraction(c.earned) for c in cells}
    possible = {c.item.id: Fraction(c.item.points) for c in cells}

    def average(chosen):
        return sum(earned[c.item.id] for c in chosen) / sum(possible[c.item.id] for c in chosen)

    q = average(cells)
    while True:
        order = sorted(
            cells, key=lambda c: (earned[c.item.id] - q * possible[c.item.id], c.item.due_at, c.item.id)
        )
        dropped, kept = order[:count], order[count:]
        new_q = average(kept)
        if new_q <= q:
            return dropped
        q = new_q


def compute_grade(items, results, *, excused=frozenset(), overrides=None, policy=None, now, audience=TEACHER):
    """A student's Grade from the class's items, their {item id: WorkResult}, excusals and overrides.

    `audience` is TEACHER (graded-but-unreleased work counts, flagged) or STUDENT (it does not).
    """
    policy = policy or Policy()
    overrides = overrides or {}
    cells = {}
    for item in items:
        cells[item.id] = grade_cell(
            item,
            results.get(item.id, WorkResult(Status.NOT_STARTED)),
            excused=item.id in excused,
            override=overrides.get(item.id),
            now=now,
            audience=audience,
            policy=policy,
        )
    categories = {}
    for kind in GRADED_KINDS:
        category = Category(kind, Decimal(policy.weights.get(kind, ZERO)))
        category.cells = [c for c in cells.values() if c.item.kind == kind]
        counted = [c for c in category.cells if c.counted and c.item.points > 0]
        for cell in choose_dropped(counted, policy.drop_lowest.get(kind, 0)):
            cell.dropped = True
            cell.counted = False
            counted.remove(cell)
        if counted:
            category.earned = sum(c.earned for c in counted)
            category.possible = sum(c.item.points for c in counted)
            category.percent = category.earned * HUNDRED / category.possible
        categories[kind] = category
    total_weight = sum(c.weight for c in categories.values() if c.counts)
    raw = None
    if total_weight > 0:
        for category in categories.values():
            if category.counts:
                category.share = category.weight / total_weight
        raw = sum(c.contribution for c in categories.values())
    percent = None if raw is None else round_points(raw)
    letter, gpa = letter_for(percent, policy.scale)
    readings = [c for c in cells.values() if c.item.kind == READING and c.state != CellState.EXCUSED]
    return Grade(
        cells=cells,
        categories=categories,
        readings_done=sum(1 for c in readings if c.state == CellState.DONE),
        readings_total=len(readings),
        raw_percent=raw,
        percent=percent,
        letter=letter,
        gpa=gpa,
    )
