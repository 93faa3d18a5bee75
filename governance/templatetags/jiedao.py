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
