from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassroomConfig(AppConfig):
    """People, classes, memberships and the access policy."""

    name = "classroom"
    verbose_name = _("Classroom")

    def ready(self):
        from . import audit  # noqa: F401  (connects the login signals to the audit log)
