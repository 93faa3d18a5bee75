"""The portal's URLs plus views that fail and refuse, to see the 500 and 403 pages (tests only)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _fail(request):
    raise RuntimeError("a bug")


def _forbid(request):
    raise PermissionDenied


urlpatterns = [
    path("test-server-error/", _fail),
    path("api/test-server-error/", _fail),
    path("test-forbidden/", _forbid),
    *urlpatterns,
]
