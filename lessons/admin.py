"""Admin for the course content of the lessons app: a lesson with its parts inline, and each part alone."""

from django.contrib import admin

from classroom.admin import ContentChangeAdmin
from classroom.fragments import student_changed

from .models import EditorNote, KeyTerm, Lesson, Objective, Paragraph, Person, ReadingProgress, TimelineEvent


class LessonPartInline(admin.StackedInline):
    extra = 0
    ordering = ["position"]


class ParagraphInline(LessonPartInline):
    model = Paragraph
    fields = ["position", "slug", "text"]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0
    fields = ["position", "slug", "text"]


class KeyTermInline(admin.TabularInline):
    model = KeyTerm
    extra = 0
    fields = ["position", "slug", "term", "definition"]


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ["position", "slug", "name", "other_spellings", "role"]


class TimelineEventInline(admin.TabularInline):
    model = TimelineEvent
    extra = 0
    fields = ["position", "slug", "date_text", "event", "citation"]


class EditorNoteInline(LessonPartInline):
    model = EditorNote
    fields = ["position", "slug", "paragraph", "passage", "note"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "paragraph":
            # Only this lesson's paragraphs (the lesson being edited is in the URL).
            lesson_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = Paragraph.objects.filter(lesson_id=lesson_id).select_related("lesson")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Lesson)
class LessonAdmin(ContentChangeAdmin):
    list_display = ["number", "title", "slug", "period"]
    search_fields = ["title", "slug", "summary", "heading"]
    ordering = ["number"]
    inlines = [
        ObjectiveInline,
        ParagraphInline,
        KeyTermInline,
        PersonInline,
        TimelineEventInline,
        EditorNoteInline,
    ]


class LessonPartAdmin(ContentChangeAdmin):
    list_filter = ["lesson"]
    list_select_related = ["lesson"]
    ordering = ["lesson__number", "position"]
    autocomplete_fields = ["lesson"]


@admin.register(Paragraph)
class ParagraphAdmin(LessonPartAdmin):
    list_display = ["__str__", "lesson", "position", "text"]
    search_fields = ["text", "lesson__title"]


@admin.register(Objective)
class ObjectiveAdmin(LessonPartAdmin):
    list_display = ["text", "lesson", "position"]
    search_fields = ["text"]


@admin.register(KeyTerm)
class KeyTermAdmin(LessonPartAdmin):
    list_display = ["term", "lesson", "position", "definition"]
    search_fields = ["term", "definition"]


@admin.register(Person)
class PersonAdmin(LessonPartAdmin):
    list_display = ["name", "lesson", "other_spellings", "role"]
    search_fields = ["name", "other_spellings", "role"]


@admin.register(TimelineEvent)
class TimelineEventAdmin(LessonPartAdmin):
    list_display = ["date_text", "event", "lesson"]
    search_fields = ["event", "citation", "date_text"]
    ordering = ["lesson__number", "date_text", "position"]


@admin.register(EditorNote)
class EditorNoteAdmin(LessonPartAdmin):
    list_display = ["passage", "lesson", "paragraph", "position"]
    list_select_related = ["lesson", "paragraph__lesson"]
    search_fields = ["passage", "note"]
    raw_id_fields = ["paragraph"]


@admin.register(ReadingProgress)
class ReadingProgressAdmin(admin.ModelAdmin):
    list_display = ["user", "lesson", "read_at"]
    list_filter = ["lesson"]
    list_select_related = ["user", "lesson"]
    search_fields = ["user__username", "user__full_name", "lesson__title"]
    date_hierarchy = "read_at"
    raw_id_fields = ["user"]

    # A student's dashboard keeps their to-do list rendered: a change here must show there.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        student_changed(obj.user_id)
        if change and "user" in form.changed_data:
            student_changed(form.initial["user"])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        student_changed(obj.user_id)

    def delete_queryset(self, request, queryset):
        students = set(queryset.values_list("user_id", flat=True))
        super().delete_queryset(request, queryset)
        for student_id in students:
            student_changed(student_id)
