"""Essay grading leaves its trace in the site's audit log (who, when, what)."""

import pytest

from assessments.essays import services
from classroom.models import AuditEvent

from .conftest import words
from .test_results import all_levels

pytestmark = pytest.mark.django_db


def test_grading_an_essay_is_in_the_audit_log(assignment, student, teacher):
    essay = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    services.essay_grade(
        essay=essay, teacher=teacher, version=0, levels=all_levels(assignment, 3), complete=True
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.GRADE_CHANGED)
    assert (event.actor, event.classroom) == (teacher, assignment.classroom)
    assert event.details["essay"] == essay.pk


def test_releasing_grades_is_in_the_audit_log(assignment, student, teacher):
    essay = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    services.essay_grade(
        essay=essay, teacher=teacher, version=0, levels=all_levels(assignment, 3), complete=True
    )
    services.essay_grades_release(assignment=assignment, teacher=teacher)
    event = AuditEvent.objects.get(action=AuditEvent.Action.GRADES_RELEASED)
    assert event.actor == teacher
    assert event.details == {"assignment": assignment.pk, "graded": 1}
