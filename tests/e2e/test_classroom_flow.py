"""A teacher creates a class and assigns a quiz; a student signs up with the code and sees it to do."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, QuizFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_teacher_assigns_a_quiz_and_a_new_student_sees_it_due(live_server, page, screenshot):
    base = live_server.url
    teacher = UserFactory(username="aigerim", full_name="Aigerim Nurlanovna")
    teacher.user_permissions.add(Permission.objects.get(codename="add_classroom"))
    QuizFactory(title="Quiz: the Alash party")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    due = timezone.localtime() + timedelta(days=3)
    due_text = due.strftime("%Y-%m-%dT") + "14:30"

    log_in(page, base, "aigerim", TEST_PASSWORD)
    page.get_by_role("link", name="New class").click()
    page.locator("#id_name").fill("History group 7")
    page.locator("#id_term").fill("Autumn 2026")
    page.get_by_role("button", name="Create class").click()
    code = page.get_by_test_id("join-code").inner_text().strip()
    assert len(code) == 8

    page.get_by_role("link", name="Dashboard").first.click()
    page.get_by_role("link", name="Assignments").click()
    page.get_by_role("button", name="Assign").click()
    page.get_by_role("link", name="A quiz").click()
    page.locator("#id_quiz").select_option(label="Quiz: the Alash party")
    page.locator("#id_due_at").fill(due_text)
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("link", name="Quiz: the Alash party")).to_be_visible()
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.get_by_test_id("teaching-overview")).to_contain_text("History group 7")
    screenshot("classroom-teacher-dashboard")

    page.get_by_role("button", name="Aigerim Nurlanovna").click()
    page.get_by_role("button", name="Log out").click()
    page.goto(f"{base}/signup/")
    for field, value in [
        ("code", code.lower()),
        ("username", "aruzhan"),
        ("full_name", "Aruzhan Abenova"),
        ("email", "aruzhan@example.com"),
        ("password1", "Steppe-wind-1920"),
        ("password2", "Steppe-wind-1920"),
    ]:
        page.locator(f"#id_{field}").fill(value)
    page.get_by_role("button", name="Sign up and join").click()

    soon = page.locator('[data-group="soon"]')
    expect(soon.get_by_role("link", name="Quiz: the Alash party")).to_be_visible()
    expect(soon.locator(".due-date")).to_have_text(due.strftime("%a %-d %b %Y, ") + "14:30")
    expect(soon.locator(".todo-item")).to_contain_text("Not started")
    screenshot("classroom-student-todo")
    assert errors == []
