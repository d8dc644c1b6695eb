"""Site-wide URLs: home, health check, login and password pages, and the admin's front door."""

from .expect import ALLOWED, GET_ONLY, LOGIN, NOT_ALLOWED, PUBLIC, SIGNED_IN, expect
from .rows import Row

ROWS = [
    Row("home", get=SIGNED_IN, post=GET_ONLY),
    Row("healthz", get=PUBLIC, post=GET_ONLY),
    Row("login", get=PUBLIC, post=PUBLIC),
    # Logging out (even when not logged in) lands on the login page.
    Row("logout", get=GET_ONLY, post=expect(LOGIN)),
    Row("password_change", get=SIGNED_IN, post=SIGNED_IN),
    Row("password_change_done", get=SIGNED_IN, post=expect(NOT_ALLOWED, anonymous=LOGIN)),
    Row("password_reset", get=PUBLIC, post=PUBLIC),
    Row("password_reset_done", get=PUBLIC, post=GET_ONLY),
    Row(
        "password_reset_confirm",
        kwargs=lambda world: {"uidb64": "MQ", "token": "bad-token"},
        get=PUBLIC,
        post=PUBLIC,
    ),
    Row("password_reset_complete", get=PUBLIC, post=GET_ONLY),
    Row("classroom:dashboard", get=SIGNED_IN, post=GET_ONLY),
    # Django admin: staff only; everyone else is sent to the admin's own login page.
    Row("admin:index", get=expect(LOGIN, staff=ALLOWED), post=expect(LOGIN, staff=ALLOWED)),
]
