"""Forms of the case pages: raise a case (phone-first), summon departments, record a response, move a case."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.enforcement.choices import DropReason, SourceKind, Urgency
from governance.enforcement.models import CaseCategory, EnforcementDepartment
from governance.lib.forms import ScopedForm
from governance.lib.scope import user_scope_paths
from governance.territory.choices import AreaLevel
from governance.territory.models import Area


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png", "capture": "environment"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class CaseRaiseForm(ScopedForm):
    """Raise a case in under a minute: the place is pre-filled with the user's own area."""

    area = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Area.objects.filter(depth__gte=AreaLevel.COMMUNITY, depth__lte=AreaLevel.BUILDING),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=CaseCategory.objects.filter(is_active=True)
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(
        label=pgettext_lazy("reported situation", "Description"), widget=forms.Textarea
    )
    source_kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices)
    source_ref = forms.CharField(label=_("Source reference"), max_length=100, required=False)
    photos = MultipleFileField(label=_("Photos"), required=False, help_text=_("JPG or PNG, several at once."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        paths = user_scope_paths(user)
        if not self.is_bound and paths:
            own = Area.objects.filter(path=paths[0], depth__gte=AreaLevel.COMMUNITY).first()
            if own is not None:
                self.initial.setdefault("area", own.pk)
        self.fields["area"].label_from_instance = lambda a: (
            f"{'· ' * (a.depth - AreaLevel.COMMUNITY)}{a.name}"
        )


class SummonForm(ScopedForm):
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=EnforcementDepartment.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class SummonsStepForm(forms.Form):
    step = forms.ChoiceField(
        choices=[("acknowledge", _("Acknowledged")), ("arrive", _("Arrived")), ("act", _("Acted"))]
    )
    at = forms.DateTimeField(label=_("When"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class CaseSendBackForm(ScopedForm):
    """Sending acted work back on site: what is still wrong (the service insists on it)."""

    note = forms.CharField(label=_("What is still wrong?"), required=False, max_length=2000)


class CaseDropForm(ScopedForm):
    drop_reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "—"), *DropReason.choices], required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class CasePhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"))


class CaseEscalationForm(ScopedForm):
    """Which kind of case a need or a meeting's follow-up action becomes, and how urgent it is."""

    category = forms.ModelChoiceField(
        label=_("Case category"), queryset=CaseCategory.objects.filter(is_active=True)
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
