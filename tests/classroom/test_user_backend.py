"""The sign-in backend reads the signed-in user with a written-out query: the same user ModelBackend gives."""

import pytest
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from classroom.backends import USER_BACKEND, UserBackend
from classroom.models import User
from tests.factories import ClassroomFactory, UserFactory

pytestmark = pytest.mark.django_db


def fields(user):
    return {f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields}


def test_the_backend_is_the_one_the_site_signs_in_with():
    assert USER_BACKEND == "classroom.backends.UserBackend"
    assert USER_BACKEND in settings.AUTHENTICATION_BACKENDS


def test_every_field_is_what_the_orm_reads():
    user = UserFactory(full_name="Әлихан Бөкейхан <b>", email="a@example.kz", is_staff=True)
    user.refresh_from_db()
    found = UserBackend().get_user(user.pk)
    assert isinstance(found, User)
    assert fields(found) == fields(ModelBackend().get_user(user.pk)) == fields(user)
    assert found._state.adding is False
    assert found._state.db == "default"


def test_a_missing_or_inactive_user_is_nobody(django_assert_num_queries):
    inactive = UserFactory(is_active=False)
    with django_assert_num_queries(1):
        assert UserBackend().get_user(inactive.pk) is None
    assert UserBackend().get_user(inactive.pk + 10_000) is None


def test_a_user_whose_row_went_is_signed_out(client):
    user = UserFactory()
    client.force_login(user, backend=USER_BACKEND)
    assert client.get(reverse("classroom:dashboard")).status_code == 200
    User.objects.filter(pk=user.pk).delete()
    response = client.get(reverse("classroom:dashboard"))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_a_password_change_elsewhere_ends_the_session(client):
    user = UserFactory()
    client.force_login(user, backend=USER_BACKEND)
    user.set_password("another-long-password-1")
    user.save()
    response = client.get(reverse("classroom:dashboard"))
    assert response.status_code == 302  # the session's hash no longer matches: Django's check still runs


def test_signing_in_with_the_form_uses_it(client):
    user = UserFactory()
    user.set_password("a-long-password-for-test")
    user.save()
    response = client.post(
        reverse("login"), {"username": user.username, "password": "a-long-password-for-test"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == USER_BACKEND
    assert client.get(reverse("classroom:dashboard")).context["user"] == user


def test_signing_up_with_a_join_code_stays_signed_in(client):
    classroom = ClassroomFactory()
    response = client.post(
        reverse("classroom:signup"),
        {
            "code": classroom.join_code,
            "username": "new-student",
            "full_name": "Жаңа Оқушы",
            "email": "new@example.kz",
            "password1": "a-long-password-for-test",
            "password2": "a-long-password-for-test",
        },
    )
    assert response.status_code == 302, response.content[:500]
    assert client.session["_auth_user_backend"] == USER_BACKEND
    dashboard = client.get(reverse("classroom:dashboard"))
    assert dashboard.status_code == 200
    assert dashboard.context["user"].username == "new-student"


class AnyUserReadsBack(HypothesisTestCase):
    @hypothesis_settings(max_examples=25, deadline=None)
    @given(
        full_name=st.text(max_size=150).filter(lambda s: "\x00" not in s),
        is_staff=st.booleans(),
        is_superuser=st.booleans(),
    )
    def test_any_name_and_flags_read_back_as_saved(self, full_name, is_staff, is_superuser):
        user = UserFactory(full_name=full_name, is_staff=is_staff, is_superuser=is_superuser)
        user.refresh_from_db()
        assert fields(UserBackend().get_user(user.pk)) == fields(user)
