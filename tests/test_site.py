"""The site-wide pages: health check, login and logout, the role-aware navbar, security headers."""

from http import HTTPStatus
from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse

from classroom.models import Membership
from tests.factories import TEST_PASSWORD, ClassroomFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


class TestHealthz:
    def test_answers_ok_when_the_database_answers(self, client):
        response = client.get("/healthz")
        assert response.status_code == HTTPStatus.OK
        assert response.json() == {"database": "ok"}

    def test_answers_503_when_the_database_does_not(self, client):
        with mock.patch("kzcourse.views.connection.cursor", side_effect=DatabaseError("down")):
            response = client.get("/healthz")
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert response.json() == {"database": "unavailable"}


class TestLogin:
    def test_anonymous_home_redirects_to_login(self, client):
        response = client.get("/")
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith(reverse("login"))

    def test_login_with_the_right_password_reaches_the_dashboard(self, client):
        UserFactory(username="amina")
        response = client.post(
            reverse("login"), {"username": "amina", "password": TEST_PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("classroom:dashboard")
        assert response.context["user"].username == "amina"

    def test_login_with_a_wrong_password_shows_an_error_and_stays_anonymous(self, client):
        UserFactory(username="amina")
        response = client.post(reverse("login"), {"username": "amina", "password": "wrong"})
        assert response.status_code == HTTPStatus.OK
        assert not response.context["user"].is_authenticated
        assert "correct username and password" in response.content.decode()

    def test_logout_ends_the_session(self, client):
        client.force_login(UserFactory())
        response = client.post(reverse("logout"))
        assert response.status_code == HTTPStatus.FOUND
        assert client.get("/").status_code == HTTPStatus.FOUND
        assert "_auth_user_id" not in client.session

    def test_session_key_changes_at_login(self, client):
        UserFactory(username="amina")
        client.get(reverse("login"))
        client.session.save()
        before = client.session.session_key
        client.post(reverse("login"), {"username": "amina", "password": TEST_PASSWORD})
        assert client.session.session_key != before

    def test_repeated_failures_lock_the_login(self, client, settings):
        UserFactory(username="amina")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("login"), {"username": "amina", "password": "wrong"})
        response = client.post(reverse("login"), {"username": "amina", "password": TEST_PASSWORD})
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert not client.session.get("_auth_user_id")

    def test_admin_login_is_throttled_too(self, client, settings):
        UserFactory(username="boss", is_staff=True)
        url = reverse("admin:login")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(url, {"username": "boss", "password": "wrong"})
        response = client.post(url, {"username": "boss", "password": TEST_PASSWORD})
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


class TestHome:
    def test_staff_without_a_class_goes_to_admin(self, client):
        client.force_login(UserFactory(is_staff=True))
        assert client.get("/").url == reverse("admin:index")

    def test_member_goes_to_the_dashboard(self, client):
        membership = MembershipFactory()
        client.force_login(membership.user)
        assert client.get("/").url == reverse("classroom:dashboard")


class TestNavbar:
    def nav_links(self, client, user):
        client.force_login(user)
        html = client.get(reverse("classroom:dashboard")).content.decode()
        return {name for name in ("teaching", "studying", "admin") if f'data-nav="{name}"' in html}

    def test_student_sees_their_classes_only(self, client):
        membership = MembershipFactory(role=Membership.Role.STUDENT)
        assert self.nav_links(client, membership.user) == {"studying"}

    def test_teacher_sees_teaching(self, client):
        membership = MembershipFactory(role=Membership.Role.TEACHER)
        assert self.nav_links(client, membership.user) == {"teaching"}

    def test_person_who_teaches_and_studies_sees_both(self, client):
        membership = MembershipFactory(role=Membership.Role.TEACHER)
        MembershipFactory(user=membership.user, classroom=ClassroomFactory(), role=Membership.Role.STUDENT)
        assert self.nav_links(client, membership.user) == {"teaching", "studying"}

    def test_staff_sees_administration(self, client):
        assert "admin" in self.nav_links(client, UserFactory(is_staff=True))


class TestSecurityHeaders:
    def test_html_pages_carry_a_strict_content_security_policy(self, client):
        response = client.get(reverse("login"))
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self' 'nonce-" in policy
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy

    def test_pages_cannot_be_framed(self, client):
        assert client.get(reverse("login")).headers["X-Frame-Options"] == "DENY"

    def test_forms_carry_a_csrf_token(self, client):
        assert 'name="csrfmiddlewaretoken"' in client.get(reverse("login")).content.decode()

    def test_no_page_loads_anything_from_another_host(self, client):
        html = client.get(reverse("login")).content.decode()
        assert "cdn" not in html.lower()
        assert 'src="http' not in html
        assert 'href="http' not in html

    def test_pages_have_no_inline_script(self, client):
        client.force_login(MembershipFactory().user)
        html = client.get(reverse("classroom:dashboard")).content.decode()
        assert html.count("<script") == html.count("<script src=")
