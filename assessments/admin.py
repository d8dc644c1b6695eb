from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from classroom.admin import ContentChangeAdmin

# --- Course content: question banks, quizzes, essay prompts and rubrics (issue 3). ---
from .models import (
    AcceptedAnswer,
    Choice,
    EssayPrompt,
    Question,
    Quiz,
    QuizQuestion,
    RubricCriterion,
    RubricLevel,
)


class ChoiceInline(admin.TabularInline):
    """Choices; ordering items carry their correct rank, matching pairs their right-hand side."""

    model = Choice
    extra = 0
    fields = ["position", "text", "is_correct", "correct_rank", "match_text"]
    ordering = ["position"]


class AcceptedAnswerInline(admin.TabularInline):
    model = AcceptedAnswer
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["slug", "lesson", "kind", "short_prompt", "points"]
    list_filter = ["lesson", "kind"]
    list_select_related = ["lesson"]
    search_fields = ["slug", "prompt", "explanation", "citation"]
    ordering = ["lesson__number", "position"]
    autocomplete_fields = ["lesson"]
    raw_id_fields = ["cited_paragraph"]
    inlines = [ChoiceInline, AcceptedAnswerInline]
    fieldsets = [
        (None, {"fields": ["slug", "lesson", "position", "kind", "prompt", "points"]}),
        (_("Key"), {"fields": ["true_false_answer", "numeric_answer", "numeric_tolerance"]}),
        (_("Explanation and source"), {"fields": ["explanation", "citation", "cited_paragraph"]}),
    ]

    @admin.display(description=_("prompt"))
    def short_prompt(self, question):
        return question.prompt[:80]


@admin.register(Choice)
class ChoiceAdmin(admin.ModelAdmin):
    list_display = ["text", "question", "position", "is_correct", "correct_rank", "match_text"]
    list_filter = ["question__kind", "question__lesson", "is_correct"]
    list_select_related = ["question"]
    search_fields = ["text", "match_text", "question__slug"]
    raw_id_fields = ["question"]


@admin.register(AcceptedAnswer)
class AcceptedAnswerAdmin(admin.ModelAdmin):
    list_display = ["text", "question"]
    list_filter = ["question__lesson"]
    list_select_related = ["question"]
    search_fields = ["text", "question__slug"]
    raw_id_fields = ["question"]


class QuizQuestionInline(admin.TabularInline):
    model = QuizQuestion
    extra = 0
    ordering = ["position"]
    raw_id_fields = ["question"]


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "lesson"]
    list_filter = ["lesson"]
    list_select_related = ["lesson"]
    search_fields = ["title", "slug", "description"]
    autocomplete_fields = ["lesson"]
    inlines = [QuizQuestionInline]


@admin.register(QuizQuestion)
class QuizQuestionAdmin(admin.ModelAdmin):
    list_display = ["quiz", "position", "question"]
    list_filter = ["quiz"]
    list_select_related = ["quiz", "question"]
    search_fields = ["quiz__slug", "question__slug", "question__prompt"]
    raw_id_fields = ["question"]


class RubricCriterionInline(admin.TabularInline):
    """Criteria of a prompt; each criterion's levels are edited on the criterion's own page."""

    model = RubricCriterion
    extra = 0
    fields = ["position", "slug", "name", "description"]
    ordering = ["position"]
    show_change_link = True


@admin.register(EssayPrompt)
class EssayPromptAdmin(ContentChangeAdmin):
    list_display = ["title", "slug", "lesson", "min_words", "max_words"]
    list_filter = ["lesson"]
    list_select_related = ["lesson"]
    search_fields = ["title", "slug", "prompt"]
    autocomplete_fields = ["lesson"]
    inlines = [RubricCriterionInline]


class RubricLevelInline(admin.TabularInline):
    model = RubricLevel
    extra = 0
    fields = ["position", "label", "points", "descriptor"]
    ordering = ["position"]


@admin.register(RubricCriterion)
class RubricCriterionAdmin(ContentChangeAdmin):
    list_display = ["name", "prompt", "position", "slug"]
    list_filter = ["prompt__lesson"]
    list_select_related = ["prompt"]
    search_fields = ["name", "description", "prompt__title"]
    raw_id_fields = ["prompt"]
    inlines = [RubricLevelInline]


@admin.register(RubricLevel)
class RubricLevelAdmin(ContentChangeAdmin):
    list_display = ["label", "points", "criterion", "position"]
    list_filter = ["label"]
    list_select_related = ["criterion__prompt"]
    search_fields = ["label", "descriptor", "criterion__name"]
    raw_id_fields = ["criterion"]


# --- Assignments of lessons, quizzes and essays to classes (issue 4). ---
from classroom.admin import ClassroomAdmin as BaseClassroomAdmin  # noqa: E402
from classroom.models import Classroom  # noqa: E402

from .models import Assignment  # noqa: E402


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["title", "classroom", "kind", "opens_at", "due_at", "late_until", "points", "is_archived"]
    list_filter = ["kind", "is_archived", "classroom__term", "classroom"]
    list_select_related = ["classroom"]
    search_fields = ["title", "classroom__name", "lesson__title", "quiz__title", "essay_prompt__title"]
    date_hierarchy = "due_at"
    autocomplete_fields = ["classroom"]
    raw_id_fields = ["lesson", "quiz", "essay_prompt", "created_by"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["classroom", "kind", "lesson", "quiz", "essay_prompt", "title", "instructions"]}),
        (_("Dates"), {"fields": ["opens_at", "due_at", "late_until", "grades_released_at", "is_archived"]}),
        (_("Points"), {"fields": ["points", "late_penalty_per_day", "late_penalty_max"]}),
        (
            _("Quiz settings"),
            {
                "fields": [
                    "max_attempts",
                    "time_limit_minutes",
                    "grading_method",
                    "review_policy",
                    "shuffle_questions",
                ]
            },
        ),
        (
            _("Essay settings"),
            {"fields": ["min_words", "max_words", "allow_resubmission", "anonymous_grading"]},
        ),
        (None, {"fields": ["created_by", "created_at", "updated_at"]}),
    ]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["title", "kind", "opens_at", "due_at", "points", "is_archived"]
    readonly_fields = ["title", "kind"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # new assignments need their content: add them on the assignment page


# classroom cannot import assessments, so the class admin gains its assignments inline here.
admin.site.unregister(Classroom)


@admin.register(Classroom)
class ClassroomAdmin(BaseClassroomAdmin):
    inlines = [*BaseClassroomAdmin.inlines, AssignmentInline]


# --- Students' essays (issue 6): registered in their own module. ---
from .essays import admin as essays_admin  # noqa: E402, F401

# --- Students' quiz attempts (issue 5): registered in their own module. ---
from .quizzes import admin as quizzes_admin  # noqa: E402, F401
