"""Reads of the classroom app."""

from .models import Membership

Role = Membership.Role


def classes_by_role(user):
    """(classes the user teaches, classes the user studies in), active memberships only."""
    memberships = (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("classroom")
        .order_by("classroom__name", "classroom__pk")
    )
    teaching = [m.classroom for m in memberships if m.role == Role.TEACHER]
    studying = [m.classroom for m in memberships if m.role == Role.STUDENT]
    return teaching, studying


def roster(classroom):
    """Every membership of the class: teachers first ("teacher" > "student"), removed students last."""
    return list(
        Membership.objects.filter(classroom=classroom)
        .select_related("user")
        .order_by("-role", "-is_active", "user__full_name", "user__username")
    )
