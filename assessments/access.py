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
