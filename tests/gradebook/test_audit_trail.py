"""An override of a gradebook cell is in the site's audit log, with before, after and reason."""

from decimal import Decimal

import pytest

from classroom.models import AuditEvent
from gradebook import services

pytestmark = pytest.mark.django_db


def test_overriding_a_cell_is_in_the_audit_log(course):
    student = course.students[0]
    services.cell_override_set(
        student=student, assignment=course.quiz, percent=Decimal(80), reason="Medical note", by=course.teacher
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.GRADE_OVERRIDDEN)
    assert (event.actor, event.classroom) == (course.teacher, course.quiz.classroom)
    assert event.details["before"] == "None"
    assert event.details["after"] == "80"
    assert "Medical note" in event.summary
