"""The API against its own OpenAPI spec: schemathesis generates requests from /openapi.json
(valid and invalid) and checks that no response is a server error and every response matches
the spec (status codes, content types, bodies)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from newsgraph.api.app import create_app
from tests.web_helpers import TEST_HOSTS, copy_of, examples_store

# Examples per operation: ~17 operations x this many requests (and as many negative ones); 15 keeps the run near a
# minute on two cores while still reaching every parameter (30 took 160 s, no more failures).
EXAMPLES = 15


# Built when the module is collected (schemathesis' lazy `from_fixture` does not run under
# pytest 9); the examples store is built once per process and shared with the other web tests.
APP = create_app(
    copy_of(examples_store(), Path(tempfile.mkdtemp(prefix="newsgraph-schema-"))), hosts=TEST_HOSTS
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.mark.slow
@schema.exclude(path="/api/extract").parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_spec(case):
    case.call_and_validate(headers={"host": "testserver"})


@pytest.mark.slow
@schema.include(path="/api/extract").parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_extract_conforms_to_its_spec(case):
    case.call_and_validate(headers={"host": "testserver"})
