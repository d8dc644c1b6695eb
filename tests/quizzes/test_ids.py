"""Ids too large for the database are simply not found (404), on SQLite and PostgreSQL alike."""

from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.mark.parametrize(
    "path",
    [f"/work/quiz/attempt/{HUGE}/", f"/work/quiz/{HUGE}/", f"/work/quiz/attempt/{HUGE}/full/"],
)
def test_huge_ids_are_404(client, student, path):
    client.force_login(student)
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "path",
    [
        f"/work/quiz/attempt/{HUGE}/answer/",
        f"/work/quiz/answer/{HUGE}/override/",
        f"/work/quiz/{HUGE}/start/",
    ],
)
def test_huge_ids_in_posts_are_404(client, student, path):
    client.force_login(student)
    assert client.post(path, {}).status_code == HTTPStatus.NOT_FOUND
