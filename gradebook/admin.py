from django.contrib import admin

from .models import CellOverride, CellOverrideChange, Excusal, GradebookSettings, LetterBand


@admin.register(GradebookSettings)
class GradebookSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "classroom",
        "quiz_weight",
        "essay_weight",
        "drop_lowest_quizzes",
        "drop_lowest_essays",
        "missing_counts_as_zero",
        "updated_at",
    ]
    list_filter = ["missing_counts_as_zero"]
    search_fields = ["classroom__name"]
    list_select_related = ["classroom"]


@admin.register(LetterBand)
class LetterBandAdmin(admin.ModelAdmin):
    list_display = ["classroom", "letter", "min_percent", "gpa"]
    list_filter = ["classroom"]
    list_select_related = ["classroom"]


@admin.register(Excusal)
class ExcusalAdmin(admin.ModelAdmin):
    list_display = ["student", "assignment", "reason", "created_by", "created_at"]
    list_filter = ["assignment__classroom"]
    search_fields = ["student__username", "student__full_name", "assignment__title", "reason"]
    list_select_related = ["student", "assignment", "created_by"]
    raw_id_fields = ["student", "assignment", "created_by"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CellOverride)
class CellOverrideAdmin(admin.ModelAdmin):
    """Overrides are changed in the gradebook, where each change is recorded; here they are read."""

    list_display = ["student", "assignment", "percent", "reason", "updated_by", "updated_at"]
    list_filter = ["assignment__classroom"]
    search_fields = ["student__username", "student__full_name", "assignment__title", "reason"]
    list_select_related = ["student", "assignment", "updated_by"]
    readonly_fields = ["student", "assignment", "percent", "reason", "updated_by", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CellOverrideChange)
class CellOverrideChangeAdmin(ReadOnlyAdmin):
    list_display = ["changed_at", "student", "assignment", "before", "after", "changed_by", "reason"]
    list_filter = ["assignment__classroom"]
    search_fields = ["student__username", "student__full_name", "assignment__title", "reason"]
    list_select_related = ["student", "assignment", "changed_by"]
