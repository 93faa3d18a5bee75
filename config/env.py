"""Typed readers for configuration taken from the environment (one place, one error type)."""

import base64
import hashlib
import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"


def development_pii_key(secret_key: str) -> str:
    """Development only: the personal-data key that follows from SECRET_KEY, so `make run` just works."""
    return base64.b64encode(
        hashlib.sha256(f"jiedao development personal-data key:{secret_key}".encode()).digest()
    ).decode()
