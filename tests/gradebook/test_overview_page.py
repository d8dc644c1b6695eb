"""The overview page around its grid: the rows put into the rendered page, the columns' heads and titles."""

import re
from datetime import timedelta
from http import HTTPStatus

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from assessments.models import Essay
from gradebook import overview
from tests.factories import ClassroomFactory, teacher_of

from .conftest import add_students

ROW = re.compile(r'<tr><th scope="row"')


def get(client, classroom, teacher):
    client.force_login(teacher)
    response = client.get(reverse("gradebook:overview", args=[classroom.pk]))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_rows_are_in_the_table_body_once(client, course):
    """Every student's row once, inside the table's body; the marker they replace is gone."""
    html = get(client, course.classroom, course.teacher)
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert len(ROW.findall(html)) == len(ROW.findall(body)) == 3
    assert str(overview.ROWS_HERE) not in html


def test_a_name_like_the_marker_is_text(client, course):
    """A student named like the rows' marker is escaped: it marks nothing, the rows are in place once."""
    student = course.students[1]
    student.full_name = str(overview.ROWS_HERE)
    student.save()
    html = get(client, course.classroom, course.teacher)
    assert str(overview.ROWS_HERE) not in html
    assert "&lt;!-- overview rows --&gt;" in html
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert len(ROW.findall(html)) == len(ROW.findall(body)) == 3


def test_students_and_no_assignments_show_no_grid(client, db):
    """Students but nothing assigned: the page says so, and has no rows."""
    classroom = ClassroomFactory()
    teacher = teacher_of(classroom)
    add_students(classroom, 2)
    html = get(client, classroom, teacher)
    assert "No students or assignments yet." in html
    assert not ROW.findall(html)
    assert str(overview.ROWS_HERE) not in html


def test_column_heads_show_number_kind_and_counts(client, course):
    """Each column: its number linked to the assignment with its title, its kind, done · ◆ to grade."""
    Essay.objects.create(
        assignment=course.essay,
        student=course.students[0],
        text="one two",
        state=Essay.State.SUBMITTED,
        submitted_at=timezone.now(),
    )
    html = get(client, course.classroom, course.teacher)
    link = reverse("assessments:assignment_detail", args=[course.essay.pk])
    assert (
        f'<th scope="col" class="ov-head gb-kind-essay"><a href="{link}" title="Essay 57">3</a>'
        '<span class="d-block small text-body-secondary">Essay</span>'
        '<span class="d-block small" title="Done">0 · ◆1</span></th>'
    ) in html
    reading = reverse("assessments:assignment_detail", args=[course.reading.pk])
    assert f'<a href="{reading}" title="Read 57">1</a>' in html
    assert '<span class="d-block small" title="Done">0</span>' in html  # nothing to grade: no ◆


def test_titles_are_listed_with_kind_and_local_due_date(client, course):
    """The list under the grid: title (kind, due date in the site's time zone), escaped."""
    course.quiz.title = "<i>Quiz</i> & more"
    course.quiz.due_at = timezone.now().replace(hour=20, minute=30) - timedelta(
        days=1
    )  # the next day in Almaty
    course.quiz.save()
    html = get(client, course.classroom, course.teacher)
    due = date_format(timezone.localtime(course.quiz.due_at), "SHORT_DATE_FORMAT")
    assert f"<li>&lt;i&gt;Quiz&lt;/i&gt; &amp; more (Quiz, due {due})</li>" in html
    assert 'title="&lt;i&gt;Quiz&lt;/i&gt; &amp; more"' in html
    assert "<i>Quiz</i>" not in html


def test_page_is_the_template_with_the_rows(client, course, rf):
    """The page the view sends is the template rendered with the rows in it."""
    request = rf.get("/")
    request.user = course.teacher
    request.session = client.session
    response = overview.page(request, course.classroom)
    html = response.content.decode()
    result = overview.class_overview(course.classroom)
    assert f"<tbody>\n\n{result.rows_html}\n    </tbody>" in html
