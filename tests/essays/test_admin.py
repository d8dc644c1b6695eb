"""The admin shows essays read-only and escaped."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from assessments.essays import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<img src=x onerror="alert(1)">'


def test_admin_essay_page_escapes_the_text(client, assignment, student):
    """An administrator sees the student's markup as text, not as markup."""
    essay, _saved = services.essay_autosave(assignment=assignment, student=student, text=HOSTILE, revision=1)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:assessments_essay_change", args=[essay.pk]))
    assert response.status_code == HTTPStatus.OK
    assert HOSTILE not in response.content.decode()


def test_admin_cannot_change_an_essay(client, assignment, student):
    """A post to the admin change page does not alter the essay: writes go through the services."""
    essay, _saved = services.essay_autosave(
        assignment=assignment, student=student, text="Original", revision=1
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.post(reverse("admin:assessments_essay_change", args=[essay.pk]), {"text": "Changed"})
    essay.refresh_from_db()
    assert essay.text == "Original"
