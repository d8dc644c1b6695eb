from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradebookConfig(AppConfig):
    """Grades computed from the students' work, per class."""

    name = "gradebook"
    verbose_name = _("Gradebook")
