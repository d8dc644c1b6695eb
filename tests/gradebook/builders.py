"""Small builders for grading inputs: items and work results made by hand, no database."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from assessments.results import Status, WorkResult
from gradebook import grading

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
PAST = NOW - timedelta(days=3)
FUTURE = NOW + timedelta(days=3)


def item(id, kind=grading.QUIZ, points=100, due_at=PAST, per_day=0, cap=0, released=True, topic_id=None):
    return grading.Item(
        id=id,
        kind=kind,
        title=f"{kind} {id}",
        points=Decimal(points),
        due_at=due_at,
        late_penalty_per_day=Decimal(per_day),
        late_penalty_max=Decimal(cap),
        grades_released=released,
        topic_id=topic_id,
        topic=f"Topic {topic_id}" if topic_id else "",
    )


def scored(score, late_days=0, released=True):
    """A graded result: `score` is a percentage (0–100) for readability."""
    return WorkResult(
        Status.RELEASED if released else Status.GRADED,
        score=Decimal(score) / 100,
        submitted_at=PAST,
        released=released,
        late_days=late_days,
    )


SUBMITTED = WorkResult(Status.SUBMITTED, submitted_at=PAST)
READ = WorkResult(Status.RELEASED, score=Decimal(1), submitted_at=PAST, released=True)


def policy(quiz=40, essay=60, drop_quizzes=0, drop_essays=0, missing_zero=True, scale=grading.DEFAULT_SCALE):
    return grading.Policy(
        weights={grading.QUIZ: Decimal(quiz), grading.ESSAY: Decimal(essay)},
        drop_lowest={grading.QUIZ: drop_quizzes, grading.ESSAY: drop_essays},
        missing_counts_as_zero=missing_zero,
        scale=scale,
    )
