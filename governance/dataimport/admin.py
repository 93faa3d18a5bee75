from django.contrib import admin

from governance.dataimport.models import ImportBatch, ImportedRecord
from governance.lib.admin import ScopedAdmin


class ImportedRecordInline(admin.TabularInline):
    model = ImportedRecord
    extra = 0
    can_delete = False
    fields = ["row_number", "action", "content_type", "object_id"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(ScopedAdmin):
    list_display = [
        "filename",
        "roster",
        "user",
        "status",
        "created_at",
        "new_count",
        "changed_count",
        "refused_count",
    ]
    list_filter = ["roster", "status", "created_at"]
    search_fields = ["filename", "user__username", "user__first_name"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields if f.name not in ("content", "rows")]
    exclude = ["content", "rows"]
    inlines = [ImportedRecordInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
