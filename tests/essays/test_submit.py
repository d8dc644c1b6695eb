"""Submission: word range, lateness, closing, double submit, return for revision."""

from datetime import timedelta

import pytest
from django.core import mail

from assessments.essays import services
from assessments.models import Essay

from .conftest import words

pytestmark = pytest.mark.django_db


def test_submit_locks_the_essay_on_time(assignment, student):
    """Submitting before the due date locks the essay and does not flag it late."""
    essay = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    essay.refresh_from_db()
    assert essay.state == Essay.State.SUBMITTED
    assert not essay.is_late
    assert essay.submitted_at is not None


def test_submit_outside_the_word_range_is_refused_and_changes_nothing(assignment, student):
    """Too few words: a clear message, and the essay stays a draft with its saved text."""
    services.essay_autosave(assignment=assignment, student=student, text="saved draft", revision=1)
    with pytest.raises(services.EssayError, match="between 5 and 100"):
        services.essay_submit(assignment=assignment, student=student, text="too short", revision=2)
    essay = Essay.objects.get(student=student)
    assert (essay.state, essay.text) == (Essay.State.DRAFT, "saved draft")


def test_submit_after_the_due_date_is_accepted_and_flagged_late(assignment, student):
    """Between due and late-until the submission is accepted, marked late, with started days counted."""
    at = assignment.due_at + timedelta(days=1, hours=2)
    essay = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1, now=at)
    assert essay.is_late
    assert essay.late_days == 2


def test_submit_after_late_until_is_refused(assignment, student):
    """After late-until nothing is submitted."""
    at = assignment.late_until + timedelta(seconds=1)
    with pytest.raises(services.EssayError):
        services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1, now=at)
    assert not Essay.objects.filter(student=student, state=Essay.State.SUBMITTED).exists()


def test_a_second_submit_changes_nothing(assignment, student):
    """A double click submits once: the second call keeps the first submission's time and text."""
    first = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    second = services.essay_submit(assignment=assignment, student=student, text=words(12), revision=2)
    second.refresh_from_db()
    assert (second.submitted_at, second.text) == (first.submitted_at, words(10))
    assert second.versions.filter(is_submission=True).count() == 1


def test_returned_essay_can_be_edited_and_resubmitted(
    assignment, student, teacher, django_capture_on_commit_callbacks
):
    """A teacher's return unlocks the essay, even after the closing date, and tells the student."""
    essay = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.essay_return(essay=essay, teacher=teacher, note="Add evidence.")
    later = assignment.late_until + timedelta(days=1)
    services.essay_autosave(assignment=assignment, student=student, text=words(20), revision=2, now=later)
    essay = services.essay_submit(assignment=assignment, student=student, now=later)
    assert essay.state == Essay.State.SUBMITTED
    assert essay.text == words(20)
    assert "returned" in mail.outbox[0].subject.lower()


def test_only_a_submitted_essay_can_be_returned(assignment, student, teacher):
    """A draft cannot be returned."""
    essay, _saved = services.essay_autosave(assignment=assignment, student=student, text="draft", revision=1)
    with pytest.raises(services.EssayError):
        services.essay_return(essay=essay, teacher=teacher)


def test_resubmission_reopens_a_submitted_essay_where_allowed(assignment, student):
    """With resubmission allowed, a submitted, ungraded essay goes back to a draft before closing."""
    assignment.allow_resubmission = True
    assignment.save()
    services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    essay = services.essay_reopen(assignment=assignment, student=student)
    assert essay.state == Essay.State.DRAFT
    assert essay.versions.filter(is_submission=True).exists()


def test_reopen_is_refused_without_resubmission(assignment, student):
    """Without the setting a submission stays locked."""
    services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    with pytest.raises(services.EssayError):
        services.essay_reopen(assignment=assignment, student=student)
    assert Essay.objects.get(student=student).state == Essay.State.SUBMITTED


def test_reopen_is_refused_once_graded(assignment, student, teacher):
    """A graded essay cannot be taken back."""
    assignment.allow_resubmission = True
    assignment.save()
    essay = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    levels = {c.pk: c.levels.first().pk for c in assignment.essay_prompt.criteria.all()}
    services.essay_grade(essay=essay, teacher=teacher, version=0, levels=levels, complete=True)
    with pytest.raises(services.EssayError):
        services.essay_reopen(assignment=assignment, student=student)
