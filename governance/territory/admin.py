from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from governance.lib.admin import ScopedAdminMixin, ScopedHistoryAdmin
from governance.territory.models import Area, Assignment


@admin.register(Area)
class AreaAdmin(ScopedAdminMixin, TreeAdmin):
    form = movenodeform_factory(Area, exclude=["parent"])
    list_display = ["name", "level_label", "code", "is_active"]
    search_fields = ["name", "code"]
    list_filter = ["depth", "is_active"]

    @admin.display(description=_("Level"), ordering="depth")
    def level_label(self, obj):
        return obj.get_level_display()

    def save_model(self, request, obj, form, change):
        # Keep the explicit parent (used by the sibling-name constraint) in step with the tree.
        super().save_model(request, obj, form, change)
        parent = obj.get_parent(update=True)
        if obj.parent_id != getattr(parent, "pk", None):
            Area.objects.filter(pk=obj.pk).update(parent=parent)


@admin.register(Assignment)
class AssignmentAdmin(ScopedHistoryAdmin):
    list_display = ["user", "role", "area", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "area__name", "title"]
    list_select_related = ["user", "area"]
    autocomplete_fields = ["user"]
