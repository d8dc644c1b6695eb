from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Classroom
from .services import ROSTER_MAX_BYTES, classroom_for_code


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ["name", "term", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CoteacherForm(forms.Form):
    username = forms.CharField(label=_("Username of the co-teacher"), max_length=150)


class JoiningForm(forms.Form):
    enabled = forms.BooleanField(required=False)


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Join code"), max_length=20)


class SignupForm(UserCreationForm):
    """A student's own account, made with their class's join code."""

    code = forms.CharField(
        label=_("Join code"), max_length=20, help_text=_("Your teacher gives you this code.")
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["code", "username", "full_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["email"].required = True
        self.order_fields(["code", "username", "full_name", "email", "password1", "password2"])

    def clean_code(self):
        try:
            classroom_for_code(self.cleaned_data["code"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["code"]) from None
        return self.cleaned_data["code"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This username is taken."))
        return username


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster CSV"),
        help_text=_("One student a line: username, full name, email. A header line is allowed."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ROSTER_MAX_BYTES:
            raise ValidationError(_("The file is larger than %(kb)d KB.") % {"kb": ROSTER_MAX_BYTES // 1024})
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text. Save it as “CSV UTF-8”.")) from None


class RosterConfirmForm(forms.Form):
    """The checked roster, sent back to be imported (and checked again: nothing is trusted)."""

    text = forms.CharField(widget=forms.HiddenInput, max_length=ROSTER_MAX_BYTES, strip=False)
