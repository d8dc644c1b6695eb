"""Admin for quiz attempts: read-only, because every write goes through the quiz services (deadlines,
the attempt limit, grading and the override history depend on it). Extra attempts may be granted here."""

from django.contrib import admin
from django.utils import timezone

from assessments.admin_readonly import ReadOnlyAdmin, ReadOnlyInline
from assessments.models import (
    Answer,
    AnswerChoice,
    AnswerMatch,
    AnswerOrder,
    Attempt,
    AttemptQuestion,
    ExtraAttempt,
    PointsOverride,
)


class AttemptQuestionInline(ReadOnlyInline):
    model = AttemptQuestion
    fields = ["position", "question", "points"]
    ordering = ["position"]


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["question", "boolean", "text", "number", "saved_at", "credit", "points", "override_points"]
    show_change_link = True


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = [
        "student",
        "assignment",
        "number",
        "state",
        "started_at",
        "submitted_at",
        "score",
        "max_score",
    ]
    list_filter = ["state", "finished_by", "assignment__classroom"]
    list_select_related = ["student", "assignment"]
    search_fields = ["student__username", "student__full_name", "assignment__title"]
    date_hierarchy = "started_at"
    inlines = [AttemptQuestionInline, AnswerInline]


class AnswerChoiceInline(ReadOnlyInline):
    model = AnswerChoice


class AnswerOrderInline(ReadOnlyInline):
    model = AnswerOrder
    ordering = ["rank"]


class AnswerMatchInline(ReadOnlyInline):
    model = AnswerMatch
    fk_name = "answer"


class PointsOverrideInline(ReadOnlyInline):
    model = PointsOverride
    fields = ["changed_at", "changed_by", "points_before", "points_after", "reason"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["attempt", "question", "saved_at", "points", "override_points"]
    list_select_related = ["attempt__student", "attempt__assignment", "question"]
    search_fields = ["attempt__student__username", "question__slug"]
    inlines = [AnswerChoiceInline, AnswerOrderInline, AnswerMatchInline, PointsOverrideInline]


@admin.register(PointsOverride)
class PointsOverrideAdmin(ReadOnlyAdmin):
    list_display = ["answer", "points_before", "points_after", "reason", "changed_by", "changed_at"]
    list_select_related = ["changed_by"]
    search_fields = ["reason", "changed_by__username"]


@admin.register(ExtraAttempt)
class ExtraAttemptAdmin(admin.ModelAdmin):
    list_display = ["student", "assignment", "count", "reason", "granted_by", "granted_at"]
    list_select_related = ["student", "assignment", "granted_by"]
    search_fields = ["student__username", "student__full_name", "assignment__title"]
    raw_id_fields = ["student", "assignment"]
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
            obj.granted_at = timezone.now()
        super().save_model(request, obj, form, change)
