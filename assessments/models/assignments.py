"""An assignment puts a lesson, a quiz or an essay prompt in front of one class, with its dates."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from classroom.models import Classroom
from lessons.models import Lesson

from .content import EssayPrompt, Quiz


class Assignment(models.Model):
    class Kind(models.TextChoices):
        READING = "reading", _("Reading")
        QUIZ = "quiz", _("Quiz")
        ESSAY = "essay", _("Essay")

    class GradingMethod(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt")
        LATEST = "latest", _("Latest attempt")
        AVERAGE = "average", _("Average of attempts")

    class ReviewPolicy(models.TextChoices):
        IMMEDIATELY = "immediately", _("Immediately after submitting")
        AFTER_DUE = "after_due", _("After the due date")
        NEVER = "never", _("Never")

    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("class")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    lesson = models.ForeignKey(
        Lesson, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments"
    )
    quiz = models.ForeignKey(
        Quiz, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments"
    )
    essay_prompt = models.ForeignKey(
        EssayPrompt, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments"
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True)

    opens_at = models.DateTimeField(_("opens at"))
    due_at = models.DateTimeField(_("due at"))
    late_until = models.DateTimeField(
        _("late submissions until"), null=True, blank=True, help_text=_("Empty: nothing after the due date.")
    )
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, default=Decimal(100), validators=[MinValueValidator(0)]
    )
    late_penalty_per_day = models.DecimalField(
        _("late penalty per day (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    late_penalty_max = models.DecimalField(
        _("late penalty cap (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    # Quiz settings.
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, validators=[MinValueValidator(1)]
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty: no time limit.")
    )
    grading_method = models.CharField(
        _("grading method"), max_length=10, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    review_policy = models.CharField(
        _("review"), max_length=12, choices=ReviewPolicy.choices, default=ReviewPolicy.AFTER_DUE
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)

    # Essay settings. Empty word limits fall back to the prompt's.
    min_words = models.PositiveIntegerField(_("minimum words"), null=True, blank=True)
    max_words = models.PositiveIntegerField(_("maximum words"), null=True, blank=True)
    allow_resubmission = models.BooleanField(_("allow resubmission"), default=False)
    anonymous_grading = models.BooleanField(_("anonymous grading"), default=False)
    grades_released_at = models.DateTimeField(_("grades released at"), null=True, blank=True)

    is_archived = models.BooleanField(_("archived"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["classroom", "is_archived", "due_at"])]
        constraints = [
            # Exactly the content that the kind names, and nothing else.
            models.CheckConstraint(
                condition=(
                    Q(kind="reading", lesson__isnull=False, quiz__isnull=True, essay_prompt__isnull=True)
                    | Q(kind="quiz", lesson__isnull=True, quiz__isnull=False, essay_prompt__isnull=True)
                    | Q(kind="essay", lesson__isnull=True, quiz__isnull=True, essay_prompt__isnull=False)
                ),
                name="assignment_content_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("due_at")), name="assignment_opens_before_due"
            ),
            models.CheckConstraint(
                condition=Q(late_until__isnull=True) | Q(late_until__gte=models.F("due_at")),
                name="assignment_late_until_after_due",
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.classroom}"

    @property
    def content(self):
        """The lesson, quiz or essay prompt this assignment puts in front of the class."""
        return {
            self.Kind.READING: self.lesson,
            self.Kind.QUIZ: self.quiz,
            self.Kind.ESSAY: self.essay_prompt,
        }[self.kind]

    @property
    def closes_at(self):
        """The last moment work is accepted: late-until if there is one, else the due date."""
        return self.late_until or self.due_at

    @property
    def word_range(self):
        prompt = self.essay_prompt
        return (
            self.min_words if self.min_words is not None else prompt.min_words,
            self.max_words if self.max_words is not None else prompt.max_words,
        )
