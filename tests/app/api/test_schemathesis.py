"""Schemathesis over the whole API (every operation in /api/v1/openapi.json), as an admin:
no 5xx, and every response documented — its status code, content type and body schema.

Bounded and repeatable: the documented examples first, then up to MAX_EXAMPLES generated
cases per operation in each mode (valid and invalid input), derandomized.
"""

import contextvars
import time
from collections import Counter
from datetime import UTC, datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.app.factories.api_tokens import bearer, make_token
from tests.app.factories.rows import make_case, make_meeting, make_request

MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
RUN = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _isolated(app):
    """Each call in its own app context and database session, as in production (see the
    IsolatedClient in conftest.py): not inside the test's."""

    def wsgi(environ, start_response):
        return contextvars.Context().run(app.wsgi_app, environ, start_response)

    return wsgi


def _seed() -> None:
    """Something for the documented examples to find: the example case, a request, a meeting
    on the example week."""
    make_case(reference="C100200")
    make_request()
    make_meeting(starts_at=datetime(2026, 3, 3, 10, tzinfo=UTC))


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_undocumented_response(app):
    _seed()
    headers = bearer(make_token(role="admin"))  # commits the seed too
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _isolated(app))
    operations = [result.ok() for result in schema.get_all_operations()]
    statuses: Counter[int] = Counter()

    def check(case) -> None:
        statuses[case.call_and_validate(headers=headers, checks=CHECKS).status_code] += 1

    started = time.perf_counter()
    for operation in operations:
        strategies = schema.get_strategies_from_examples(operation)
        strategies += [operation.as_strategy(mode) for mode in GenerationMode]
        for strategy in strategies:
            RUN(given(case=strategy)(check))()
    seconds = time.perf_counter() - started
    print(f"schemathesis: {len(operations)} operations, {statuses.total()} calls in "
          f"{seconds:.1f} s; statuses {dict(sorted(statuses.items()))}")  # fmt: skip
    assert len(operations) >= 4
    assert {200, 201, 422} <= statuses.keys()  # successes were checked too, not only refusals
