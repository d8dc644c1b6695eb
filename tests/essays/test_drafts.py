"""Drafts: autosave with the browser's revision counter, kept versions, restore."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.essays import services
from assessments.models import Essay

from .conftest import words

pytestmark = pytest.mark.django_db


def test_autosave_stores_the_text_and_word_count(assignment, student):
    """A first autosave creates the essay with the text, its word count and the revision."""
    essay, saved = services.essay_autosave(
        assignment=assignment, student=student, text="One two three", revision=1
    )
    essay.refresh_from_db()
    assert saved
    assert (essay.text, essay.word_count, essay.revision) == ("One two three", 3, 1)


def test_an_older_revision_never_overwrites_newer_text(assignment, student):
    """A save that arrives out of order (revision 2 after 3) is acknowledged but changes nothing."""
    services.essay_autosave(assignment=assignment, student=student, text="newer text", revision=3)
    essay, saved = services.essay_autosave(assignment=assignment, student=student, text="older", revision=2)
    essay.refresh_from_db()
    assert not saved
    assert (essay.text, essay.revision) == ("newer text", 3)


def test_a_submitted_essay_refuses_autosave_and_keeps_its_text(assignment, student):
    """Once submitted the essay is locked: a later autosave is refused and nothing changes."""
    services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    with pytest.raises(services.EssayError):
        services.essay_autosave(assignment=assignment, student=student, text="changed", revision=9)
    assert Essay.objects.get(student=student).text == words(10)


def test_autosave_after_closing_is_refused(assignment, student):
    """After late-until no draft is accepted."""
    later = assignment.late_until + timedelta(minutes=1)
    with pytest.raises(services.EssayError):
        services.essay_autosave(assignment=assignment, student=student, text="late", revision=1, now=later)


def test_rapid_autosaves_update_one_version(assignment, student):
    """Saves a few seconds apart keep one draft version, holding the newest text."""
    now = timezone.now()
    for revision in range(1, 4):
        services.essay_autosave(
            assignment=assignment, student=student, text=f"v{revision}", revision=revision, now=now
        )
    essay = Essay.objects.get(student=student)
    assert [v.text for v in essay.versions.all()] == ["v3"]


def test_versions_keep_the_last_twenty_drafts_and_every_submission(assignment, student):
    """Old drafts are pruned to twenty; submitted versions are kept."""
    start = timezone.now() - timedelta(hours=2)
    for revision in range(1, 26):
        services.essay_autosave(
            assignment=assignment,
            student=student,
            text=words(6, f"w{revision}"),
            revision=revision,
            now=start + timedelta(minutes=3 * revision),
        )
    essay = services.essay_submit(assignment=assignment, student=student)
    kinds = list(essay.versions.values_list("is_submission", flat=True))
    assert kinds.count(False) == 20
    assert kinds.count(True) == 1


def test_restore_puts_an_old_version_back_with_a_new_revision(assignment, student):
    """Restoring makes the old text current again under a higher revision."""
    start = timezone.now() - timedelta(hours=1)
    services.essay_autosave(assignment=assignment, student=student, text="first", revision=1, now=start)
    services.essay_autosave(assignment=assignment, student=student, text="second", revision=2)
    first = Essay.objects.get(student=student).versions.get(text="first")
    essay = services.essay_restore(assignment=assignment, student=student, version_id=first.pk)
    essay.refresh_from_db()
    assert (essay.text, essay.revision) == ("first", 3)


def test_restore_of_another_students_version_is_refused(assignment, student, other_student):
    """A version id of someone else's essay restores nothing."""
    services.essay_autosave(assignment=assignment, student=other_student, text="theirs", revision=1)
    services.essay_autosave(assignment=assignment, student=student, text="mine", revision=1)
    theirs = Essay.objects.get(student=other_student).versions.get()
    with pytest.raises(services.EssayError):
        services.essay_restore(assignment=assignment, student=student, version_id=theirs.pk)
    assert Essay.objects.get(student=student).text == "mine"


def test_a_late_autosave_from_the_page_cannot_undo_a_restore(assignment, student):
    """The restore is numbered above the page's newest revision, so that page's late save is refused."""
    start = timezone.now() - timedelta(hours=1)
    services.essay_autosave(assignment=assignment, student=student, text="first", revision=1, now=start)
    services.essay_autosave(assignment=assignment, student=student, text="second", revision=2)
    first = Essay.objects.get(student=student).versions.get(text="first")
    services.essay_restore(assignment=assignment, student=student, version_id=first.pk, revision=7)
    _essay, saved = services.essay_autosave(assignment=assignment, student=student, text="typed", revision=7)
    assert not saved
    assert Essay.objects.get(student=student).text == "first"
