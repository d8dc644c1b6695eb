"""Answer 503 "try again" while the database is unreachable, instead of a bare 500.

A PostgreSQL restart or a network blip makes queries fail for a few seconds. The pages already retry
unacknowledged saves; a 503 with Retry-After tells them (and any proxy or monitor) that the failure is
temporary and that nothing was stored.
"""

import logging
from http import HTTPStatus

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable for %s %s: %s", request.method, request.path, exception)
        message = _("The site cannot reach its database just now. Nothing was saved; please try again.")
        wants_json = "application/json" in request.headers.get("Accept", "") or request.headers.get(
            "Content-Type", ""
        ).startswith("application/json")
        if wants_json or request.headers.get("HX-Request") or request.headers.get("X-Requested-With"):
            response = JsonResponse({"error": message}, status=HTTPStatus.SERVICE_UNAVAILABLE)
        else:
            response = HttpResponse(message, status=HTTPStatus.SERVICE_UNAVAILABLE, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
