from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lessons.models import Lesson

from .models import Assignment, EssayPrompt, Quiz

COMMON_FIELDS = [
    "title",
    "instructions",
    "opens_at",
    "due_at",
    "late_until",
    "points",
    "late_penalty_per_day",
    "late_penalty_max",
]
KIND_FIELDS = {
    Assignment.Kind.READING: ["lesson"],
    Assignment.Kind.QUIZ: [
        "quiz",
        "max_attempts",
        "time_limit_minutes",
        "grading_method",
        "review_policy",
        "shuffle_questions",
    ],
    Assignment.Kind.ESSAY: [
        "essay_prompt",
        "min_words",
        "max_words",
        "allow_resubmission",
        "anonymous_grading",
    ],
}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; values are read and shown in Asia/Almaty."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class AssignmentForm(forms.ModelForm):
    """The fields of one kind of assignment; the content is locked once students have started."""

    class Meta:
        model = Assignment
        fields = COMMON_FIELDS
        widgets = {
            "opens_at": LocalDateTimeInput(),
            "due_at": LocalDateTimeInput(),
            "late_until": LocalDateTimeInput(),
            "instructions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, kind, content_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.content_field = KIND_FIELDS[kind][0]
        for name in KIND_FIELDS[kind]:
            self.fields[name] = forms.fields_for_model(Assignment, fields=[name])[name]
        for name in ("opens_at", "due_at", "late_until"):
            self.fields[name].widget = LocalDateTimeInput()
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Empty: the title of what you assign.")
        content = self.fields[self.content_field]
        content.required = True
        content.empty_label = None
        content.queryset = {
            Assignment.Kind.READING: Lesson.objects.order_by("number"),
            Assignment.Kind.QUIZ: Quiz.objects.select_related("lesson").order_by("lesson__number", "slug"),
            Assignment.Kind.ESSAY: EssayPrompt.objects.select_related("lesson").order_by(
                "lesson__number", "position"
            ),
        }[kind]
        content.label = {
            Assignment.Kind.READING: _("Lesson"),
            Assignment.Kind.QUIZ: _("Quiz"),
            Assignment.Kind.ESSAY: _("Essay prompt"),
        }[kind]
        if self.instance.pk:
            self.initial[self.content_field] = getattr(self.instance, f"{self.content_field}_id")
            for name in KIND_FIELDS[kind][1:]:
                self.initial[name] = getattr(self.instance, name)
        if content_locked:
            content.disabled = True
            content.help_text = _(
                "Students have started: what this assignment assesses can no longer change."
            )
        if not self.instance.pk and not self.is_bound:
            self.initial.update(default_dates(timezone.now()))
        # What is assigned comes first, then its title, dates, points and the kind's settings.
        self.order_fields([self.content_field, *COMMON_FIELDS])

    def clean(self):
        data = super().clean()
        # The date constraints are checked here with field messages; the service's full_clean()
        # still enforces every constraint.
        self._validate_constraints = False
        opens_at, due_at, late_until = data.get("opens_at"), data.get("due_at"), data.get("late_until")
        if opens_at and due_at and opens_at >= due_at:
            self.add_error("due_at", _("The due date must come after the opening date."))
        if due_at and late_until and late_until < due_at:
            self.add_error("late_until", _("Late submissions must end at or after the due date."))
        if self.kind == Assignment.Kind.ESSAY:
            prompt = data.get("essay_prompt")
            low = (
                data.get("min_words")
                if data.get("min_words") is not None
                else getattr(prompt, "min_words", None)
            )
            high = (
                data.get("max_words")
                if data.get("max_words") is not None
                else getattr(prompt, "max_words", None)
            )
            if low is not None and high is not None and low >= high:
                self.add_error("max_words", _("The maximum must be larger than the minimum."))
        content = data.get(self.content_field)
        if not data.get("title") and content is not None:
            data["title"] = str(content.title)
        return data

    def service_fields(self):
        """The cleaned values the assignment services take (everything but the kind and class)."""
        return {name: self.cleaned_data[name] for name in COMMON_FIELDS + KIND_FIELDS[self.kind]}


def default_dates(now):
    """Opens now, due in a week at 23:59 Almaty time."""
    local = timezone.localtime(now)
    due = (local + timedelta(days=7)).replace(hour=23, minute=59, second=0, microsecond=0)
    return {"opens_at": local.replace(second=0, microsecond=0), "due_at": due}


class ArchiveForm(forms.Form):
    archived = forms.BooleanField(required=False)
