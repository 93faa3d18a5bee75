"""Admin base: non-superusers see only their scope, the same `visible_to(user)` rule as everywhere else."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.lib.scope import is_scoped_model


class ScopedAdminMixin:
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
