"""Seed the deadlines with Beijing 12345's limits and the categories the report names (both admin-editable)."""

from django.db import migrations

# urgency -> (hours to respond, hours to resolve)
DEADLINES = {
    "emergency": (2, 24),
    "utilities": (24, 24),
    "general": (24 * 7, 24 * 7),
    "complex": (24 * 15, 24 * 15),
}
CATEGORIES = ["四点半课堂", "居家养老", "助残", "法律援助", "医疗健康", "维修服务", "环境卫生", "其他"]


def seed(apps, schema_editor):
    NeedDeadline = apps.get_model("volunteers", "NeedDeadline")
    ServiceCategory = apps.get_model("volunteers", "ServiceCategory")
    for urgency, (respond, resolve) in DEADLINES.items():
        NeedDeadline.objects.get_or_create(
            urgency=urgency, defaults={"respond_hours": respond, "resolve_hours": resolve}
        )
    for order, name in enumerate(CATEGORIES):
        ServiceCategory.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
