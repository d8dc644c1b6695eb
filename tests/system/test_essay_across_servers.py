"""One student's essay moves between two app servers request by request, and nothing is lost."""

import pytest

from assessments.models import Essay
from tests.factories import TEST_PASSWORD, AssignmentFactory, MembershipFactory

from .helpers import EssayPage

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORDS = " ".join(["steppe"] * 60)


def test_log_in_on_a_autosave_on_b_submit_on_a_loses_nothing(app_servers, visitor):
    """Log in on A, open the essay on B, autosave on B (twice) and on A, submit on A: all of it kept."""
    membership = MembershipFactory(user__username="aruzhan")
    assignment = AssignmentFactory(classroom=membership.classroom, kind="essay")
    first, second = app_servers(2)

    visitor.log_in(first, "aruzhan", TEST_PASSWORD)
    essay = EssayPage(visitor, assignment.pk)
    essay.open(second)
    assert essay.autosave(second, "A first line.") == 1
    assert essay.autosave(second, "A first line. A second.") == 2
    assert essay.autosave(first, f"A first line. A second. {WORDS}") == 3
    status, _ = essay.submit(first, f"A first line. A second. {WORDS} The end.")

    assert status == 302
    saved = Essay.objects.get(assignment=assignment, student=membership.user)
    assert saved.state == Essay.State.SUBMITTED
    assert saved.text == f"A first line. A second. {WORDS} The end."
    assert list(saved.versions.filter(is_submission=True).values_list("text", flat=True)) == [saved.text]


def test_an_older_revision_arriving_late_at_the_other_server_is_not_kept(app_servers, visitor):
    """Revision 2 saved on B, then revision 1 arriving late at A: the newer text stays."""
    membership = MembershipFactory(user__username="aruzhan")
    assignment = AssignmentFactory(classroom=membership.classroom, kind="essay")
    first, second = app_servers(2)
    visitor.log_in(first, "aruzhan", TEST_PASSWORD)
    essay = EssayPage(visitor, assignment.pk)
    essay.open(first)
    essay.revision = 1
    assert essay.autosave(second, "newer") == 2

    essay.revision = 0
    acknowledged = essay.autosave(first, "older")

    assert acknowledged == 2
    assert Essay.objects.get(assignment=assignment).text == "newer"
