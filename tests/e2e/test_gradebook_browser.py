"""A teacher reads, corrects and exports the gradebook in a real browser; a student reads their grades."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gradebook import services
from tests.factories import TEST_PASSWORD, AssignmentFactory, ClassroomFactory, MembershipFactory, teacher_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def course():
    classroom = ClassroomFactory(name="Group A")
    teacher = teacher_of(classroom, user__username="teacher", user__full_name="Aigerim Nurlanovna")
    students = [
        MembershipFactory(
            classroom=classroom, user__username=f"student{n}", user__full_name=f"Student {n:02d}"
        ).user
        for n in range(1, 61)
    ]
    now = timezone.now()
    dates = {"opens_at": now - timedelta(days=10), "due_at": now - timedelta(days=1)}
    quizzes = [
        AssignmentFactory(classroom=classroom, title=f"Quiz {n}", points=20, **dates) for n in (1, 2, 3)
    ]
    essay = AssignmentFactory(classroom=classroom, kind="essay", title="Essay 1", points=30, **dates)
    for index, student in enumerate(students):
        for quiz in quizzes:
            services.cell_override_set(
                student=student,
                assignment=quiz,
                percent=Decimal(40 + (index * 7 + quiz.pk) % 60),
                reason="seeded",
                by=teacher,
            )
    return classroom, teacher, students, quizzes, essay


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Welcome", exact=False)).to_be_visible()


def test_teacher_reads_a_big_gradebook_with_sticky_header(live_server, page, screenshot, course):
    """60 students: 50 on page one; header and names stay in view as the grid scrolls; no CSP error."""
    classroom, *_ = course
    blocked = []
    page.on("console", lambda message: message.type == "error" and blocked.append(message.text))
    page.set_viewport_size({"width": 1100, "height": 700})
    log_in(page, live_server, "teacher")
    page.get_by_role("link", name="Gradebook").first.click()
    page.get_by_role("link", name=str(classroom)).click()
    expect(page.get_by_role("heading", name="Gradebook")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(50)
    expect(page.get_by_text("Students 1–50 of 60")).to_be_visible()
    header = page.locator("thead th").first
    assert header.evaluate("cell => getComputedStyle(cell).position") == "sticky"
    assert page.locator("tbody th").first.evaluate("cell => getComputedStyle(cell).position") == "sticky"
    screenshot("gradebook-grid")
    page.locator(".gb-scroll").evaluate("box => { box.scrollTop = 600; box.scrollLeft = 400; }")
    expect(header).to_be_in_viewport()
    screenshot("gradebook-grid-scrolled")
    assert blocked == []


def test_teacher_overrides_a_cell_and_sees_it_in_the_grid(live_server, page, screenshot, course):
    """An override typed on the cell page is listed in its history and shown in the grid."""
    classroom, _teacher, students, _quizzes, essay = course
    log_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/gradebook/{classroom.pk}/cells/{students[0].pk}/{essay.pk}/")
    page.get_by_label("Score (%)").fill("92.5")
    page.get_by_label("Reason").first.fill("Graded on paper in class")
    page.get_by_role("button", name="Save override").click()
    expect(page.get_by_text("Grade override saved.")).to_be_visible()
    expect(page.get_by_role("cell", name="Graded on paper in class")).to_be_visible()
    screenshot("gradebook-cell-override")
    page.goto(f"{live_server.url}/gradebook/{classroom.pk}/")
    expect(page.locator("tbody tr").first.locator(".gb-score", has_text="92.50")).to_be_visible()


def test_teacher_sees_statistics_charts(live_server, page, screenshot, course):
    """The statistics page draws its SVG charts, coloured by the stylesheet."""
    classroom, *_ = course
    log_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/gradebook/{classroom.pk}/statistics/")
    expect(page.locator("svg.gb-chart").first).to_be_visible()
    assert page.locator("rect.gb-bar").first.evaluate("bar => getComputedStyle(bar).fill") != "none"
    screenshot("gradebook-statistics")


def test_student_reads_only_their_own_grades(live_server, page, screenshot, course):
    """From the navbar a student reaches their grade and its computation, and no one else's name."""
    classroom, *_ = course
    log_in(page, live_server, "student1")
    page.get_by_role("link", name="My grades").click()
    page.get_by_role("link", name=str(classroom)).click()
    expect(page.get_by_role("heading", name="How the grade was computed")).to_be_visible()
    expect(page.get_by_test_id("final-grade")).to_be_visible()
    expect(page.get_by_text("Student 02")).to_have_count(0)
    screenshot("gradebook-my-grades")
