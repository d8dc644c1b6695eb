from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import selectors, services
from .access import Role, access_classroom, access_membership, can_create_classes
from .backends import USER_BACKEND
from .context_processors import remember_roles
from .dashboard import dashboard_panels
from .forms import (
    ClassroomForm,
    CoteacherForm,
    JoinForm,
    JoiningForm,
    RosterConfirmForm,
    RosterUploadForm,
    SignupForm,
)


def add_errors(form, error):
    """Put a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_safe
@login_required
def dashboard(request):
    """The person's classes by role, with what the apps above add (to-do list, teaching overview)."""
    now = timezone.now()
    teaching, studying = selectors.classes_by_role(request.user)
    remember_roles(request, [Role.TEACHER] * bool(teaching) + [Role.STUDENT] * bool(studying))
    panels = dashboard_panels(request, now, teaching=teaching, studying=studying)
    return render(
        request,
        "classroom/dashboard.html",
        {
            "teaching": teaching,
            "studying": studying,
            "panels": panels,
            "teaching_panels": [panel for panel in panels if panel.slot == "teaching"],
            "studying_panels": [panel for panel in panels if panel.slot == "studying"],
            "join_form": JoinForm(),
            "can_create_classes": can_create_classes(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def classroom_create(request):
    if not can_create_classes(request.user):
        raise PermissionDenied
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = services.classroom_create(teacher=request.user, **form.cleaned_data)
        messages.success(
            request, _("Class created. Its join code is %(code)s.") % {"code": classroom.join_code}
        )
        return redirect("classroom:manage", pk=classroom.pk)
    return render(request, "classroom/classroom_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def classroom_edit(request, pk):
    classroom = access_classroom(request.user, pk, role=Role.TEACHER)
    form = ClassroomForm(request.POST or None, instance=classroom)
    if request.method == "POST" and form.is_valid():
        services.classroom_update(classroom=classroom, **form.cleaned_data)
        messages.success(request, _("Class saved."))
        return redirect("classroom:manage", pk=classroom.pk)
    return render(request, "classroom/classroom_form.html", {"form": form, "classroom": classroom})


@require_safe
@login_required
def classroom_manage(request, pk):
    """The teacher's page for the class's people: join code, co-teachers, students."""
    classroom = access_classroom(request.user, pk, role=Role.TEACHER)
    return render(
        request,
        "classroom/manage.html",
        {
            "classroom": classroom,
            "memberships": selectors.roster(classroom),
            "coteacher_form": CoteacherForm(),
        },
    )


@require_POST
@login_required
def code_regenerate(request, pk):
    classroom = access_classroom(request.user, pk, role=Role.TEACHER)
    services.classroom_regenerate_code(classroom=classroom)
    messages.success(
        request, _("New join code: %(code)s. The old one no longer works.") % {"code": classroom.join_code}
    )
    return redirect("classroom:manage", pk=classroom.pk)


@require_POST
@login_required
def code_joining(request, pk):
    classroom = access_classroom(request.user, pk, role=Role.TEACHER)
    form = JoiningForm(request.POST)
    form.is_valid()  # a missing box means off
    services.classroom_set_joining(classroom=classroom, enabled=form.cleaned_data.get("enabled", False))
    if classroom.join_enabled:
        messages.success(
            request, _("Students can join with the code %(code)s.") % {"code": classroom.join_code}
        )
    else:
        messages.success(request, _("Joining with the code is switched off."))
    return redirect("classroom:manage", pk=classroom.pk)


@require_POST
@login_required
def coteacher_add(request, pk):
    classroom = access_classroom(request.user, pk, role=Role.TEACHER)
    form = CoteacherForm(request.POST)
    if form.is_valid():
        try:
            membership = services.coteacher_add(
                classroom=classroom, username=form.cleaned_data["username"], actor=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s now teaches this class too.") % {"name": membership.user})
            return redirect("classroom:manage", pk=classroom.pk)
    return render(
        request,
        "classroom/manage.html",
        {"classroom": classroom, "memberships": selectors.roster(classroom), "coteacher_form": form},
        status=400,
    )


@require_POST
@login_required
def student_remove(request, pk, membership_pk):
    membership = access_membership(request.user, pk, membership_pk)
    services.student_remove(membership=membership, actor=request.user)
    messages.success(
        request, _("%(name)s was removed from the class; their work is kept.") % {"name": membership.user}
    )
    return redirect("classroom:manage", pk=membership.classroom.pk)


@require_POST
@login_required
def student_readd(request, pk, membership_pk):
    membership = access_membership(request.user, pk, membership_pk)
    services.student_readd(membership=membership, actor=request.user)
    messages.success(request, _("%(name)s is back in the class.") % {"name": membership.user})
    return redirect("classroom:manage", pk=membership.classroom.pk)


@require_POST
@login_required
def student_invite(request, pk, membership_pk):
    """Send a new set-your-password email to a student who has not chosen a password yet."""
    membership = access_membership(request.user, pk, membership_pk)
    if membership.user.has_usable_password():
        messages.info(request, _("%(name)s has already chosen a password.") % {"name": membership.user})
    else:
        services.send_invitation(membership.user, request=request)
        messages.success(request, _("Email sent to %(email)s.") % {"email": membership.user.email})
    return redirect("classroom:manage", pk=membership.classroom.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def roster_import(request, pk):
    """Upload a roster CSV, see every row checked, then import all of it (or nothing)."""
    classroom = access_classroom(request.user, pk, role=Role.TEACHER)
    context = {"classroom": classroom, "form": RosterUploadForm()}
    if request.method == "POST" and "text" in request.POST:
        confirm = RosterConfirmForm(request.POST)
        if not confirm.is_valid():
            messages.error(request, _("The roster was not received; upload it again."))
            return render(request, "classroom/roster_import.html", context, status=400)
        check = services.roster_import(
            classroom=classroom, text=confirm.cleaned_data["text"], request=request
        )
        if check.ok:
            messages.success(
                request,
                _("%(n)d students enrolled; %(m)d new accounts were emailed a link to set their password.")
                % {"n": check.imported, "m": check.invited},
            )
            return redirect("classroom:manage", pk=classroom.pk)
        context["check"] = check
        return render(request, "classroom/roster_import.html", context, status=400)
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return render(request, "classroom/roster_import.html", context, status=400)
        text = form.cleaned_data["file"]
        context["check"] = services.roster_check(classroom=classroom, text=text)
        context["confirm_form"] = RosterConfirmForm(initial={"text": text})
    return render(request, "classroom/roster_import.html", context)


@require_POST
@login_required
def join(request):
    """An existing account joins a class as a student with its code."""
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            membership = services.student_join(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            for message in error.message_dict.get("code", error.messages):
                messages.error(request, message)
        else:
            messages.success(request, _("You joined %(class)s.") % {"class": membership.classroom})
    else:
        messages.error(request, _("Type the join code your teacher gave you."))
    return redirect("classroom:dashboard")


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    """A student makes an account with their class's join code and is enrolled at once."""
    if request.user.is_authenticated:
        messages.info(request, _("You are signed in: enter the join code on your dashboard."))
        return redirect("classroom:dashboard")
    form = SignupForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.student_signup(
                code=data["code"],
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                password=data["password1"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            login(request, user, backend=USER_BACKEND)
            messages.success(request, _("Welcome! You are enrolled in your class."))
            return redirect("classroom:dashboard")
    return render(request, "classroom/signup.html", {"form": form})
