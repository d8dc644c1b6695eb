"""The audit log: one function writes it; login signals feed it."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditEvent

Action = AuditEvent.Action


def audit_record(*, action, summary, actor=None, actor_label="", classroom=None, details=None, request=None):
    """Append one event to the audit log and return it."""
    if actor is not None and actor.is_authenticated:
        actor_label = actor_label or actor.username
    else:
        actor = None
    return AuditEvent.objects.create(
        action=action,
        summary=summary[:300],
        actor=actor,
        actor_label=actor_label[:150],
        classroom=classroom,
        details=details or {},
        ip_address=request.META.get("REMOTE_ADDR") if request is not None else None,
    )


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender, request, user, **kwargs):
    audit_record(action=Action.LOGIN, summary="Logged in", actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=Action.LOGOUT, summary="Logged out", actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_failed_login(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    audit_record(action=Action.LOGIN_FAILED, summary="Failed login", actor_label=username, request=request)
