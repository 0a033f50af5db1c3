"""`prudence serve` starts the web app a newcomer can sign in to."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import ROOT


def test_prudence_serve_demo_answers_and_prints_the_sign_ins(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prudence",
            "serve",
            "--demo",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        health = None
        for _ in range(200):
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert health is not None and health.json()["status"] == "ok"
        assert (tmp_path / "prudence.db").is_file()
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    assert f"Prudence is running at http://localhost:{port}" in out
    assert "teacher@brookfield-primary.example" in out and "demo-teacher-password" in out
