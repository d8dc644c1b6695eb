"""The quiz pages a student uses: start, take (with saved answers restored), autosave, submit, review."""

import json
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Attempt
from assessments.quizzes import services
from tests.factories import student_of

from .builders import question_of, quiz_assignment
from .helpers import right_payload_list, right_payloads

pytestmark = pytest.mark.django_db


def save_url(attempt):
    return reverse("assessments:quizzes:save_answer", kwargs={"attempt_id": attempt.pk})


def attempt_url(attempt):
    return reverse("assessments:quizzes:attempt", kwargs={"attempt_id": attempt.pk})


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


@pytest.fixture
def attempt(assignment, student):
    return services.attempt_start(assignment=assignment, student=student)


@pytest.fixture
def student_client(client, student):
    client.force_login(student)
    return client


def test_start_creates_attempt_and_opens_it(student_client, assignment):
    response = student_client.post(
        reverse("assessments:quizzes:start", kwargs={"assignment_id": assignment.pk})
    )
    attempt = Attempt.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == attempt_url(attempt)


def test_start_refused_shows_message(student_client, assignment, student):
    for _ in range(2):
        services.attempt_submit(attempt=services.attempt_start(assignment=assignment, student=student))
    response = student_client.post(
        reverse("assessments:quizzes:start", kwargs={"assignment_id": assignment.pk}), follow=True
    )
    assert "used all your attempts" in response.content.decode()
    assert Attempt.objects.count() == 2


def test_take_page_carries_the_server_deadline(student_client, attempt):
    """The countdown reads the server's deadline from a data attribute."""
    response = student_client.get(attempt_url(attempt))
    assert f'data-deadline="{attempt.deadline_at.isoformat()}"' in response.content.decode()


def test_save_answer_returns_saved_state(student_client, attempt, assignment):
    question = question_of(assignment, "short_answer")
    response = post_json(student_client, save_url(attempt), {"question": question.pk, "text": "Bokeihanov"})
    assert response.status_code == HTTPStatus.OK
    assert response.json()["saved"] is True
    assert response.json()["answer"] == {"text": "Bokeihanov"}
    assert Answer.objects.get().text == "Bokeihanov"


def test_save_answer_accepts_form_fields(student_client, attempt, assignment):
    """Without JSON (htmx, plain form), the same fields work."""
    question = question_of(assignment, "multiple_response")
    picks = list(question.choices.values_list("pk", flat=True)[:2])
    response = student_client.post(save_url(attempt), {"question": question.pk, "choices": picks})
    assert response.status_code == HTTPStatus.OK
    assert sorted(Answer.objects.get().answer_choices.values_list("choice_id", flat=True)) == sorted(picks)


def test_reload_restores_every_saved_answer(student_client, attempt):
    """After saving every question, the page shows each saved answer again."""
    payloads = right_payloads(attempt)
    for payload in payloads.values():
        assert post_json(student_client, save_url(attempt), payload).status_code == HTTPStatus.OK
    html = student_client.get(attempt_url(attempt)).content.decode()
    single = payloads["single_choice"]
    assert f'value="{single["choice"]}" checked' in html
    for pk in payloads["multiple_response"]["choices"]:
        assert f'value="{pk}" checked' in html
    assert f'value="{str(payloads["true_false"]["value"]).lower()}" checked' in html
    assert f'value="{payloads["short_answer"]["text"]}"' in html
    assert 'value="1920"' in html
    order = payloads["ordering"]["order"]
    positions = [html.index(f'data-token="{token}"') for token in order]
    assert positions == sorted(positions)
    for left, right in payloads["matching"]["matches"].items():
        select = html[html.index(f'data-left="{left}"') :]
        assert f'value="{right}" selected' in select[: select.index("</select>")]


def test_save_bad_json_is_400(student_client, attempt):
    response = student_client.post(save_url(attempt), "{not json", content_type="application/json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error"]
    assert not Answer.objects.exists()


def test_save_wrong_type_is_400_with_message(student_client, attempt, assignment):
    question = question_of(assignment, "true_false")
    response = post_json(student_client, save_url(attempt), {"question": question.pk, "value": "maybe"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "true or false" in response.json()["error"]
    assert not Answer.objects.exists()


def test_save_to_another_students_attempt_is_404(client, attempt, assignment, classroom):
    other = student_of(classroom)
    client.force_login(other)
    question = question_of(assignment, "short_answer")
    response = post_json(client, save_url(attempt), {"question": question.pk, "text": "x"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Answer.objects.exists()


def test_save_to_finished_attempt_is_409(student_client, attempt, assignment):
    services.attempt_submit(attempt=attempt)
    question = question_of(assignment, "short_answer")
    response = post_json(student_client, save_url(attempt), {"question": question.pk, "text": "x"})
    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["error"]
    assert not Answer.objects.exists()


def test_submit_twice_lands_on_one_graded_attempt(student_client, attempt):
    """Double click or a second tab: two posts, one submission, same result page."""
    url = reverse("assessments:quizzes:submit", kwargs={"attempt_id": attempt.pk})
    first = student_client.post(url)
    attempt.refresh_from_db()
    submitted_at = attempt.submitted_at
    second = student_client.post(url)
    attempt.refresh_from_db()
    assert first["Location"] == second["Location"] == attempt_url(attempt)
    assert attempt.submitted_at == submitted_at
    assert Attempt.objects.filter(state=Attempt.State.SUBMITTED).count() == 1


def test_expired_attempt_is_finalised_when_opened(client, classroom):
    """Opening an attempt past its deadline + grace shows the result: it was submitted by the timer."""
    student = student_of(classroom)
    assignment = quiz_assignment(classroom, time_limit_minutes=1)
    attempt = services.attempt_start(
        assignment=assignment, student=student, now=timezone.now() - timedelta(minutes=5)
    )
    client.force_login(student)
    response = client.get(attempt_url(attempt))
    attempt.refresh_from_db()
    assert attempt.finished_by == Attempt.FinishedBy.TIMER
    assert "Time ran out" in response.content.decode()


def test_review_shows_key_explanation_and_cited_link(student_client, attempt, assignment):
    """With review allowed, each question shows the key, the explanation and a link to the cited anchor."""
    services.attempt_submit(attempt=attempt)
    html = student_client.get(attempt_url(attempt)).content.decode()
    question = question_of(assignment, "single_choice")
    paragraph = question.cited_paragraph
    assert question.explanation in html
    assert f'href="/lessons/{paragraph.lesson.slug}/#{paragraph.slug}"' in html


def test_review_after_due_waits_for_closing(client, classroom):
    """Review "after the due date": before it, the result page shows no explanation."""
    student = student_of(classroom)
    assignment = quiz_assignment(classroom, review_policy="after_due")
    attempt = services.attempt_start(assignment=assignment, student=student)
    services.attempt_submit(attempt=attempt)
    client.force_login(student)
    html = client.get(attempt_url(attempt)).content.decode()
    assert question_of(assignment, "single_choice").explanation not in html
    assert "open for review after" in html


def test_home_lists_own_attempts(student_client, attempt, assignment):
    response = student_client.get(
        reverse("assessments:quizzes:home", kwargs={"assignment_id": assignment.pk})
    )
    assert response.status_code == HTTPStatus.OK
    assert "Continue your attempt" in response.content.decode()


def test_home_for_a_reading_assignment_is_404(student_client, classroom):
    from tests.factories import AssignmentFactory

    reading = AssignmentFactory(classroom=classroom, kind="reading")
    response = student_client.get(reverse("assessments:quizzes:home", kwargs={"assignment_id": reading.pk}))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_home_query_count_is_flat(student_client, classroom, student, django_assert_num_queries):
    """The student's attempts list costs the same queries with one attempt or five."""
    assignment = quiz_assignment(classroom, max_attempts=10, review_policy="immediately")
    url = reverse("assessments:quizzes:home", kwargs={"assignment_id": assignment.pk})
    services.attempt_submit(attempt=services.attempt_start(assignment=assignment, student=student))
    student_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        student_client.get(url)
    for _ in range(4):
        services.attempt_submit(attempt=services.attempt_start(assignment=assignment, student=student))
    with django_assert_num_queries(len(small)):
        student_client.get(url)


def test_home_says_when_attempts_are_used_up(student_client, assignment, student):
    for _ in range(2):
        services.attempt_submit(attempt=services.attempt_start(assignment=assignment, student=student))
    html = student_client.get(
        reverse("assessments:quizzes:home", kwargs={"assignment_id": assignment.pk})
    ).content.decode()
    assert "used all your attempts" in html
    assert "Start another attempt" not in html


def page_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(queries)


def test_take_and_review_pages_cost_the_same_queries_for_more_questions(client, classroom):
    """The attempt page (open, then reviewed) costs as many queries for 7 questions as for 14."""
    from tests.factories import ParagraphFactory

    from .builders import every_type_questions

    counts = []
    for size in (1, 2):
        questions = [q for _ in range(size) for q in every_type_questions(paragraph=ParagraphFactory())]
        assignment = quiz_assignment(classroom, questions=questions, review_policy="immediately")
        student = student_of(classroom)
        client.force_login(student)
        attempt = services.attempt_start(assignment=assignment, student=student)
        for payload in right_payload_list(attempt):
            services.answer_save(attempt=attempt, payload=payload)
        taking = page_queries(client, attempt_url(attempt))
        services.attempt_submit(attempt=attempt)
        counts.append((taking, page_queries(client, attempt_url(attempt))))
    assert counts[0] == counts[1]
