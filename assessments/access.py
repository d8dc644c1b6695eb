"""Access to assignments, built on the class policy in classroom.access.

Students see an assignment of their class once it opens and until it is archived; teachers of the
class see all of its assignments. Anything else is 404.
"""

from django.http import Http404
from django.utils import timezone

from classroom.access import Role, classes_for, role_in

from .models import Assignment


def assignments_for(user, *, role, now=None):
    """Assignments the user may see in the classes where they hold `role`."""
    assignments = Assignment.objects.filter(classroom__in=classes_for(user, role=role))
    if role == Role.STUDENT:
        assignments = assignments.filter(is_archived=False, opens_at__lte=now or timezone.now())
    return assignments


def access_assignment(user, assignment_id, *, role=None, now=None):
    """The assignment if the user may see it (in `role`, if given); else 404.

    The returned assignment carries `viewer_role`.
    """
    try:
        assignment = Assignment.objects.select_related("classroom").get(pk=int(assignment_id))
    except (TypeError, ValueError, Assignment.DoesNotExist):
        raise Http404 from None
    held = role_in(user, assignment.classroom_id)
    if held is None or (role is not None and held != role):
        raise Http404
    if held == Role.STUDENT and (assignment.is_archived or assignment.opens_at > (now or timezone.now())):
        raise Http404
    assignment.viewer_role = held
    return assignment


def access_own_work(queryset, user, work_id, *, now=None):
    """The student's own work (`queryset` of a model with `assignment` and `student`) by id; else 404.

    One query: the work joined to its assignment, its class and the user's active student membership
    there, under the same rule as access_assignment(role=STUDENT): open, not archived. The work carries
    `.assignment` (with `.classroom` and `viewer_role`).
    """
    try:
        work_id = int(work_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if not user.is_authenticated:
        raise Http404
    # One filter() call: the three membership conditions hold for the same membership row (at most
    # one: a user has one membership per class), so the join cannot repeat the work.
    work = (
        queryset.select_related("assignment__classroom")
        .filter(
            pk=work_id,
            student=user,
            assignment__is_archived=False,
            assignment__opens_at__lte=now or timezone.now(),
            assignment__classroom__memberships__user=user,
            assignment__classroom__memberships__is_active=True,
            assignment__classroom__memberships__role=Role.STUDENT,
        )
        .first()
    )
    if work is None:
        raise Http404
    work.assignment.viewer_role = Role.STUDENT
    return work
