"""A teacher in a real browser: the attempts with their score chart, one attempt with a points override,
and the item analysis."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from assessments.models import Attempt, PointsOverride
from assessments.quizzes import services
from tests.factories import TEST_PASSWORD, ClassroomFactory, student_of, teacher_of
from tests.quizzes.builders import quiz_assignment
from tests.quizzes.helpers import right_payloads

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quiz_with_attempts(db):
    classroom = ClassroomFactory(name="History group 1")
    assignment = quiz_assignment(classroom, title="Quiz: Alash")
    teacher_of(classroom, user__username="gulnara", user__full_name="Gulnara Teacher")
    for index, name in enumerate(["Aruzhan Abenova", "Bolat Bekov", "Dana Sadykova", "Erlan Omarov"]):
        student = student_of(classroom, user__full_name=name)
        attempt = services.attempt_start(assignment=assignment, student=student)
        for payload in list(right_payloads(attempt).values())[: 7 - index * 2]:
            services.answer_save(attempt=attempt, payload=payload)
        services.attempt_submit(attempt=attempt)
    return assignment


def test_teacher_reads_attempts_overrides_points_and_reads_analysis(
    live_server, page, screenshot, quiz_with_attempts
):
    assignment = quiz_with_attempts
    blocked = []
    page.on("console", lambda message: message.type == "error" and blocked.append(message.text))
    path = f"/work/quiz/{assignment.pk}/attempts/"
    page.goto(f"{live_server.url}/accounts/login/?next={path}")
    page.get_by_label("Username").fill("gulnara")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_test_id("score-chart")).to_be_visible()
    expect(page.get_by_test_id("attempts-table").locator("tbody tr")).to_have_count(4)
    screenshot("quiz-teacher-attempts")

    page.get_by_test_id("attempts-table").get_by_role("row", name="Bolat Bekov").get_by_role("link").click()
    expect(page.get_by_test_id("attempt-score")).to_contain_text("5.00 / 7.00")
    first = page.locator(".quiz-review-question").first
    first.get_by_label("Points").fill("0.5")
    first.get_by_label("Reason").fill("Right idea, wrong name")
    first.get_by_role("button", name="Change points").click()
    expect(page.get_by_test_id("attempt-score")).to_contain_text("4.50 / 7.00")
    expect(page.locator(".quiz-override-history").first).to_contain_text("Right idea, wrong name")
    assert PointsOverride.objects.count() == 1
    assert Attempt.objects.get(student__full_name="Bolat Bekov").score == Decimal("4.5")

    page.goto(f"{live_server.url}/work/quiz/{assignment.pk}/analysis/")
    expect(page.get_by_test_id("analysis-table").locator("tbody tr")).to_have_count(7)
    screenshot("quiz-analysis")
    assert blocked == []
