"""The gradebook pages: what a teacher sees of a class and a student sees of themselves."""

import re
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gradebook import grading, selectors, services
from gradebook.models import CellOverride, CellOverrideChange, Excusal, GradebookSettings, LetterBand
from lessons.models import ReadingProgress
from tests.factories import AssignmentFactory, ClassroomFactory, teacher_of

from .conftest import add_students

pytestmark = pytest.mark.django_db


def override(course, student, assignment, percent):
    services.cell_override_set(
        student=student, assignment=assignment, percent=Decimal(percent), reason="test", by=course.teacher
    )


def gradebook_url(course, **params):
    url = reverse("gradebook:class", kwargs={"class_id": course.classroom.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def student_names(response):
    return re.findall(r'<th scope="row" class="gb-sticky-col">\s*<a href="[^"]+">([^<]+)</a>', response.text)


class TestClassGradebook:
    def test_teacher_sees_every_student_and_assignment(self, client, course):
        """The grid lists the class's students and its assignments."""
        client.force_login(course.teacher)
        response = client.get(gradebook_url(course))
        assert response.status_code == HTTPStatus.OK
        assert student_names(response) == ["Student 000", "Student 001", "Student 002"]
        for title in ("Read 57", "Quiz 57", "Essay 57"):
            assert title in response.text

    def test_cells_show_scores_and_states(self, client, course):
        """A quiz score, a missing essay (0, flagged) and a read lesson appear as such."""
        student = course.students[0]
        override(course, student, course.quiz, "75")
        ReadingProgress.objects.create(user=student, lesson=course.reading.lesson)
        client.force_login(course.teacher)
        text = client.get(gradebook_url(course)).text
        assert '<span class="gb-score">75.00</span>' in text
        assert "gb-state-missing" in text
        assert "gb-state-done" in text

    def test_final_grade_on_the_page_is_the_function(self, client, course):
        """The Final % column shows compute_grade's percentage."""
        student = course.students[0]
        override(course, student, course.quiz, "80")
        override(course, student, course.essay, "90")
        client.force_login(course.teacher)
        response = client.get(gradebook_url(course))
        inputs = selectors.class_inputs(course.classroom)
        expected = inputs.grade(student.pk, now=timezone.now(), audience=grading.TEACHER).percent
        assert expected == Decimal("86.00")
        assert '<td class="fw-semibold gb-final">86.00</td>' in response.text

    def test_query_count_does_not_grow_with_the_class(self, client, course, django_assert_num_queries):
        """20 students or 200 (on several pages), the gradebook page costs the same number of queries."""
        add_students(course.classroom, 17, start=100)
        client.force_login(course.teacher)
        with CaptureQueriesContext(connection) as small:
            assert client.get(gradebook_url(course)).status_code == HTTPStatus.OK
        add_students(course.classroom, 180, start=200)
        for student in course.students:
            override(course, student, course.quiz, "50")
        with django_assert_num_queries(len(small.captured_queries)):
            assert client.get(gradebook_url(course, sort="-grade")).status_code == HTTPStatus.OK

    def test_fifty_students_a_page(self, client, course):
        """60 students make two pages: 50, then 10."""
        add_students(course.classroom, 57, start=100)
        client.force_login(course.teacher)
        assert len(student_names(client.get(gradebook_url(course)))) == 50
        assert len(student_names(client.get(gradebook_url(course, page=2)))) == 10

    def test_sort_by_grade_highest_first(self, client, course):
        """Sorting by grade puts the best first and students with no grade last."""
        first, second, third = course.students
        for student, percent in ((first, 40), (second, 90)):
            override(course, student, course.quiz, percent)
            override(course, student, course.essay, percent)
        GradebookSettings.objects.create(classroom=course.classroom, missing_counts_as_zero=False)
        client.force_login(course.teacher)
        names = student_names(client.get(gradebook_url(course, sort="-grade")))
        assert names == [second.full_name, first.full_name, third.full_name]

    def test_filter_removed_students(self, client, course):
        """state=removed shows only students whose membership was deactivated."""
        add_students(course.classroom, 1, start=50, active=False)
        client.force_login(course.teacher)
        assert student_names(client.get(gradebook_url(course, state="removed"))) == ["Student 050"]
        assert "Student 050" not in student_names(client.get(gradebook_url(course)))

    def test_unknown_parameters_fall_back_quietly(self, client, course):
        """Nonsense sort, state and page give the default page, not an error."""
        client.force_login(course.teacher)
        response = client.get(gradebook_url(course, sort="x';--", state="nope", page="zz"))
        assert response.status_code == HTTPStatus.OK
        assert len(student_names(response)) == 3

    def test_page_has_no_inline_styles(self, client, course):
        """The CSP forbids style attributes; the sticky layout comes from classes."""
        client.force_login(course.teacher)
        text = client.get(gradebook_url(course)).text
        assert "style=" not in text
        assert "gb-sticky-head" in text
        assert "gb-sticky-col" in text

    def test_student_names_are_escaped(self, client, course):
        """A name with markup is shown as text."""
        course.students[0].full_name = "<b>Bold</b>"
        course.students[0].save()
        client.force_login(course.teacher)
        text = client.get(gradebook_url(course)).text
        assert "<b>Bold</b>" not in text
        assert "&lt;b&gt;Bold&lt;/b&gt;" in text


def test_index_query_count_does_not_grow_with_classes(client, course, django_assert_num_queries):
    """The list of gradebooks costs the same queries for one class or ten."""
    client.force_login(course.teacher)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("gradebook:index"))
    for _ in range(9):
        teacher_of(ClassroomFactory(), user=course.teacher)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("gradebook:index"))
    assert response.text.count('href="/gradebook/') >= 10


class TestMyGrades:
    def url(self, course):
        return reverse("gradebook:mine", kwargs={"class_id": course.classroom.pk})

    def test_student_sees_own_grade_and_how_it_was_made(self, client, course):
        """The student's page shows the final grade and the steps to it."""
        student = course.students[0]
        override(course, student, course.quiz, "80")
        client.force_login(student)
        response = client.get(self.url(course))
        assert response.status_code == HTTPStatus.OK
        _inputs, grade = selectors.student_grade(course.classroom, student)
        assert f"{grade.percent} % · {grade.letter}" in response.text
        assert "How the grade was computed" in response.text

    def test_student_sees_nobody_else(self, client, course):
        """Another student's name and score never appear on a student's page."""
        me, other = course.students[:2]
        override(course, other, course.quiz, "33")
        client.force_login(me)
        text = client.get(self.url(course)).text
        assert other.full_name not in text
        assert "33.00" not in text

    def test_student_does_not_see_unreleased_essay_grade(self, client, course):
        """An overridden essay whose grades are not released shows as unreleased, without the number."""
        student = course.students[0]
        override(course, student, course.essay, "91.5")
        client.force_login(student)
        text = client.get(self.url(course)).text
        assert "91.50" not in text
        assert "unreleased" in text

    def test_student_sees_released_essay_grade(self, client, course):
        """Once the essay's grades are released, the student sees the number."""
        student = course.students[0]
        override(course, student, course.essay, "91.5")
        course.essay.grades_released_at = timezone.now()
        course.essay.save()
        client.force_login(student)
        assert "91.50" in client.get(self.url(course)).text

    def test_student_does_not_see_assignments_not_yet_open(self, client, course):
        """Work the class cannot see yet is not on the student's page."""
        later = timezone.now() + timezone.timedelta(days=3)
        AssignmentFactory(
            classroom=course.classroom,
            title="Secret quiz",
            opens_at=later,
            due_at=later + timezone.timedelta(1),
        )
        client.force_login(course.students[0])
        assert "Secret quiz" not in client.get(self.url(course)).text


class TestCell:
    def url(self, course, name, student=None, assignment=None):
        return reverse(
            f"gradebook:{name}",
            kwargs={
                "class_id": course.classroom.pk,
                "student_id": (student or course.students[0]).pk,
                "assignment_id": (assignment or course.quiz).pk,
            },
        )

    def test_override_is_saved_with_history(self, client, course):
        """An override stores the score and a history line: who, before, after, why."""
        client.force_login(course.teacher)
        response = client.post(
            self.url(course, "override"), {"percent": "88", "reason": "Regraded on appeal"}
        )
        assert response.status_code == HTTPStatus.FOUND
        client.post(self.url(course, "override"), {"percent": "", "reason": "Back to computed"})
        changes = list(CellOverrideChange.objects.order_by("pk").values_list("before", "after", "changed_by"))
        assert changes == [(None, Decimal(88), course.teacher.pk), (Decimal(88), None, course.teacher.pk)]
        assert not CellOverride.objects.exists()

    def test_history_shows_on_the_cell_page(self, client, course):
        """The cell page lists the override's history with its reason."""
        override(course, course.students[0], course.quiz, "70")
        client.force_login(course.teacher)
        text = client.get(self.url(course, "cell")).text
        assert "Override history" in text
        assert "70.00 %" in text

    @pytest.mark.parametrize("data", [{"percent": "150", "reason": "x"}, {"percent": "50", "reason": ""}])
    def test_bad_override_changes_nothing(self, client, course, data):
        """Out of range, or without a reason: a 400 with the form, and nothing stored."""
        client.force_login(course.teacher)
        response = client.post(self.url(course, "override"), data)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert not CellOverride.objects.exists()
        assert not CellOverrideChange.objects.exists()

    def test_excuse_and_take_back(self, client, course):
        """Excusing stores an excusal; unticking removes it."""
        client.force_login(course.teacher)
        client.post(self.url(course, "excuse"), {"excused": "on", "reason": "Ill"})
        assert Excusal.objects.get().reason == "Ill"
        client.post(self.url(course, "excuse"), {"reason": ""})
        assert not Excusal.objects.exists()

    def test_reading_cannot_be_overridden(self, client, course):
        """Readings have no score: an override is refused with a message and nothing stored."""
        client.force_login(course.teacher)
        url = self.url(course, "override", assignment=course.reading)
        response = client.post(url, {"percent": "50", "reason": "x"})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "completion only" in response.text
        assert not CellOverride.objects.exists()

    def test_assignment_of_another_class_is_404(self, client, course):
        """A cell must join a student and an assignment of the same class."""
        other = ClassroomFactory()
        teacher_of(other, user=course.teacher)
        foreign = AssignmentFactory(classroom=other)
        client.force_login(course.teacher)
        assert client.get(self.url(course, "cell", assignment=foreign)).status_code == HTTPStatus.NOT_FOUND


class TestSettings:
    def url(self, course, name="settings"):
        return reverse(f"gradebook:{name}", kwargs={"class_id": course.classroom.pk})

    def test_save_weights(self, client, course):
        """Weights and drop-lowest are stored for the class."""
        client.force_login(course.teacher)
        data = {
            "quiz_weight": "30",
            "essay_weight": "70",
            "drop_lowest_quizzes": "1",
            "drop_lowest_essays": "0",
        }
        response = client.post(self.url(course), data)
        assert response.status_code == HTTPStatus.FOUND
        saved = GradebookSettings.objects.get(classroom=course.classroom)
        assert (saved.quiz_weight, saved.drop_lowest_quizzes, saved.missing_counts_as_zero) == (30, 1, False)

    def test_both_weights_zero_is_refused(self, client, course):
        """Two zero weights make no grade: refused with a message, nothing stored."""
        client.force_login(course.teacher)
        data = {
            "quiz_weight": "0",
            "essay_weight": "0",
            "drop_lowest_quizzes": "0",
            "drop_lowest_essays": "0",
        }
        response = client.post(self.url(course), data)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "At least one category" in response.text
        assert not GradebookSettings.objects.exists()

    def test_scale_is_editable(self, client, course):
        """A pass/fail scale replaces the default and decides the letter."""
        client.force_login(course.teacher)
        data = {
            "scale-TOTAL_FORMS": "2",
            "scale-INITIAL_FORMS": "0",
            "scale-0-letter": "P",
            "scale-0-min_percent": "60",
            "scale-0-gpa": "4",
            "scale-1-letter": "NP",
            "scale-1-min_percent": "0",
            "scale-1-gpa": "0",
        }
        assert client.post(self.url(course, "scale"), data).status_code == HTTPStatus.FOUND
        assert selectors.policy_for(course.classroom).scale == (
            ("P", Decimal(60), Decimal(4)),
            ("NP", Decimal(0), Decimal(0)),
        )

    def test_scale_without_a_zero_row_is_refused(self, client, course):
        """A scale that leaves low grades without a letter is refused and the old one kept."""
        client.force_login(course.teacher)
        data = {
            "scale-TOTAL_FORMS": "1",
            "scale-INITIAL_FORMS": "0",
            "scale-0-letter": "P",
            "scale-0-min_percent": "60",
            "scale-0-gpa": "4",
        }
        response = client.post(self.url(course, "scale"), data)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "must start at 0" in response.text
        assert not LetterBand.objects.exists()

    def test_settings_page_shows_the_default_scale(self, client, course):
        """Before any edit the form holds PRODUCT.md's twelve letters."""
        client.force_login(course.teacher)
        text = client.get(self.url(course)).text
        assert 'value="A−"' in text
        assert 'value="FX"' in text
