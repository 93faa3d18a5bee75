"""gunicorn settings for Jiedao: `gunicorn -c deploy/gunicorn.conf.py config.wsgi` (deploy/bin/web)."""

import multiprocessing
import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")  # nginx in front; never expose gunicorn directly
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("WEB_THREADS", 1))
timeout = int(os.environ.get("WEB_TIMEOUT", 60))  # Excel exports of a whole street take a few seconds
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then, so a slow leak never grows
max_requests_jitter = 200
forwarded_allow_ips = "127.0.0.1"  # the TLS proxy on this host
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
errorlog = os.environ.get("WEB_ERROR_LOG", "-")
