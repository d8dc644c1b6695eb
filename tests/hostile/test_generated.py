"""Hypothesis-generated text in the fields people type into: never a 500, kept exactly, shown escaped."""

from http import HTTPStatus

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classroom.models import Classroom

from .conftest import sign_in

pytestmark = pytest.mark.django_db

texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300
) | st.sampled_from(["=1+1", "<b>", "\x00", "\u202e", "'; --", "\r\n", "Қ" * 200])
RUNS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@RUNS
@given(text=texts, revision=st.integers(min_value=-5, max_value=2**40))
def test_an_essay_draft_is_kept_exactly_or_refused(world, browser, text, revision):
    """Any text and revision: 200 with the text stored as sent (NUL dropped, CRLF as LF), or a 400."""
    sign_in(browser, world, "student_b")
    url = reverse("assessments:essays:autosave", kwargs={"assignment_id": world.essay_b.pk})
    savepoint = transaction.savepoint_create()
    try:
        response = browser.post(url, {"text": text, "revision": revision}, HTTP_ACCEPT="application/json")
        world.essay_of_student_b.refresh_from_db()
        stored = world.essay_of_student_b.text
    finally:
        transaction.savepoint_rollback(savepoint)
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.BAD_REQUEST)
    if response.status_code == HTTPStatus.OK and response.json()["saved"]:
        assert stored == text.replace("\r\n", "\n").replace("\x00", "")


@RUNS
@given(name=texts, description=texts)
def test_a_class_name_is_shown_escaped_or_refused(world, browser, name, description):
    """Any class name: saved and shown escaped on the class's people page, or the form refuses it."""
    sign_in(browser, world, "teacher_a")
    url = reverse("classroom:edit", kwargs={"pk": world.class_a.pk})
    savepoint = transaction.savepoint_create()
    try:
        response = browser.post(url, {"name": name, "term": "", "description": description})
        saved = Classroom.objects.get(pk=world.class_a.pk).name
        page = browser.get(reverse("classroom:manage", kwargs={"pk": world.class_a.pk})).content.decode()
    finally:
        transaction.savepoint_rollback(savepoint)
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.OK, HTTPStatus.BAD_REQUEST)
    if response.status_code == HTTPStatus.FOUND:
        assert escape(saved) in page
        if "<" in saved:
            assert saved not in page


@RUNS
@given(reason=texts, percent=st.one_of(texts, st.decimals(allow_nan=True).map(str)))
def test_a_grade_override_never_gives_a_server_error(world, browser, reason, percent):
    """Any override reason and percentage: the override is saved or refused with a message."""
    sign_in(browser, world, "teacher_a")
    url = reverse(
        "gradebook:override",
        kwargs={
            "class_id": world.class_a.pk,
            "student_id": world.student_a.pk,
            "assignment_id": world.quiz_a.pk,
        },
    )
    savepoint = transaction.savepoint_create()
    try:
        response = browser.post(url, {"percent": percent, "reason": reason})
    finally:
        transaction.savepoint_rollback(savepoint)
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.BAD_REQUEST)
