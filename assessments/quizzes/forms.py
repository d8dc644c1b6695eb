from django import forms
from django.utils.translation import gettext_lazy as _

from classroom.models import Membership


class OverrideForm(forms.Form):
    points = forms.DecimalField(
        label=_("Points"),
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=0,
        help_text=_("Leave empty to restore the automatic grade."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ExtraAttemptForm(forms.Form):
    student = forms.ModelChoiceField(label=_("Student"), queryset=None)
    count = forms.IntegerField(label=_("Extra attempts"), min_value=1, max_value=10, initial=1)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, classroom, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["student"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__classroom=classroom,
                memberships__role=Membership.Role.STUDENT,
                memberships__is_active=True,
            )
            .order_by("full_name", "username")
        )
