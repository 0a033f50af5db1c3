"""Signing in with the school's own accounts (OpenID Connect), against a stand-in provider that
runs here: discovery, authorisation, a signed ID token and its keys, over real HTTP."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from tests.web.conftest import sign_in, token
from tests.web.test_web_app import audit


class StandInProvider:
    """Just enough of Microsoft's or Google's sign-in service to sign one person in."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig"})
        self.email = "teacher@brookfield-primary.example"
        self.verified = True
        self.codes: dict[str, dict[str, Any]] = {}
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.app = Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
                Route("/keys", self.keys),
            ]
        )

    async def discovery(self, request: Request) -> JSONResponse:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/keys",
                "response_types_supported": ["code"],
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def authorize(self, request: Request) -> RedirectResponse:
        code = uuid.uuid4().hex
        self.codes[code] = dict(request.query_params)
        target = request.query_params["redirect_uri"]
        query = urlencode({"code": code, "state": request.query_params["state"]})
        return RedirectResponse(f"{target}?{query}", 302)

    async def token(self, request: Request) -> JSONResponse:
        form = await request.form()
        asked = self.codes.pop(str(form["code"]))
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": asked["client_id"],
            "sub": "person-1",
            "email": self.email,
            "email_verified": self.verified,
            "nonce": asked.get("nonce"),
            "iat": now,
            "exp": now + 300,
        }
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)
        return JSONResponse(
            {"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": id_token}
        )

    async def keys(self, request: Request) -> JSONResponse:
        return JSONResponse(KeySet([self.key]).as_dict(private=False))


@pytest.fixture
def provider() -> Iterator[StandInProvider]:
    stand_in = StandInProvider()
    server = uvicorn.Server(
        uvicorn.Config(stand_in.app, host="127.0.0.1", port=stand_in.port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield stand_in
    server.should_exit = True
    thread.join(timeout=10)


def configure(client: TestClient, provider: StandInProvider) -> None:
    sign_in(client, "head")
    response = client.post(
        "/settings/single-sign-on",
        data={
            "provider": "Microsoft 365",
            "issuer": provider.issuer,
            "client_id": "prudence-at-brookfield",
            "client_secret": "s3cret",
            "csrf_token": token(client, "/settings"),
        },
    )
    assert response.status_code == 200
    client.post("/sign-out", data={"csrf_token": token(client, "/check")})


def through_the_provider(client: TestClient) -> httpx.Response:
    start = client.get("/sign-in/with/brookfield")
    assert start.status_code == 302
    back = httpx.get(start.headers["location"], follow_redirects=False)  # the provider, for real
    callback = urlparse(back.headers["location"])
    assert parse_qs(callback.query)["code"]
    return client.get(f"{callback.path}?{callback.query}")  # type: ignore[return-value]


def test_a_colleague_signs_in_with_the_schools_own_accounts(
    app: FastAPI, client: TestClient, provider: StandInProvider
) -> None:
    configure(client, provider)
    assert "sign in with Microsoft 365" in client.get("/sign-in").text
    finished = through_the_provider(client)
    assert finished.status_code == 303 and finished.headers["location"] == "/check"
    assert client.get("/api/me").json()["email"] == "teacher@brookfield-primary.example"
    via = [e.detail.get("via") for e in audit(app, "account.signed_in")]
    assert "single sign-on" in via


def test_someone_the_school_has_not_added_is_refused(
    app: FastAPI, client: TestClient, provider: StandInProvider
) -> None:
    configure(client, provider)
    provider.email = "stranger@brookfield-primary.example"
    finished = through_the_provider(client)
    assert finished.status_code == 401 and "no Prudence account" in finished.text
    assert client.get("/api/me").status_code == 401
    refused = [e.subject for e in audit(app, "account.sign_in_refused")]
    assert "stranger@brookfield-primary.example" in refused


def test_another_schools_provider_cannot_sign_in_to_this_school(
    app: FastAPI, client: TestClient, provider: StandInProvider
) -> None:
    configure(client, provider)
    provider.email = "head@oakfield.example"  # a real account, but at the other school
    assert through_the_provider(client).status_code == 401
