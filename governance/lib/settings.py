"""Numbers an administrator may change at run time; apps declare them with a default and a description.

The values live in the portal's `PortalSetting` table (`governance.portal.selectors.setting_value`).
"""

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
