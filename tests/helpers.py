"""Assertions shared by every app's tests."""

from pathlib import Path

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def assert_constant_queries(fetch, add_rows, small=10, large=200) -> int:
    """`fetch()` must cost the same number of queries with `small` and with `large` rows.

    `add_rows(n)` creates n more rows. Returns the query count, for the caller to pin exactly.
    """
    add_rows(small)
    # Cached figures off (governance.lib.dashcache): both counts are what a request costs when it computes them.
    with override_settings(DASHBOARD_CACHE_SECONDS=0):
        fetch()  # warm per-process caches (content types, permissions) so both counts compare like with like
        at_small = count_queries(fetch)
        add_rows(large - small)
        at_large = count_queries(fetch)
    assert at_small == at_large, f"{at_small} queries at {small} rows but {at_large} at {large}"
    return at_small


def api_ids(response) -> list:
    data = response.json()
    rows = data["results"] if isinstance(data, dict) and "results" in data else data
    return [row["id"] for row in rows]


PHONE_CHECK = (Path(__file__).parent / "phone_check.js").read_text()


def assert_reads_on_a_phone(page):
    """The page as it stands in the browser: no sideways scroll, no box scrolling sideways inside it, and no
    table cell squeezed to one character a line."""
    found = page.evaluate(PHONE_CHECK)
    width = page.viewport_size["width"]
    assert found["pageWidth"] <= width, f"{page.url} is {found['pageWidth']} px wide on a {width} px screen"
    assert found["scrollBoxes"] == [], f"{page.url} scrolls sideways inside {found['scrollBoxes']}"
    assert found["squeezed"] == [], f"{page.url} squeezes one character a line: {found['squeezed'][:5]}"


AXE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js").read_text()
AXE_RUN = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
  return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}"""


def assert_accessible(page):
    """axe-core (npm, vendored under tests/vendor/) finds no WCAG 2.1 A/AA violation on the page as it stands."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)  # evaluated by the browser's debugger, so the page's CSP does not block it
    violations = page.evaluate(AXE_RUN)
    assert violations == [], f"{page.url}: {violations}"
