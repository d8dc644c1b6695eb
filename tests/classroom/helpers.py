from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(request):
    """How many queries a call makes."""
    with CaptureQueriesContext(connection) as context:
        request()
    return len(context.captured_queries)
