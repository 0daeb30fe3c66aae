"""config/csp.py: the policy built once per allowance is the policy django-csp builds for each answer."""

import pytest
from csp.constants import NONCE
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from config.csp import PathCSPMiddleware

POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", NONCE], "style-src": ["'self'"]}}
ALLOWANCES = {"/api/v1/docs/": {"style-src": ["'unsafe-inline'"], "img-src": ["data:"]}}


def directives(policy):
    """{directive: its sources} of a policy header (django-csp writes them in no fixed order)."""
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def answer(middleware, path, *, nonce=False, update=None):
    request = RequestFactory().get(path)
    middleware.process_request(request)
    if nonce:
        str(request.csp_nonce)  # a template that writes the nonce
    response = HttpResponse("page")
    if update:
        response._csp_update = update
    return request, middleware.process_response(request, response)


@pytest.fixture
def middlewares():
    with override_settings(CONTENT_SECURITY_POLICY=POLICY, CSP_PATH_ALLOWANCES=ALLOWANCES, DEBUG=False):
        yield PathCSPMiddleware(lambda request: None)


def test_every_answer_gets_the_policy_of_its_address_built_once_per_allowance(middlewares, monkeypatch):
    memo = middlewares
    built = []
    original = CSPMiddleware.process_response
    monkeypatch.setattr(CSPMiddleware, "process_response", lambda *a: built.append(a[1].path) or original(*a))
    pages = [answer(memo, path)[1]["Content-Security-Policy"] for path in ("/", "/countries/ru/", "/timeline/")]
    docs = [answer(memo, path)[1]["Content-Security-Policy"] for path in ("/api/v1/docs/", "/api/v1/docs/?x=1")]
    assert built == ["/", "/api/v1/docs/"]  # the rest copied
    plain = {"default-src": "'self'", "script-src": "'self'", "style-src": "'self'"}  # no nonce asked: none written
    assert [directives(policy) for policy in pages] == [plain] * 3
    allowed = {**plain, "style-src": "'self' 'unsafe-inline'", "img-src": "data:"}
    assert [directives(policy) for policy in docs] == [allowed] * 2


def test_the_copied_policy_is_what_django_csp_writes_and_a_late_nonce_still_raises(middlewares):
    memo = middlewares
    for path in ("/alliances/brics/", "/alliances/brics/", "/api/v1/docs/", "/api/v1/docs/"):
        request, copied = answer(memo, path)
        own = answer(PathCSPMiddleware(lambda request: None), path)[1]  # a new one builds it with django-csp
        assert copied["Content-Security-Policy"] == own["Content-Security-Policy"], path
        with pytest.raises(Exception, match="after the CSP header has been written"):
            str(request.csp_nonce)


def test_an_answer_with_a_nonce_or_its_own_changes_gets_its_own_policy(middlewares):
    memo = middlewares
    answer(memo, "/alliances/")  # the plain policy, built and kept
    request, response = answer(memo, "/alliances/", nonce=True)
    assert f"'nonce-{request._csp_nonce}'" in response["Content-Security-Policy"]
    _, response = answer(memo, "/alliances/", update={"img-src": ["https://tiles.example"]})
    assert "img-src https://tiles.example" in response["Content-Security-Policy"]
    _, response = answer(memo, "/alliances/")
    assert "nonce" not in response["Content-Security-Policy"] and "tiles" not in response["Content-Security-Policy"]
