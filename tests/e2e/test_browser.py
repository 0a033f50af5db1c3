"""Prudence in a real browser (Debian's Chromium driven by Playwright), as each role uses it,
with axe-core checking every page against WCAG 2.2 AA. Screenshots are kept in out/screenshots.

Without Chromium these tests are skipped with a message saying how to install it; with CI=true
they fail instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from prudence.config import Settings
from prudence.services.demo import DEMO_PROFILE_PATH, demo_sign_ins, seed_demo
from prudence.web.app import create_app
from tests.conftest import ROOT

CHROMIUM = os.environ.get("PRUDENCE_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "out" / "screenshots"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _require(condition: bool, message: str) -> None:
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require(
        Path(CHROMIUM).exists() or shutil.which("chromium") is not None,
        "Chromium is not installed: apt-get install chromium (or set PRUDENCE_CHROMIUM)",
    )
    data = tmp_path_factory.mktemp("web")
    app = create_app(Settings(data_dir=data, secret_key="browser-tests-secret-key-long-enough"))
    seed_demo(app.state.office.sessions, DEMO_PROFILE_PATH, datetime.now(UTC))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(100):
        if running.started:
            break
        time.sleep(0.1)
    yield f"http://localhost:{port}"
    running.should_exit = True
    thread.join(timeout=10)
    app.state.office.engine.dispose()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def signed_in(browser: Any, server: str, key: str, **context: Any) -> Any:
    page = browser.new_context(**context).new_page()
    email, password = next((e, p) for _, e, p in demo_sign_ins() if e.startswith(f"{key}@"))
    page.goto(f"{server}/sign-in")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/check")
    return page


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(
    "role", ["head", "dsl", "deputy-dsl", "teacher", "line-manager", "hr", "admin"]
)
def test_each_role_signs_in_checks_a_post_and_sees_its_findings(
    browser: Any, server: str, role: str
) -> None:
    page = signed_in(browser, server, role)
    page.fill("#text", "Honestly our head is clueless. Pics from the nativity later")
    page.click("form[action='/check'] button[type=submit]")
    page.wait_for_selector("#verdict")
    assert "Do not post this" in page.inner_text("#verdict")
    headings = page.locator(".finding h3").all_inner_texts()
    assert any("4.1.9" in h for h in headings) and any("4.1.8" in h for h in headings)
    assert page.locator("mark").count() >= 2
    if role == "teacher":
        shoot(page, "check-result")


def test_a_governor_reads_the_policy_but_manages_nothing(browser: Any, server: str) -> None:
    page = signed_in(browser, server, "governor")
    page.goto(f"{server}/policy")
    assert page.locator("#clause-4\\.1\\.8").count() == 1
    assert page.locator("nav a[href='/people']").count() == 0
    response = page.goto(f"{server}/settings")
    assert response is not None and response.status == 403


def test_the_check_updates_in_place_with_javascript(browser: Any, server: str) -> None:
    page = signed_in(browser, server, "teacher")
    page.evaluate("window.stillHere = true")
    page.fill("#text", "Lovely walk on the beach with the dog")
    page.click("form[action='/check'] button[type=submit]")
    page.wait_for_selector("#verdict")
    assert "Nothing in this conflicts" in page.inner_text("#verdict")
    assert page.evaluate("window.stillHere === true")  # no reload: htmx swapped the result in


def test_every_page_works_without_javascript(browser: Any, server: str) -> None:
    page = signed_in(browser, server, "teacher", java_script_enabled=False)
    page.fill(
        "#text",
        "Text me on 07700 900123",
    )
    page.select_option("#audience", "pupils")
    page.click("form[action='/check'] button[type=submit]")
    page.wait_for_selector("#verdict")
    assert "Do not post this" in page.inner_text("#verdict")


def test_signing_in_works_from_the_keyboard_alone(browser: Any, server: str) -> None:
    page = browser.new_context().new_page()
    page.goto(f"{server}/sign-in")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "email"
    page.keyboard.type("teacher@brookfield-primary.example")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-teacher-password")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/check")


PAGES = [
    "/check",
    "/policy",
    "/people",
    "/settings",
    "/concerns",
    "/concerns/new",
    "/declarations",
    "/advice",
    "/report/brookfield",
    "/report/brookfield/follow-up",
    "/channels",
    "/policy/versions",
    "/people/acknowledgements",
    "/governors-report",
    "/nowhere",
]


def test_every_page_meets_wcag_2_2_aa(browser: Any, server: str) -> None:
    _require(AXE.is_file(), "axe-core is not installed: run `make install` with npm present")
    found: dict[str, list[dict[str, Any]]] = {}
    anonymous = browser.new_context(bypass_csp=True).new_page()
    anonymous.goto(f"{server}/sign-in")
    anonymous.click("button[type=submit]")  # an empty form: the error summary
    anonymous.wait_for_selector(".error-summary")
    found["/sign-in with errors"] = axe_violations(anonymous)
    shoot(anonymous, "sign-in-errors")
    page = signed_in(browser, server, "head", bypass_csp=True)
    for path in PAGES:
        page.goto(f"{server}{path}")
        found[path] = axe_violations(page)
        shoot(page, path.strip("/").replace("/", "-") or "home")
    page.goto(f"{server}/check")
    page.fill("#text", "Pics of my Year 5s at the zoo, add me on snap")
    page.click("form[action='/check'] button[type=submit]")
    page.wait_for_selector("#verdict")
    found["/check with findings"] = axe_violations(page)
    page.goto(f"{server}/concerns/new")
    page.fill("#description", "A pupil sent me a friend request on Instagram.")
    page.fill("#subject_name", "Harry Okafor")
    page.click("form[action='/concerns'] button[type=submit]")
    page.wait_for_selector("h1:has-text('Concern C-')")
    found["a concern, awaiting triage"] = axe_violations(page)
    shoot(page, "concern")
    assert {path: v for path, v in found.items() if v} == {}
