"""Administrators edit the whole course in Django admin: every content model has a working list and form."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from assessments.models import (
    AcceptedAnswer,
    Choice,
    EssayPrompt,
    Question,
    Quiz,
    QuizQuestion,
    RubricCriterion,
    RubricLevel,
)
from lessons.models import (
    EditorNote,
    KeyTerm,
    Lesson,
    Objective,
    Paragraph,
    Person,
    ReadingProgress,
    TimelineEvent,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = [
    Lesson,
    Paragraph,
    Objective,
    KeyTerm,
    Person,
    TimelineEvent,
    EditorNote,
    ReadingProgress,
    Question,
    Choice,
    AcceptedAnswer,
    Quiz,
    QuizQuestion,
    EssayPrompt,
    RubricCriterion,
    RubricLevel,
]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_content_model_has_an_admin_list_with_search(course, admin_client, model):
    response = admin_client.get(admin_url(model, "changelist"), {"q": "a"})
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("model", "inline"),
    [
        (Lesson, "paragraphs"),
        (Question, "choices"),
        (Quiz, "quiz_questions"),
        (EssayPrompt, "criteria"),
        (RubricCriterion, "levels"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_the_edit_page_shows_its_parts_inline(course, admin_client, model, inline):
    obj = model.objects.first()
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == HTTPStatus.OK
    formsets = [formset.formset for formset in response.context["inline_admin_formsets"]]
    assert any(formset.queryset.exists() and formset.prefix == inline for formset in formsets), [
        formset.prefix for formset in formsets
    ]


def test_a_short_answer_question_shows_its_accepted_answers_inline(course, admin_client):
    question = Question.objects.filter(kind=Question.Kind.SHORT_ANSWER).first()
    response = admin_client.get(admin_url(Question, "change", question.pk))
    assert question.accepted_answers.first().text in response.content.decode()
