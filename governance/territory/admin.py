from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from governance.lib.admin import ScopedAdminMixin, ScopedHistoryAdmin
from governance.lib.scope import user_scope_paths, user_sees_everything
from governance.territory.models import Area, Assignment


@admin.register(Area)
class AreaAdmin(ScopedAdminMixin, TreeAdmin):
    form = movenodeform_factory(Area, exclude=["parent"])
    list_display = ["name", "level_label", "code", "is_active"]
    search_fields = ["name", "code"]
    list_filter = ["depth", "is_active"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        top_level = getattr(request, "_treebeard_parent_id", "") is None and not self.is_filtered(request)
        if top_level and not user_sees_everything(request.user):
            # treebeard draws the tree from its roots, which lie above a community administrator's scope:
            # their tree starts at the areas they are assigned to.
            return Area.objects.filter(path__in=user_scope_paths(request.user))
        return qs

    def changelist_view(self, request, extra_context=None):
        # treebeard's template reads the level it draws even when a POST (an action refused, say) shows the
        # list again, but sets it only on a GET.
        request._treebeard_parent = None
        return super().changelist_view(request, extra_context)

    def move_node(self, request):
        # treebeard looks both nodes up in the whole tree: each must lie in the user's scope.
        ids = {request.POST.get("node", ""), request.POST.get("target", "")}
        if not all(i.isdigit() for i in ids) or self.get_queryset(request).filter(pk__in=ids).count() != len(
            ids
        ):
            raise Http404
        return super().move_node(request)

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
