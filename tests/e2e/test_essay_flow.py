"""Essays in a real browser: writing with autosave, an expired session, submit, grade, release, feedback."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.essays import services
from assessments.models import Essay, EssayGrade
from tests.factories import TEST_PASSWORD, AssignmentFactory, ClassroomFactory, student_of, teacher_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ESSAY = "The Alash Orda government wanted autonomy for the Kazakh people within a democratic Russia."


@pytest.fixture
def setting():
    classroom = ClassroomFactory(name="History group 1")
    now = timezone.now()
    assignment = AssignmentFactory(
        classroom=classroom,
        kind="essay",
        title="Alash and autonomy",
        points=20,
        min_words=5,
        max_words=200,
        opens_at=now - timedelta(days=1),
        due_at=now + timedelta(days=3),
    )
    return {
        "assignment": assignment,
        "teacher": teacher_of(classroom, user__username="teacher", user__full_name="Gulnara Teacher"),
        "student": student_of(classroom, user__username="aruzhan", user__full_name="Aruzhan Abenova"),
        "other": student_of(classroom, user__username="bolat", user__full_name="Bolat Bekov"),
    }


def log_in(page, base, username, next_path):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}{next_path}")


def write_path(assignment):
    return f"/work/essay/{assignment.pk}/"


def test_a_draft_autosaves_and_a_reload_shows_it(live_server, page, screenshot, setting):
    """Typing saves the draft after a pause; reloading the page shows the saved text."""
    assignment = setting["assignment"]
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server.url, "aruzhan", write_path(assignment))
    editor = page.get_by_label("Your essay")
    editor.press_sequentially(ESSAY, delay=5)
    expect(page.locator("#word-count")).to_have_text(str(len(ESSAY.split())))
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=10_000)
    screenshot("essay-writing")
    page.reload()
    expect(page.get_by_label("Your essay")).to_have_value(ESSAY)
    assert Essay.objects.get().text == ESSAY
    assert errors == []


def test_text_typed_after_the_session_expired_survives_a_new_login(live_server, page, context, setting):
    """The session cookie goes mid-typing: the page says so, keeps the text, and saves it after login."""
    assignment = setting["assignment"]
    log_in(page, live_server.url, "aruzhan", write_path(assignment))
    editor = page.get_by_label("Your essay")
    editor.fill("")
    editor.press_sequentially("First part.", delay=5)
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=10_000)
    context.clear_cookies(name="sessionid")
    editor.press_sequentially(" Second part, typed after the session expired.", delay=5)
    problem = page.locator("#save-problem")
    expect(problem).to_contain_text("session has expired", timeout=10_000)
    assert Essay.objects.get().text == "First part."
    problem.get_by_role("link").click()
    page.get_by_label("Username").fill("aruzhan")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}{write_path(assignment)}")
    full = "First part. Second part, typed after the session expired."
    expect(page.get_by_label("Your essay")).to_have_value(full)
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=10_000)
    assert Essay.objects.get().text == full


def test_submit_grade_release_and_read_feedback(live_server, page, screenshot, setting):
    """Student submits; the teacher grades two essays, moving on; releases; the student reads it."""
    assignment, student = setting["assignment"], setting["student"]
    services.essay_submit(
        assignment=assignment,
        student=setting["other"],
        text="Another essay written by a classmate here.",
        revision=1,
    )
    page.on("dialog", lambda dialog: dialog.accept())

    log_in(page, live_server.url, "aruzhan", write_path(assignment))
    page.get_by_label("Your essay").press_sequentially(ESSAY, delay=2)
    page.get_by_role("button", name="Submit essay").click()
    expect(page.get_by_text("Your essay was submitted.")).to_be_visible()
    expect(page.get_by_label("Your essay")).to_have_count(0)
    assert Essay.objects.get(student=student).state == Essay.State.SUBMITTED

    page.context.clear_cookies()
    log_in(page, live_server.url, "teacher", f"/work/essay/{assignment.pk}/essays/")
    page.get_by_role("link", name="Grade the next ungraded essay").click()
    expect(page.locator("#student-name")).to_have_text("Aruzhan Abenova")
    for criterion in ("Thesis", "Evidence", "Accuracy", "Organisation"):
        page.get_by_role("group", name=criterion).get_by_label("Proficient").check()
    expect(page.locator("#computed-total")).to_have_text("15.00")
    page.get_by_label("Overall comment").fill("Clear argument; cite the source's dates.")
    page.get_by_label("Graded (ready to release)").check()
    screenshot("essay-grader")
    page.get_by_role("button", name="Save and go to next ungraded").click()
    expect(page.locator("#student-name")).to_have_text("Bolat Bekov")
    page.keyboard.press("Escape")
    page.locator("body").click(position={"x": 5, "y": 5})
    for _ in range(4):  # keyboard: level 2 on each criterion, moving down with j
        page.keyboard.press("2")
        page.keyboard.press("j")
    page.keyboard.press("g")
    expect(page.locator("#computed-total")).to_have_text("10.00")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Grade saved.")).to_be_visible()
    assert EssayGrade.objects.filter(is_complete=True).count() == 2

    page.goto(f"{live_server.url}/work/essay/{assignment.pk}/essays/")
    page.get_by_role("button", name="Release grades").click()
    expect(page.get_by_text("Grades released")).to_be_visible()

    page.context.clear_cookies()
    log_in(page, live_server.url, "aruzhan", write_path(assignment))
    expect(page.get_by_role("heading", name="Feedback")).to_be_visible()
    expect(page.locator("#feedback-score")).to_have_text("15.00")
    expect(page.get_by_text("Clear argument; cite the source's dates.")).to_be_visible()
    screenshot("essay-feedback")


def test_a_stale_grader_page_is_told_and_overwrites_nothing(live_server, browser, setting):
    """Two teachers grade the same essay: the page loaded before the other's save is refused on autosave."""
    assignment = setting["assignment"]
    colleague = teacher_of(assignment.classroom, user__username="colleague")
    essay = services.essay_submit(assignment=assignment, student=setting["student"], text=ESSAY, revision=1)
    grader_path = f"/work/essay/{assignment.pk}/grade/{essay.pk}/"
    pages = []
    for username in ("teacher", colleague.username):
        page = browser.new_context().new_page()
        log_in(page, live_server.url, username, grader_path)
        pages.append(page)
    first, second = pages
    first.get_by_role("group", name="Thesis").get_by_label("Exemplary").check()
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.get_by_text("Grade saved.")).to_be_visible()

    second.get_by_role("group", name="Thesis").get_by_label("Beginning").check()
    expect(second.locator("#grade-problem")).to_contain_text("changed this grade", timeout=10_000)
    score = EssayGrade.objects.get().scores.get(criterion__name="Thesis")
    assert score.level.label == "Exemplary"
