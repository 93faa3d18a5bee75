"""Figures as printed on the cockpit: the registry's one format, and a change with its sign."""

from django import template

from governance.lib.figures import format_value

register = template.Library()


@register.filter
def figure(value, decimals=0):
    return format_value(value, int(decimals))


@register.filter
def signed_figure(change, decimals=0):
    if change is None:
        return "—"
    text = format_value(change, int(decimals))
    return f"+{text}" if change > 0 else text
