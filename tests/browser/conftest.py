"""Chromium through Playwright against the live test server, on a phone and a desktop.

Every test here is marked ``browser`` and skipped, with the reason, when
Debian's Chromium is not at ``/usr/bin/chromium`` (``.ci/run`` installs it).
Playwright's own browser downloads are never used.
"""

import os
import re
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "var" / "test-artifacts"
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
# The narrowest phone the site is designed for, and a common laptop.
VIEWPORTS: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"browser tests need Debian's Chromium at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    return report


@pytest.fixture(scope="module")
def chromium():
    """Chromium for one module's tests; stopped after them, so that the tests after
    run with the ORM's usual connection objects."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django's test setup stores the serialized contents on the connection (not in the stubs).
    serialized = {
        alias: connections[alias]._test_serialized_contents  # type: ignore[attr-defined]
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between page actions are still plain synchronous calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        # Under Playwright's loop the ORM sees other connection objects: give them the
        # database contents serialized at setup, or serialized_rollback restores nothing.
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents  # type: ignore[attr-defined]
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def live_server(live_server_http_settings, live_server):
    return live_server


@pytest.fixture(scope="session")
def live_server_http_settings():
    """The live server speaks plain HTTP: no redirect to HTTPS, no ``Secure`` cookies.

    Set before the server thread builds its middleware, which reads them once.
    """
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    """The live server speaks HTTP: cookies without the production ``Secure`` flag."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def page(chromium, live_server, viewport, request):
    """A fresh browser context on the live server; policy violations fail the test."""
    context = chromium.new_context(base_url=live_server.url, **VIEWPORTS[viewport])
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.policy_violations = []
    page.on(
        "console",
        lambda message: (
            page.policy_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.artifact_name = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
    page.artifact_base = page.artifact_name
    page.viewport_name = viewport
    yield page
    if getattr(request.node, "call_failed", False):
        save_screenshot(page, "failed")
    context.close()
    assert page.policy_violations == [], "the Content Security Policy blocked something"


def save_screenshot(page, step: str = "final") -> Path:
    """Keep a full-page screenshot under ``var/test-artifacts/`` for whoever reads the run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{page.artifact_name}-{step}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def serious_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the current page (vendored, no network)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {', '.join(v['targets'])}"
        for v in results
        if v["impact"] in {"serious", "critical"}
    ]


def assert_accessible(page) -> None:
    violations = serious_accessibility_violations(page)
    assert violations == [], f"{page.url}:\n" + "\n".join(violations)
