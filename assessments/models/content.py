"""The assessable course content: question banks, quizzes, essay prompts and their rubrics."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lessons.models import Lesson, Paragraph


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class QuestionPartManager(models.Manager):
    """Choices by (question slug, position); accepted answers by (question slug, text)."""

    def get_by_natural_key(self, question_slug, key):
        field = "position" if self.model is Choice else "text"
        return self.get(question__slug=question_slug, **{field: key})


class QuizQuestionManager(models.Manager):
    def get_by_natural_key(self, quiz_slug, question_slug):
        return self.get(quiz__slug=quiz_slug, question__slug=question_slug)


class RubricCriterionManager(models.Manager):
    def get_by_natural_key(self, prompt_slug, slug):
        return self.get(prompt__slug=prompt_slug, slug=slug)


class RubricLevelManager(models.Manager):
    def get_by_natural_key(self, prompt_slug, criterion_slug, position):
        return self.get(
            criterion__prompt__slug=prompt_slug, criterion__slug=criterion_slug, position=position
        )


class Question(models.Model):
    """An auto-graded question from a topic's bank, with its key, explanation and source citation."""

    class Kind(models.TextChoices):
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_RESPONSE = "multiple_response", _("Multiple response")
        TRUE_FALSE = "true_false", _("True or false")
        SHORT_ANSWER = "short_answer", _("Short answer")
        NUMERIC = "numeric", _("Numeric")
        ORDERING = "ordering", _("Chronological ordering")
        MATCHING = "matching", _("Matching")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    prompt = models.TextField(_("prompt"))
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, default=Decimal(1), validators=[MinValueValidator(0)]
    )
    explanation = models.TextField(_("explanation"))
    citation = models.TextField(_("citation"), help_text=_("Exact words of the lesson's source."))
    cited_paragraph = models.ForeignKey(
        Paragraph, on_delete=models.SET_NULL, null=True, blank=True, related_name="cited_by"
    )
    # The keys of the types that have no choices.
    true_false_answer = models.BooleanField(_("true/false key"), null=True, blank=True)
    numeric_answer = models.DecimalField(
        _("numeric key"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    numeric_tolerance = models.DecimalField(
        _("numeric tolerance"), max_digits=14, decimal_places=4, default=Decimal(0)
    )

    objects = SlugManager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["lesson__number", "position"]

    def __str__(self):
        return f"{self.slug}: {self.prompt[:60]}"

    def natural_key(self):
        return (self.slug,)


class Choice(models.Model):
    """A choice of a choice question, an item to order, or a left-hand item to match.

    single/multiple choice use `is_correct`; ordering uses `correct_rank` (1 = first);
    matching pairs `text` with its `match_text`.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("text"))
    is_correct = models.BooleanField(_("correct"), default=False)
    correct_rank = models.PositiveSmallIntegerField(_("correct rank"), null=True, blank=True)
    match_text = models.TextField(_("matches"), blank=True)

    objects = QuestionPartManager()

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="unique_choice_position"),
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (self.question.slug, self.position)

    natural_key.dependencies = ["assessments.question"]


class AcceptedAnswer(models.Model):
    """One accepted variant of a short answer."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="accepted_answers")
    text = models.CharField(_("text"), max_length=200)

    objects = QuestionPartManager()

    class Meta:
        verbose_name = _("accepted answer")
        verbose_name_plural = _("accepted answers")
        ordering = ["question", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "text"], name="unique_accepted_answer")]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (self.question.slug, self.text)

    natural_key.dependencies = ["assessments.question"]


class Quiz(models.Model):
    """A fixed set of questions in an order: a topic quiz, or the final exam across topics."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quizzes",
        help_text=_("Empty for a quiz across topics, such as the final exam."),
    )
    questions = models.ManyToManyField(Question, through="QuizQuestion", related_name="quizzes")

    objects = SlugManager()

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["lesson__number", "slug"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="quiz_questions")
    position = models.PositiveSmallIntegerField(_("position"))

    objects = QuizQuestionManager()

    class Meta:
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        ordering = ["quiz", "position"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "question"], name="question_once_per_quiz"),
            models.UniqueConstraint(fields=["quiz", "position"], name="unique_quiz_position"),
        ]

    def __str__(self):
        return f"{self.quiz.slug} #{self.position}: {self.question.slug}"

    def natural_key(self):
        return (self.quiz.slug, self.question.slug)

    natural_key.dependencies = ["assessments.quiz", "assessments.question"]


class EssayPrompt(models.Model):
    """An essay question with its word range and its rubric."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="essay_prompts")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    prompt = models.TextField(_("prompt"))
    min_words = models.PositiveIntegerField(_("minimum words"))
    max_words = models.PositiveIntegerField(_("maximum words"))

    objects = SlugManager()

    class Meta:
        verbose_name = _("essay prompt")
        verbose_name_plural = _("essay prompts")
        ordering = ["lesson__number", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_words__lt=models.F("max_words")), name="essay_word_range_ascends"
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)


class RubricCriterion(models.Model):
    prompt = models.ForeignKey(EssayPrompt, on_delete=models.CASCADE, related_name="criteria")
    slug = models.SlugField(_("slug"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("criterion"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    objects = RubricCriterionManager()

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["prompt", "position"]
        constraints = [models.UniqueConstraint(fields=["prompt", "slug"], name="unique_criterion_slug")]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.prompt.slug, self.slug)

    natural_key.dependencies = ["assessments.essayprompt"]


class RubricLevel(models.Model):
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="levels")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("label"), max_length=60)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    descriptor = models.TextField(_("descriptor"))

    objects = RubricLevelManager()

    class Meta:
        verbose_name = _("rubric level")
        verbose_name_plural = _("rubric levels")
        ordering = ["criterion", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "position"], name="unique_level_position"),
        ]

    def __str__(self):
        return f"{self.label} ({self.points})"

    def natural_key(self):
        return (*self.criterion.natural_key(), self.position)

    natural_key.dependencies = ["assessments.rubriccriterion"]
