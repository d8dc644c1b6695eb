from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Classroom, Membership, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ["name", "term", "join_code", "join_enabled", "created_at"]
    list_filter = ["term", "join_enabled"]
    search_fields = ["name", "term", "join_code"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "classroom", "role", "is_active", "joined_at"]
    list_filter = ["role", "is_active", "classroom"]
    search_fields = ["user__username", "user__full_name", "classroom__name"]
    autocomplete_fields = ["user", "classroom"]
    list_select_related = ["user", "classroom"]


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
