"""Forms of the essay pages: a draft save, a submission, a return note, and one grading."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MAX_TEXT


class DraftForm(forms.Form):
    """An autosave or a submission: the text and the browser's revision number for it."""

    text = forms.CharField(required=False, strip=False, max_length=MAX_TEXT)
    revision = forms.IntegerField(min_value=0, max_value=2_000_000_000)


class SubmitForm(forms.Form):
    text = forms.CharField(required=False, strip=False, max_length=MAX_TEXT)
    revision = forms.IntegerField(min_value=0, max_value=2_000_000_000, required=False)


class RestoreForm(forms.Form):
    revision = forms.IntegerField(min_value=0, max_value=2_000_000_000, required=False)


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the student"), required=False, max_length=5000, widget=forms.Textarea
    )


class GradeForm(forms.Form):
    """The grader's form: a level and a comment per criterion, overall comment, adjusted total."""

    version = forms.IntegerField(min_value=0)
    overall_comment = forms.CharField(required=False, strip=False, max_length=20000)
    adjusted_total = forms.CharField(required=False, max_length=20)
    adjustment_reason = forms.CharField(required=False, max_length=5000)
    complete = forms.BooleanField(required=False)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"level_{criterion.pk}"] = forms.TypedChoiceField(
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "—")] + [(level.pk, level.label) for level in criterion.levels.all()],
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                required=False, strip=False, max_length=20000
            )

    def levels(self):
        return {c.pk: self.cleaned_data.get(f"level_{c.pk}") for c in self.criteria}

    def comments(self):
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}
