"""The quiz form is built in Python: every text a teacher or student wrote is escaped there."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from assessments.models import Choice, Question
from assessments.quizzes import services

from .builders import question_of

pytestmark = pytest.mark.django_db

MARKUP = '<b onmouseover="x">bold</b> & "quoted"'
ESCAPED = "&lt;b onmouseover=&quot;x&quot;&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"


@pytest.fixture
def page(client, assignment, student):
    """The take page after markup was planted in every prompt, choice, match text and a saved answer."""
    questions = Question.objects.filter(quizzes=assignment.quiz)
    questions.update(prompt=f"{MARKUP}\nsecond line")
    Choice.objects.filter(question__in=questions).update(text=MARKUP, match_text=MARKUP)
    attempt = services.attempt_start(assignment=assignment, student=student)
    short = question_of(assignment, "short_answer")
    services.answer_save(attempt=attempt, payload={"question": short.pk, "text": MARKUP})
    client.force_login(student)
    response = client.get(reverse("assessments:quizzes:attempt", kwargs={"attempt_id": attempt.pk}))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_take_page_escapes_prompts_choices_and_saved_text(page):
    assert "<b onmouseover" not in page
    assert f"{ESCAPED}<br>second line" in page  # the prompt keeps its line break
    assert f'value="{ESCAPED}"' in page  # the saved short answer
    assert f">{ESCAPED}</label>" in page  # a choice and a matching item
    assert f">{ESCAPED}</option>" in page  # a right-hand match text
    assert f'<span class="ms-2 me-auto">{ESCAPED}</span>' in page  # an ordering item


def test_take_page_marks_the_saved_question_saved(page):
    """Only the answered question says Saved."""
    assert page.count('data-testid="save-state">Saved</div>') == 1
