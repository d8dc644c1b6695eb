"""Quizzes in a real browser: every question type answered and autosaved, a reload that restores every
answer, submit, the review with its cited passage; and an attempt the timer submits."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Answer, Attempt
from tests.factories import TEST_PASSWORD, ClassroomFactory, ParagraphFactory, student_of
from tests.quizzes.builders import every_type_questions, quiz_assignment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ORDER = ["February Revolution", "Orenburg congress", "Alash Orda formed", "Alash Orda eliminated"]
MATCHES = {"Bukeikhanov": "Turgai", "Tynyshbaev": "Semirechye", "Shokai": "Turkestan"}


def log_in(page, base, username, next_path):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}{next_path}")


def fieldset(page, kind):
    return page.locator(f'fieldset[data-kind="{kind}"]')


def order_items(page):
    return fieldset(page, "ordering").locator("li[data-token] span.me-auto").all_inner_texts()


def put_in_order(page):
    box = fieldset(page, "ordering")
    for target, text in enumerate(ORDER):
        item = box.locator("li[data-token]", has_text=text)
        index = item.evaluate("el => [...el.parentNode.children].indexOf(el)")
        for _ in range(index - target):
            item.get_by_role("button", name="Move up").click()
    # The order may have been right from the start: saving it as it is makes sure it is stored.
    box.get_by_role("button", name="Save this order as it is").click()


def expect_all_saved(page):
    for state in page.locator(".quiz-save-state").all():
        expect(state).to_contain_text("Saved")


@pytest.fixture
def quiz(db):
    classroom = ClassroomFactory(name="History group 1")
    paragraph = ParagraphFactory(slug="p7")
    assignment = quiz_assignment(
        classroom,
        questions=every_type_questions(paragraph=paragraph),
        title="Quiz: Alash",
        review_policy="immediately",
    )
    student = student_of(classroom, user__username="aruzhan", user__full_name="Aruzhan Abenova")
    return assignment, student, paragraph


def test_student_answers_every_type_reloads_submits_and_reviews(live_server, page, screenshot, quiz):
    assignment, student, paragraph = quiz
    blocked = []
    page.on("console", lambda message: message.type == "error" and blocked.append(message.text))
    page.on("dialog", lambda dialog: dialog.accept())
    home = f"/work/quiz/{assignment.pk}/"
    log_in(page, live_server.url, "aruzhan", home)
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_test_id("countdown")).to_contain_text(":")

    fieldset(page, "single_choice").get_by_label("Right").check()
    multiple = fieldset(page, "multiple_response")
    for text in ("Alikhan Bukeikhanov", "Mustafa Shokai", "Ahmet Baitursynov"):
        multiple.get_by_label(text).check()
    fieldset(page, "true_false").get_by_label("True").check()
    fieldset(page, "short_answer").get_by_role("textbox").fill("Bokeihanov")
    fieldset(page, "numeric").get_by_role("textbox").fill("1920")
    put_in_order(page)
    matching = fieldset(page, "matching")
    for left, right in MATCHES.items():
        matching.get_by_label(left).select_option(label=right)
    expect_all_saved(page)
    screenshot("quiz-taking")

    page.reload()
    expect(fieldset(page, "single_choice").get_by_label("Right")).to_be_checked()
    for text in ("Alikhan Bukeikhanov", "Mustafa Shokai", "Ahmet Baitursynov"):
        expect(multiple.get_by_label(text)).to_be_checked()
    expect(multiple.get_by_label("Nicholas II")).not_to_be_checked()
    expect(fieldset(page, "true_false").get_by_label("True")).to_be_checked()
    expect(fieldset(page, "short_answer").get_by_role("textbox")).to_have_value("Bokeihanov")
    expect(fieldset(page, "numeric").get_by_role("textbox")).to_have_value("1920")
    assert order_items(page) == ORDER
    for left, right in MATCHES.items():
        selected = matching.get_by_label(left).evaluate("el => el.options[el.selectedIndex].text")
        assert selected == right

    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_test_id("quiz-score")).to_contain_text("7.00 of 7.00")
    cited = page.get_by_test_id("cited-link").first
    expect(cited).to_have_attribute("href", f"/lessons/{paragraph.lesson.slug}/#p7")
    expect(page.locator(".quiz-citation blockquote").first).to_contain_text("on 5 March 1920")
    screenshot("quiz-review")
    assert Attempt.objects.get().score == 7
    assert blocked == []


def test_timer_submits_an_expired_attempt(live_server, page, quiz):
    """The quiz closes 20 seconds after the start: the countdown reaches zero and submits what was saved."""
    assignment, student, _ = quiz
    now = timezone.now()
    assignment.due_at = now + timedelta(seconds=20)
    assignment.save()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server.url, "aruzhan", f"/work/quiz/{assignment.pk}/")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_test_id("countdown")).to_contain_text(":")  # the script is running
    fieldset(page, "true_false").get_by_label("True").check()
    expect(fieldset(page, "true_false").locator(".quiz-save-state")).to_contain_text("Saved")

    expect(page.get_by_text("Time ran out; your saved answers were submitted.")).to_be_visible(timeout=40_000)
    attempt = Attempt.objects.get()
    assert attempt.finished_by == Attempt.FinishedBy.TIMER
    assert attempt.score == 1


def test_answer_changed_offline_is_retried_and_survives_a_new_page(live_server, page, quiz):
    """With the network down the save fails visibly; the answer is kept and sent once a page can reach
    the server again, even after the tab was closed."""
    assignment, student, _ = quiz
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server.url, "aruzhan", f"/work/quiz/{assignment.pk}/")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_test_id("countdown")).to_contain_text(":")  # the script is running
    attempt_url = page.url
    page.context.set_offline(True)
    fieldset(page, "short_answer").get_by_role("textbox").fill("Bokeihanov")
    expect(fieldset(page, "short_answer").locator(".quiz-save-state")).to_contain_text("Not saved")
    assert not Answer.objects.exists()
    page.close()

    page.context.set_offline(False)
    again = page.context.new_page()
    again.goto(attempt_url)
    expect(again.locator('fieldset[data-kind="short_answer"] .quiz-save-state')).to_contain_text("Saved")
    assert Answer.objects.get().text == "Bokeihanov"
