from django import forms
from django.utils.translation import gettext_lazy as _

from governance.lib.forms import ScopedForm


class AreaForm(ScopedForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.CharField(label=_("Code"), max_length=12, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)
