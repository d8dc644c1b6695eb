"""The draft autosave written in one conditional UPDATE: refusals change nothing, versions as before."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.essays import services
from assessments.models import Essay, EssayVersion
from classroom.fragments import student_scope, tokens

from .conftest import words

pytestmark = pytest.mark.django_db


def saved_row(student):
    return (
        Essay.objects.filter(student=student).values_list("text", "word_count", "revision", "saved_at").get()
    )


def version_texts(student):
    return list(
        EssayVersion.objects.filter(essay__student=student)
        .order_by("-created_at", "-pk")
        .values_list("text", "is_submission")
    )


def test_the_first_save_creates_the_essay_and_its_version(assignment, student):
    """No essay yet: the first autosave makes it, with the text, its words, the revision and a version."""
    now = timezone.now()
    essay, saved = services.essay_autosave(
        assignment=assignment, student=student, text="First words here", revision=1, now=now
    )
    assert saved
    assert (essay.text, essay.word_count, essay.revision, essay.saved_at) == ("First words here", 3, 1, now)
    assert saved_row(student) == ("First words here", 3, 1, now)
    assert version_texts(student) == [("First words here", False)]


def test_a_usual_save_is_two_statements_and_answers_what_was_stored(assignment, student):
    """A save of an existing draft: the essay's UPDATE … RETURNING and the version's UPDATE, no SELECT."""
    now = timezone.now()
    services.essay_autosave(assignment=assignment, student=student, text="one two", revision=1, now=now)
    later = now + timedelta(seconds=20)
    with CaptureQueriesContext(connection) as queries:
        essay, saved = services.essay_autosave(
            assignment=assignment, student=student, text="one two three", revision=2, now=later
        )
    # The test's own transaction turns the service's into a savepoint: those are not statements.
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 2, statements
    assert not any(sql.lstrip().upper().startswith("SELECT") for sql in statements)
    assert saved
    assert (essay.pk, essay.text, essay.word_count, essay.revision, essay.saved_at) == (
        Essay.objects.get(student=student).pk,
        "one two three",
        3,
        2,
        later,
    )
    assert essay.state == Essay.State.DRAFT
    assert essay.assignment is assignment
    assert saved_row(student) == ("one two three", 3, 2, later)
    assert version_texts(student) == [("one two three", False)]


def test_a_stale_revision_is_refused_and_changes_nothing(assignment, student):
    """A save numbered at or below the stored revision answers "not saved"; text, time and versions stay."""
    now = timezone.now()
    services.essay_autosave(assignment=assignment, student=student, text="newest text", revision=5, now=now)
    before = (saved_row(student), version_texts(student))
    for revision in (5, 4, 1):
        essay, saved = services.essay_autosave(
            assignment=assignment,
            student=student,
            text="an old draft",
            revision=revision,
            now=now + timedelta(seconds=30),
        )
        assert not saved
        assert (essay.text, essay.revision) == ("newest text", 5)
    assert (saved_row(student), version_texts(student)) == before


def test_a_submitted_essay_is_refused_with_its_message_and_changes_nothing(assignment, student):
    """After submission a newer revision is still refused, with the submitted message."""
    services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    before = (saved_row(student), version_texts(student))
    with pytest.raises(services.EssayError, match="submitted"):
        services.essay_autosave(assignment=assignment, student=student, text=words(12), revision=99)
    assert (saved_row(student), version_texts(student)) == before


def test_a_closed_assignment_refuses_a_draft_but_takes_a_returned_essay(assignment, student, teacher):
    """After closing a draft is refused with the closed message; an essay returned for revision saves."""
    services.essay_autosave(assignment=assignment, student=student, text=words(6), revision=1)
    after_closing = assignment.closes_at + timedelta(minutes=1)
    before = (saved_row(student), version_texts(student))
    with pytest.raises(services.EssayError, match="closed"):
        services.essay_autosave(
            assignment=assignment, student=student, text=words(7), revision=2, now=after_closing
        )
    assert (saved_row(student), version_texts(student)) == before

    essay = services.essay_submit(assignment=assignment, student=student, text=words(8), revision=2)
    services.essay_return(essay=essay, teacher=teacher, notify_student=False)
    essay, saved = services.essay_autosave(
        assignment=assignment, student=student, text=words(9), revision=3, now=after_closing
    )
    assert saved
    assert saved_row(student) == (words(9), 9, 3, after_closing)
    assert version_texts(student)[0] == (words(9), False)


def test_a_save_before_opening_is_refused_and_changes_nothing(assignment, student):
    """Before the assignment opens the save is refused with the not-open message."""
    services.essay_autosave(assignment=assignment, student=student, text=words(6), revision=1)
    before = (saved_row(student), version_texts(student))
    with pytest.raises(services.EssayError, match="not open"):
        services.essay_autosave(
            assignment=assignment,
            student=student,
            text=words(7),
            revision=2,
            now=assignment.opens_at - timedelta(minutes=1),
        )
    assert (saved_row(student), version_texts(student)) == before


def test_emptying_or_starting_the_text_shows_on_the_to_do_list(assignment, student):
    """A draft emptied, or started again, makes the student's kept fragments out of date."""
    now = timezone.now()
    services.essay_autosave(assignment=assignment, student=student, text="started", revision=1, now=now)
    (token,) = tokens(student_scope(student.pk))
    services.essay_autosave(assignment=assignment, student=student, text="", revision=2, now=now)
    assert saved_row(student)[:3] == ("", 0, 2)
    (emptied,) = tokens(student_scope(student.pk))
    assert emptied != token
    services.essay_autosave(assignment=assignment, student=student, text="again", revision=3, now=now)
    assert saved_row(student)[:3] == ("again", 1, 3)
    (started,) = tokens(student_scope(student.pk))
    assert started != emptied


def test_versions_are_kept_as_before(assignment, student):
    """Saves within two minutes update the newest draft version; later ones add one; twenty are kept."""
    start = timezone.now() - timedelta(days=1)
    services.essay_autosave(assignment=assignment, student=student, text="a", revision=1, now=start)
    services.essay_autosave(
        assignment=assignment, student=student, text="b", revision=2, now=start + timedelta(minutes=1)
    )
    assert version_texts(student) == [("b", False)]
    services.essay_autosave(
        assignment=assignment, student=student, text="c", revision=3, now=start + timedelta(minutes=4)
    )
    assert version_texts(student) == [("c", False), ("b", False)]
    for n in range(25):
        services.essay_autosave(
            assignment=assignment,
            student=student,
            text=f"draft {n}",
            revision=10 + n,
            now=start + timedelta(minutes=10 + 3 * n),
        )
    kept = version_texts(student)
    assert len(kept) == services.DRAFT_VERSIONS_KEPT
    assert kept[0] == ("draft 24", False)
    assert kept[-1] == ("draft 5", False)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_autosaves_keep_the_newest(assignment, student):
    """Saves of one essay arriving at once, in any order: the highest revision's text is what stays."""
    now = timezone.now()
    services.essay_autosave(assignment=assignment, student=student, text="start", revision=1, now=now)
    count = 6
    barrier = threading.Barrier(count)
    errors = []

    def save(revision):
        try:
            barrier.wait()
            services.essay_autosave(
                assignment=assignment,
                student=student,
                text=f"text of revision {revision}",
                revision=revision,
                now=now + timedelta(seconds=revision),
            )
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(revision,)) for revision in range(2, 2 + count)]
    for thread in reversed(threads):
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    newest = 1 + count
    text, _, revision, saved_at = saved_row(student)
    assert (text, revision, saved_at) == (
        f"text of revision {newest}",
        newest,
        now + timedelta(seconds=newest),
    )
    assert version_texts(student) == [(f"text of revision {newest}", False)]
