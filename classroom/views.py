from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import Membership


@require_safe
@login_required
def dashboard(request):
    """The person's classes, split by the role they hold in each."""
    memberships = (
        Membership.objects.filter(user=request.user, is_active=True)
        .select_related("classroom")
        .order_by("classroom__name")
    )
    teaching = [m.classroom for m in memberships if m.role == Membership.Role.TEACHER]
    studying = [m.classroom for m in memberships if m.role == Membership.Role.STUDENT]
    return render(request, "classroom/dashboard.html", {"teaching": teaching, "studying": studying})
