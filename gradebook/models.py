"""A class's grading settings, its letter scale, excused work and the teacher's cell overrides."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Assignment
from classroom.models import Classroom

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class GradebookSettings(models.Model):
    """How one class's grades are made. A class without a row uses the defaults here."""

    classroom = models.OneToOneField(
        Classroom, on_delete=models.CASCADE, related_name="gradebook_settings", verbose_name=_("class")
    )
    quiz_weight = models.DecimalField(
        _("quizzes weight (%)"), max_digits=5, decimal_places=2, default=Decimal(40), validators=PERCENT
    )
    essay_weight = models.DecimalField(
        _("essays weight (%)"), max_digits=5, decimal_places=2, default=Decimal(60), validators=PERCENT
    )
    drop_lowest_quizzes = models.PositiveSmallIntegerField(
        _("drop lowest quizzes"), default=0, validators=[MaxValueValidator(20)]
    )
    drop_lowest_essays = models.PositiveSmallIntegerField(
        _("drop lowest essays"), default=0, validators=[MaxValueValidator(20)]
    )
    missing_counts_as_zero = models.BooleanField(
        _("missing work counts as zero after the due date"), default=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("gradebook settings")
        verbose_name_plural = _("gradebook settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(quiz_weight__gt=0) | Q(essay_weight__gt=0), name="gradebook_some_weight"
            ),
        ]

    def __str__(self):
        return f"{self.classroom}: {self.quiz_weight} / {self.essay_weight}"

    def clean(self):
        if (self.quiz_weight or 0) <= 0 and (self.essay_weight or 0) <= 0:
            raise ValidationError(_("At least one category needs a weight above zero."))


class LetterBand(models.Model):
    """One letter of a class's scale: percentages from `min_percent` up to the next band earn it."""

    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="letter_bands", verbose_name=_("class")
    )
    letter = models.CharField(_("letter"), max_length=4)
    min_percent = models.DecimalField(_("from (%)"), max_digits=5, decimal_places=2, validators=PERCENT)
    gpa = models.DecimalField(
        _("GPA points"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )

    class Meta:
        verbose_name = _("letter band")
        verbose_name_plural = _("letter bands")
        ordering = ["classroom", "-min_percent"]
        constraints = [
            models.UniqueConstraint(fields=["classroom", "letter"], name="one_band_per_letter"),
            models.UniqueConstraint(fields=["classroom", "min_percent"], name="one_band_per_threshold"),
        ]

    def __str__(self):
        return f"{self.letter} ≥ {self.min_percent}"


class Excusal(models.Model):
    """A student is excused from one assignment: it counts neither for nor against them."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="excusals", verbose_name=_("student")
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="excusals", verbose_name=_("assignment")
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("excused work")
        verbose_name_plural = _("excused work")
        constraints = [
            models.UniqueConstraint(fields=["student", "assignment"], name="excused_once"),
        ]

    def __str__(self):
        return f"{self.student} excused from {self.assignment.title}"


class CellOverride(models.Model):
    """The teacher's own percentage for one student's assignment, replacing the computed one."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="grade_overrides",
        verbose_name=_("student"),
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="grade_overrides", verbose_name=_("assignment")
    )
    percent = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, validators=PERCENT)
    reason = models.CharField(_("reason"), max_length=300)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("grade override")
        verbose_name_plural = _("grade overrides")
        constraints = [
            models.UniqueConstraint(fields=["student", "assignment"], name="one_override_per_cell"),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="override_percent_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.assignment.title}: {self.percent} %"


class CellOverrideChange(models.Model):
    """One change of a cell override: who, when, the percentage before and after (empty: none), why."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="grade_override_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    before = models.DecimalField(_("before (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    after = models.DecimalField(_("after (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("grade override change")
        verbose_name_plural = _("grade override changes")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["assignment", "student"])]

    def __str__(self):
        return f"{self.student} · {self.assignment_id}: {self.before} → {self.after}"
