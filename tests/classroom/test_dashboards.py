"""The dashboards: the student's to-do list and the teacher's overview of their classes."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.results import NOT_STARTED, Status, WorkResult
from assessments.selectors import TodoItem, student_todo, teacher_overview, todo_group
from lessons.models import ReadingProgress
from tests.classroom.helpers import queries_of
from tests.factories import AssignmentFactory, ClassroomFactory, student_of, teacher_of

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def due(delta):
    return AssignmentFactory.build(due_at=NOW + delta, opens_at=NOW - timedelta(days=10))


class TestTodoGroups:
    @pytest.mark.parametrize(
        ("delta", "group"),
        [
            (-timedelta(seconds=1), "overdue"),
            (timedelta(0), "soon"),
            (timedelta(days=7), "soon"),
            (timedelta(days=7, seconds=1), "later"),
        ],
    )
    def test_the_due_instant_decides_the_group_at_the_boundaries(self, delta, group):
        assert todo_group(due(delta), NOT_STARTED, NOW) == group

    @pytest.mark.parametrize("status", [Status.SUBMITTED, Status.GRADED, Status.RELEASED])
    def test_handed_in_work_is_done_even_when_overdue(self, status):
        assert todo_group(due(-timedelta(days=3)), WorkResult(status), NOW) == "done"

    def test_work_in_progress_past_its_due_date_is_overdue(self):
        assert todo_group(due(-timedelta(days=1)), WorkResult(Status.IN_PROGRESS), NOW) == "overdue"

    @pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Almaty", "Pacific/Kiritimati"])
    def test_groups_do_not_depend_on_the_time_zone(self, zone):
        classroom = ClassroomFactory()
        student = student_of(classroom)
        opens = NOW - timedelta(days=10)
        for hours, title in [(-1, "late"), (1, "soon"), (7 * 24 + 1, "later")]:
            AssignmentFactory(
                classroom=classroom, title=title, opens_at=opens, due_at=NOW + timedelta(hours=hours)
            )
        with timezone.override(zone):
            todo = student_todo(student, now=NOW)
        assert {group: [item.assignment.title for item in items] for group, items in todo.items()} == {
            "overdue": ["late"],
            "soon": ["soon"],
            "later": ["later"],
            "done": [],
        }

    def test_a_read_lesson_is_done(self):
        classroom = ClassroomFactory()
        student = student_of(classroom)
        assignment = AssignmentFactory(
            classroom=classroom,
            kind="reading",
            opens_at=NOW - timedelta(days=1),
            due_at=NOW + timedelta(days=1),
        )
        ReadingProgress.objects.create(user=student, lesson=assignment.lesson)
        todo = student_todo(student, now=NOW)
        assert [item.assignment for item in todo["done"]] == [assignment]

    def test_an_assignment_before_it_opens_is_not_listed(self):
        classroom = ClassroomFactory()
        student = student_of(classroom)
        AssignmentFactory(
            classroom=classroom, opens_at=NOW + timedelta(minutes=1), due_at=NOW + timedelta(days=2)
        )
        assert not any(student_todo(student, now=NOW).values())


class TestStatusShownToStudents:
    def test_graded_work_reads_submitted_until_the_grades_are_released(self):
        item = TodoItem(due(timedelta(days=1)), WorkResult(Status.GRADED, released=False), "done")
        assert item.status == Status.SUBMITTED

    def test_released_work_reads_released(self):
        item = TodoItem(due(timedelta(days=1)), WorkResult(Status.RELEASED, released=True), "done")
        assert item.status == Status.RELEASED


class TestStudentDashboard:
    def test_shows_the_due_date_in_almaty_time(self, client):
        classroom = ClassroomFactory()
        student = student_of(classroom)
        # 18:30 UTC is 23:30 in Almaty (UTC+5), the same calendar day.
        AssignmentFactory(
            classroom=classroom, title="Quiz 1", due_at=datetime(2099, 12, 1, 18, 30, tzinfo=UTC)
        )
        AssignmentFactory(
            classroom=classroom, title="Quiz 2", due_at=datetime(2099, 12, 1, 19, 30, tzinfo=UTC)
        )
        client.force_login(student)
        html = client.get(reverse("classroom:dashboard")).content.decode()
        assert "Tue 1 Dec 2099, 23:30" in html
        assert "Wed 2 Dec 2099, 00:30" in html

    def test_shows_each_items_status(self, client):
        classroom = ClassroomFactory()
        student = student_of(classroom)
        assignment = AssignmentFactory(classroom=classroom, kind="reading")
        ReadingProgress.objects.create(user=student, lesson=assignment.lesson)
        client.force_login(student)
        html = client.get(reverse("classroom:dashboard")).content.decode()
        assert 'data-status="released"' in html

    def test_query_count_is_the_same_at_two_class_sizes(self, client):
        """Rendered (the first request after a change) and kept (the next one) alike."""
        classroom = ClassroomFactory()
        student = student_of(classroom)
        for kind in ("reading", "quiz", "essay"):
            AssignmentFactory(classroom=classroom, kind=kind)
        client.force_login(student)
        url = reverse("classroom:dashboard")
        small = [queries_of(lambda: client.get(url)) for _ in range(2)]
        for _ in range(15):
            student_of(classroom)
        for kind in ("reading", "quiz", "essay"):
            AssignmentFactory(classroom=classroom, kind=kind)
        large = [queries_of(lambda: client.get(url)) for _ in range(2)]
        assert small == large
        assert max(large) <= 12


class TestTeacherDashboard:
    def test_counts_students_and_completion(self):
        classroom = ClassroomFactory()
        teacher_of(classroom)
        students = [student_of(classroom) for _ in range(3)]
        student_of(classroom, is_active=False)
        assignment = AssignmentFactory(classroom=classroom, kind="reading")
        ReadingProgress.objects.create(user=students[0], lesson=assignment.lesson)
        (overview,), recent = teacher_overview([classroom], now=timezone.now())
        assert overview.student_count == 3
        assert (overview.progress[0].done, overview.progress[0].students) == (1, 3)

    def test_query_count_is_the_same_at_two_class_sizes(self, client, django_assert_num_queries):
        classroom = ClassroomFactory()
        teacher = teacher_of(classroom)
        for kind in ("reading", "quiz", "essay"):
            AssignmentFactory(classroom=classroom, kind=kind)
        student_of(classroom)
        client.force_login(teacher)
        url = reverse("classroom:dashboard")
        client.get(url)
        small = queries_of(lambda: client.get(url))
        students = [student_of(classroom) for _ in range(20)]
        for kind in ("reading", "quiz", "essay"):
            AssignmentFactory(classroom=classroom, kind=kind)
        reading = classroom.assignments.filter(kind="reading").first()
        ReadingProgress.objects.create(user=students[0], lesson=reading.lesson)
        with django_assert_num_queries(small):
            client.get(url)

    def test_the_class_page_query_count_is_the_same_at_two_class_sizes(
        self, client, django_assert_num_queries
    ):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        for kind in ("reading", "quiz", "essay"):
            AssignmentFactory(classroom=classroom, kind=kind)
        student_of(classroom)
        url = reverse("assessments:class_detail", args=[classroom.pk])
        client.get(url)
        small = queries_of(lambda: client.get(url))
        for _ in range(20):
            student_of(classroom)
        for kind in ("reading", "quiz", "essay"):
            AssignmentFactory(classroom=classroom, kind=kind)
        with django_assert_num_queries(small):
            client.get(url)

    def test_lists_only_the_classes_they_teach(self, client):
        mine, other = ClassroomFactory(name="Mine"), ClassroomFactory(name="Someone else's")
        teacher = teacher_of(mine)
        teacher_of(other)
        client.force_login(teacher)
        html = client.get(reverse("classroom:dashboard")).content.decode()
        assert "Mine" in html
        assert "Someone else" not in html


class TestMarkRead:
    def test_mark_read_records_the_reading_and_the_todo_shows_it_done(self, client):
        classroom = ClassroomFactory()
        student = student_of(classroom)
        assignment = AssignmentFactory(classroom=classroom, kind="reading")
        client.force_login(student)
        client.post(reverse("lessons:mark_read", args=[assignment.lesson.slug]))
        assert ReadingProgress.objects.filter(user=student, lesson=assignment.lesson).exists()
        assert [item.assignment for item in student_todo(student)["done"]] == [assignment]

    def test_marking_unread_takes_it_back(self, client):
        classroom = ClassroomFactory()
        student = student_of(classroom)
        assignment = AssignmentFactory(classroom=classroom, kind="reading")
        ReadingProgress.objects.create(user=student, lesson=assignment.lesson)
        client.force_login(student)
        client.post(reverse("lessons:mark_read", args=[assignment.lesson.slug]), {"read": "0"})
        assert not ReadingProgress.objects.filter(user=student).exists()

    def test_an_htmx_post_answers_with_the_swapped_button(self, client):
        assignment = AssignmentFactory(kind="reading")
        client.force_login(student_of(assignment.classroom))
        response = client.post(
            reverse("lessons:mark_read", args=[assignment.lesson.slug]), headers={"HX-Request": "true"}
        )
        assert "Mark as unread" in response.content.decode()
        assert "<html" not in response.content.decode()

    def test_a_foreign_next_url_is_ignored(self, client):
        assignment = AssignmentFactory(kind="reading")
        client.force_login(student_of(assignment.classroom))
        response = client.post(
            reverse("lessons:mark_read", args=[assignment.lesson.slug]), {"next": "https://evil.example/"}
        )
        assert response.url == assignment.lesson.get_absolute_url()
