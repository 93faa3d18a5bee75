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


def test_uploads_can_live_on_s3_compatible_object_storage_privately():
    env = {
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": "jiedao-media",
        "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "S3_ACCESS_KEY": "minio",
        "S3_SECRET_KEY": "minio-secret",
    }
    code = (
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl, s.location, s.file_overwrite)"
    )
    result = _run(env, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "jiedao-media",
        "http://127.0.0.1:9000",
        "private",
        "media",
        "False",
    ]


def test_s3_without_a_bucket_is_a_clear_error():
    result = _run({"MEDIA_STORAGE": "s3"}, "check")
    assert result.returncode != 0
    assert "MEDIA_STORAGE=s3 needs S3_BUCKET" in result.stderr


def test_sessions_can_live_in_redis(settings, client, secretary_a):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    client.force_login(secretary_a)
    assert client.get("/").status_code == 200
    from django.contrib.sessions.backends.cache import SessionStore

    assert SessionStore(session_key=client.session.session_key).get("_auth_user_id") == str(secretary_a.pk)


def test_refuses_to_start_in_production_without_the_personal_data_key():
    env = {"DEBUG": "false", "SECRET_KEY": "k8Jq2vX9mP4sW7zL1nR6tY3uB5cE0hF8gA2dK9jM4pQ7rS1vT6wZ3xC5bN8"}
    result = _run({**env, "ALLOWED_HOSTS": "portal.example.org"}, "check")
    assert result.returncode != 0
    assert "JIEDAO_PII_KEY must be set when DEBUG is off" in result.stderr
