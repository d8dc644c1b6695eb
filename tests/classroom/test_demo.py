"""The demo class's assignments: all five lessons, the quizzes and the final exam, several essays."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments.demo import ESSAYS, TOPICS
from assessments.models import Assignment
from lessons.models import ReadingProgress
from tests.factories import EssayPromptFactory, LessonFactory, QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def assignments_only(monkeypatch):
    """Only this part: the quiz and essay parts (attempts, essays) have their own tests and take long."""
    monkeypatch.setattr("assessments.demo.WORK_PARTS", ())


@pytest.fixture
def course():
    """The slugs of the real course, made with factories (the tests do not load the fixtures)."""
    for topic in TOPICS:
        lesson = LessonFactory(slug=topic)
        QuizFactory(
            slug=f"{topic}-quiz", lesson=lesson, questions=[QuestionFactory(lesson=lesson) for _ in range(3)]
        )
        if topic in ESSAYS:
            EssayPromptFactory(slug=ESSAYS[topic], lesson=lesson)
    QuizFactory(slug="final-exam", lesson=None, questions=[QuestionFactory() for _ in range(3)])


def test_without_the_course_the_demo_assigns_nothing_and_does_not_fail():
    call_command("seed_demo", "--force")
    assert not Assignment.objects.exists()


def test_assigns_every_lesson_quiz_the_final_exam_and_the_essays(course):
    call_command("seed_demo", "--force")
    kinds = list(Assignment.objects.values_list("kind", flat=True))
    assert (kinds.count("reading"), kinds.count("quiz"), kinds.count("essay")) == (5, 6, len(ESSAYS))


def test_dates_are_past_current_and_future(course):
    call_command("seed_demo", "--force")
    now = timezone.now()
    assignments = Assignment.objects.all()
    assert any(a.due_at < now for a in assignments)
    assert any(a.opens_at <= now < a.due_at for a in assignments)
    assert any(a.opens_at > now for a in assignments)


def test_students_have_read_different_amounts(course):
    call_command("seed_demo", "--force")
    per_student = {}
    for user_id in ReadingProgress.objects.values_list("user_id", flat=True):
        per_student[user_id] = per_student.get(user_id, 0) + 1
    assert len(set(per_student.values())) > 1


def test_a_second_run_changes_nothing(course):
    call_command("seed_demo", "--force")
    before = (
        list(Assignment.objects.order_by("pk").values_list("pk", "opens_at", "due_at")),
        list(ReadingProgress.objects.order_by("pk").values_list("pk", "read_at")),
    )
    call_command("seed_demo", "--force")
    after = (
        list(Assignment.objects.order_by("pk").values_list("pk", "opens_at", "due_at")),
        list(ReadingProgress.objects.order_by("pk").values_list("pk", "read_at")),
    )
    assert after == before


def test_the_quiz_and_essay_parts_run_after_the_assignments(course, monkeypatch):
    seen = []
    monkeypatch.setattr("assessments.demo.WORK_PARTS", ("tests.classroom.demo_spy",))
    monkeypatch.setattr("tests.classroom.demo_spy.CALLS", seen)
    call_command("seed_demo", "--force")
    assert seen == [Assignment.objects.count()]
