"""Teachers assign lessons, quizzes and essays; dates stay editable, the content locks once work starts."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assignment
from lessons.models import ReadingProgress
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    LessonFactory,
    QuizFactory,
    student_of,
    teacher_of,
)

pytestmark = pytest.mark.django_db


def local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def quiz_data(quiz, **overrides):
    now = timezone.now()
    return {
        "title": "",
        "quiz": quiz.pk,
        "opens_at": local(now),
        "due_at": local(now + timedelta(days=3)),
        "late_until": "",
        "points": "20",
        "late_penalty_per_day": "10",
        "late_penalty_max": "30",
        "max_attempts": "2",
        "time_limit_minutes": "",
        "grading_method": "highest",
        "review_policy": "after_due",
        **overrides,
    }


def read(assignment, student):
    ReadingProgress.objects.create(user=student, lesson=assignment.lesson)


class TestCreate:
    def test_teacher_assigns_a_quiz_with_its_settings(self, client):
        classroom = ClassroomFactory()
        teacher = teacher_of(classroom)
        client.force_login(teacher)
        quiz = QuizFactory(title="Quiz: Alash")
        response = client.post(
            reverse("assessments:assignment_create", args=[classroom.pk, "quiz"]), quiz_data(quiz)
        )
        assignment = Assignment.objects.get(classroom=classroom)
        assert response.url == reverse("assessments:class_detail", args=[classroom.pk])
        assert (assignment.quiz, assignment.title, assignment.max_attempts) == (quiz, "Quiz: Alash", 2)
        assert assignment.created_by == teacher

    def test_dates_are_read_in_almaty_time(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        data = quiz_data(QuizFactory(), opens_at="2026-12-01T08:00", due_at="2026-12-05T23:59")
        client.post(reverse("assessments:assignment_create", args=[classroom.pk, "quiz"]), data)
        due = Assignment.objects.get().due_at
        assert due.astimezone(timezone.UTC).strftime("%Y-%m-%d %H:%M") == "2026-12-05 18:59"

    def test_due_before_opening_is_refused_with_a_message(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        data = quiz_data(QuizFactory(), opens_at="2026-12-05T08:00", due_at="2026-12-01T08:00")
        response = client.post(reverse("assessments:assignment_create", args=[classroom.pk, "quiz"]), data)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.context["form"].errors["due_at"]
        assert not Assignment.objects.exists()

    def test_late_until_before_due_is_refused(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        data = quiz_data(
            QuizFactory(),
            due_at="2026-12-05T08:00",
            opens_at="2026-12-01T08:00",
            late_until="2026-12-04T08:00",
        )
        response = client.post(reverse("assessments:assignment_create", args=[classroom.pk, "quiz"]), data)
        assert response.context["form"].errors["late_until"]
        assert not Assignment.objects.exists()

    def test_an_unknown_kind_is_not_found(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        response = client.get(reverse("assessments:assignment_create", args=[classroom.pk, "poem"]))
        assert response.status_code == HTTPStatus.NOT_FOUND


class TestEdit:
    def test_dates_stay_editable_after_a_student_started(self, client):
        assignment = AssignmentFactory(kind="reading")
        client.force_login(teacher_of(assignment.classroom))
        read(assignment, student_of(assignment.classroom))
        new_due = assignment.due_at + timedelta(days=2)
        data = {
            "title": assignment.title,
            "lesson": assignment.lesson_id,
            "opens_at": local(assignment.opens_at),
            "due_at": local(new_due),
            "points": "10",
            "late_penalty_per_day": "0",
            "late_penalty_max": "0",
        }
        client.post(reverse("assessments:assignment_edit", args=[assignment.pk]), data)
        assignment.refresh_from_db()
        assert local(assignment.due_at) == local(new_due)

    def test_changing_the_content_after_a_student_started_is_refused(self, client):
        assignment = AssignmentFactory(kind="reading")
        client.force_login(teacher_of(assignment.classroom))
        read(assignment, student_of(assignment.classroom))
        original = assignment.lesson
        data = {
            "title": assignment.title,
            "lesson": LessonFactory().pk,
            "opens_at": local(assignment.opens_at),
            "due_at": local(assignment.due_at),
            "points": "10",
            "late_penalty_per_day": "0",
            "late_penalty_max": "0",
        }
        client.post(reverse("assessments:assignment_edit", args=[assignment.pk]), data)
        assignment.refresh_from_db()
        assert assignment.lesson == original

    def test_the_service_refuses_a_content_change_after_a_start(self):
        from django.core.exceptions import ValidationError

        from assessments.services import assignment_update

        assignment = AssignmentFactory(kind="reading")
        read(assignment, student_of(assignment.classroom))
        with pytest.raises(ValidationError, match="Students have started"):
            assignment_update(assignment=assignment, lesson=LessonFactory())

    def test_the_content_can_change_before_anyone_starts(self, client):
        assignment = AssignmentFactory(kind="reading")
        client.force_login(teacher_of(assignment.classroom))
        student_of(assignment.classroom)
        other = LessonFactory()
        data = {
            "title": assignment.title,
            "lesson": other.pk,
            "opens_at": local(assignment.opens_at),
            "due_at": local(assignment.due_at),
            "points": "10",
            "late_penalty_per_day": "0",
            "late_penalty_max": "0",
        }
        client.post(reverse("assessments:assignment_edit", args=[assignment.pk]), data)
        assignment.refresh_from_db()
        assert assignment.lesson == other


class TestDeleteAndArchive:
    def test_an_assignment_without_student_work_can_be_deleted(self, client):
        assignment = AssignmentFactory(kind="reading")
        client.force_login(teacher_of(assignment.classroom))
        client.post(reverse("assessments:assignment_delete", args=[assignment.pk]))
        assert not Assignment.objects.filter(pk=assignment.pk).exists()

    def test_deleting_is_refused_once_there_is_student_work(self, client):
        assignment = AssignmentFactory(kind="reading")
        client.force_login(teacher_of(assignment.classroom))
        read(assignment, student_of(assignment.classroom))
        response = client.post(reverse("assessments:assignment_delete", args=[assignment.pk]), follow=True)
        assert Assignment.objects.filter(pk=assignment.pk).exists()
        assert "archive it instead" in response.content.decode()

    def test_work_of_a_removed_student_still_blocks_deleting(self, client):
        assignment = AssignmentFactory(kind="reading")
        client.force_login(teacher_of(assignment.classroom))
        read(assignment, student_of(assignment.classroom, is_active=False))
        client.post(reverse("assessments:assignment_delete", args=[assignment.pk]))
        assert Assignment.objects.filter(pk=assignment.pk).exists()

    def test_archiving_hides_the_assignment_from_students(self, client):
        assignment = AssignmentFactory()
        student = student_of(assignment.classroom)
        client.force_login(teacher_of(assignment.classroom))
        client.post(reverse("assessments:assignment_archive", args=[assignment.pk]), {"archived": "on"})
        client.force_login(student)
        response = client.get(reverse("assessments:assignment_detail", args=[assignment.pk]))
        assert response.status_code == HTTPStatus.NOT_FOUND


class TestStudentsSeeOnlyWhatIsOpen:
    def test_an_assignment_before_it_opens_is_not_found(self, client):
        assignment = AssignmentFactory(opens_at=timezone.now() + timedelta(hours=1))
        client.force_login(student_of(assignment.classroom))
        response = client.get(reverse("assessments:assignment_detail", args=[assignment.pk]))
        assert response.status_code == HTTPStatus.NOT_FOUND

    def test_an_assignment_before_it_opens_is_not_on_the_class_page(self, client):
        assignment = AssignmentFactory(title="Secret quiz", opens_at=timezone.now() + timedelta(hours=1))
        client.force_login(student_of(assignment.classroom))
        html = client.get(
            reverse("assessments:class_detail", args=[assignment.classroom.pk])
        ).content.decode()
        assert "Secret quiz" not in html

    def test_a_student_of_another_class_reaches_nothing(self, client):
        assignment = AssignmentFactory()
        client.force_login(student_of(ClassroomFactory()))
        for url in (
            reverse("assessments:assignment_detail", args=[assignment.pk]),
            reverse("assessments:class_detail", args=[assignment.classroom.pk]),
        ):
            assert client.get(url).status_code == HTTPStatus.NOT_FOUND


class TestAssignmentPages:
    def test_a_student_sees_the_way_into_a_quiz(self, client):
        assignment = AssignmentFactory(kind="quiz")
        client.force_login(student_of(assignment.classroom))
        html = client.get(reverse("assessments:assignment_detail", args=[assignment.pk])).content.decode()
        assert reverse("assessments:quizzes:home", args=[assignment.pk]) in html

    def test_a_student_can_mark_an_assigned_lesson_read_from_the_assignment(self, client):
        assignment = AssignmentFactory(kind="reading")
        client.force_login(student_of(assignment.classroom))
        html = client.get(reverse("assessments:assignment_detail", args=[assignment.pk])).content.decode()
        assert reverse("lessons:mark_read", args=[assignment.lesson.slug]) in html

    def test_the_teacher_sees_every_students_status(self, client):
        assignment = AssignmentFactory(kind="reading")
        client.force_login(teacher_of(assignment.classroom))
        reader = student_of(assignment.classroom, user__full_name="Dana Bekova")
        student_of(assignment.classroom, user__full_name="Timur Iskakov")
        read(assignment, reader)
        response = client.get(reverse("assessments:assignment_detail", args=[assignment.pk]))
        statuses = {student.full_name: result.status for student, result in response.context["roster"]}
        assert statuses == {"Dana Bekova": "released", "Timur Iskakov": "not_started"}
