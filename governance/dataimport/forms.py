from django import forms
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx, .xls or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xls", ".csv", ".txt")):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx or .xls) or a CSV file."))
        return upload
