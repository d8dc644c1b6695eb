"""The audit log records logins and failures, and admin can read it but never change it."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from classroom.audit import audit_record
from classroom.models import AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_login_is_recorded_with_who_and_where(client):
    user = UserFactory(username="amina")
    client.post(reverse("login"), {"username": "amina", "password": TEST_PASSWORD})
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert event.actor == user
    assert event.ip_address == "127.0.0.1"


def test_a_failed_login_records_the_username_tried(client):
    client.post(reverse("login"), {"username": "nobody-here", "password": "guess"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.actor is None
    assert event.actor_label == "nobody-here"


def test_a_logout_is_recorded(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("logout"))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGOUT, actor=user).exists()


class TestAuditAdmin:
    @pytest.fixture
    def admin_client(self, client):
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        return client

    def test_admin_lists_events_with_their_text_escaped(self, admin_client):
        audit_record(action=AuditEvent.Action.ROSTER_CHANGED, summary="<script>alert(1)</script> joined")
        response = admin_client.get(reverse("admin:classroom_auditevent_changelist"))
        assert response.status_code == HTTPStatus.OK
        html = response.content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt; joined" in html
        assert "<script>alert(1)</script>" not in html

    def test_even_a_superuser_cannot_change_or_delete_an_event(self, admin_client):
        event = audit_record(action=AuditEvent.Action.GRADE_CHANGED, summary="Essay grade 7 → 9")
        change = admin_client.post(
            reverse("admin:classroom_auditevent_change", args=[event.pk]), {"summary": "nothing happened"}
        )
        delete = admin_client.post(
            reverse("admin:classroom_auditevent_delete", args=[event.pk]), {"post": "yes"}
        )
        assert change.status_code == HTTPStatus.FORBIDDEN
        assert delete.status_code == HTTPStatus.FORBIDDEN
        event.refresh_from_db()
        assert event.summary == "Essay grade 7 → 9"

    def test_admin_offers_no_way_to_add_an_event(self, admin_client):
        response = admin_client.get(reverse("admin:classroom_auditevent_add"))
        assert response.status_code == HTTPStatus.FORBIDDEN
