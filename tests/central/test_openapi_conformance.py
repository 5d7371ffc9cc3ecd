"""The OpenAPI document is what the server does: schemathesis reads the live `/openapi.json` of the
real server on loopback (SQLite and PostgreSQL) and sends generated requests to every operation,
valid and invalid, with a kiosk's token or an administrator's as the operation declares. Every
reply must be documented (status code, content type, body schema), never a 5xx, and a method an
address does not serve is a 405 naming the ones it does (Allow).

Bounded and repeatable: a fixed number of examples per operation, derandomized, no deadline (the
machine's speed decides nothing here)."""
from __future__ import annotations

import http.client
import json
import os
import time
from types import SimpleNamespace

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from rig import PASSWORD, PgSchema, Server, pg_reachable
from schemathesis.auths import AuthStorage, AuthStorageMark
from schemathesis.checks import not_a_server_error
from schemathesis.generation.hypothesis.builder import HypothesisTestConfig, HypothesisTestMode, create_test
from schemathesis.specs.openapi.checks import (allow_header_conformance, content_type_conformance,
                                               response_headers_conformance, response_schema_conformance,
                                               status_code_conformance, unsupported_method)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, unsupported_method, allow_header_conformance]
# Generated cases per operation, on top of the coverage phase's own: ~2,200 requests in all, about
# two minutes here on SQLite or PostgreSQL. OCOP_OPENAPI_EXAMPLES=300 for a deeper run.
EXAMPLES = int(os.environ.get("OCOP_OPENAPI_EXAMPLES", 20))


def _login(url: str, source: str) -> str:
    """An administrator's token, signed in over HTTP from `source` (a loopback address of its own,
    so the sign-in throttle that the generated wrong passwords trip on 127.0.0.1 does not apply)."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30, source_address=(source, 0))
    try:
        conn.request("POST", "/api/v1/auth/login", json.dumps({"username": "office", "password": PASSWORD}),
                     {"Content-Type": "application/json"})
        reply = conn.getresponse()
        assert reply.status == 200, reply.read()
        return json.loads(reply.read())["token"]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def live(request, tmp_path_factory):
    """The server with an administrator and an enrolled kiosk; their tokens."""
    from central import accounts

    schema = None
    if request.param == "pg":
        why = pg_reachable()
        if why:
            pytest.skip(why)
        schema = PgSchema()
        url = schema.url
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('openapi') / 'central.sqlite3'}"
    srv = Server(url)
    try:
        with srv.engine.begin() as conn:
            accounts.create_user(conn, "office", PASSWORD, "admin", "Lê Thị Hoa")
        admin = _login(srv.url, "127.0.0.2")
        auth = {"Authorization": f"Bearer {admin}"}
        made = requests.post(f"{srv.url}/api/v1/admin/devices", json={"code": "HN01", "location_code": "HN-BOOTH"},
                             headers=auth, timeout=30)
        assert made.status_code == 200, made.text
        enrolled = requests.post(f"{srv.url}/api/v1/enroll", timeout=30,
                                 json={"device_code": "HN01", "enrollment_code": made.json()["enrollment_code"]})
        assert enrolled.status_code == 200, enrolled.text
        yield SimpleNamespace(url=srv.url, admin=admin, device=enrolled.json()["token"])
    finally:
        srv.stop()
        if schema:
            schema.drop()


def _token(live, case) -> str | None:
    """The token the operation declares (its `security`), fresh for a sign-out (which spends it)."""
    wanted = {name for req in case.operation.definition.raw.get("security", []) for name in req}
    if "device" in wanted:
        return live.device
    if "user" in wanted:
        if case.operation.path.endswith("/auth/logout"):
            return _login(live.url, "127.0.0.3")
        return live.admin
    return None


def _tokens(live) -> AuthStorage:
    """Our tokens as a schemathesis auth provider (so it still sends its own missing and wrong
    credentials in the cases that test those)."""
    class Tokens:
        def get(self, case, context):
            return _token(live, case)

        def set(self, case, data, context):
            if data:
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    storage = AuthStorage()
    storage.auth(refresh_interval=None)(Tokens)
    return storage


def _operation_test(live, operation, examples: int, sent: list):
    """Schemathesis' own test of one operation: its examples, the coverage phase (boundary values,
    wrong types, missing parts, undocumented methods) and `examples` generated cases, valid and
    invalid. (Built with schemathesis' test builder: its pytest plugin's lazy loading does not run
    under pytest 9.2.)"""
    def call(case):
        sent.append(case.method)
        case.call_and_validate(checks=CHECKS, timeout=60)

    AuthStorageMark.set(call, _tokens(live))
    config = HypothesisTestConfig(
        project=operation.schema.config, modes=list(HypothesisTestMode),
        settings=settings(max_examples=examples, derandomize=True, deadline=None, database=None,
                          phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck)))
    return create_test(operation=operation, test_func=call, config=config)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")  # schemathesis' own strategies
@pytest.mark.parametrize("live", ["sqlite", pytest.param("pg", marks=pytest.mark.pg)], indirect=True)
def test_every_operation_answers_as_documented(live):
    schema = schemathesis.openapi.from_url(f"{live.url}/openapi.json")
    failed, ran, sent = {}, 0, []
    for result in schema.get_all_operations():
        operation = result.ok()  # an operation the document describes wrongly is an error here
        t0 = time.perf_counter()
        try:
            _operation_test(live, operation, EXAMPLES, sent)()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collected, so one run shows every operation's faults
            failed[operation.label] = f"{type(exc).__name__}: {exc}"[:3000]
        ran += 1
        print(f"{operation.label}: {len(sent)} requests so far, {time.perf_counter() - t0:.1f} s")  # with -s
    assert ran >= 38
    if failed:
        pytest.fail("\n\n".join(f"{label}\n{text}" for label, text in failed.items()), pytrace=False)


@pytest.mark.parametrize("live", ["sqlite"], indirect=True)
def test_the_document_is_at_the_root_too_and_405_names_the_methods(live):
    root = requests.get(f"{live.url}/openapi.json", timeout=30)
    assert root.status_code == 200
    assert root.json() == requests.get(f"{live.url}/api/v1/openapi.json", timeout=30).json()
    paths = root.json()["paths"]
    for method, path in [("DELETE", "/api/v1/admin/devices"), ("PUT", "/api/v1/office/price-changes"),
                         ("GET", "/api/v1/events"), ("POST", "/healthz")]:
        r = requests.request(method, live.url + path, timeout=30)
        assert r.status_code == 405, (method, path)
        assert r.headers["Allow"].split(", ") == sorted(m.upper() for m in paths[path]), (method, path)
    login_page = requests.delete(f"{live.url}/office/login", timeout=30)  # an office page, not in the document
    assert login_page.status_code == 405 and login_page.headers["Allow"] == "GET, POST"
