"""The portal's template tags: `{% load jiedao %}`."""

from django import template

from governance.lib.tones import label_of, tone_of

register = template.Library()


@register.inclusion_tag("lib/status_tag.html")
def status_tag(obj, field: str = "status", label=None, testid: str = ""):
    """A record's status as a badge in its declared tone (red when overdue, orange when due soon)."""
    return {
        "tone": tone_of(obj, field),
        "label": label_of(obj, field) if label is None else label,
        "overdue": field == "status" and bool(getattr(obj, "is_overdue", False)),
        "testid": testid,
    }


@register.filter
def tone(obj, field: str = "status") -> str:
    """The tone alone, for a badge whose text is not the status (a percentage, a count)."""
    return tone_of(obj, field)


@register.filter
def person(user) -> str:
    """A user as people call them on every page (张书记), the login name only when no name is recorded."""
    if not user:
        return ""
    return user.get_full_name() or user.get_username()


@register.filter
def cn_date(value) -> str:
    """A date as Chinese documents write it (UX.md): `2026年11月28日`; a moment in Asia/Shanghai."""
    import datetime

    from django.utils import timezone

    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def cn_datetime(value) -> str:
    """A moment as documents write it: `2026年11月28日 14:30`, in Asia/Shanghai."""
    from django.utils import timezone

    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{cn_date(local)} {local:%H:%M}"
