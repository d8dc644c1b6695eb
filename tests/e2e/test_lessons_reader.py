"""A student opens a lesson in a real browser, finds its paragraphs and reveals a key term's definition."""

import pytest
from playwright.sync_api import expect

from assessments.content.load import course_load, read_fixtures
from tests.content.conftest import FIXTURES
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_student_reads_a_lesson_and_reveals_a_key_term(live_server, page, screenshot):
    course_load(records=read_fixtures(FIXTURES))
    UserFactory(username="dana", full_name="Dana Seitkali")
    blocked = []
    page.on("console", lambda message: message.type == "error" and blocked.append(message.text))
    log_in(page, live_server, "dana")

    page.goto(f"{live_server.url}/lessons/")
    page.get_by_role("link", name="61. The Alash party").click()
    # The key-term script runs at the end of the body: wait for the load event before pressing keys,
    # or Enter can land on the button before its popover is wired up.
    page.wait_for_url("**/lessons/alash/", wait_until="load")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alash")
    expect(page.locator("#p1")).to_contain_text("In February 1917 Tsar was overthrown")

    # Keyboard: Tab reaches a key term, Enter shows its definition, Escape hides it again.
    term = page.locator("#p1 .key-term").first
    term.focus()
    page.keyboard.press("Enter")
    popover = page.locator(".popover")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text(term.get_attribute("data-bs-content")[:30])
    page.keyboard.press("Escape")
    expect(popover).to_have_count(0)

    # Pointer (and touch): a click on the term opens it.
    term.click()
    expect(popover).to_be_visible()
    screenshot("lesson-reader")
    assert blocked == []


def test_a_paragraph_anchor_links_to_its_paragraph(live_server, page):
    course_load(records=read_fixtures(FIXTURES))
    UserFactory(username="erlan")
    log_in(page, live_server, "erlan")
    page.goto(f"{live_server.url}/lessons/cultural-policy/#p2")
    expect(page.locator("#p2")).to_be_in_viewport()
    expect(page.locator("#p2")).to_contain_text("In that policy we can find advantages and disadvantages.")
