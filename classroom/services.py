"""Writes of the classroom app: classes, join codes, memberships, sign-up and roster import."""

import csv
import io
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .audit import Action, audit_record
from .models import Classroom, Membership

Role = Membership.Role

# No 0/O, 1/I/L: a code read aloud or copied from a projector is never ambiguous.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8
ROSTER_MAX_ROWS = 1000
ROSTER_MAX_BYTES = 512 * 1024
# Links in emails sent outside a request (management commands) point here unless told otherwise.
DEFAULT_LINK_DOMAIN = "127.0.0.1:8000"


def new_join_code():
    """A fresh join code no class uses."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not Classroom.objects.filter(join_code=code).exists():
            return code


def normalize_code(code):
    """Codes are typed by hand: ignore case, spaces and dashes."""
    return "".join((code or "").split()).replace("-", "").upper()


@transaction.atomic
def classroom_create(*, teacher, name, term="", description=""):
    """A new class with a join code, taught by `teacher`."""
    classroom = Classroom(name=name, term=term, description=description, join_code=new_join_code())
    classroom.full_clean()
    classroom.save()
    Membership.objects.create(user=teacher, classroom=classroom, role=Role.TEACHER)
    return classroom


@transaction.atomic
def classroom_update(*, classroom, name, term="", description=""):
    classroom.name, classroom.term, classroom.description = name, term, description
    classroom.full_clean()
    classroom.save(update_fields=["name", "term", "description"])
    return classroom


@transaction.atomic
def classroom_regenerate_code(*, classroom):
    """A new join code; the old one stops working at once."""
    classroom.join_code = new_join_code()
    classroom.join_enabled = True
    classroom.save(update_fields=["join_code", "join_enabled"])
    return classroom


@transaction.atomic
def classroom_set_joining(*, classroom, enabled):
    """Switch joining with the code on or off (the code is kept)."""
    classroom.join_enabled = bool(enabled)
    if classroom.join_enabled and not classroom.join_code:
        classroom.join_code = new_join_code()
    classroom.save(update_fields=["join_code", "join_enabled"])
    return classroom


@transaction.atomic
def coteacher_add(*, classroom, username, actor=None):
    """Make the person with `username` a teacher of the class too."""
    user = get_user_model().objects.filter(username__iexact=(username or "").strip(), is_active=True).first()
    if user is None:
        raise ValidationError({"username": _("No active account has this username.")})
    membership = Membership.objects.select_for_update().filter(user=user, classroom=classroom).first()
    roster_changed(actor, classroom, f"Co-teacher added: {user.username}", user=user.username)
    if membership is None:
        return Membership.objects.create(user=user, classroom=classroom, role=Role.TEACHER)
    if membership.role == Role.STUDENT and membership.is_active:
        raise ValidationError({"username": _("This person is a student of the class.")})
    if membership.role == Role.TEACHER and membership.is_active:
        raise ValidationError({"username": _("This person already teaches the class.")})
    membership.role, membership.is_active = Role.TEACHER, True
    membership.save(update_fields=["role", "is_active"])
    return membership


def classroom_for_code(code):
    """The class that `code` opens for joining; ValidationError saying why not otherwise."""
    classroom = Classroom.objects.filter(join_code=normalize_code(code)).first() if code else None
    if classroom is None:
        raise ValidationError({"code": _("No class has this join code. Check it with your teacher.")})
    if not classroom.join_enabled:
        raise ValidationError({"code": _("This class is not accepting students with its code right now.")})
    return classroom


@transaction.atomic
def student_join(*, user, code):
    """Enrol an existing account as a student of the class the code opens."""
    classroom = classroom_for_code(code)
    membership = Membership.objects.select_for_update().filter(user=user, classroom=classroom).first()
    if membership is None:
        roster_changed(user, classroom, f"Joined with the code: {user.username}", user=user.username)
        return Membership.objects.create(user=user, classroom=classroom, role=Role.STUDENT)
    if membership.role == Role.TEACHER:
        raise ValidationError({"code": _("You teach this class, so you cannot join it as a student.")})
    if not membership.is_active:
        # A teacher removed this student; a code they still know must not undo that.
        raise ValidationError(
            {"code": _("You were removed from this class. Ask your teacher to add you back.")}
        )
    raise ValidationError({"code": _("You are already in this class.")})


@transaction.atomic
def student_signup(*, code, username, full_name, email, password):
    """Create a student's account and enrol it in the class the code opens."""
    classroom = classroom_for_code(code)
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    user = User(username=username, full_name=full_name, email=email)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same username, taken a moment ago (a double click)
        raise ValidationError({"username": _("This username is taken.")}) from None
    Membership.objects.create(user=user, classroom=classroom, role=Role.STUDENT)
    roster_changed(user, classroom, f"Signed up with the code: {user.username}", user=user.username)
    return user


@transaction.atomic
def student_remove(*, membership, actor=None):
    """Take a student out of the class: the membership is deactivated, their work stays."""
    if membership.role != Role.STUDENT:
        raise ValidationError(_("Only students can be removed this way."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    roster_changed(
        actor,
        membership.classroom,
        f"Student removed: {membership.user.username}",
        user=membership.user.username,
    )
    return membership


@transaction.atomic
def student_readd(*, membership, actor=None):
    """Bring a removed student back into the class, with the work they had."""
    if membership.role != Role.STUDENT:
        raise ValidationError(_("Only students can be added back this way."))
    membership.is_active = True
    membership.save(update_fields=["is_active"])
    roster_changed(
        actor,
        membership.classroom,
        f"Student added back: {membership.user.username}",
        user=membership.user.username,
    )
    return membership


def roster_changed(actor, classroom, summary, *, request=None, **details):
    audit_record(
        action=Action.ROSTER_CHANGED,
        summary=summary,
        actor=actor,
        classroom=classroom,
        details=details,
        request=request,
    )


# Roster import ---------------------------------------------------------------------------------


@dataclass
class RosterRow:
    line: int
    username: str
    full_name: str
    email: str
    existing: object = None  # the account already there, which is enrolled as it is


@dataclass
class RosterCheck:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line, message)
    imported: int = 0
    invited: int = 0

    @property
    def ok(self):
        return bool(self.rows) and not self.errors


def roster_check(*, classroom, text):
    """Parse and check a roster CSV (username, full name, email) without changing anything.

    A first line `username,full_name,email` is a header. Every bad line is reported with its number
    and the reason; cells are only ever text (a cell starting with "=" is a name, not a formula).
    """
    check = RosterCheck()
    User = get_user_model()
    username_field = User._meta.get_field("username")
    max_name = User._meta.get_field("full_name").max_length
    max_email = User._meta.get_field("email").max_length
    seen_usernames, seen_emails, parsed = {}, {}, []
    reader = csv.reader(io.StringIO(text))
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if not parsed and not check.errors and [c.strip().lower() for c in cells[:1]] == ["username"]:
                continue
            if len(parsed) + len(check.errors) >= ROSTER_MAX_ROWS:
                check.errors.append(
                    (line, _("More than %(max)d rows: split the file.") % {"max": ROSTER_MAX_ROWS})
                )
                break
            problems = []
            if len(cells) != 3:
                problems.append(
                    _("expected 3 cells (username, full name, email), found %(n)d") % {"n": len(cells)}
                )
                check.errors.append((line, "; ".join(problems)))
                continue
            username, full_name, email = (cell.strip() for cell in cells)
            for value, label in ((username, _("username")), (full_name, _("full name")), (email, _("email"))):
                if not value:
                    problems.append(_("%(field)s is missing") % {"field": label})
            if username:
                if len(username) > username_field.max_length:
                    problems.append(
                        _("username is longer than %(max)d characters") % {"max": username_field.max_length}
                    )
                else:
                    try:
                        for validator in username_field.validators:
                            validator(username)
                    except ValidationError:
                        problems.append(_("username may contain only letters, digits and @/./+/-/_"))
                key = username.lower()
                if key in seen_usernames:
                    problems.append(_("username repeats line %(line)d") % {"line": seen_usernames[key]})
                seen_usernames.setdefault(key, line)
            if full_name and len(full_name) > max_name:
                problems.append(_("full name is longer than %(max)d characters") % {"max": max_name})
            if email:
                try:
                    if len(email) > max_email:
                        raise ValidationError("too long")
                    validate_email(email)
                except ValidationError:
                    problems.append(_("“%(email)s” is not a valid email address") % {"email": email})
                key = email.lower()
                if key in seen_emails:
                    problems.append(_("email repeats line %(line)d") % {"line": seen_emails[key]})
                seen_emails.setdefault(key, line)
            if problems:
                check.errors.append((line, "; ".join(problems)))
            else:
                parsed.append(RosterRow(line, username, full_name, email))
    except csv.Error as error:
        check.errors.append((reader.line_num, _("not readable as CSV: %(error)s") % {"error": error}))
    check_against_accounts(classroom, parsed, check)
    check.errors.sort()
    if not parsed and not check.errors:
        check.errors.append((0, _("The file has no rows.")))
    return check


def check_against_accounts(classroom, parsed, check):
    """Rows naming an existing account enrol that account, if it is plainly the same student."""
    User = get_user_model()
    existing = {
        user.username.lower(): user
        for user in User.objects.filter(username__in=[row.username for row in parsed]).prefetch_related(
            "memberships"
        )
    }
    # Case-insensitive matches the `__in` above missed (rare: a different capitalisation).
    for row in parsed:
        if row.username.lower() not in existing:
            user = User.objects.filter(username__iexact=row.username).first()
            if user is not None:
                existing[row.username.lower()] = user
    for row in parsed:
        user = existing.get(row.username.lower())
        if user is None:
            check.rows.append(row)
            continue
        roles_here = {m.role for m in user.memberships.all() if m.classroom_id == classroom.pk}
        if user.is_staff or Role.TEACHER in roles_here:
            check.errors.append(
                (
                    row.line,
                    _("username “%(u)s” belongs to a staff account or a teacher of this class")
                    % {"u": row.username},
                )
            )
        elif user.email.lower() != row.email.lower():
            check.errors.append(
                (
                    row.line,
                    _("username “%(u)s” is taken by another person (a different email)")
                    % {"u": row.username},
                )
            )
        else:
            row.existing = user
            check.rows.append(row)


class AccountInvitationForm(PasswordResetForm):
    """Django's password-reset email, sent to one new account that has no usable password yet."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, data={"email": user.email}, **kwargs)
        self.invited = user

    def get_users(self, email):
        return [self.invited] if self.invited.is_active else []


def send_invitation(user, *, request=None, domain=None, use_https=False):
    """Email `user` a link to choose their password (the password-reset token machinery)."""
    form = AccountInvitationForm(user=user)
    if not form.is_valid():
        return
    if request is None and domain is None:
        domain = DEFAULT_LINK_DOMAIN
    form.save(
        request=request,
        domain_override=domain,
        use_https=request.is_secure() if request is not None else use_https,
        subject_template_name="classroom/emails/invitation_subject.txt",
        email_template_name="classroom/emails/invitation_email.txt",
    )


@transaction.atomic
def roster_import(*, classroom, text, request=None):
    """Import a checked roster: all rows or none. Returns the RosterCheck (with errors, nothing changed)."""
    check = roster_check(classroom=classroom, text=text)
    if not check.ok:
        return check
    User = get_user_model()
    invited = []
    for row in check.rows:
        user = row.existing
        if user is None:
            user = User(username=row.username, full_name=row.full_name, email=row.email)
            user.set_unusable_password()
            try:
                with transaction.atomic():
                    user.save()
            except IntegrityError:
                check.errors.append((row.line, _("username “%(u)s” was just taken") % {"u": row.username}))
                transaction.set_rollback(True)
                return check
            invited.append(user)
        membership, created = Membership.objects.get_or_create(
            user=user, classroom=classroom, defaults={"role": Role.STUDENT}
        )
        if not created and not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active"])
    roster_changed(
        getattr(request, "user", None),
        classroom,
        f"Roster imported: {len(check.rows)} students",
        usernames=[row.username for row in check.rows],
        request=request,
    )
    # Emails go out only once the import is committed.
    transaction.on_commit(lambda: [send_invitation(user, request=request) for user in invited])
    check.imported = len(check.rows)
    check.invited = len(invited)
    return check
