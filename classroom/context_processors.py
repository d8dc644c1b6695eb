"""Template context for the navbar: which roles the signed-in person holds in any class."""

from .models import Membership


def remember_roles(request, roles):
    """A view that has read the person's active memberships anyway spares the navbar its query."""
    request._kz_roles = set(roles)


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    # Lazy: evaluated once, and only by a template that asks.
    def held_roles():
        if not hasattr(request, "_kz_roles"):
            request._kz_roles = set(
                Membership.objects.filter(user=user, is_active=True).values_list("role", flat=True).distinct()
            )
        return request._kz_roles

    return {
        "nav_is_teacher": lambda: Membership.Role.TEACHER in held_roles(),
        "nav_is_student": lambda: Membership.Role.STUDENT in held_roles(),
    }
