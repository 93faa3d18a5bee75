from django import forms
from django.utils.translation import gettext_lazy as _

from governance.choices import AreaLevel
from governance.lib.forms import ScopedForm, ScopedModelForm
from governance.models import Area, Resident


class ResidentForm(ScopedModelForm):
    room = forms.CharField(label=_("Room"), max_length=20)

    class Meta:
        model = Resident
        fields = [
            "name",
            "gender",
            "birth_date",
            "id_number",
            "phone",
            "area",
            "room",
            "is_household_head",
            "registration",
            "note",
        ]
        widgets = {"birth_date": forms.DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (
            self.fields["area"].queryset.filter(depth=AreaLevel.STAIRWELL).select_related("parent__parent")
        )
        self.fields["area"].label_from_instance = lambda a: f"{a.parent.parent.name} {a.parent.name} {a.name}"
        self.fields["id_number"].validators = []  # the model validates once, with one message per problem
        if self.instance.pk:
            self.fields["room"].initial = self.instance.household.room

    def _post_clean(self):
        # Model validation runs in the service (with the household it builds); keep field errors here.
        pass


class AreaForm(ScopedForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.CharField(label=_("Code"), max_length=32, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)


class ResidentImportForm(ScopedForm):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    keep_good_rows = forms.BooleanField(
        label=_("If some rows have errors, save the good rows anyway"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload the .xlsx template, filled in."))
        return upload


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.get_level_display()} · {obj.name}"
