"""Chinese number formats for our pages: amounts read `1,234,567.89`, as the offices write money (UX.md).

Django's own zh_Hans formats leave the thousands separator empty; everything else falls back to them.
Grouping applies only where a template or column asks for it (`floatformat:"2g"`, `force_grouping`), so
years and record numbers stay `2026` and `No. 1024`.
"""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
