"""The Content Security Policy holds on every page in Chromium: no violation is reported (by the
page's securitypolicyviolation event or the console) while every chart still draws."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.browser.test_pages_in_chromium import _pages
from tests.datasets import build_large_dataset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script, through the DevTools protocol, so the policy does not block it.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || ""));
});
"""


@pytest.fixture
def site(live_server):
    build_large_dataset(measures=6, years=3)
    return live_server.url


def _visit(browser, url: str) -> tuple[object, list[str], list[str], dict[str, str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(WATCH)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type in {"error", "warning"} else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    response = page.goto(url)
    page.wait_for_load_state("load")
    return page, console, page.evaluate("window.__violations"), response.headers if response else {}


def _csp_messages(console: list[str]) -> list[str]:
    return [m for m in console if "Content Security Policy" in m or "Refused to" in m]


def test_no_page_reports_a_csp_violation_and_every_chart_draws(browser, site):
    charts_seen = 0
    for path in _pages(browser, site):
        page, console, violations, headers = _visit(browser, site + path)
        policy = headers["content-security-policy"]
        script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
        assert "unsafe-inline" not in script_src
        assert "unsafe-eval" not in script_src
        charts = page.locator("[data-chart]")
        for i in range(charts.count()):
            charts.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=15_000)
            assert charts.nth(i).get_attribute("data-drawn") == "true", path
        charts_seen += charts.count()
        assert violations == [], (path, violations)
        assert _csp_messages(console) == [], path
        # The only scripts without a src are the charts' JSON data.
        assert page.locator("script:not([src]):not([type='application/json'])").count() == 0, path
        page.close()
    assert charts_seen > 0


def test_the_admin_sign_in_and_error_pages_hold_the_policy_too(browser, site):
    for path in ["/" + settings.ADMIN_URL + "login/", "/no-such-page/"]:
        page, console, violations, _ = _visit(browser, site + path)
        assert violations == [], (path, violations)
        assert _csp_messages(console) == [], path
        page.close()


def test_an_inline_script_would_be_blocked_and_reported(browser, site):
    """The check above can fail: an injected inline script is refused and reported."""
    page, _, _, _ = _visit(browser, site + "/timeline/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))
    page.close()
