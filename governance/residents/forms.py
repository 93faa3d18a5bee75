from django import forms
from django.utils.translation import gettext_lazy as _

from governance.lib.forms import ScopedForm, ScopedModelForm, WriteOnlyPersonalDataMixin
from governance.residents.models import Resident
from governance.territory.choices import AreaLevel


class ResidentForm(WriteOnlyPersonalDataMixin, ScopedModelForm):
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
        self.hide_personal_data()

    def _post_clean(self):
        # Model validation runs in the service (with the household it builds); keep field errors here.
        pass


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
