"""Class statistics, computed from the students' Grades (grading.compute_grade), never from raw work.

Pure: every number is taken from cells as the page shows them (rounded), so statistics, page and exports
agree. Percentages are rounded with round_points. Distributions and averages are of graded work (cells in
the "scored" state, so a missing zero is not a score); missing work shows in the completion rates.
"""

from dataclasses import dataclass
from decimal import Decimal

from kzcourse.decimals import round_points

from .grading import GRADED_KINDS, CellState

BINS = 10
DONE_STATES = (CellState.SCORED, CellState.UNGRADED, CellState.UNRELEASED, CellState.DONE)


def mean(values):
    values = list(values)
    return round_points(sum(values) / len(values)) if values else None


def bin_of(percent):
    """0–9.99 → 0, …, 90–100 → 9."""
    return min(int(percent // 10), BINS - 1)


@dataclass
class ItemStats:
    item: object
    distribution: list  # counts per 10 % band, 0–10 … 90–100
    average: Decimal | None
    completion: Decimal | None  # % of the students not excused who handed it in (or read it)
    expected: int
    done: int


def item_stats(grades, items):
    """Per assignment: the distribution of scores, their average, and the completion rate."""
    stats = []
    for item in items:
        cells = [g.cells[item.id] for g in grades if item.id in g.cells]
        scores = [c.display for c in cells if c.state == CellState.SCORED]
        distribution = [0] * BINS
        for score in scores:
            distribution[bin_of(score)] += 1
        expected = [c for c in cells if c.state != CellState.EXCUSED]
        done = [c for c in expected if c.state in DONE_STATES]
        stats.append(
            ItemStats(
                item=item,
                distribution=distribution,
                average=mean(scores),
                completion=round_points(Decimal(len(done)) * 100 / len(expected)) if expected else None,
                expected=len(expected),
                done=len(done),
            )
        )
    return stats


@dataclass
class TopicStats:
    topic: str
    average: Decimal | None
    scores: int


def topic_averages(grades, items):
    """Per topic (lesson): the mean of the graded quiz and essay scores in it."""
    topics = {}
    for item in items:
        if item.kind in GRADED_KINDS:
            topics.setdefault((item.topic_id, item.topic), []).append(item)
    result = []
    for (_topic_id, topic), topic_items in topics.items():
        scores = [
            g.cells[item.id].display
            for g in grades
            for item in topic_items
            if item.id in g.cells and g.cells[item.id].state == CellState.SCORED
        ]
        result.append(TopicStats(topic=topic, average=mean(scores), scores=len(scores)))
    return result


def below(rows, threshold=Decimal(50)):
    """Rows (anything with .grade) whose final percentage is under `threshold`."""
    return [row for row in rows if row.grade.percent is not None and row.grade.percent < threshold]
