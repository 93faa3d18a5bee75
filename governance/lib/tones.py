"""Status tones: each status's colour is declared beside its choices and read in one place.

`declare_tones(Choices, {value: tone})` sits in each app's or domain's `choices.py`; `tone_of(obj)` is what
the `{% status_tag %}` template tag and `tables.Column(tone=True)` show. Lateness wins over the declared
tone: a record whose `is_overdue` is true is red, one whose `is_due_soon` is true is orange.
"""

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Choices

MUTED, INFO, WARNING, DANGER, SUCCESS = "muted", "info", "warning", "danger", "success"
TONES = (MUTED, INFO, WARNING, DANGER, SUCCESS)  # grey: draft/pending, blue: in progress, orange: due soon, …

# Keyed by the set of values, because a model field keeps its choices as pairs, not the Choices class.
_DECLARED: dict[frozenset, dict[str, str]] = {}


def declare_tones(choices, tones: dict) -> dict:
    """Declare the tone of every value of `choices`; returns `tones` for the module to keep by name."""
    values = {str(v) for v in choices.values}
    given = {str(k): v for k, v in tones.items()}
    if set(given) != values:
        raise ImproperlyConfigured(
            f"{choices.__name__}: tones for {sorted(values ^ set(given))} are missing or extra"
        )
    unknown = set(given.values()) - set(TONES)
    if unknown:
        raise ImproperlyConfigured(f"{choices.__name__}: unknown tones {sorted(unknown)}; use one of {TONES}")
    key = frozenset(values)
    if _DECLARED.get(key, given) != given:
        raise ImproperlyConfigured(
            f"{choices.__name__}: another choice set with the same values has other tones"
        )
    _DECLARED[key] = given
    return tones


def declared_tones(model, field: str) -> dict[str, str] | None:
    """The tones declared for `model.field`'s choices, or None when it has none."""
    try:
        choices = model._meta.get_field(field).flatchoices
    except FieldDoesNotExist:
        return None
    if not choices:
        return None
    return _DECLARED.get(frozenset(str(v) for v, _label in choices))


def tone_of(obj, field: str = "status") -> str:
    """For the status, late first (overdue red, due soon orange); then the tone declared for the field's
    value; a record without a declared status is green when `is_done`, else blue."""
    if field == "status" and getattr(obj, "is_overdue", False):
        return DANGER
    if field == "status" and getattr(obj, "is_due_soon", False):
        return WARNING
    tones = declared_tones(type(obj), field)
    value = getattr(obj, field, None)
    if tones is None and isinstance(value, Choices):  # a computed state, e.g. a finding's `state`
        tones = _DECLARED.get(frozenset(str(v) for v in type(value).values))
    if tones is not None:
        return tones[str(value)]
    if _has_choices(obj, field):
        raise ImproperlyConfigured(
            f"no tones declared for {type(obj).__name__}.{field}; declare them in choices.py"
        )
    return SUCCESS if getattr(obj, "is_done", False) else INFO


def _has_choices(obj, field: str) -> bool:
    try:
        return bool(obj._meta.get_field(field).choices)
    except FieldDoesNotExist:
        return False


def label_of(obj, field: str = "status") -> str:
    display = getattr(obj, f"get_{field}_display", None)
    if display is not None:
        return str(display())
    value = getattr(obj, field, "")
    return str(value.label) if isinstance(value, Choices) else str(value)
