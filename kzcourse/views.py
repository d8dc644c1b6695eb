"""Site-wide views: the home redirect and the health check."""

from http import HTTPStatus

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@login_required
def home(request):
    """Send each person to where they work: their dashboard, or admin for staff with no class."""
    if request.user.is_staff and not request.user.memberships.exists():
        return redirect("admin:index")
    return redirect("classroom:dashboard")


@require_safe
@never_cache
def healthz(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"database": "unavailable"}, status=HTTPStatus.SERVICE_UNAVAILABLE)
    return JsonResponse({"database": "ok"})
