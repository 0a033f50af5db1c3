"""The optional policy-reasoning endpoint, against a local stand-in OpenAI-compatible server."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.conftest import ROOT, run_prudence

DEMO = ROOT / "examples" / "demo-school" / "profile.yaml"


class StandIn(BaseHTTPRequestHandler):
    """Answers chat completions like a policy model would, and remembers what it was asked."""

    requests: list[dict[str, Any]] = []
    reply: str = ""

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        StandIn.requests.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        payload = json.dumps(
            {"choices": [{"message": {"role": "assistant", "content": StandIn.reply}}]}
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    StandIn.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def check(text: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_prudence("check", "--profile", str(DEMO), "--json", text, env={**os.environ, **env})


def test_the_models_findings_are_merged_with_the_schools_clauses_as_its_policy(
    endpoint: str,
) -> None:
    StandIn.reply = (
        'Sure! {"findings": [{"clause": "4.1.9", "severity": "block", '
        '"quote": "clueless", "reason": "Derogatory about the head."}]}'
    )
    text = "Our head is clueless about the timetable"
    result = check(
        text,
        {
            "PRUDENCE_LLM_URL": endpoint,
            "PRUDENCE_LLM_MODEL": "gpt-oss-safeguard-20b",
            "PRUDENCE_LLM_API_KEY": "k-123",
        },
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    finding = next(f for f in report["findings"] if f["clause"] == "4.1.9")
    assert report["verdict"] == "block"
    assert finding["evidence"] == [{"start": 12, "end": 20, "text": "clueless"}]
    (request,) = StandIn.requests
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer k-123"
    assert request["body"]["model"] == "gpt-oss-safeguard-20b"
    system, user = request["body"]["messages"]
    assert (
        "4.1.8 (must not) A colleague never posts or shares a photograph of a pupil"
        in system["content"]
    )
    assert "declares that relationship to the designated safeguarding lead" in system["content"]
    assert user["content"].endswith(text)


@pytest.mark.parametrize(
    "reply", ["I cannot help with that.", '{"findings": [{"clause": "99.9"}]}', "{oops"]
)
def test_a_confused_endpoint_costs_only_the_second_opinion(endpoint: str, reply: str) -> None:
    StandIn.reply = reply
    result = check("Sunset over the bay", {"PRUDENCE_LLM_URL": endpoint})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "ok"


def test_an_unreachable_endpoint_is_reported_and_the_check_still_runs() -> None:
    result = check(
        "Sunset over the bay",
        {"PRUDENCE_LLM_URL": "http://127.0.0.1:9/v1", "PRUDENCE_LLM_TIMEOUT": "2"},
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["verdict"] == "ok"
    assert "the policy-reasoning endpoint gave no usable answer" in result.stderr


def test_nothing_is_sent_anywhere_unless_an_endpoint_is_configured(endpoint: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRUDENCE_LLM")}
    result = run_prudence("check", "--profile", str(DEMO), "hello", env=env)
    assert result.returncode == 0
    assert StandIn.requests == []
