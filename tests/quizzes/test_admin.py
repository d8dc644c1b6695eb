"""The admin lists and shows quiz attempts (read-only) and grants extra attempts."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from assessments.models import Answer
from assessments.quizzes import services
from tests.factories import UserFactory

from .helpers import right_payloads

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def submitted(assignment, student):
    attempt = services.attempt_start(assignment=assignment, student=student)
    for payload in right_payloads(attempt).values():
        services.answer_save(attempt=attempt, payload=payload)
    return services.attempt_submit(attempt=attempt)


@pytest.mark.parametrize("model", ["attempt", "answer", "pointsoverride", "extraattempt"])
def test_admin_lists_open(admin_client, submitted, model):
    response = admin_client.get(reverse(f"admin:assessments_{model}_changelist"))
    assert response.status_code == HTTPStatus.OK


def test_admin_shows_an_attempt_with_its_answers(admin_client, submitted):
    response = admin_client.get(reverse("admin:assessments_attempt_change", args=[submitted.pk]))
    assert response.status_code == HTTPStatus.OK
    assert "Bukeikhanov" in response.content.decode()


def test_admin_shows_an_answer(admin_client, submitted):
    answer = Answer.objects.filter(attempt=submitted).first()
    response = admin_client.get(reverse("admin:assessments_answer_change", args=[answer.pk]))
    assert response.status_code == HTTPStatus.OK


def test_admin_cannot_change_an_attempt(admin_client, submitted):
    response = admin_client.post(
        reverse("admin:assessments_attempt_change", args=[submitted.pk]), {"score": "0"}
    )
    submitted.refresh_from_db()
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert submitted.score == 7
