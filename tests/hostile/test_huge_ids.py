"""An id too large for any id column, in every URL that takes one, is a 404: never a 500.

The URL converters accept any run of digits; the database driver refuses a number its column cannot
hold (SQLite raises OverflowError before the query runs), so each access helper must turn it away.
"""

import re

import pytest
from django.urls import URLResolver, get_resolver

from tests.factories import ClassroomFactory, student_of, teacher_of

pytestmark = pytest.mark.django_db

HUGE = "9" * 30  # beyond a 64-bit integer


def int_patterns(resolver=None, prefix=""):
    """Every URL pattern with an <int:…> part, as a string."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from int_patterns(pattern, prefix + str(pattern.pattern))
        elif "<int:" in str(pattern.pattern):
            yield prefix + str(pattern.pattern)


def urls_with_huge_ids():
    urls = []
    for pattern in int_patterns():
        url = "/" + re.sub(r"<int:\w+>", HUGE, pattern)
        urls.append(re.sub(r"<(?:str|slug):\w+>", "x", url))
    return urls


def test_the_project_has_such_urls():
    assert len(urls_with_huge_ids()) > 20


@pytest.mark.parametrize("who", ["teacher", "student"])
def test_a_huge_id_is_not_found_for_any_method(client, who):
    classroom = ClassroomFactory()
    client.force_login(teacher_of(classroom) if who == "teacher" else student_of(classroom))
    answers = {}
    for url in urls_with_huge_ids():
        for method in ("get", "post"):
            answers[method, url] = getattr(client, method)(url).status_code
    server_errors = {key: status for key, status in answers.items() if status >= 500}
    assert not server_errors
    assert answers["get", f"/classes/{HUGE}/people/"] == 404
