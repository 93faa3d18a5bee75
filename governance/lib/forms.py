"""Form base classes: Bootstrap widgets, and every choice of a scoped record limited to the user's scope."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from governance.lib.masking import mask, may_see_personal_data
from governance.lib.scope import is_scoped_model


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on `form`: beside the field it names, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def form_error_messages(form: forms.BaseForm) -> list[str]:
    """A small form's errors as messages for the page it was posted from: "label：error"."""
    return [
        f"{form.fields[name].label}：{error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]


class QuickSelect(forms.Select):
    """Django's Select, written out in Python: the same HTML without one template render per option.

    A list's place filter offers every community and grid of the scope, a form's place picker every stairwell:
    at the size of a district the per-option templates were the largest part of a list page's time, and grew
    with the territory. `tests/lib/test_form_choices.py` checks the HTML is Django's own.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>', str(o["value"]), flatatt(o["attrs"]), o["label"]
                )
                for o in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # every part above is escaped by format_html


def style_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            widget.__class__ = QuickSelect  # adds no state: only how the options are written
        if isinstance(widget, (forms.CheckboxInput,)):
            css = "form-check-input"
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        elif isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            css = ""
        else:
            css = "form-control"
        if css:
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
        if isinstance(widget, forms.DateInput):
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"
        if isinstance(widget, forms.DateTimeInput):
            widget.input_type = "datetime-local"
            widget.format = "%Y-%m-%dT%H:%M"
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 3)


def restrict_choices(form: forms.BaseForm, user) -> None:
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and is_scoped_model(queryset.model):
            field.queryset = queryset.visible_to(user)


class InvalidMarkMixin:
    """Fields with errors get Bootstrap's `is-invalid`, so the red border sits beside the message.

    A browser never sends a chosen file again: when a form with an upload comes back with errors, the file
    field says so beside itself ("choose it again"), so nobody believes the attachment was kept.
    """

    def full_clean(self):
        super().full_clean()
        if self._errors:
            self._note_dropped_files()

    def _note_dropped_files(self):
        if getattr(self, "_noting_files", False) or not self.files or self._errors is None:
            return
        self._noting_files = True
        try:
            for name, field in self.fields.items():
                upload = self.files.get(self.add_prefix(name))
                if isinstance(field, forms.FileField) and upload and name not in self._errors:
                    self.add_error(
                        name,
                        _("“%(file)s” was not kept because of the errors on this form: choose it again.")
                        % {"file": upload.name},
                    )
        finally:
            self._noting_files = False

    def add_error(self, field, error):
        super().add_error(field, error)
        self._note_dropped_files()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()


class ScopedForm(InvalidMarkMixin, forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_choices(self, user)
        style_fields(self)


class ScopedModelForm(InvalidMarkMixin, forms.ModelForm):
    """A model form that knows its user; related choices are limited to what the user may see."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_choices(self, user)
        style_fields(self)


class FilterFormMixin:
    """Compact Bootstrap widgets for django-filter forms above list tables."""

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            style_fields(form)
            for field in form.fields.values():
                field.widget.attrs["class"] = (
                    field.widget.attrs.get("class", "")
                    .replace("form-control", "form-control form-control-sm")
                    .replace("form-select", "form-select form-select-sm")
                )
            form._styled = True
        return form


class WriteOnlyPersonalDataMixin:
    """On a record being edited, personal-data fields are write-only for users who may not see them.

    The form never sends the stored value to such a user ("leave blank to keep"); a blank answer keeps it.
    The fields are the model's `personal_data` mapping (field name to kind of personal data).
    """

    def hide_personal_data(self) -> None:
        instance = self.instance
        self.write_only_fields = []
        if not instance.pk or may_see_personal_data(self.user):
            return
        for name, kind in getattr(instance, "personal_data", {}).items():
            if name not in self.fields:
                continue
            field = self.fields[name]
            masked = mask(kind, getattr(instance, name)) or "—"
            field.required = False
            field.help_text = _("Leave blank to keep the current value (%(masked)s).") % {"masked": masked}
            field.widget.attrs["placeholder"] = masked
            self.initial[name] = None
            self.write_only_fields.append(name)

    def clean(self):
        cleaned = super().clean()
        for name in getattr(self, "write_only_fields", []):
            if cleaned.get(name) in (None, ""):
                cleaned[name] = getattr(self.instance, name)
        return cleaned
