"""Every form and autosave endpoint, found from the URL resolver through the matrix rows.

An endpoint is a URL whose matrix row lets some role POST. For each, a role that may post and a valid
request (tests/access/post_data.py, or the public forms' data below); the corpus replaces one field at a
time.
"""

from dataclasses import dataclass

from django.urls import reverse

from tests.access.expect import ALLOWED
from tests.access.post_data import post_data
from tests.access.rows import all_rows
from tests.factories import TEST_PASSWORD

# Who posts, in order of preference: the person the page is for.
POSTERS = ["student_a", "teacher_a", "anonymous", "staff", "mixed", "student_b", "teacher_b"]
NOT_FORMS = {"logout"}

PUBLIC_DATA = {
    "login": lambda world: {"username": "student_a", "password": TEST_PASSWORD},
    "classroom:signup": lambda world: {
        "code": world.class_a.join_code or "NOSUCHCODE",
        "username": "newstudent",
        "full_name": "New Student",
        "email": "new@example.com",
        "password1": "a-Long-pass-123",
        "password2": "a-Long-pass-123",
    },
    "password_reset": lambda world: {"email": "student_a@example.com"},
    "password_change": lambda world: {
        "old_password": TEST_PASSWORD,
        "new_password1": "a-Long-pass-123",
        "new_password2": "a-Long-pass-123",
    },
    "password_reset_confirm": lambda world: {"new_password1": "a-Long-pass-123", "new_password2": "x"},
    "admin:index": lambda world: {"q": "search"},
}


@dataclass
class Endpoint:
    name: str
    role: str
    url: str
    data: dict


def endpoint_names():
    return sorted(
        name
        for name, row in all_rows().items()
        if name not in NOT_FORMS and any(row.post[role] == ALLOWED for role in POSTERS)
    )


def endpoint(name, world):
    row = all_rows()[name]
    role = next(role for role in POSTERS if row.post[role] == ALLOWED)
    make = PUBLIC_DATA.get(name)
    data = make(world) if make else post_data(row, world)
    return Endpoint(name, role, reverse(name, kwargs=row.kwargs(world)), data)


def variants(data, value):
    """The data with each field in turn replaced by `value` (a junk field where there are none)."""
    fields = list(data) or ["note"]
    for field in fields:
        yield field, {**data, field: value}
