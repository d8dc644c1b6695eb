"""Students' quiz attempts: the questions in their stored order, every saved answer, and overrides."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .assignments import Assignment
from .content import Choice, Question


class Attempt(models.Model):
    """One try of a quiz assignment by one student, with its server-side deadline."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    class FinishedBy(models.TextChoices):
        STUDENT = "student", _("Submitted by the student")
        TIMER = "timer", _("Submitted when time ran out")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("assignment")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("student"),
    )
    number = models.PositiveSmallIntegerField(_("attempt number"), validators=[MinValueValidator(1)])
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    started_at = models.DateTimeField(_("started at"))
    deadline_at = models.DateTimeField(
        _("deadline"), help_text=_("The earlier of start + time limit and the assignment's closing time.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    finished_by = models.CharField(_("finished by"), max_length=10, choices=FinishedBy.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("points possible"), max_digits=8, decimal_places=2, default=Decimal(0))

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["assignment", "student", "number"]
        constraints = [
            # Two concurrent starts both compute the same next number; only one can be inserted.
            models.UniqueConstraint(fields=["assignment", "student", "number"], name="unique_attempt_number"),
            models.UniqueConstraint(
                fields=["assignment", "student"],
                condition=Q(state="in_progress"),
                name="one_open_attempt_per_student",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="attempt_number_positive"),
            models.CheckConstraint(
                condition=Q(state="in_progress", submitted_at__isnull=True)
                | Q(state="submitted", submitted_at__isnull=False),
                name="attempt_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["assignment", "state"])]

    def __str__(self):
        return f"{self.student} — {self.assignment.title} #{self.number}"

    @property
    def is_finished(self):
        return self.state == self.State.SUBMITTED

    @property
    def percent(self):
        """The score as a percentage of the points possible (None until graded)."""
        from kzcourse.decimals import round_points

        if self.score is None:
            return None
        if not self.max_score:
            return Decimal(0)
        return round_points(self.score * 100 / self.max_score)

    @property
    def duration(self):
        return (self.submitted_at - self.started_at) if self.submitted_at else None

    @property
    def is_late(self):
        return self.submitted_at is not None and self.submitted_at > self.assignment.due_at


class AttemptQuestion(models.Model):
    """A question of an attempt, at the position this attempt shows it (shuffled or not)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="attempt_questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))
    points = models.DecimalField(_("points possible"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("attempt question")
        verbose_name_plural = _("attempt questions")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="question_once_per_attempt"),
            models.UniqueConstraint(fields=["attempt", "position"], name="unique_attempt_position"),
        ]

    def __str__(self):
        return f"{self.attempt_id} #{self.position}: {self.question_id}"


class Answer(models.Model):
    """The student's saved answer to one question of an attempt, and the points it earned.

    Which fields hold the answer depends on the question's type: choices (single and multiple),
    `boolean` (true/false), `text` (short answer), `number` (numeric), order rows (ordering) and
    match rows (matching). `points` is the automatic grade; `override_points` the teacher's.
    """

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    boolean = models.BooleanField(_("true or false"), null=True, blank=True)
    text = models.CharField(_("text"), max_length=500, blank=True)
    number = models.DecimalField(_("number"), max_digits=20, decimal_places=6, null=True, blank=True)
    selected = models.ManyToManyField(Choice, through="AnswerChoice", related_name="+", blank=True)
    saved_at = models.DateTimeField(_("saved at"))
    credit = models.DecimalField(
        _("credit"), max_digits=5, decimal_places=4, null=True, blank=True, help_text=_("0 to 1.")
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    override_points = models.DecimalField(
        _("points set by the teacher"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["attempt", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question"),
        ]

    def __str__(self):
        return f"{self.attempt_id}: {self.question_id}"

    @property
    def final_points(self):
        """The points that count: the teacher's override if there is one, else the automatic grade."""
        return self.override_points if self.override_points is not None else self.points


class AnswerChoice(models.Model):
    """A choice the student picked (single choice, multiple response)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="answer_choices")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("picked choice")
        verbose_name_plural = _("picked choices")
        constraints = [models.UniqueConstraint(fields=["answer", "choice"], name="choice_once_per_answer")]

    def __str__(self):
        return f"{self.answer_id}: {self.choice_id}"


class AnswerOrder(models.Model):
    """Where the student put one item of an ordering question (1 = first)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="order_items")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("ordered item")
        verbose_name_plural = _("ordered items")
        ordering = ["answer", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "choice"], name="item_once_per_order"),
            models.UniqueConstraint(fields=["answer", "rank"], name="rank_once_per_order"),
        ]

    def __str__(self):
        return f"{self.answer_id}: {self.rank}. {self.choice_id}"


class AnswerMatch(models.Model):
    """One pair the student matched: the left item `left` with the right-hand text of `right`."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="matches")
    left = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("matched pair")
        verbose_name_plural = _("matched pairs")
        constraints = [models.UniqueConstraint(fields=["answer", "left"], name="left_once_per_match")]

    def __str__(self):
        return f"{self.answer_id}: {self.left_id} → {self.right_id}"


class PointsOverride(models.Model):
    """One change a teacher made to an answer's points, kept for the record."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="overrides")
    points_before = models.DecimalField(_("points before"), max_digits=6, decimal_places=2, null=True)
    points_after = models.DecimalField(_("points after"), max_digits=6, decimal_places=2, null=True)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("points override")
        verbose_name_plural = _("points overrides")
        ordering = ["answer", "changed_at", "pk"]

    def __str__(self):
        return f"{self.answer_id}: {self.points_before} → {self.points_after}"


class ExtraAttempt(models.Model):
    """Attempts a teacher granted one student beyond the assignment's limit."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extra_attempts")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveSmallIntegerField(
        _("extra attempts"), default=1, validators=[MinValueValidator(1)]
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"))

    class Meta:
        verbose_name = _("extra attempt")
        verbose_name_plural = _("extra attempts")
        ordering = ["assignment", "student", "granted_at"]
        constraints = [models.CheckConstraint(condition=Q(count__gte=1), name="extra_attempts_positive")]

    def __str__(self):
        return f"{self.student} +{self.count} — {self.assignment_id}"
