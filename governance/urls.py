"""The governance app's pages: each domain lists its own, all under the `governance:` namespace."""

from governance.enforcement import urls as enforcement_urls
from governance.portal import urls as portal_urls
from governance.reports import urls as reports_urls
from governance.residents import urls as residents_urls
from governance.staff import urls as staff_urls
from governance.territory import urls as territory_urls

app_name = "governance"
urlpatterns = [
    *portal_urls.urlpatterns,
    *territory_urls.urlpatterns,
    *residents_urls.urlpatterns,
    *enforcement_urls.urlpatterns,
    *staff_urls.urlpatterns,
    *reports_urls.urlpatterns,
]
