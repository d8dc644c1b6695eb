from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LessonManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Lesson(models.Model):
    """One topic of the course: its reading (the source text, verbatim) and the study aids around it."""

    slug = models.SlugField(_("slug"), unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True, help_text=_("The source's number."))
    title = models.CharField(_("title"), max_length=200)
    period = models.CharField(_("period"), max_length=60)
    heading = models.TextField(_("source heading"), help_text=_("The heading as the source writes it."))
    summary = models.TextField(_("summary"))

    objects = LessonManager()

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("lessons:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class LessonPartManager(models.Manager):
    """Parts of a lesson are found by (lesson slug, own slug) when fixtures load."""

    def get_by_natural_key(self, lesson_slug, slug):
        return self.get(lesson__slug=lesson_slug, slug=slug)


class LessonPart(models.Model):
    """Something that belongs to one lesson, in an order, with a slug unique within the lesson."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, verbose_name=_("lesson"))
    slug = models.SlugField(_("slug"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = LessonPartManager()

    class Meta:
        abstract = True
        ordering = ["lesson", "position"]

    def natural_key(self):
        return (self.lesson.slug, self.slug)

    natural_key.dependencies = ["lessons.lesson"]


class Paragraph(LessonPart):
    """A paragraph of the reading; its slug is the anchor (#p1, #p2 ...) citations link to."""

    text = models.TextField(_("text"))

    class Meta(LessonPart.Meta):
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        default_related_name = "paragraphs"
        constraints = [models.UniqueConstraint(fields=["lesson", "slug"], name="unique_paragraph_anchor")]

    def __str__(self):
        return f"{self.lesson.slug}#{self.slug}"

    def get_absolute_url(self):
        return f"{self.lesson.get_absolute_url()}#{self.slug}"


class Objective(LessonPart):
    text = models.TextField(_("text"))

    class Meta(LessonPart.Meta):
        verbose_name = _("learning objective")
        verbose_name_plural = _("learning objectives")
        default_related_name = "objectives"
        constraints = [models.UniqueConstraint(fields=["lesson", "slug"], name="unique_objective_slug")]

    def __str__(self):
        return self.text


class KeyTerm(LessonPart):
    term = models.CharField(_("term"), max_length=120)
    definition = models.TextField(_("definition"))

    class Meta(LessonPart.Meta):
        verbose_name = _("key term")
        verbose_name_plural = _("key terms")
        default_related_name = "key_terms"
        constraints = [models.UniqueConstraint(fields=["lesson", "slug"], name="unique_key_term_slug")]

    def __str__(self):
        return self.term


class Person(LessonPart):
    name = models.CharField(_("name"), max_length=120)
    other_spellings = models.CharField(
        _("other spellings"), max_length=300, blank=True, help_text=_("Comma-separated.")
    )
    role = models.TextField(_("role"))

    class Meta(LessonPart.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        default_related_name = "people"
        constraints = [models.UniqueConstraint(fields=["lesson", "slug"], name="unique_person_slug")]

    def __str__(self):
        return self.name


class TimelineEvent(LessonPart):
    # The source dates some events to the year only: `date_text` keeps the precision it gives.
    date_text = models.CharField(_("date"), max_length=10, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD."))
    event = models.TextField(_("event"))
    citation = models.TextField(_("citation"))

    class Meta(LessonPart.Meta):
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        default_related_name = "timeline_events"
        ordering = ["lesson", "date_text", "position"]
        constraints = [models.UniqueConstraint(fields=["lesson", "slug"], name="unique_timeline_slug")]

    def __str__(self):
        return f"{self.date_text}: {self.event}"


class EditorNote(LessonPart):
    """Our note beside a garbled or misleading passage of the verbatim source."""

    passage = models.TextField(_("passage"), help_text=_("The exact words of the source the note is about."))
    note = models.TextField(_("note"))
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )

    class Meta(LessonPart.Meta):
        verbose_name = _("editor's note")
        verbose_name_plural = _("editor's notes")
        default_related_name = "notes"
        constraints = [models.UniqueConstraint(fields=["lesson", "slug"], name="unique_note_slug")]

    def __str__(self):
        return self.passage


class ReadingProgress(models.Model):
    """A student marked a lesson as read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="readings")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="readings")
    read_at = models.DateTimeField(_("read at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reading progress")
        verbose_name_plural = _("reading progress")
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="read_once_per_lesson")]

    def __str__(self):
        return f"{self.user} read {self.lesson}"
