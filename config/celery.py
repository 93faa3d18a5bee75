"""The Celery app: `celery -A config worker` and `celery -A config beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("jiedao")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Task modules of every app, and of the governance domains (whose tasks live in their own folder).
app.autodiscover_tasks()
app.autodiscover_tasks(["governance.portal", "governance.reports", "governance.dataimport"])
