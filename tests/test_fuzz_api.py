"""An OpenAPI-driven fuzz run (schemathesis) against the live workbench API: no input gives a 500."""
from __future__ import annotations

import pytest

from sitroom.web import demo

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with demo.serve(demo.build(tmp_path_factory.mktemp("fuzz") / "fuzz.db")) as url:
        yield url


def test_fuzz_api_never_answers_500(live):
    import httpx
    schema = schemathesis.openapi.from_url(live + "/openapi.json")
    failures = []
    cases = 0
    for op in schema.get_all_operations():
        operation = op.ok()
        strategy = operation.as_strategy()

        @settings(max_examples=25, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            nonlocal cases
            cases += 1
            r = case.call(base_url=live, timeout=10)
            if r.status_code >= 500:
                failures.append((case.method, case.formatted_path, case.query, r.status_code, r.text[:200]))

        from hypothesis import given
        given(strategy)(run)()
    assert cases > 100
    assert not failures, failures[:5]
    assert httpx.get(live + "/api/summary").status_code == 200
