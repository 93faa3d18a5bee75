"""The governance app's API routes: each domain registers its viewsets under its own prefix."""

from rest_framework.routers import SimpleRouter

from governance.enforcement import api as enforcement_api
from governance.portal import api as portal_api
from governance.reports import api as reports_api
from governance.residents import api as residents_api
from governance.staff import api as staff_api
from governance.territory import api as territory_api

router = SimpleRouter()
for _domain_api in (territory_api, residents_api, staff_api, enforcement_api, portal_api, reports_api):
    _domain_api.register(router)
