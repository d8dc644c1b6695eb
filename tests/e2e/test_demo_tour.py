"""A tour of the demo class that `make run` shows, in a real browser: every main page answers with
real course content, raises no console error (no CSP violation, no missing file), and leaves a
screenshot (`tour-*.png`) that the README shows (`make screenshots` copies them to docs/)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assessments.models import Assignment
from classroom.demo import DEMO_PASSWORD
from classroom.models import Classroom
from lessons.models import Lesson

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server):
    call_command("load_course", verbosity=0)
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Classroom.objects.get()


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def visit(page, url, shot, screenshot, errors):
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    screenshot(shot)
    assert errors == [], f"{url}: {errors}"


def test_demo_tour_as_a_student_and_a_teacher(demo, live_server, page, screenshot):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    lesson = Lesson.objects.get(slug="alash")
    essay = (
        Assignment.objects.filter(classroom=demo, kind="essay", essays__grade__isnull=False)
        .distinct()
        .first()
    )

    log_in(page, live_server, "student1")
    expect(page.get_by_text("Overdue", exact=False).first).to_be_visible()
    screenshot("tour-student-dashboard")
    visit(page, f"{live_server.url}{lesson.get_absolute_url()}", "tour-lesson", screenshot, errors)
    expect(page.get_by_text("Alash Orda", exact=False).first).to_be_visible()
    visit(page, f"{live_server.url}/gradebook/{demo.pk}/mine/", "tour-my-grades", screenshot, errors)

    log_in(page, live_server, "teacher")
    screenshot("tour-teacher-dashboard")
    visit(page, f"{live_server.url}/gradebook/{demo.pk}/", "tour-gradebook", screenshot, errors)
    visit(page, f"{live_server.url}/gradebook/{demo.pk}/statistics/", "tour-statistics", screenshot, errors)
    visit(page, f"{live_server.url}/work/essay/{essay.pk}/essays/", "tour-essays", screenshot, errors)
