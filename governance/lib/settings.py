"""Numbers an administrator may change at run time; apps declare them with a default and a description."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DeclaredSetting:
    key: str
    default: int
    description: str


DECLARED: dict[str, DeclaredSetting] = {}


def declare_setting(key: str, default: int, description: str) -> str:
    DECLARED[key] = DeclaredSetting(key, default, description)
    return key


def setting_value(key: str) -> int:
    """The admin's value for `key`, or its declared default."""
    from governance.models import PortalSetting

    value = PortalSetting.objects.filter(key=key).values_list("value", flat=True).first()
    return DECLARED[key].default if value is None else value


def ensure_declared_settings() -> None:
    """Create a row for each declared setting so that administrators can see and change it."""
    from governance.models import PortalSetting

    existing = set(PortalSetting.objects.values_list("key", flat=True))
    PortalSetting.objects.bulk_create(
        [
            PortalSetting(key=s.key, value=s.default, description=s.description)
            for s in DECLARED.values()
            if s.key not in existing
        ]
    )
