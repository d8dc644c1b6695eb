"""Students join a class with its code: a new account on the sign-up page, or an existing one."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from classroom.models import Membership, User
from tests.factories import ClassroomFactory, UserFactory, student_of, teacher_of

pytestmark = pytest.mark.django_db

PASSWORD = "Steppe-wind-1920"


def signup_data(**overrides):
    return {
        "code": "ABCD2345",
        "username": "aruzhan",
        "full_name": "Aruzhan Abenova",
        "email": "aruzhan@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }


class TestSignup:
    def test_signup_creates_the_account_enrols_it_and_logs_in(self, client):
        classroom = ClassroomFactory(join_code="ABCD2345")
        response = client.post(reverse("classroom:signup"), signup_data())
        user = User.objects.get(username="aruzhan")
        assert response.url == reverse("classroom:dashboard")
        assert Membership.objects.get(user=user).classroom == classroom
        assert Membership.objects.get(user=user).role == Membership.Role.STUDENT
        assert client.session["_auth_user_id"] == str(user.pk)

    def test_the_code_is_read_without_case_spaces_or_dashes(self, client):
        ClassroomFactory(join_code="ABCD2345")
        client.post(reverse("classroom:signup"), signup_data(code=" abcd-2345 "))
        assert Membership.objects.filter(user__username="aruzhan").exists()

    def test_an_unknown_code_is_refused_clearly_and_makes_no_account(self, client):
        ClassroomFactory(join_code="ABCD2345")
        response = client.post(reverse("classroom:signup"), signup_data(code="ZZZZ9999"))
        assert response.status_code == HTTPStatus.OK
        assert "No class has this join code" in response.content.decode()
        assert not User.objects.filter(username="aruzhan").exists()

    def test_a_switched_off_code_is_refused_clearly(self, client):
        ClassroomFactory(join_code="ABCD2345", join_enabled=False)
        response = client.post(reverse("classroom:signup"), signup_data())
        assert "not accepting students with its code" in response.content.decode()
        assert not User.objects.filter(username="aruzhan").exists()

    def test_a_taken_username_is_refused(self, client):
        ClassroomFactory(join_code="ABCD2345")
        UserFactory(username="Aruzhan")
        response = client.post(reverse("classroom:signup"), signup_data())
        assert response.context["form"].errors["username"]
        assert User.objects.filter(username__iexact="aruzhan").count() == 1

    def test_a_weak_password_is_refused(self, client):
        ClassroomFactory(join_code="ABCD2345")
        response = client.post(reverse("classroom:signup"), signup_data(password1="12345", password2="12345"))
        assert response.context["form"].errors["password2"]
        assert not User.objects.filter(username="aruzhan").exists()

    def test_the_page_prefills_the_code_from_the_link(self, client):
        html = client.get(reverse("classroom:signup") + "?code=ABCD2345").content.decode()
        assert 'value="ABCD2345"' in html


class TestJoinFromTheDashboard:
    def test_an_existing_account_joins_with_the_code(self, client):
        classroom = ClassroomFactory(join_code="ABCD2345")
        user = UserFactory()
        client.force_login(user)
        client.post(reverse("classroom:join"), {"code": "abcd2345"})
        assert Membership.objects.get(user=user).classroom == classroom

    def test_an_unknown_code_is_reported_and_changes_nothing(self, client):
        user = UserFactory()
        client.force_login(user)
        response = client.post(reverse("classroom:join"), {"code": "NOPE2345"}, follow=True)
        assert "No class has this join code" in response.content.decode()
        assert not Membership.objects.filter(user=user).exists()

    def test_a_removed_student_cannot_rejoin_with_the_code(self, client):
        classroom = ClassroomFactory(join_code="ABCD2345")
        student = student_of(classroom, is_active=False)
        client.force_login(student)
        response = client.post(reverse("classroom:join"), {"code": "ABCD2345"}, follow=True)
        assert "You were removed from this class" in response.content.decode()
        assert not Membership.objects.get(user=student).is_active

    def test_a_teacher_cannot_join_their_own_class_as_a_student(self, client):
        classroom = ClassroomFactory(join_code="ABCD2345")
        teacher = teacher_of(classroom)
        client.force_login(teacher)
        client.post(reverse("classroom:join"), {"code": "ABCD2345"})
        assert Membership.objects.get(user=teacher).role == Membership.Role.TEACHER


def test_the_login_page_leads_new_students_to_sign_up(client):
    """A student with only a code finds the sign-up page from the login page."""
    html = client.get(reverse("login")).content.decode()
    assert reverse("classroom:signup") in html
