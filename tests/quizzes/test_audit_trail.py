"""A teacher's override of quiz points is in the site's audit log, with its reason."""

from decimal import Decimal

import pytest

from assessments.models import Answer
from assessments.quizzes import services
from classroom.models import AuditEvent

from .builders import question_of
from .test_services import answer_all

pytestmark = pytest.mark.django_db


def test_overriding_quiz_points_is_in_the_audit_log(assignment, student, teacher):
    attempt = services.attempt_start(assignment=assignment, student=student)
    answer_all(attempt)
    services.attempt_submit(attempt=attempt)
    answer = Answer.objects.get(question=question_of(assignment, "short_answer"))
    services.answer_override(answer=answer, points=Decimal("0.5"), reason="Spelling", changed_by=teacher)
    event = AuditEvent.objects.get(action=AuditEvent.Action.GRADE_OVERRIDDEN)
    assert (event.actor, event.classroom) == (teacher, assignment.classroom)
    assert event.details == {"answer": answer.pk, "points": "0.50", "reason": "Spelling"}
