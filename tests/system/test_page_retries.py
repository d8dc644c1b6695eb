"""The real pages retry a save that a killed app server never acknowledged (Chromium + gunicorn).

The server is killed with SIGKILL while the student types; the page shows that the text or answer is not
saved and keeps it; a new server comes up on the same port (as systemd restarts it) and the page's own
retry saves it, with nobody touching the page.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Answer, Essay
from tests.factories import TEST_PASSWORD, AssignmentFactory, MembershipFactory, QuestionFactory

from .servers import AppServer

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FIRST = "The Alash Orda government wanted autonomy."
SECOND = " It was dissolved by the Soviet government in 1920."


def log_in(page, server, next_path):
    page.goto(f"{server.url}/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill("aruzhan")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server.url}{next_path}")


@pytest.fixture
def restarted():
    servers = []

    def start(killed):
        server = AppServer(killed.port, killed.env, workers=1).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def test_an_essay_typed_while_the_server_is_dead_is_saved_when_it_returns(app_servers, restarted, page):
    """Saved text, then kill -9, more typing (shown as not saved), restart: the page saves it alone."""
    membership = MembershipFactory(user__username="aruzhan")
    assignment = AssignmentFactory(classroom=membership.classroom, kind="essay", min_words=5, max_words=300)
    (server,) = app_servers(1)
    log_in(page, server, reverse("assessments:essays:write", kwargs={"assignment_id": assignment.pk}))
    editor = page.locator("#essay-text")
    status = page.locator("#save-status")
    editor.fill(FIRST)
    expect(status).to_contain_text("Saved at", timeout=20_000)

    server.kill()
    editor.press_sequentially(SECOND, delay=5)
    expect(status).to_contain_text("Offline", timeout=20_000)
    assert Essay.objects.get().text == FIRST
    restarted(server)

    expect(status).to_contain_text("Saved at", timeout=40_000)
    assert Essay.objects.get().text == FIRST + SECOND


def test_a_quiz_answer_chosen_while_the_server_is_dead_is_saved_when_it_returns(app_servers, restarted, page):
    """An answer clicked after kill -9 is kept by the page and sent again until the new server takes it."""
    membership = MembershipFactory(user__username="aruzhan")
    assignment = AssignmentFactory(
        classroom=membership.classroom, kind="quiz", opens_at=timezone.now() - timedelta(days=1)
    )
    question = QuestionFactory(
        prompt="Who led the Alash party?", choices=["Bokeikhanov", "Ryskulov", "Other"]
    )
    assignment.quiz.quiz_questions.all().delete()
    assignment.quiz.quiz_questions.create(question=question, position=1)
    (server,) = app_servers(1)
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, server, reverse("assessments:quizzes:home", kwargs={"assignment_id": assignment.pk}))
    page.get_by_role("button", name="Start the quiz").click()
    fieldset = page.locator("fieldset").filter(has_text="Who led the Alash party?")
    expect(fieldset).to_be_visible()
    # The quiz's script must be running before the server dies: a script not yet fetched never would be,
    # and nothing would handle the click (seen once in CI under load). The load event follows every script.
    page.wait_for_load_state("load")

    server.kill()
    fieldset.get_by_label("Bokeikhanov").check()
    expect(fieldset.locator(".quiz-save-state")).to_contain_text("Not saved", timeout=20_000)
    assert not Answer.objects.exists()
    restarted(server)

    expect(fieldset.locator(".quiz-save-state")).to_contain_text("Saved", timeout=60_000)
    answer = Answer.objects.get()
    assert [c.choice.text for c in answer.answer_choices.all()] == ["Bokeikhanov"]
