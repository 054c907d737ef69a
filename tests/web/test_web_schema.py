"""Schemathesis against the OpenAPI schema: generated requests to every operation, and
no answer is a server error. The default run sends a few per operation as an analyst;
the slow run many, as an analyst and as an anonymous caller."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from tests.web.conftest import bearer

# Asking for a brief starts a real build of half a minute in the background; its
# request handling is tested in test_web_briefs.py.
SKIP = {"POST /api/briefs"}


def _fuzz(make_client, who: str, examples: int) -> list[str]:
    client = make_client(report_limit=100_000, login_attempts=100_000)
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    headers = {} if who == "anonymous" else bearer(make_client, who)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    failures = []
    for operation in operations:
        if operation.label in SKIP:
            continue

        @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def call(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        try:
            call()
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {str(exc)[:400]}")
    return failures


def test_no_operation_answers_with_a_server_error(make_client):
    assert _fuzz(make_client, "analyst@ewc.test", examples=4) == []


@pytest.mark.slow
@pytest.mark.parametrize("who", ["analyst@ewc.test", "admin@other.test", "anonymous"])
def test_no_operation_answers_with_a_server_error_at_length(make_client, who):
    assert _fuzz(make_client, who, examples=40) == []
