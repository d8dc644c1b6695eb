from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    """Quizzes, essay prompts, assignments to classes, and the students' work on them."""

    name = "assessments"
    verbose_name = _("Assessments")
