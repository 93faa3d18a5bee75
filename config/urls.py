from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from governance.lib.health import healthz
from governance.portal.api import TokenObtainView
from volunteers.api.urls import open311_patterns
from volunteers.urls import resident_patterns

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/token/", TokenObtainView.as_view(), name="api-token"),
    path("api/", include("config.api")),
    path("party/", include("partybuilding.urls")),
    path("property/", include("property.urls")),
    path("services/", include("volunteers.urls")),
    path("r/", include(resident_patterns)),  # the residents' own channel (public)
    path("open311/v2/", include(open311_patterns)),  # Open311 GeoReport v2 (public, JSON)
    path("", include("governance.urls")),
]
# Chinese error pages in the portal's frame (JSON under /api/).
handler400 = "governance.portal.views.bad_request"
handler403 = "governance.portal.views.permission_denied"
handler404 = "governance.portal.views.page_not_found"
handler500 = "governance.portal.views.server_error"
