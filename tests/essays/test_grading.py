"""Grading: computed totals, adjusted totals, the version lock and the history of changes."""

from decimal import Decimal

import pytest
from django.core import mail

from assessments.essays import services
from assessments.models import GradeChange

from .conftest import words

pytestmark = pytest.mark.django_db


@pytest.fixture
def essay(assignment, student):
    return services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)


def levels_at(assignment, position):
    """Choose the level at `position` (1–4) on every criterion."""
    return {c.pk: c.levels.get(position=position).pk for c in assignment.essay_prompt.criteria.all()}


def test_total_scales_rubric_points_to_the_assignment(essay, teacher, assignment):
    """Level 3 of 4 on four criteria is 12 of 16 rubric points: 15 of the assignment's 20."""
    grade = services.essay_grade(essay=essay, teacher=teacher, version=0, levels=levels_at(assignment, 3))
    assert grade.rubric_points == Decimal(12)
    assert grade.total == Decimal("15.00")


def test_total_is_empty_until_every_criterion_has_a_level(essay, teacher, assignment):
    """Grading in progress has points but no total."""
    levels = levels_at(assignment, 2)
    levels[next(iter(levels))] = None
    grade = services.essay_grade(essay=essay, teacher=teacher, version=0, levels=levels)
    assert grade.total is None


def test_marking_graded_needs_every_criterion(essay, teacher, assignment):
    """A grade cannot be finished with a criterion unchosen."""
    with pytest.raises(services.EssayError):
        services.essay_grade(essay=essay, teacher=teacher, version=0, levels={}, complete=True)


def test_adjusted_total_without_a_reason_is_refused(essay, teacher, assignment):
    """An adjusted total needs a reason; nothing is stored without one."""
    with pytest.raises(services.EssayError, match="reason"):
        services.essay_grade(
            essay=essay, teacher=teacher, version=0, levels=levels_at(assignment, 3), adjusted_total="18"
        )
    assert not hasattr(essay, "grade") or essay.grade is None


def test_adjusted_total_with_a_reason_replaces_the_computed_one(essay, teacher, assignment):
    """With a reason the adjusted total is the total."""
    grade = services.essay_grade(
        essay=essay,
        teacher=teacher,
        version=0,
        levels=levels_at(assignment, 3),
        adjusted_total="18",
        adjustment_reason="Excellent use of sources",
    )
    assert grade.total == Decimal("18.00")


def test_adjusted_total_above_the_points_is_refused(essay, teacher, assignment):
    """An adjusted total over the assignment's points is refused with a message."""
    with pytest.raises(services.EssayError, match="between 0 and"):
        services.essay_grade(
            essay=essay, teacher=teacher, version=0, levels={}, adjusted_total="21", adjustment_reason="x"
        )


def test_a_level_of_another_criterion_is_refused(essay, teacher, assignment):
    """A level id that belongs to a different criterion is refused."""
    first, second = assignment.essay_prompt.criteria.all()[:2]
    with pytest.raises(services.EssayError):
        services.essay_grade(
            essay=essay, teacher=teacher, version=0, levels={first.pk: second.levels.first().pk}
        )


def test_a_save_from_a_stale_page_is_refused_and_changes_nothing(essay, teacher, assignment, classroom):
    """Two graders load version 1; the second save is refused and the first grade stays."""
    from tests.factories import teacher_of

    colleague = teacher_of(classroom)
    grade = services.essay_grade(essay=essay, teacher=teacher, version=0, levels=levels_at(assignment, 1))
    services.essay_grade(essay=essay, teacher=teacher, version=grade.version, levels=levels_at(assignment, 4))
    with pytest.raises(services.StaleGrade):
        services.essay_grade(
            essay=essay, teacher=colleague, version=grade.version, levels=levels_at(assignment, 2)
        )
    grade.refresh_from_db()
    assert grade.total == Decimal("20.00")


def test_two_first_saves_cannot_both_create_the_grade(essay, teacher, assignment):
    """A second save that believes there is no grade yet (version 0) is refused."""
    services.essay_grade(essay=essay, teacher=teacher, version=0, levels=levels_at(assignment, 1))
    with pytest.raises(services.StaleGrade):
        services.essay_grade(essay=essay, teacher=teacher, version=0, levels=levels_at(assignment, 4))


def test_every_change_after_release_is_recorded_with_before_and_after(essay, teacher, assignment):
    """A change to a released grade adds a history row with who, the old total and the new one."""
    grade = services.essay_grade(
        essay=essay, teacher=teacher, version=0, levels=levels_at(assignment, 3), complete=True
    )
    services.essay_grades_release(assignment=assignment, teacher=teacher)
    services.essay_grade(
        essay=essay, teacher=teacher, version=grade.version, levels=levels_at(assignment, 4), complete=True
    )
    change = GradeChange.objects.filter(after_release=True).get()
    assert (change.changed_by, change.before["total"], change.after["total"]) == (teacher, "15.00", "20.00")


def test_quick_autosaves_before_release_merge_into_one_record(essay, teacher, assignment):
    """Grading in progress by one teacher within minutes keeps one history row, holding the latest values."""
    grade = services.essay_grade(essay=essay, teacher=teacher, version=0, levels=levels_at(assignment, 1))
    services.essay_grade(essay=essay, teacher=teacher, version=grade.version, levels=levels_at(assignment, 2))
    change = GradeChange.objects.get()
    assert change.after["total"] == "10.00"


def test_release_emails_each_graded_student(
    essay, teacher, assignment, student, django_capture_on_commit_callbacks
):
    """Releasing sends the graded students an email (once committed) and stamps the assignment."""
    services.essay_grade(
        essay=essay, teacher=teacher, version=0, levels=levels_at(assignment, 3), complete=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        count = services.essay_grades_release(assignment=assignment, teacher=teacher)
    assignment.refresh_from_db()
    assert count == 1
    assert assignment.grades_released_at is not None
    assert [m.to for m in mail.outbox] == [[student.email]]


def test_release_stands_when_the_mail_server_is_down(
    essay, teacher, assignment, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    """An unreachable mail server is logged; the release the teacher made is kept."""

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("assessments.essays.notify.send_mass_mail", refuse)
    services.essay_grade(
        essay=essay, teacher=teacher, version=0, levels=levels_at(assignment, 3), complete=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.essay_grades_release(assignment=assignment, teacher=teacher)
    assignment.refresh_from_db()
    assert assignment.grades_released_at is not None
    assert "Could not send 1 essay notification" in caplog.text


def test_releasing_twice_is_refused(assignment, teacher):
    """A second release is refused with a message."""
    services.essay_grades_release(assignment=assignment, teacher=teacher)
    with pytest.raises(services.EssayError):
        services.essay_grades_release(assignment=assignment, teacher=teacher)


def test_unticking_graded_takes_the_grade_back_to_in_progress(essay, teacher, assignment):
    """A grade saved without 'graded' is no longer finished (and so not shown on release)."""
    grade = services.essay_grade(
        essay=essay, teacher=teacher, version=0, levels=levels_at(assignment, 3), complete=True
    )
    grade = services.essay_grade(
        essay=essay, teacher=teacher, version=grade.version, levels=levels_at(assignment, 3), complete=False
    )
    assert not grade.is_complete
