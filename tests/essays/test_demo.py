"""The essay part of the demo data: every state present, and a second run changes nothing."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from assessments.essays import demo as essay_demo
from assessments.models import Essay, EssayGrade, GradeChange
from tests.factories import AssignmentFactory, ClassroomFactory, EssayPromptFactory, student_of, teacher_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def context():
    now = timezone.now()
    classroom = ClassroomFactory()
    prompt = EssayPromptFactory(min_words=150, max_words=400)
    for opens, due, late in ((-30, -20, -17), (-14, -4, -1), (-6, 4, 7), (2, 12, 15)):
        AssignmentFactory(
            classroom=classroom,
            kind="essay",
            essay_prompt=prompt,
            opens_at=now + timedelta(days=opens),
            due_at=now + timedelta(days=due),
            late_until=now + timedelta(days=late),
        )
    return SimpleNamespace(
        now=now,
        classroom=classroom,
        teachers=[teacher_of(classroom)],
        students=[student_of(classroom, user__username=f"student{i}") for i in range(1, 26)],
    )


def test_demo_has_drafts_submissions_late_graded_returned_and_released(context):
    """Each state of an essay appears somewhere in the demo class."""
    essay_demo.seed(context)
    essays = Essay.objects.all()
    assert essays.filter(state=Essay.State.DRAFT).exists()
    assert essays.filter(state=Essay.State.SUBMITTED, is_late=True).exists()
    assert essays.filter(state=Essay.State.RETURNED).exists()
    assert essays.filter(grade__is_complete=True, assignment__grades_released_at__isnull=False).exists()
    assert essays.filter(grade__is_complete=True, assignment__grades_released_at__isnull=True).exists()
    assert essays.filter(overlap__share__gt=0).exists()


def test_demo_twice_changes_nothing(context):
    """A second run adds no essay, grade or history."""
    essay_demo.seed(context)
    counts = (Essay.objects.count(), EssayGrade.objects.count(), GradeChange.objects.count())
    essay_demo.seed(context)
    assert (Essay.objects.count(), EssayGrade.objects.count(), GradeChange.objects.count()) == counts
