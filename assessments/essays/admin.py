"""Admin for the students' essays: read-only, because every write goes through the essay services
(the version lock, the grade history and the overlap report depend on it)."""

from django.contrib import admin

from assessments.admin_readonly import ReadOnlyAdmin, ReadOnlyInline
from assessments.models import (
    CriterionScore,
    Essay,
    EssayGrade,
    EssayVersion,
    GradeChange,
    OverlapReport,
    OverlapSpan,
)


class EssayVersionInline(ReadOnlyInline):
    model = EssayVersion
    fields = ["created_at", "word_count", "is_submission", "text"]


@admin.register(Essay)
class EssayAdmin(ReadOnlyAdmin):
    list_display = ["student", "assignment", "state", "word_count", "submitted_at", "is_late", "saved_at"]
    list_filter = ["state", "is_late", "assignment__classroom"]
    list_select_related = ["student", "assignment__classroom"]
    search_fields = ["student__username", "student__full_name", "assignment__title", "text"]
    date_hierarchy = "submitted_at"
    inlines = [EssayVersionInline]


class CriterionScoreInline(ReadOnlyInline):
    model = CriterionScore
    fields = ["criterion", "level", "comment"]


class GradeChangeInline(ReadOnlyInline):
    model = GradeChange
    fields = ["changed_at", "changed_by", "after_release", "before", "after"]


@admin.register(EssayGrade)
class EssayGradeAdmin(ReadOnlyAdmin):
    list_display = ["essay", "total", "adjusted_total", "is_complete", "graded_by", "updated_at", "version"]
    list_filter = ["is_complete", "essay__assignment__classroom"]
    list_select_related = ["essay__student", "essay__assignment__classroom", "graded_by"]
    search_fields = ["essay__student__username", "essay__student__full_name", "essay__assignment__title"]
    inlines = [CriterionScoreInline, GradeChangeInline]


@admin.register(GradeChange)
class GradeChangeAdmin(ReadOnlyAdmin):
    list_display = ["grade", "changed_at", "changed_by", "after_release"]
    list_filter = ["after_release"]
    list_select_related = ["grade__essay__student", "grade__essay__assignment__classroom", "changed_by"]
    date_hierarchy = "changed_at"


class OverlapSpanInline(ReadOnlyInline):
    model = OverlapSpan
    fields = ["start", "end", "origin", "source_label", "source_excerpt"]


@admin.register(OverlapReport)
class OverlapReportAdmin(ReadOnlyAdmin):
    list_display = ["essay", "share", "words", "computed_at"]
    list_select_related = ["essay__student", "essay__assignment__classroom"]
    search_fields = ["essay__student__username", "essay__student__full_name"]
    inlines = [OverlapSpanInline]
