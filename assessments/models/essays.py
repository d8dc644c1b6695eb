"""A student's essay on an essay assignment, its saved versions, its grade and its overlap report."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .assignments import Assignment
from .content import RubricCriterion, RubricLevel


class Essay(models.Model):
    """One student's essay on one assignment; its text is the latest acknowledged draft."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="essays")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="essays")
    text = models.TextField(_("text"), blank=True)
    word_count = models.PositiveIntegerField(_("words"), default=0)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    # The browser numbers its saves; an older number never overwrites newer text.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    # Bumped on every change of state (submit, return), so a stale page cannot undo one.
    version = models.PositiveIntegerField(_("version"), default=1)
    saved_at = models.DateTimeField(_("saved at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    late_days = models.PositiveSmallIntegerField(_("days late"), default=0)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_note = models.TextField(_("note on return"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("essay")
        verbose_name_plural = _("essays")
        ordering = ["assignment", "student__full_name", "student__username"]
        indexes = [
            # The gradebook's and the overview's read of a class's essays (assessments.essays.results,
            # gradebook.overview), answered from the index alone: no read of the essays' text.
            # (Key columns, not INCLUDE: SQLite has no covering indexes and would warn.)
            models.Index(
                fields=["assignment", "student", "state", "id", "submitted_at", "late_days"],
                condition=~Q(state="draft", text=""),
                name="essay_handed_in_covering",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="one_essay_per_student"),
            models.CheckConstraint(
                condition=~Q(state="submitted") | Q(submitted_at__isnull=False),
                name="submitted_essay_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.student} — {self.assignment.title}"

    @property
    def is_locked(self):
        return self.state == self.State.SUBMITTED


class EssayVersion(models.Model):
    """A saved copy of the essay's text the student may restore: recent drafts and every submission."""

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="versions")
    text = models.TextField(_("text"), blank=True)
    word_count = models.PositiveIntegerField(_("words"), default=0)
    is_submission = models.BooleanField(_("submitted"), default=False)
    created_at = models.DateTimeField(_("saved at"))

    class Meta:
        verbose_name = _("essay version")
        verbose_name_plural = _("essay versions")
        ordering = ["essay", "-created_at", "-pk"]
        indexes = [models.Index(fields=["essay", "-created_at"])]

    def __str__(self):
        return f"{self.essay} @ {self.created_at:%Y-%m-%d %H:%M}"


class EssayGrade(models.Model):
    """The teacher's grading of one essay: a level per criterion, comments, maybe an adjusted total."""

    essay = models.OneToOneField(Essay, on_delete=models.CASCADE, related_name="grade")
    overall_comment = models.TextField(_("overall comment"), blank=True)
    adjusted_total = models.DecimalField(
        _("adjusted total"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    adjustment_reason = models.TextField(_("reason for the adjustment"), blank=True)
    # Graded means finished: a draft of grading (autosaved) does not count until it is marked done.
    is_complete = models.BooleanField(_("graded"), default=False)
    # Computed on every save, so lists and the gradebook need no rubric arithmetic.
    rubric_points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("essay grade")
        verbose_name_plural = _("essay grades")
        # Joined to every essay the gradebook reads: graded or not, and the total, from the index alone.
        indexes = [models.Index(fields=["essay", "is_complete", "total"], name="essaygrade_result_covering")]
        constraints = [
            models.CheckConstraint(
                condition=Q(adjusted_total__isnull=True) | ~Q(adjustment_reason=""),
                name="adjusted_total_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.essay}: {self.total}"


class CriterionScore(models.Model):
    """The level the teacher chose on one rubric criterion, and the comment on it."""

    grade = models.ForeignKey(EssayGrade, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="+")
    level = models.ForeignKey(RubricLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["grade", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["grade", "criterion"], name="one_score_per_criterion"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.level}"


class GradeChange(models.Model):
    """An audit record of one change to a grade: who, when, and the values before and after."""

    grade = models.ForeignKey(EssayGrade, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"))
    after_release = models.BooleanField(_("after release"), default=False)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"))

    class Meta:
        verbose_name = _("grade change")
        verbose_name_plural = _("grade changes")
        ordering = ["grade", "-changed_at", "-pk"]

    def __str__(self):
        return f"{self.grade.essay} @ {self.changed_at:%Y-%m-%d %H:%M}"


class OverlapReport(models.Model):
    """How much of a submitted essay matches the course sources or classmates' essays."""

    essay = models.OneToOneField(Essay, on_delete=models.CASCADE, related_name="overlap")
    share = models.DecimalField(_("share copied"), max_digits=5, decimal_places=4)
    words = models.PositiveIntegerField(_("words"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("overlap report")
        verbose_name_plural = _("overlap reports")

    def __str__(self):
        return f"{self.essay}: {self.share:.0%}"


class OverlapSpan(models.Model):
    """A run of the essay's text (character offsets) that matches a source."""

    class Origin(models.TextChoices):
        SOURCE = "source", _("Course source")
        ESSAY = "essay", _("Classmate's essay")

    report = models.ForeignKey(OverlapReport, on_delete=models.CASCADE, related_name="spans")
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    source_label = models.CharField(_("source"), max_length=200)
    source_essay = models.ForeignKey(
        Essay, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_excerpt = models.TextField(_("matching text"), blank=True)

    class Meta:
        verbose_name = _("overlap span")
        verbose_name_plural = _("overlap spans")
        ordering = ["report", "start"]
        constraints = [models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="span_not_empty")]

    def __str__(self):
        return f"{self.start}–{self.end} ({self.source_label})"
