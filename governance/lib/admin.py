"""Admin base: non-superusers see only their scope, the same `visible_to(user)` rule as everywhere else.

Personal data (a model's `personal_data` fields) follows the one masking rule here too: masked columns, no
search by number and read-only masked values for roles without the permission; a permitted user opening
a change form sees the full values, and that showing is logged.
"""

import dataclasses

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from governance.lib.crypto import EncryptedTextField
from governance.lib.masking import log_showing, mask, may_see_personal_data
from governance.lib.scope import is_scoped_model, user_sees_everything


def _masked_display(name: str, kind: str, label):
    @admin.display(description=label)
    def display(obj):
        return mask(kind, getattr(obj, name))

    return display


class PersonalDataAdminMixin:
    """Personal-data fields masked by the one rule; full values only for permitted roles, logged."""

    formfield_overrides = {EncryptedTextField: {"widget": forms.TextInput}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.personal_data = dict(getattr(self.model, "personal_data", {}))
        for name, kind in self.personal_data.items():
            label = self.model._meta.get_field(name).verbose_name
            setattr(self, f"masked_{name}", _masked_display(name, kind, label))

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        return [f"masked_{c}" if c in self.personal_data else c for c in columns]

    def get_search_fields(self, request):
        # Personal data is encrypted at rest and searching by a number confirms what a mask hides: the
        # admin searches names; exact numbers are searched on the residents' page by permitted roles.
        return [f for f in super().get_search_fields(request) if f.lstrip("=^@") not in self.personal_data]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if self.personal_data and not may_see_personal_data(request.user):
            fields = [f"masked_{f}" if f in self.personal_data else f for f in fields]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.personal_data and not may_see_personal_data(request.user):
            readonly += [f"masked_{f}" for f in self.personal_data]
        return readonly

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}).get("original") if request.method == "GET" else None
        if obj is not None and self.personal_data and may_see_personal_data(request.user):
            log_showing(user=request.user, obj=obj, channel="admin")
        return response


class ScopedAdminMixin(PersonalDataAdminMixin):
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if hasattr(qs, "visible_to"):
            return qs.visible_to(request.user)
        return qs

    def get_object(self, request, object_id, from_field=None):
        # Out of scope is 404, as on every page and API view: Django's own answer (a redirect to the index
        # saying the record "may have been deleted") would tell an outsider that the id exists.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and is_scoped_model(db_field.related_model):
            field.queryset = field.queryset.visible_to(request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and is_scoped_model(db_field.related_model):
            field.queryset = field.queryset.visible_to(request.user)
        return field


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_per_page = 50


class _MaskedHistoryHelper(HistoricalRecordContextHelper):
    """A history page's "changes" column, with personal data masked by the one rule (and its blind indexes
    left out): the history is no showing, full values come only through the logged reveal."""

    def __init__(self, *args, personal_data: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.personal_data = personal_data

    def context_for_delta_changes(self, delta):
        shown = [
            change
            for change in delta.changes
            if not (
                change.field.endswith("_index") and change.field.removesuffix("_index") in self.personal_data
            )
        ]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=shown))

    def prepare_delta_change_value(self, change, value):
        kind = self.personal_data.get(change.field)
        if kind is not None:
            return mask(kind, value)
        return super().prepare_delta_change_value(change, value)


class ScopedHistoryAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_per_page = 50

    def get_historical_record_context_helper(self, request, historical_record):
        return _MaskedHistoryHelper(self.model, historical_record, personal_data=self.personal_data)

    def _check_in_scope(self, request, object_id):
        # simple-history finds a record's history, and each old version, without the admin's queryset (to
        # show deleted records): outside a superuser's, the record must be one the user may see now.
        if not user_sees_everything(request.user):
            return self.get_object(request, unquote(object_id))
        return None

    def history_view(self, request, object_id, extra_context=None):
        self._check_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self._check_in_scope(request, object_id)
        # Posting an old version saves it (a revert): simple-history lets a view permission do that.
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        response = super().history_form_view(request, object_id, version_id, extra_context)
        # An old version's form carries its full values to a permitted role, like the change form: logged.
        shown = request.method == "GET" and response.status_code == 200
        if shown and self.personal_data and may_see_personal_data(request.user):
            current = obj or self.model._default_manager.filter(pk=unquote(object_id)).first()
            if current is not None:  # a superuser reading a deleted record's history has no record to name
                log_showing(user=request.user, obj=current, channel="admin")
        return response
