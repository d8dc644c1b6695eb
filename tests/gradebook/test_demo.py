"""The gradebook part of the demo data."""

import random
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from classroom.management.commands.seed_demo import DemoContext
from gradebook import demo as gradebook_demo
from gradebook.models import CellOverride, CellOverrideChange, Excusal, GradebookSettings
from tests.factories import AssignmentFactory, ClassroomFactory, student_of, teacher_of

pytestmark = pytest.mark.django_db


def counts():
    return tuple(
        model.objects.count() for model in (GradebookSettings, Excusal, CellOverride, CellOverrideChange)
    )


def test_seed_demo_sets_up_the_gradebook():
    """The demo class has gradebook settings (drop the lowest quiz), and the seed is repeatable."""
    call_command("seed_demo", "--force")
    settings = GradebookSettings.objects.get()
    assert settings.drop_lowest_quizzes == 1
    first = counts()
    call_command("seed_demo", "--force")
    assert counts() == first


def test_demo_excuses_two_and_overrides_one_with_history():
    """With past-due work in the demo class: two excusals, one override with two history lines; run twice."""
    classroom = ClassroomFactory()
    now = timezone.now()
    context = DemoContext(now=now, rng=random.Random(1), stdout=None, classroom=classroom)
    context.teachers = [teacher_of(classroom)]
    context.students = [student_of(classroom) for _ in range(12)]
    dates = {"opens_at": now - timedelta(days=9), "due_at": now - timedelta(days=2)}
    for kind in ("quiz", "essay"):
        AssignmentFactory(classroom=classroom, kind=kind, **dates)
    gradebook_demo.seed(context)
    gradebook_demo.seed(context)
    assert Excusal.objects.count() == 2
    assert CellOverride.objects.get().percent == 85
    assert CellOverrideChange.objects.count() == 2
