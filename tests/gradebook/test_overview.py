"""The whole-class overview: every student × every assignment, with where each one stands."""

import re
from datetime import timedelta
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Attempt, Essay, EssayGrade
from assessments.results import work_results
from classroom.models import Membership
from gradebook import overview
from lessons.models import ReadingProgress

from .conftest import add_students

CELL = re.compile(r'<td class="ov-([a-z-]+)" title=')


@pytest.fixture
def work(course):
    """s0 read, finished the quiz, has a graded essay; s1's attempt ran out of time, essay waits for a
    grade; s2 has a quiz attempt open and an essay draft with text."""
    now = timezone.now()
    s0, s1, s2 = course.students
    ReadingProgress.objects.create(user=s0, lesson=course.reading.lesson)

    def attempt(student, state, deadline):
        return Attempt.objects.create(
            assignment=course.quiz,
            student=student,
            number=1,
            state=state,
            started_at=now - timedelta(hours=2),
            deadline_at=deadline,
            submitted_at=now - timedelta(hours=1) if state == Attempt.State.SUBMITTED else None,
            score=Decimal(5) if state == Attempt.State.SUBMITTED else None,
            max_score=Decimal(10),
        )

    attempt(s0, Attempt.State.SUBMITTED, now)
    attempt(s1, Attempt.State.IN_PROGRESS, now - timedelta(hours=1))
    attempt(s2, Attempt.State.IN_PROGRESS, now + timedelta(hours=1))
    graded = Essay.objects.create(
        assignment=course.essay, student=s0, text="one two", state=Essay.State.SUBMITTED, submitted_at=now
    )
    EssayGrade.objects.create(essay=graded, is_complete=True, total=Decimal(15), rubric_points=Decimal(15))
    Essay.objects.create(
        assignment=course.essay, student=s1, text="one two", state=Essay.State.SUBMITTED, submitted_at=now
    )
    Essay.objects.create(assignment=course.essay, student=s2, text="a draft", state=Essay.State.DRAFT)
    return course


def rows(response):
    """{student name: [cell state per assignment]} from the page."""
    html = response.content.decode()
    found = {}
    for row in re.findall(r"<tr><th scope=\"row\".*?</tr>", html):
        name = re.search(r"<a href=\"[^\"]+\">([^<]+)</a>", row).group(1)
        found[name] = CELL.findall(row)
    return found


def get(client, course):
    client.force_login(course.teacher)
    return client.get(reverse("gradebook:overview", args=[course.classroom.pk]))


def test_teacher_sees_every_student_with_the_state_of_each_assignment(client, work):
    """Columns in due order (reading, quiz, essay); a state per student and assignment."""
    response = get(client, work)
    assert response.status_code == HTTPStatus.OK
    assert rows(response) == {
        "Student 000": ["done", "done", "done"],
        "Student 001": ["missing", "done", "to-grade"],
        "Student 002": ["missing", "in-progress", "in-progress"],
    }


def test_states_agree_with_the_dashboards_statuses(work):
    """The overview reads its own aggregates; each state is the one assessments.results implies."""
    now = timezone.now()
    assignments = [work.reading, work.quiz, work.essay]
    ids = [s.pk for s in work.students]
    results = work_results(assignments, ids)
    states = overview.work_states(assignments, ids, now)
    expected_by_status = {
        "released": overview.DONE,
        "graded": overview.DONE,
        "in_progress": overview.IN_PROGRESS,
    }
    for (student_id, assignment_id), result in results.items():
        assignment = next(a for a in assignments if a.pk == assignment_id)
        if result.status == "not_started":
            expected = None
        elif result.status == "submitted":
            expected = overview.DONE if assignment.kind == "quiz" else overview.TO_GRADE
        else:
            expected = expected_by_status[result.status]
        assert states.get(student_id, {}).get(assignment_id) == expected, (student_id, assignment.kind)


def test_removed_students_are_not_listed(client, course):
    """Only active students are rows."""
    add_students(course.classroom, 1, start=50, active=False)
    assert "Student 050" not in rows(get(client, course))


def test_student_names_are_escaped(client, course):
    """A name with markup shows as text."""
    student = course.students[0]
    student.full_name = "<b>Bold</b> & co"
    student.save()
    html = get(client, course).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html
    assert "<b>Bold</b>" not in html


def test_page_has_no_inline_styles(client, course):
    """The CSP forbids style attributes."""
    assert "style=" not in get(client, course).content.decode()


def test_removed_students_work_counts_nowhere(work):
    """A removed student's graded essay is in no row and in no column's counts."""
    Membership.objects.filter(classroom=work.classroom, user=work.students[0]).update(is_active=False)
    result = overview.class_overview(work.classroom)
    essay_column = next(c for c in result.columns if c.assignment.pk == work.essay.pk)
    assert (result.students, essay_column.done, essay_column.to_grade) == (2, 0, 1)
    assert "Student 000" not in result.rows_html
