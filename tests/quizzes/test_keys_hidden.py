"""No key, explanation or correctness reaches a student before review is allowed.

A sentinel string is planted in every explanation, citation and accepted answer (and a sentinel number
in the numeric key); a crawler follows every link a student can reach during and after an attempt and
checks every body and header.
"""

import json
import re
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import AcceptedAnswer, Question
from assessments.quizzes import services

from .builders import question_of, quiz_assignment
from .helpers import right_payloads

pytestmark = pytest.mark.django_db

SENTINEL = "ZQX-SENTINEL-KEY"
SENTINEL_NUMBER = "424242"
SKIP = ("/static/", "/admin/", "/accounts/logout", "/logout")


@pytest.fixture
def planted(classroom):
    assignment = quiz_assignment(classroom, review_policy="after_due", max_attempts=2)
    questions = Question.objects.filter(quizzes=assignment.quiz)
    questions.update(explanation=f"{SENTINEL} explanation", citation=f"{SENTINEL} citation")
    questions.filter(kind="numeric").update(numeric_answer=Decimal(f"{SENTINEL_NUMBER}.5"))
    AcceptedAnswer.objects.filter(question__in=questions).update(text=f"{SENTINEL}answer")
    return assignment


def crawl(client, starts):
    """Every page reachable from `starts` by links on the site; [(url, response)]."""
    seen, queue, pages = set(), list(starts), []
    while queue and len(seen) < 300:
        url = queue.pop(0).split("#")[0]
        if url in seen or url.startswith(SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        pages.append((url, response))
        if "html" in response.get("Content-Type", ""):
            for link in re.findall(r'href="(/[^"]*)"', response.content.decode()):
                queue.append(link.replace("&amp;", "&"))
    return pages


def leaks(pages):
    found = []
    for url, response in pages:
        text = response.content.decode(errors="replace") + json.dumps(dict(response.headers))
        if SENTINEL in text or SENTINEL_NUMBER in text:
            found.append(url)
    return found


def student_client(student):
    client = Client(raise_request_exception=False)
    client.force_login(student)
    return client


def starts(assignment, attempt):
    return [
        "/",
        reverse("classroom:dashboard"),
        reverse("assessments:quizzes:home", kwargs={"assignment_id": assignment.pk}),
        reverse("assessments:quizzes:attempt", kwargs={"attempt_id": attempt.pk}),
    ]


def test_no_key_reachable_during_an_attempt(planted, student):
    client = student_client(student)
    attempt = services.attempt_start(assignment=planted, student=student)
    save = reverse("assessments:quizzes:save_answer", kwargs={"attempt_id": attempt.pk})
    payloads = right_payloads(attempt)
    # The student does not know the key: what they type is not the sentinel.
    payloads["short_answer"]["text"] = "Baitursynov"
    payloads["numeric"]["number"] = "1920"
    responses = [
        (save, client.post(save, json.dumps(payload), content_type="application/json"))
        for payload in payloads.values()
    ]
    assert all(response.status_code == HTTPStatus.OK for _, response in responses)
    assert leaks(responses + crawl(client, starts(planted, attempt))) == []


def test_no_key_reachable_after_submitting_before_review(planted, student):
    client = student_client(student)
    attempt = services.attempt_start(assignment=planted, student=student)
    submitted = client.post(
        reverse("assessments:quizzes:submit", kwargs={"attempt_id": attempt.pk}), follow=True
    )
    assert leaks([("submit", submitted), *crawl(client, starts(planted, attempt))]) == []


def test_key_shown_once_review_is_allowed(planted, student):
    """The control: the same crawl finds the sentinel when review opens (so the crawl can fail)."""
    client = student_client(student)
    attempt = services.attempt_start(assignment=planted, student=student)
    services.attempt_submit(attempt=attempt)
    planted.review_policy = "immediately"
    planted.save()
    assert reverse("assessments:quizzes:attempt", kwargs={"attempt_id": attempt.pk}) in leaks(
        crawl(client, starts(planted, attempt))
    )


def normalised(html):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'(csrf-token" content=|X-CSRFToken": )"[^"]*"', "", html)
    html = re.sub(r'data-server-now="[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


def test_take_page_is_the_same_whichever_choice_is_correct(planted, student):
    """Correctness leaves no trace: moving the key to another choice changes nothing on the page."""
    client = student_client(student)
    attempt = services.attempt_start(assignment=planted, student=student)
    url = reverse("assessments:quizzes:attempt", kwargs={"attempt_id": attempt.pk})
    before = normalised(client.get(url).content.decode())
    question = question_of(planted, "single_choice")
    question.choices.update(is_correct=False)
    question.choices.filter(position=2).update(is_correct=True)
    tf = question_of(planted, "true_false")
    tf.true_false_answer = not tf.true_false_answer
    tf.save()
    assert normalised(client.get(url).content.decode()) == before
