"""The essay pages: writing, autosave answers, grading, release, feedback, and escaping."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.essays import services
from assessments.models import Essay, EssayGrade
from tests.factories import ClassroomFactory, student_of

from .conftest import words

pytestmark = pytest.mark.django_db

FETCH = {"HTTP_ACCEPT": "application/json", "HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
HOSTILE = '<script>alert("x")</script>'


def url(name, assignment, *args):
    return reverse(f"assessments:essays:{name}", args=[assignment.pk, *args])


def all_levels(assignment, position):
    return {c.pk: c.levels.get(position=position).pk for c in assignment.essay_prompt.criteria.all()}


def grade_post(assignment, position, version, **extra):
    data = {f"level_{c}": lvl for c, lvl in all_levels(assignment, position).items()}
    return {"version": version, "overall_comment": "", **data, **extra}


@pytest.fixture
def graded(assignment, student, teacher):
    """A submitted essay graded 15 of 20 with comments, not yet released."""
    essay = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    criterion = assignment.essay_prompt.criteria.first()
    services.essay_grade(
        essay=essay,
        teacher=teacher,
        version=0,
        levels=all_levels(assignment, 3),
        comments={criterion.pk: "Strong thesis, well argued"},
        overall_comment="A careful essay overall",
        complete=True,
    )
    return essay


class TestWriting:
    def test_page_shows_prompt_word_range_rubric_and_editor(self, client, student, assignment):
        """The writing page has the prompt, the word range, the rubric and the editor."""
        client.force_login(student)
        response = client.get(url("write", assignment))
        content = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        assert assignment.essay_prompt.prompt in content
        assert "5 to 100" in content
        assert "Exemplary" in content
        assert 'id="essay-text"' in content

    def test_autosave_answers_with_the_revision_and_saved_time(self, client, student, assignment):
        """An autosave answers JSON with what was stored."""
        client.force_login(student)
        response = client.post(url("autosave", assignment), {"text": "Hello there", "revision": 4}, **FETCH)
        assert response.status_code == HTTPStatus.OK
        assert response.json()["saved"] is True
        assert response.json()["revision"] == 4
        assert Essay.objects.get(student=student).text == "Hello there"

    def test_autosave_with_an_expired_session_answers_json_401(self, client, assignment):
        """A script's save without a session gets a JSON 401 (not the login page) so it knows."""
        response = client.post(url("autosave", assignment), {"text": "x", "revision": 1}, **FETCH)
        assert response.status_code == HTTPStatus.UNAUTHORIZED
        assert "session" in response.json()["error"]

    def test_autosave_with_a_bad_revision_is_a_400_with_a_message(self, client, student, assignment):
        """Malformed input: 400 with a message, nothing stored."""
        client.force_login(student)
        response = client.post(url("autosave", assignment), {"text": "x", "revision": "abc"}, **FETCH)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.json()["error"]
        assert not Essay.objects.exists()

    def test_autosave_to_a_locked_essay_is_refused_and_changes_nothing(self, client, student, assignment):
        """After submission an autosave is refused with a message."""
        services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
        client.force_login(student)
        response = client.post(url("autosave", assignment), {"text": "changed", "revision": 9}, **FETCH)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert Essay.objects.get(student=student).text == words(10)

    def test_a_student_of_another_class_cannot_save_here(self, client, assignment):
        """Someone outside the class gets 404 and no essay is created."""
        outsider = student_of(ClassroomFactory())
        client.force_login(outsider)
        response = client.post(url("autosave", assignment), {"text": "x", "revision": 1}, **FETCH)
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert not Essay.objects.exists()

    def test_submit_too_short_shows_the_word_range(self, client, student, assignment):
        """A submission outside the range is refused with the reason on the page."""
        client.force_login(student)
        response = client.post(url("submit", assignment), {"text": "too short", "revision": 1}, follow=True)
        assert "between 5 and 100" in response.content.decode()
        assert not Essay.objects.filter(state=Essay.State.SUBMITTED).exists()

    def test_students_text_is_escaped_on_the_writing_page(self, client, student, assignment):
        """What the student typed comes back escaped."""
        services.essay_autosave(assignment=assignment, student=student, text=HOSTILE, revision=1)
        client.force_login(student)
        content = client.get(url("write", assignment)).content.decode()
        assert HOSTILE not in content
        assert "&lt;script&gt;" in content


class TestFeedback:
    def test_nothing_of_the_grade_shows_before_release(self, client, student, graded, assignment):
        """A graded essay shows no score or comments until the grades are released."""
        client.force_login(student)
        content = client.get(url("write", assignment)).content.decode()
        assert "A careful essay overall" not in content
        assert "Strong thesis" not in content
        assert 'id="feedback-score"' not in content

    def test_released_feedback_shows_levels_comments_and_score(
        self, client, student, teacher, graded, assignment
    ):
        """After release the student sees the chosen levels, comments and the score."""
        services.essay_grades_release(assignment=assignment, teacher=teacher)
        client.force_login(student)
        content = client.get(url("write", assignment)).content.decode()
        assert "Strong thesis, well argued" in content
        assert "A careful essay overall" in content
        assert '<strong id="feedback-score">15.00</strong>' in content
        assert "Proficient" in content

    def test_a_change_after_release_shows_at_once(self, client, student, teacher, graded, assignment):
        """Regrading a released essay changes what the student sees immediately."""
        services.essay_grades_release(assignment=assignment, teacher=teacher)
        services.essay_grade(
            essay=graded,
            teacher=teacher,
            version=graded.grade.version,
            levels=all_levels(assignment, 4),
            complete=True,
        )
        client.force_login(student)
        assert (
            '<strong id="feedback-score">20.00</strong>'
            in client.get(url("write", assignment)).content.decode()
        )

    def test_feedback_shows_the_late_penalty(self, client, student, teacher, assignment):
        """Two days late at 10 % a day: 15 becomes 12, and the penalty is stated."""
        at = assignment.due_at + timedelta(days=1, hours=3)
        essay = services.essay_submit(
            assignment=assignment, student=student, text=words(10), revision=1, now=at
        )
        services.essay_grade(
            essay=essay, teacher=teacher, version=0, levels=all_levels(assignment, 3), complete=True
        )
        services.essay_grades_release(assignment=assignment, teacher=teacher)
        client.force_login(student)
        content = client.get(url("write", assignment)).content.decode()
        assert '<strong id="feedback-score">12.00</strong>' in content
        assert "late penalty 20.00%" in content

    def test_comments_are_escaped_in_feedback(self, client, student, teacher, assignment):
        """A teacher's comment is shown escaped too."""
        essay = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
        services.essay_grade(
            essay=essay,
            teacher=teacher,
            version=0,
            levels=all_levels(assignment, 2),
            overall_comment=HOSTILE,
            complete=True,
        )
        services.essay_grades_release(assignment=assignment, teacher=teacher)
        client.force_login(student)
        content = client.get(url("write", assignment)).content.decode()
        assert HOSTILE not in content


class TestGrading:
    def test_grader_escapes_the_essay_and_highlights_overlap(self, client, teacher, student, assignment):
        """The grader shows the student's text escaped."""
        essay = services.essay_submit(
            assignment=assignment, student=student, text=f"{HOSTILE} {words(10)}", revision=1
        )
        client.force_login(teacher)
        content = client.get(url("grade", assignment, essay.pk)).content.decode()
        assert HOSTILE not in content
        assert "&lt;script&gt;" in content

    def test_anonymous_grading_hides_the_name_until_release(self, client, teacher, student, assignment):
        """With anonymous grading the grader shows 'Student 1', not the name."""
        assignment.anonymous_grading = True
        assignment.save()
        essay = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
        client.force_login(teacher)
        content = client.get(url("grade", assignment, essay.pk)).content.decode()
        assert "Aruzhan Abenova" not in content
        assert "Student 1" in content

    def test_save_from_a_stale_page_is_refused_with_a_clear_message(
        self, client, teacher, graded, assignment
    ):
        """A grading autosave with an old version answers 409 with a message; the grade stays."""
        client.force_login(teacher)
        response = client.post(
            url("grade_save", assignment, graded.pk), grade_post(assignment, 1, 0), **FETCH
        )
        assert response.status_code == HTTPStatus.CONFLICT
        assert "changed this grade" in response.json()["error"]
        assert EssayGrade.objects.get().total == 15

    def test_save_and_next_goes_to_the_next_ungraded_essay(
        self, client, teacher, student, other_student, assignment
    ):
        """'Save and go to next' lands on the other ungraded essay."""
        first = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
        second = services.essay_submit(
            assignment=assignment, student=other_student, text=words(10), revision=1
        )
        client.force_login(teacher)
        response = client.post(
            url("grade_save", assignment, first.pk),
            grade_post(assignment, 3, 0, complete="on", go="next"),
            follow=True,
        )
        assert response.redirect_chain[-1][0] == url("grade", assignment, second.pk)
        assert EssayGrade.objects.get(essay=first).is_complete

    def test_release_confirmation_counts_graded_and_not(
        self, client, teacher, graded, other_student, assignment
    ):
        """The release button's confirmation says 1 graded and 1 not graded."""
        client.force_login(teacher)
        content = client.get(url("overview", assignment)).content.decode()
        assert "1 essays are graded and 1 are not" in content

    def test_overview_escapes_student_names(self, client, teacher, classroom, assignment):
        """A name with markup is shown escaped in the list."""
        student_of(classroom, user__full_name=HOSTILE)
        client.force_login(teacher)
        assert HOSTILE not in client.get(url("overview", assignment)).content.decode()

    def test_overview_query_count_is_the_same_at_two_sizes(self, client, teacher, classroom, assignment):
        """The list costs the same number of queries for 2 students as for 6."""

        def add_students(count):
            for _ in range(count):
                someone = student_of(classroom)
                essay = services.essay_submit(
                    assignment=assignment, student=someone, text=words(10), revision=1
                )
                services.essay_grade(
                    essay=essay, teacher=teacher, version=0, levels=all_levels(assignment, 2)
                )

        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url("overview", assignment)).status_code == HTTPStatus.OK
            return len(captured)

        client.force_login(teacher)
        add_students(2)
        client.get(url("overview", assignment))  # warm the session
        small = queries()
        add_students(4)
        assert queries() == small


def test_a_stale_grading_form_shows_the_newer_grade_and_keeps_what_was_typed(
    client, teacher, graded, assignment
):
    """A stale form post is refused (409): the newer grade stays and the typed comment is shown."""
    client.force_login(teacher)
    data = grade_post(assignment, 1, 0, overall_comment="My comment from the old page")
    response = client.post(url("grade_save", assignment, graded.pk), data)
    content = response.content.decode()
    assert response.status_code == HTTPStatus.CONFLICT
    assert "Nothing was saved" in content
    assert "My comment from the old page" in content
    assert EssayGrade.objects.get().overall_comment == "A careful essay overall"


def test_release_from_the_page_emails_a_full_link(
    client, teacher, graded, assignment, student, django_capture_on_commit_callbacks
):
    """The release email links to the student's essay page with the site's address."""
    from django.core import mail

    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("release", assignment))
    assert mail.outbox[0].to == [student.email]
    assert f"http://testserver{url('write', assignment)}" in mail.outbox[0].body


def test_grader_query_count_is_the_same_with_more_essays_and_history(client, teacher, classroom, assignment):
    """The grader costs the same queries with 2 or 6 essays in the queue and more grade history."""
    first = None

    def add_students(count):
        nonlocal first
        for _ in range(count):
            someone = student_of(classroom)
            essay = services.essay_submit(assignment=assignment, student=someone, text=words(10), revision=1)
            first = first or essay

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("grade", assignment, first.pk)).status_code == HTTPStatus.OK
        return len(captured)

    client.force_login(teacher)
    add_students(2)
    grade = services.essay_grade(essay=first, teacher=teacher, version=0, levels=all_levels(assignment, 1))
    client.get(url("grade", assignment, first.pk))  # warm the session
    small = queries()
    add_students(4)
    services.essay_grades_release(assignment=assignment, teacher=teacher)
    services.essay_grade(
        essay=first, teacher=teacher, version=grade.version, levels=all_levels(assignment, 2)
    )
    assert queries() == small


def test_writing_page_query_count_is_the_same_with_more_versions(client, student, assignment):
    """The writing page costs the same queries with 1 or 5 kept versions."""
    client.force_login(student)
    start = timezone.now() - timedelta(hours=3)

    def save(revision):
        services.essay_autosave(
            assignment=assignment,
            student=student,
            text=f"draft {revision}",
            revision=revision,
            now=start + timedelta(minutes=5 * revision),
        )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("write", assignment)).status_code == HTTPStatus.OK
        return len(captured)

    save(1)
    client.get(url("write", assignment))  # warm the session
    small = queries()
    for revision in range(2, 6):
        save(revision)
    assert queries() == small
