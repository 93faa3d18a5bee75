"""Configuration from the environment: refuses to start without a real SECRET_KEY when DEBUG is off."""

import os
import subprocess
import sys

from django.conf import settings

BASE = {
    k: v
    for k, v in os.environ.items()
    if k
    not in ("SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "JIEDAO_PII_KEY")
}


def _run(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**BASE, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _run({"DEBUG": "false", "ALLOWED_HOSTS": "portal.example.org"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_refuses_the_development_key_in_production():
    result = _run({"DEBUG": "false", "SECRET_KEY": "dev-only-insecure-key-never-use-in-production"}, "check")
    assert result.returncode != 0
    assert "development key" in result.stderr


def test_deploy_check_is_clean_under_the_documented_production_variables():
    env = {
        "DEBUG": "false",
        "SECRET_KEY": "k8Jq2vX9mP4sW7zL1nR6tY3uB5cE0hF8gA2dK9jM4pQ7rS1vT6wZ3xC5bN8",
        "ALLOWED_HOSTS": "portal.example.org",
        "JIEDAO_PII_KEY": "b3Jhbmdlcy1hbmQtbGVtb25zLXNheS10aGUtYmVsbHM=",
    }
    result = _run(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_malformed_boolean_is_a_clear_error():
    result = _run({"DEBUG": "maybe"}, "check")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_refuses_to_start_in_production_without_the_personal_data_key():
    env = {"DEBUG": "false", "SECRET_KEY": "k8Jq2vX9mP4sW7zL1nR6tY3uB5cE0hF8gA2dK9jM4pQ7rS1vT6wZ3xC5bN8"}
    result = _run({**env, "ALLOWED_HOSTS": "portal.example.org"}, "check")
    assert result.returncode != 0
    assert "JIEDAO_PII_KEY must be set when DEBUG is off" in result.stderr
