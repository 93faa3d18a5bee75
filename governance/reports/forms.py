"""Forms of the cockpit and the work report: which place and period, and the paragraphs to edit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.lib.figures import Period
from governance.reports.choices import ReportFormat
from governance.reports.selectors import report_areas


class PeriodField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Period.parse(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class PlacePeriodForm(forms.Form):
    """A street or community in the user's scope, and a year or quarter."""

    area = forms.ModelChoiceField(queryset=None, label=_("Place"))
    period = PeriodField(
        label=_("Period"),
        widget=forms.TextInput(attrs={"maxlength": 6}),
        help_text=_("A year (2026) or a quarter (2026Q3)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = report_areas(user)
        self.fields["area"].label_from_instance = lambda a: f"{a.get_level_display()} · {a.name}"


class ReportCreateForm(PlacePeriodForm):
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices, initial=ReportFormat.DOCX)


class NarrativeForm(forms.Form):
    """One paragraph per part; a blank line starts a new paragraph."""

    mechanisms = forms.CharField(
        label=_("I. Institutions and mechanisms"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    governance = forms.CharField(
        label=_("II. The governance system"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    cogovernance = forms.CharField(
        label=_("III. Governing together"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    problems = forms.CharField(
        label=_("IV. Problems found"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)
