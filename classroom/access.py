"""The access policy, in one place: who may see which class.

A role belongs to a membership in a class, never to the user. Every view resolves the objects it
works on through these helpers; something that is not yours looks exactly like something that does
not exist (404), so ids cannot be probed.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.http import Http404

from .models import Classroom, Membership

Role = Membership.Role


def classes_for(user, *, role=None):
    """Classes in which the user holds an active membership (with `role`, if given)."""
    if not user.is_authenticated:
        return Classroom.objects.none()
    memberships = Membership.objects.filter(user=user, is_active=True)
    if role is not None:
        memberships = memberships.filter(role=role)
    return Classroom.objects.filter(pk__in=memberships.values("classroom_id"))


def role_in(user, classroom_id):
    """The user's active role in the class, or None."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, classroom_id=classroom_id, is_active=True)
        .values_list("role", flat=True)
        .first()
    )


def access_classroom(user, classroom_id, *, role=None):
    """The class if the user is an active member (in `role`, if given); else 404.

    The returned class carries `viewer_role`, the role the user holds in it.
    """
    try:
        classroom_id = int(classroom_id)
    except (TypeError, ValueError):
        raise Http404 from None
    # One query: the membership with its class (role_in and a get of the class would be two).
    membership = (
        Membership.objects.filter(user=user, classroom_id=classroom_id, is_active=True)
        .select_related("classroom")
        .first()
        if user.is_authenticated
        else None
    )
    held = membership.role if membership is not None else None
    if held is None or (role is not None and held != role):
        raise Http404
    classroom = membership.classroom
    classroom.viewer_role = held
    return classroom


def can_create_classes(user):
    """Teachers are made by an administrator: the `classroom.add_classroom` permission, or staff.

    The permission is read as ModelBackend reads it (active users; superusers hold every permission),
    in one query for the user's and their groups' permissions where has_perm spends two.
    """
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Permission.objects.filter(
        Q(user=user) | Q(group__user=user), content_type__app_label="classroom", codename="add_classroom"
    ).exists()


def access_membership(user, classroom_id, membership_id, *, role=Role.STUDENT):
    """A membership (of `role`) in a class the user teaches; else 404. Carries `.classroom`."""
    classroom = access_classroom(user, classroom_id, role=Role.TEACHER)
    try:
        membership = Membership.objects.select_related("user").get(
            pk=int(membership_id), classroom=classroom, role=role
        )
    except (TypeError, ValueError, Membership.DoesNotExist):
        raise Http404 from None
    membership.classroom = classroom
    return membership
