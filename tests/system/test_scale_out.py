"""Two app servers share PostgreSQL and Redis: one person's session moves between them freely."""

import pytest

from tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_session_started_on_one_server_works_on_the_other(app_servers, visitor):
    membership = MembershipFactory(user__username="aruzhan", user__full_name="Aruzhan Abenova")
    first, second = app_servers(2)

    visitor.log_in(first, "aruzhan", TEST_PASSWORD)
    status, _, html = visitor.get(f"{second.url}/dashboard/")

    assert status == 200
    assert "Aruzhan Abenova" in html
    assert membership.classroom.name in html


def test_logging_out_on_one_server_ends_the_session_on_the_other(app_servers, visitor):
    MembershipFactory(user__username="aruzhan")
    first, second = app_servers(2)
    visitor.log_in(first, "aruzhan", TEST_PASSWORD)
    status, _, html = visitor.get(f"{second.url}/dashboard/")
    assert status == 200

    status, _, _ = visitor.post(
        f"{second.url}/accounts/logout/", {"csrfmiddlewaretoken": visitor.form_token(html)}
    )
    assert status == 302
    status, headers, _ = visitor.get(f"{first.url}/dashboard/")
    assert status == 302
    assert headers["Location"].startswith("/accounts/login/")


def test_the_site_survives_kill_9_of_one_server(app_servers, visitor):
    MembershipFactory(user__username="aruzhan")
    first, second = app_servers(2)
    visitor.log_in(first, "aruzhan", TEST_PASSWORD)

    first.kill()
    status, _, _ = visitor.get(f"{second.url}/dashboard/")

    assert status == 200
