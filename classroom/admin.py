from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .exports import roster_csv_response
from .fragments import content_changed
from .models import AuditEvent, Classroom, Membership, User


class ContentChangeAdmin(admin.ModelAdmin):
    """Course content kept rendered in the cache (lesson pages, essay prompts): an edit shows at once."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        content_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        content_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        content_changed()


class UserMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["classroom"]
    fields = ["classroom", "role", "is_active"]
    verbose_name_plural = _("classes")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [UserMembershipInline]
    list_display = ["username", "full_name", "email", "is_staff", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    ordering = ["username"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "email"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "full_name", "email", "password1", "password2"]}),
    ]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "is_active", "joined_at"]
    readonly_fields = ["joined_at"]


@admin.action(description=_("Export the roster of the selected classes (CSV)"))
def export_class_rosters(modeladmin, request, queryset):
    memberships = (
        Membership.objects.filter(classroom__in=queryset)
        .select_related("user", "classroom")
        .order_by("classroom__name", "role", "user__full_name", "user__username")
    )
    return roster_csv_response(memberships)


@admin.action(description=_("Export the selected memberships (CSV)"))
def export_memberships(modeladmin, request, queryset):
    return roster_csv_response(
        queryset.select_related("user", "classroom").order_by("classroom__name", "role", "user__full_name")
    )


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "term",
        "join_code",
        "join_enabled",
        "teacher_count",
        "student_count",
        "created_at",
    ]
    list_filter = ["term", "join_enabled"]
    search_fields = ["name", "term", "join_code", "memberships__user__username"]
    readonly_fields = ["created_at"]
    inlines = [MembershipInline]
    actions = [export_class_rosters]

    def get_queryset(self, request):
        active = Q(memberships__is_active=True)
        return (
            super()
            .get_queryset(request)
            .annotate(
                teachers=Count("memberships", filter=active & Q(memberships__role=Membership.Role.TEACHER)),
                students=Count("memberships", filter=active & Q(memberships__role=Membership.Role.STUDENT)),
            )
        )

    @admin.display(description=_("teachers"), ordering="teachers")
    def teacher_count(self, classroom):
        return classroom.teachers

    @admin.display(description=_("students"), ordering="students")
    def student_count(self, classroom):
        return classroom.students


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "username", "classroom", "role", "is_active", "joined_at"]
    list_filter = ["role", "is_active", "classroom__term", "classroom"]
    search_fields = ["user__username", "user__full_name", "user__email", "classroom__name"]
    autocomplete_fields = ["user", "classroom"]
    list_select_related = ["user", "classroom"]
    date_hierarchy = "joined_at"
    actions = [export_memberships]

    @admin.display(description=_("username"), ordering="user__username")
    def username(self, membership):
        return membership.user.username


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Readable, searchable, and not editable by anyone: an audit log that can be changed is no log."""

    list_display = ["at", "action", "actor_label", "classroom", "summary", "ip_address"]
    list_filter = ["action", "at"]
    search_fields = ["actor_label", "summary", "classroom__name"]
    date_hierarchy = "at"
    list_select_related = ["classroom"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
