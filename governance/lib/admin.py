"""Admin base: non-superusers see only their scope, the same `visible_to(user)` rule as everywhere else.

Personal data (a model's `personal_data` fields) follows the one masking rule here too: masked columns, no
search by number and read-only masked values for roles without the permission; a permitted user opening
a change form sees the full values, and that showing is logged.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.lib.masking import log_showing, mask, may_see_personal_data
from governance.lib.scope import is_scoped_model


def _masked_display(name: str, kind: str, label):
    @admin.display(description=label)
    def display(obj):
        return mask(kind, getattr(obj, name))

    return display


class PersonalDataAdminMixin:
    """Personal-data fields masked by the one rule; full values only for permitted roles, logged."""

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
        fields = list(super().get_search_fields(request))
        if may_see_personal_data(request.user):
            return fields
        # Searching by a number confirms the number behind a mask: only for roles that may see it.
        return [f for f in fields if f.lstrip("=^@") not in self.personal_data]

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


class ScopedHistoryAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_per_page = 50
