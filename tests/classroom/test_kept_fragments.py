"""Fragments kept rendered in the cache (classroom.fragments) never show a student stale work.

Each test loads the page once (so its fragment is kept), changes something through the service that
changes it, and asserts that the very next request shows the change.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from assessments import services as assignment_services
from assessments.dashboard import todo_panel
from assessments.essays import services as essay_services
from assessments.models import Essay, RubricCriterion
from assessments.quizzes import services as quiz_services
from classroom import fragments
from classroom import services as classroom_services
from classroom.selectors import classes_by_role
from lessons import services as lesson_services
from lessons.models import Paragraph, ReadingProgress
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    LessonFactory,
    ParagraphFactory,
    QuestionFactory,
    QuizFactory,
    student_of,
    teacher_of,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("classroom:dashboard")


def statuses(client):
    """{assignment title: status} as the student's dashboard shows them."""
    html = client.get(DASHBOARD).content.decode()
    items = re.findall(r'data-status="(\w+)">.*?<a class="fw-semibold"[^>]*>([^<]+)</a>', html, re.S)
    return {title: status for status, title in items}


@pytest.fixture
def classroom():
    return ClassroomFactory(name="History 9A")


@pytest.fixture
def student(classroom):
    return student_of(classroom)


@pytest.fixture
def teacher(classroom):
    return teacher_of(classroom)


@pytest.fixture
def reader(client, student):
    client.force_login(student)
    return client


def session_queries():
    """One query for the session from the database; none when Redis keeps it (cached_db, CI's second run)."""
    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1


def essay_assignment(classroom, **fields):
    return AssignmentFactory(classroom=classroom, kind="essay", title="Alash essay", min_words=1, **fields)


class TestDashboard:
    def test_the_second_request_is_served_from_the_cache(self, reader, classroom, django_assert_num_queries):
        AssignmentFactory(classroom=classroom, kind="reading", title="Reading 1")
        reader.get(DASHBOARD)
        # (session), user, memberships, permission, fingerprint
        with django_assert_num_queries(session_queries() + 4):
            assert statuses(reader) == {"Reading 1": "not_started"}

    def test_a_lesson_marked_read_shows_at_once(self, reader, classroom, student):
        assignment = AssignmentFactory(classroom=classroom, kind="reading", title="Reading 1")
        assert statuses(reader) == {"Reading 1": "not_started"}
        lesson_services.reading_mark(user=student, lesson=assignment.lesson)
        assert statuses(reader) == {"Reading 1": "released"}
        lesson_services.reading_mark(user=student, lesson=assignment.lesson, read=False)
        assert statuses(reader) == {"Reading 1": "not_started"}

    def test_a_reading_deleted_in_the_admin_shows_at_once(self, reader, classroom, student):
        assignment = AssignmentFactory(classroom=classroom, kind="reading", title="Reading 1")
        lesson_services.reading_mark(user=student, lesson=assignment.lesson)
        assert statuses(reader) == {"Reading 1": "released"}
        progress_admin = admin.site._registry[ReadingProgress]
        progress_admin.delete_queryset(RequestFactory().post("/"), ReadingProgress.objects.all())
        assert statuses(reader) == {"Reading 1": "not_started"}

    def test_an_essay_draft_and_its_submission_show_at_once(self, reader, classroom, student):
        assignment = essay_assignment(classroom)
        assert statuses(reader) == {"Alash essay": "not_started"}
        essay_services.essay_autosave(assignment=assignment, student=student, text="Alash Orda", revision=1)
        assert statuses(reader) == {"Alash essay": "in_progress"}
        essay_services.essay_submit(assignment=assignment, student=student, with_classmates=False)
        assert statuses(reader) == {"Alash essay": "submitted"}

    def test_a_returned_essay_shows_at_once(self, reader, classroom, student, teacher):
        assignment = essay_assignment(classroom)
        essay_services.essay_autosave(assignment=assignment, student=student, text="Alash Orda", revision=1)
        essay = essay_services.essay_submit(assignment=assignment, student=student, with_classmates=False)
        assert statuses(reader) == {"Alash essay": "submitted"}
        essay_services.essay_return(essay=essay, teacher=teacher, notify_student=False)
        assert statuses(reader) == {"Alash essay": "in_progress"}

    def test_a_grade_released_and_a_grade_given_after_the_release_show_at_once(
        self, reader, classroom, student, teacher
    ):
        assignment = essay_assignment(classroom)
        other = student_of(classroom)
        essays = {}
        for who in (student, other):
            essay_services.essay_autosave(assignment=assignment, student=who, text="Alash Orda", revision=1)
            essays[who] = essay_services.essay_submit(
                assignment=assignment, student=who, with_classmates=False
            )
        levels = {criterion.pk: criterion.levels.first().pk for criterion in RubricCriterion.objects.all()}
        essay_services.essay_grade(
            essay=essays[other], teacher=teacher, version=0, levels=levels, complete=True
        )
        assert statuses(reader) == {"Alash essay": "submitted"}
        essay_services.essay_grades_release(assignment=assignment, teacher=teacher)
        assert statuses(reader) == {"Alash essay": "submitted"}  # not graded yet
        essay_services.essay_grade(
            essay=essays[student], teacher=teacher, version=0, levels=levels, complete=True
        )
        assert statuses(reader) == {"Alash essay": "released"}

    def test_a_quiz_attempt_started_and_submitted_shows_at_once(self, reader, classroom, student):
        quiz = QuizFactory(questions=[QuestionFactory()])
        assignment = AssignmentFactory(
            classroom=classroom, quiz=quiz, title="Quiz 1", review_policy="immediately"
        )
        assert statuses(reader) == {"Quiz 1": "not_started"}
        attempt = quiz_services.attempt_start(assignment=assignment, student=student)
        assert statuses(reader) == {"Quiz 1": "in_progress"}
        quiz_services.attempt_submit(attempt=attempt)
        assert statuses(reader) == {"Quiz 1": "released"}

    def test_assignments_created_renamed_archived_and_deleted_show_at_once(self, reader, classroom, teacher):
        assert statuses(reader) == {}
        assignment = assignment_services.assignment_create(
            classroom=classroom,
            kind="reading",
            created_by=teacher,
            lesson=LessonFactory(),
            title="Reading 1",
            opens_at=timezone.now() - timedelta(days=1),
            due_at=timezone.now() + timedelta(days=3),
        )
        assert statuses(reader) == {"Reading 1": "not_started"}
        assignment = assignment_services.assignment_update(assignment=assignment, title="Reading one")
        assert statuses(reader) == {"Reading one": "not_started"}
        assignment_services.assignment_set_archived(assignment=assignment, archived=True)
        assert statuses(reader) == {}
        assignment_services.assignment_set_archived(assignment=assignment, archived=False)
        assert statuses(reader) == {"Reading one": "not_started"}
        assignment_services.assignment_delete(assignment=assignment)
        assert statuses(reader) == {}

    def test_a_renamed_class_and_a_removal_show_at_once(self, reader, classroom, student, teacher):
        AssignmentFactory(classroom=classroom, kind="reading", title="Reading 1")
        assert "History 9A" in reader.get(DASHBOARD).content.decode()
        classroom_services.classroom_update(classroom=classroom, name="History 9B")
        assert "History 9B" in reader.get(DASHBOARD).content.decode()
        membership = classroom.memberships.get(user=student)
        classroom_services.student_remove(membership=membership, actor=teacher)
        assert statuses(reader) == {}


class TestTimePassing:
    """Nothing is saved, yet the list changes: a kept panel expires at the next instant that matters."""

    def panel(self, student, now):
        _, studying = classes_by_role(student)
        return todo_panel(student, studying, now)

    def test_an_item_becomes_due_soon_then_overdue(self, classroom, student):
        now = timezone.now()
        AssignmentFactory(classroom=classroom, kind="reading", due_at=now + timedelta(days=8))
        assert 'data-group="later"' in self.panel(student, now)
        html = self.panel(student, now + timedelta(days=2))
        assert re.search(r'data-group="soon".*?data-status', html, re.S)
        html = self.panel(student, now + timedelta(days=9))
        assert re.search(r'data-group="overdue".*?data-status', html, re.S)

    def test_an_assignment_shows_once_it_opens(self, classroom, student):
        now = timezone.now()
        AssignmentFactory(
            classroom=classroom, kind="reading", title="Later reading", opens_at=now + timedelta(hours=1)
        )
        assert "Later reading" not in self.panel(student, now)
        assert "Later reading" in self.panel(student, now + timedelta(hours=2))


class TestLessonPage:
    @pytest.fixture
    def lesson(self):
        lesson = LessonFactory()
        ParagraphFactory(lesson=lesson, text="The steppe in 1917.")
        return lesson

    def test_a_paragraph_edited_in_the_admin_shows_at_once(self, reader, lesson):
        assert "The steppe in 1917." in reader.get(lesson.get_absolute_url()).content.decode()
        paragraph = lesson.paragraphs.get()
        paragraph.text = "The steppe in 1918."
        admin.site._registry[Paragraph].save_model(RequestFactory().post("/"), paragraph, None, True)
        assert "The steppe in 1918." in reader.get(lesson.get_absolute_url()).content.decode()

    def test_the_reading_state_is_never_kept(self, reader, lesson, student):
        assert 'name="read" value="1"' in reader.get(lesson.get_absolute_url()).content.decode()
        lesson_services.reading_mark(user=student, lesson=lesson)
        assert 'name="read" value="0"' in reader.get(lesson.get_absolute_url()).content.decode()

    def test_the_second_request_is_served_from_the_cache(self, reader, lesson, django_assert_num_queries):
        reader.get(lesson.get_absolute_url())
        # (session), user, the lesson with its reading state, navbar roles
        with django_assert_num_queries(session_queries() + 3):
            reader.get(lesson.get_absolute_url())


class TestEssayPage:
    def test_instructions_changed_by_the_teacher_show_at_once(self, reader, classroom):
        assignment = essay_assignment(classroom, instructions="Use two sources.")
        url = reverse("assessments:essays:write", args=[assignment.pk])
        assert "Use two sources." in reader.get(url).content.decode()
        assignment_services.assignment_update(assignment=assignment, instructions="Use three sources.")
        assert "Use three sources." in reader.get(url).content.decode()

    def test_a_rubric_level_edited_in_the_admin_shows_at_once(self, reader, classroom):
        assignment = essay_assignment(classroom)
        url = reverse("assessments:essays:write", args=[assignment.pk])
        level = assignment.essay_prompt.criteria.first().levels.first()
        assert level.descriptor in reader.get(url).content.decode()
        level.descriptor = "Names no cause at all"
        admin.site._registry[type(level)].save_model(RequestFactory().post("/"), level, None, True)
        assert "Names no cause at all" in reader.get(url).content.decode()

    def test_the_saved_text_is_never_kept(self, reader, classroom, student):
        assignment = essay_assignment(classroom)
        url = reverse("assessments:essays:write", args=[assignment.pk])
        reader.get(url)
        essay_services.essay_autosave(assignment=assignment, student=student, text="Alash Orda", revision=1)
        assert "Alash Orda" in reader.get(url).content.decode()
        assert Essay.objects.get().text == "Alash Orda"


def test_without_a_shared_cache_no_fragment_is_kept(settings):
    """Local memory is one gunicorn worker's own: a save through another would not reach it; keep nothing."""
    settings.KEEP_FRAGMENTS = False
    key = fragments.fragment_key("probe", 1)
    fragments.put(key, "<p>kept</p>")
    assert fragments.get(key) is None
    settings.KEEP_FRAGMENTS = True
    fragments.put(key, "<p>kept</p>")
    assert fragments.get(key) == "<p>kept</p>"
