"""The one computation of a student's grade, and of its breakdown. Pure: no database, no clock.

Every place that shows or exports a grade (the gradebook page, the student's page, the exports, the
statistics) calls `compute_grade` on inputs gathered by `gradebook.selectors` — or, for many students of
one class, `Grader(...).grade(...)`, which is what `compute_grade` runs: the parts that depend only on
the class (its items, policy, clock and audience) are worked out once instead of once per student.

How a grade is made, in order:

1. Each quiz or essay gives a cell. Its percentage is the work's score (0–1 share of the points) × 100,
   less the late penalty: `min(late_penalty_per_day × late_days, late_penalty_max)` percent of the
   score (a cap of 0 means no cap), never more than 100 %. The WorkResult's score is taken as the
   score before any late penalty; `late_days` comes with it. A teacher's override replaces the cell's
   percentage and no penalty is applied to it. Excused work, work not yet due, and submitted work not
   yet graded do not count. Missing work (nothing submitted by the due date) counts as 0 if the class
   says so.
2. Work graded but not released counts in the teacher's view (flagged "unreleased") and not at all in the
   student's view, where it shows as "unreleased" and no number.
3. A category (quizzes, essays) is points-weighted: earned points / possible points of its counted cells.
   Drop-lowest removes the N cells whose removal gives the student the highest category percentage
   (with equal points, simply the N lowest percentages); at least one cell always stays.
4. The final percentage is the weighted mean of the categories that have counted cells, with the weights
   normalised over those categories. Readings count for completion only, never for the grade.
5. Rounding: every step is unrounded Decimal arithmetic (28 digits); the final percentage is rounded
   once, at the end, with `round_points` (two decimals, halves up), and the letter is read from that
   rounded number. Cell and category percentages are rounded the same way for display and export only;
   the unrounded values are what the next step uses.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from assessments.results import NOT_STARTED, Status
from kzcourse.decimals import round_points

HUNDRED = Decimal(100)
ZERO = Decimal(0)

READING, QUIZ, ESSAY = "reading", "quiz", "essay"
GRADED_KINDS = (QUIZ, ESSAY)

TEACHER, STUDENT = "teacher", "student"


class CellState:
    """What a cell shows when it is not simply a score."""

    SCORED = "scored"
    MISSING = "missing"
    EXCUSED = "excused"
    UNGRADED = "ungraded"  # submitted, waiting for a grade
    UNRELEASED = "unreleased"  # graded, not yet released to the student (student's view: no number)
    PENDING = "pending"  # not due yet, nothing submitted
    DONE = "done"  # a reading marked read


# The Kazakhstan credit-system scale (PRODUCT.md): (letter, lowest percentage, GPA points), highest first.
DEFAULT_SCALE = (
    ("A", Decimal(95), Decimal("4.0")),
    ("A−", Decimal(90), Decimal("3.67")),
    ("B+", Decimal(85), Decimal("3.33")),
    ("B", Decimal(80), Decimal("3.0")),
    ("B−", Decimal(75), Decimal("2.67")),
    ("C+", Decimal(70), Decimal("2.33")),
    ("C", Decimal(65), Decimal("2.0")),
    ("C−", Decimal(60), Decimal("1.67")),
    ("D+", Decimal(55), Decimal("1.33")),
    ("D", Decimal(50), Decimal("1.0")),
    ("FX", Decimal(25), Decimal("0")),
    ("F", Decimal(0), Decimal("0")),
)


@dataclass(frozen=True)
class Item:
    """An assignment as the computation needs it."""

    id: int
    kind: str
    title: str
    points: Decimal
    due_at: datetime
    late_penalty_per_day: Decimal = ZERO
    late_penalty_max: Decimal = ZERO
    grades_released: bool = True  # essays: the teacher released the assignment's grades
    topic_id: int | None = None
    topic: str = ""


@dataclass(frozen=True)
class Policy:
    """A class's grading settings."""

    weights: dict = field(default_factory=lambda: {QUIZ: Decimal(40), ESSAY: Decimal(60)})
    drop_lowest: dict = field(default_factory=lambda: {QUIZ: 0, ESSAY: 0})
    missing_counts_as_zero: bool = True
    scale: tuple = DEFAULT_SCALE


@dataclass(slots=True)
class Cell:
    item: Item
    state: str
    percent: Decimal | None = None  # after the late penalty; None when there is no number to show
    counted: bool = False
    dropped: bool = False
    late_days: int = 0
    penalty: Decimal = ZERO  # percent of the score taken for lateness
    raw_percent: Decimal | None = None  # before the penalty
    overridden: bool = False
    unreleased: bool = False  # the teacher's view of a graded-but-unreleased score

    @property
    def late(self):
        return self.late_days > 0

    @property
    def earned(self):
        """Points earned (unrounded), or None."""
        return None if self.percent is None else self.item.points * self.percent / HUNDRED

    @property
    def display(self):
        """The cell's rounded percentage, or None: what the page and the exports show."""
        return None if self.percent is None else round_points(self.percent)


@dataclass
class Category:
    kind: str
    weight: Decimal
    share: Decimal = ZERO  # the weight normalised over the categories that count
    earned: Decimal = ZERO
    possible: Decimal = ZERO
    percent: Decimal | None = None
    cells: list = field(default_factory=list)

    @property
    def counts(self):
        return self.percent is not None and self.weight > 0

    @property
    def display(self):
        return None if self.percent is None else round_points(self.percent)

    @property
    def contribution(self):
        """Percentage points this category adds to the final grade (unrounded)."""
        return self.share * self.percent if self.counts else ZERO


@dataclass
class Grade:
    """A student's grade and how it was made."""

    cells: dict  # item id -> Cell
    categories: dict  # kind -> Category
    readings_done: int
    readings_total: int
    raw_percent: Decimal | None
    percent: Decimal | None  # rounded once, here
    letter: str | None
    gpa: Decimal | None

    @property
    def completion(self):
        """Share (0–100, rounded) of the non-excused work the student has handed in or read."""
        due = [c for c in self.cells.values() if c.state != CellState.EXCUSED]
        if not due:
            return None
        done = [
            c
            for c in due
            if c.state in (CellState.SCORED, CellState.UNGRADED, CellState.UNRELEASED, CellState.DONE)
        ]
        return round_points(Decimal(len(done)) * HUNDRED / len(due))


def late_penalty(item, late_days):
    """Percent of the score taken for `late_days` days late: per day, up to the cap, at most 100.

    A cap of 0 means no cap (as in assessments.essays.services.late_penalty_percent).
    """
    if late_days <= 0:
        return ZERO
    return min(item.late_penalty_per_day * late_days, item.late_penalty_max or HUNDRED, HUNDRED)


def by_lowest_descending(scale):
    return sorted(scale, key=lambda band: band[1], reverse=True)


def letter_for(percent, scale=DEFAULT_SCALE, *, ordered=False):
    """(letter, GPA) of the highest band whose lowest percentage the (rounded) percent reaches.

    `ordered`: the scale is already sorted highest band first (Grader sorts it once per class).
    """
    if percent is None:
        return None, None
    for letter, lowest, gpa in scale if ordered else by_lowest_descending(scale):
        if percent >= lowest:
            return letter, gpa
    return None, None


RELEASED_OR_GRADED = frozenset((Status.GRADED, Status.RELEASED))
HANDED_IN = frozenset((Status.SUBMITTED, Status.GRADED, Status.RELEASED))


class Grader:
    """`compute_grade` for one class's items, policy, clock and audience, for any number of students.

    What depends only on those (each item's kind, whether it is past due or hidden from the student,
    its late penalty for a number of days, the sorted letter scale) is worked out here once; `grade`
    does the rest per student. The arithmetic is the module's rules, step by step, in Decimal.
    """

    def __init__(self, items, *, policy=None, now, audience=TEACHER):
        self.items = list(items)
        self.policy = policy or Policy()
        self.now = now
        self.audience = audience
        self.student = audience == STUDENT
        self.scale = by_lowest_descending(self.policy.scale)
        self.weights = {kind: Decimal(self.policy.weights.get(kind, ZERO)) for kind in GRADED_KINDS}
        self.drop = {kind: self.policy.drop_lowest.get(kind, 0) for kind in GRADED_KINDS}
        self.penalties = {}  # (item id, late days) -> percent taken
        # Per item, in order: what grade() reads of it on every student.
        self.plan = [(item, item.id, item.kind, item.points > 0) for item in self.items]

    def penalty(self, item, late_days):
        key = (item.id, late_days)
        found = self.penalties.get(key)
        if found is None:
            found = self.penalties[key] = late_penalty(item, late_days)
        return found

    def cell(self, item, result, excused=False, override=None):
        """One student's cell for one assignment (rule 1 and 2 of the module's docstring)."""
        if excused:
            return Cell(item, CellState.EXCUSED)
        kind = item.kind
        status = result.status
        score = result.score
        # What the student may not see yet: an essay before its grades are released, or any score the
        # work's own rules still hide (a quiz before its review). An override of it stays hidden too.
        hidden = self.student and (
            (kind == ESSAY and not item.grades_released) or (score is not None and not result.released)
        )
        if override is not None and kind in GRADED_KINDS:
            if hidden:
                return Cell(item, CellState.UNRELEASED)
            return Cell(
                item, CellState.SCORED, percent=override, raw_percent=override, counted=True, overridden=True
            )
        if kind == READING:
            if status in HANDED_IN:
                return Cell(item, CellState.DONE)
            return Cell(item, CellState.MISSING if self.now > item.due_at else CellState.PENDING)
        if score is not None and status in RELEASED_OR_GRADED:
            if self.student and not result.released:
                return Cell(item, CellState.UNRELEASED, late_days=result.late_days)
            raw = score * HUNDRED
            late_days = result.late_days
            penalty = self.penalty(item, late_days) if late_days > 0 else ZERO
            return Cell(
                item,
                CellState.SCORED,
                raw * (HUNDRED - penalty) / HUNDRED,
                True,
                False,
                late_days,
                penalty,
                raw,
                False,
                not result.released,
            )
        if status in HANDED_IN:
            return Cell(item, CellState.UNGRADED, late_days=result.late_days)
        if self.now <= item.due_at:
            return Cell(item, CellState.PENDING)
        if self.policy.missing_counts_as_zero:
            return Cell(item, CellState.MISSING, percent=ZERO, raw_percent=ZERO, counted=True)
        return Cell(item, CellState.MISSING)

    def grade(self, results, *, excused=frozenset(), overrides=None):
        """The Grade of one student: `results` {item id: WorkResult} (absent: not started)."""
        overrides = overrides or {}
        cells = {}
        by_kind = {QUIZ: [], ESSAY: []}
        counted_by_kind = {QUIZ: [], ESSAY: []}
        readings_done = readings_total = 0
        cell_for = self.cell
        for item, item_id, kind, has_points in self.plan:
            result = results.get(item_id, NOT_STARTED)
            cell = cell_for(item, result, item_id in excused, overrides.get(item_id))
            cells[item_id] = cell
            if kind == READING:
                if cell.state != CellState.EXCUSED:
                    readings_total += 1
                    readings_done += cell.state == CellState.DONE
            elif kind in by_kind:
                by_kind[kind].append(cell)
                if has_points and cell.counted:
                    counted_by_kind[kind].append(cell)
        categories = {}
        total_weight = 0
        for kind in GRADED_KINDS:
            category = Category(kind, self.weights[kind])
            category.cells = by_kind[kind]
            counted = counted_by_kind[kind]
            if self.drop[kind] and counted:
                for cell in choose_dropped(counted, self.drop[kind]):
                    cell.dropped = True
                    cell.counted = False
                    counted.remove(cell)
            if counted:
                category.earned = sum(c.item.points * c.percent / HUNDRED for c in counted)
                category.possible = sum(c.item.points for c in counted)
                category.percent = category.earned * HUNDRED / category.possible
                if category.weight > 0:
                    total_weight += category.weight
            categories[kind] = category
        raw = None
        if total_weight > 0:
            for category in categories.values():
                if category.counts:
                    category.share = category.weight / total_weight
            raw = sum(c.contribution for c in categories.values())
        percent = None if raw is None else round_points(raw)
        letter, gpa = letter_for(percent, self.scale, ordered=True)
        return Grade(
            cells=cells,
            categories=categories,
            readings_done=readings_done,
            readings_total=readings_total,
            raw_percent=raw,
            percent=percent,
            letter=letter,
            gpa=gpa,
        )


def grade_cell(item, result, *, excused=False, override=None, now, audience=TEACHER, policy=None):
    """One student's cell for one assignment."""
    return Grader([item], policy=policy, now=now, audience=audience).cell(
        item, result, excused=excused, override=override
    )


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
    For many students of one class, make one `Grader` and call its `grade` for each.
    """
    return Grader(items, policy=policy, now=now, audience=audience).grade(
        results, excused=excused, overrides=overrides
    )
