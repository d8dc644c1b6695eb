from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Roles are not here: they belong to memberships in classes."""

    # One full-name field instead of first/last: Kazakh and Russian names do not split that way.
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    first_name = None
    last_name = None

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "username"]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.username


class Classroom(models.Model):
    """A class a teacher runs for one term; students join it with its join code."""

    name = models.CharField(_("name"), max_length=120)
    term = models.CharField(_("term"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    join_code = models.CharField(_("join code"), max_length=12, unique=True, null=True, blank=True)
    join_enabled = models.BooleanField(_("joining with the code is open"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.term})" if self.term else self.name


class Membership(models.Model):
    """A person's place in one class, as its teacher or as one of its students."""

    class Role(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        STUDENT = "student", _("Student")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("class")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    # Removing a student only deactivates the membership: their work stays.
    is_active = models.BooleanField(_("active"), default=True)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "classroom"], name="one_membership_per_class"),
        ]
        indexes = [models.Index(fields=["classroom", "role", "is_active"])]

    def __str__(self):
        return f"{self.user} — {self.classroom} ({self.get_role_display()})"


class AuditEvent(models.Model):
    """Something that happened that a school may need to answer for later: who, what, when, where.

    Written by classroom.audit.audit_record only; admin shows it and cannot change it.
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logged out")
        ROSTER_CHANGED = "roster_changed", _("Roster changed")
        GRADE_CHANGED = "grade_changed", _("Grade changed")
        GRADES_RELEASED = "grades_released", _("Grades released")
        GRADE_OVERRIDDEN = "grade_overridden", _("Grade overridden")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as text too: the username tried in a failed login, or the actor's name if the account goes.
    actor_label = models.CharField(_("who (as recorded)"), max_length=150, blank=True)
    classroom = models.ForeignKey(
        Classroom, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("class")
    )
    summary = models.CharField(_("what"), max_length=300)
    details = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["action", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.summary}"
