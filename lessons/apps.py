from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    """The course content: lessons, their reading, and reading progress."""

    name = "lessons"
    verbose_name = _("Lessons")
