"""schemathesis against the OpenAPI schema: every operation fuzzed in-process, as a community secretary and
as a street administrator (who may also delete).

Each operation gets a few schema-valid and a few schema-breaking requests (bounded: `EXAMPLES` of each,
derandomised, no example database), every response is checked by all of schemathesis' checks but one:
no server error, a documented status code, content type and headers, the response body matches its schema,
invalid input is refused, an API that needs login refuses a missing or bad token, and the rest.

Excluded or narrowed, and why:
- `negative_data_rejection` is not asked of requests whose only schema-breaking part is the query string. The
  API's filters read the query as the pages' filter forms do: an empty value means "no filter", a yes/no
  filter ignores a word it does not know, an invalid `page_size` gives the default page. Those requests are
  answered, on purpose; every other check still applies to them, and bodies and paths that break the
  schema must still be refused.
- `positive_data_acceptance` asks that every schema-valid request succeed. A schema cannot say that an id
  must name an existing record in the caller's scope, or hold the rules the services enforce (a contract's
  dates overlapping another, a move the state machine does not allow): those requests are answered 400 or
  404 in the one error shape, and those answers are documented on every operation (tests/test_api_permissions).
"""

import time

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from config.wsgi import application
from tests.factories import AREA_FACTORIES, load_area_factories

load_area_factories()

EXAMPLES = 2  # per operation, role and mode: the suite's budget (180 operations, under a minute a role here)
EXCLUDED_CHECKS = [positive_data_acceptance, negative_data_rejection]
OUTSIDE_THE_QUERY = (
    ParameterLocation.PATH,
    ParameterLocation.HEADER,
    ParameterLocation.COOKIE,
    ParameterLocation.BODY,
)


def negative_data_rejection_outside_the_query(ctx, response, case):
    """schemathesis' `negative_data_rejection`, for requests that break the schema outside the query."""
    meta = case.meta
    if meta is not None and not any(meta.is_negative_at(location) for location in OUTSIDE_THE_QUERY):
        return None
    return negative_data_rejection(ctx, response, case)


def _summary(exc) -> str:
    """The failure's check codes and first lines, and the request that reproduces it."""
    lines = str(exc).splitlines()
    keep = [line.strip() for line in lines if line.strip().startswith(("- ST", "curl", "[", '"'))]
    return " | ".join(keep[:8])[:700]


@pytest.fixture
def wsgi_in_test_transaction(settings):
    """Django's test client keeps the test's connection across requests; the bare WSGI handler would close
    it at each request's end (and with it the test's transaction)."""
    settings.ALLOWED_HOSTS = ["*"]
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("persona", ["secretary_a", "street_admin"])
def test_every_operation_answers_as_its_schema_says(persona, request, territory, wsgi_in_test_transaction):
    user = request.getfixturevalue(persona)
    # Records of every kind in the secretary's community, so that reads find something to return.
    for make in AREA_FACTORIES.values():
        make(territory.stairwell_a)
    token = Token.objects.create(user=user)
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

    @schema.auth()
    class SecretaryToken:
        """The user's API token, given as credentials (the auth checks take it away and forge it)."""

        def get(self, case, context):
            return token.key

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}

    operations = [result.ok() for result in schema.get_all_operations()]
    failures = {}
    started = time.monotonic()
    for operation in operations:
        cases = st.one_of(*(operation.as_strategy(mode, auth_storage=schema.auth) for mode in GenerationMode))

        @given(case=cases)
        @settings(
            max_examples=2 * EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(
                excluded_checks=EXCLUDED_CHECKS, additional_checks=[negative_data_rejection_outside_the_query]
            )

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # every operation's failure, shown together below
            failures[operation.label] = _summary(exc)
    elapsed = time.monotonic() - started
    print(
        f"schemathesis as {persona}: {len(operations)} operations in {elapsed:.1f} s, {len(failures)} failing"
    )
    for label, text in failures.items():
        print(label, "::", text)
    assert len(operations) > 150
    assert failures == {}


# What the fuzzing found, pinned: each was a 500 or an answer its schema did not describe.


def test_an_area_that_is_not_a_number_is_a_400_naming_it(territory, secretary_a, api_as):
    response = api_as(secretary_a).get(
        "/api/staff/portfolios/in-charge/", {"area": "false", "work_line": "x"}
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["area"]


def test_a_year_that_is_not_a_whole_number_is_a_400(territory, secretary_a, api_as):
    for url in ("/api/property/fees/", "/api/property/subsidies/", "/api/property/placements/"):
        response = api_as(secretary_a).get(url, {"year": "-0.03"})
        assert response.status_code == 400, url
        assert list(response.json()["error"]["fields"]) == ["year"]


def test_a_number_search_answers_a_plain_list(territory, secretary_a, api_as):
    response = api_as(secretary_a).post("/api/territory/residents/search/", {"number": "13800000000"})
    assert response.status_code == 200
    assert response.json() == []
