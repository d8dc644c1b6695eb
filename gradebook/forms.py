from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .models import GradebookSettings


class SettingsForm(forms.ModelForm):
    class Meta:
        model = GradebookSettings
        fields = [
            "quiz_weight",
            "essay_weight",
            "drop_lowest_quizzes",
            "drop_lowest_essays",
            "missing_counts_as_zero",
        ]
        help_texts = {
            "quiz_weight": _("Weights are normalised: 40 and 60 mean the same as 2 and 3."),
            "missing_counts_as_zero": _("Off: missing work is left out of the grade instead."),
        }


class LetterBandForm(forms.Form):
    letter = forms.CharField(label=_("Letter"), max_length=4)
    min_percent = forms.DecimalField(
        label=_("From (%)"), max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100)
    )
    gpa = forms.DecimalField(
        label=_("GPA points"), max_digits=3, decimal_places=2, min_value=Decimal(0), max_value=Decimal(5)
    )


LetterScaleFormSet = forms.formset_factory(
    LetterBandForm, extra=2, can_delete=True, max_num=30, absolute_max=30
)


class OverrideForm(forms.Form):
    percent = forms.DecimalField(
        label=_("Score (%)"),
        max_digits=5,
        decimal_places=2,
        required=False,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Leave empty to remove the override and use the computed score again."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ExcuseForm(forms.Form):
    excused = forms.BooleanField(label=_("Excused"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
