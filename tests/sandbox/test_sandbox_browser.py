"""The control API against what a web page can really make a browser do (Playwright
driving chromium): a page elsewhere cannot add a fault or reset the sandbox, by simple
requests, by preflighted ones or by a form, nor through DNS rebinding; a page of the
sandbox's own origin can."""

from __future__ import annotations

import json

import httpx
import loopback
import pytest
from browser_support import REBOUND_HOST, serve_page
from sandbox_support import CALLS, place_call

from vbc_telephony._server.serving import free_port
from vbc_telephony.testing import Sandbox

# One worker runs them one after another: one browser for the module.
pytestmark = pytest.mark.xdist_group("browser")

FAULT = {"method": "*", "path": "/cc/accounts/*/calls", "status": 503, "count": 1000}

# Each attempt records how it ended in window.results; window.done when all have.
ATTACKS = """
<!doctype html><title>a page elsewhere</title>
<iframe name="sink"></iframe>
<form id="reset" method="post" action="{control}/reset" target="sink" enctype="text/plain">
  <input name="x" value="1"></form>
<script>
window.results = {{}};
async function attempt(name, url, init) {{
  try {{
    const answer = await fetch(url, init);
    window.results[name] = answer.type === "opaque" ? "opaque" : answer.status;
  }} catch (error) {{
    window.results[name] = "failed";
    window.errors = (window.errors || []).concat([name + ": " + error]);
  }}
}}
(async () => {{
  const body = {fault};
  await attempt("simple", "{control}/faults",
    {{method: "POST", mode: "no-cors", headers: {{"Content-Type": "text/plain"}}, body}});
  await attempt("preflighted", "{control}/faults",
    {{method: "POST", headers: {{"Content-Type": "application/json"}}, body}});
  await attempt("same-path", "/_sandbox/faults",
    {{method: "POST", headers: {{"Content-Type": "application/json"}}, body}});
  document.querySelector("iframe").onload = () => {{ window.done = true; }};
  document.getElementById("reset").submit();
}})();
</script>
"""


def _attack(page: object, page_url: str, control: str) -> dict[str, object]:
    html = ATTACKS.format(control=control, fault=json.dumps(json.dumps(FAULT)))
    serve_page(page, page_url, html)
    page.goto(page_url)  # type: ignore[attr-defined]
    page.wait_for_function("window.done === true", timeout=15_000)  # type: ignore[attr-defined]
    results: dict[str, object] = page.evaluate("window.results")  # type: ignore[attr-defined]
    return results


def _untouched(vbc_sandbox: Sandbox, call_id: str) -> None:
    with loopback.Client(base_url=vbc_sandbox.server_url) as client:
        assert client.get("/_sandbox/faults").json() == {"faults": []}
        calls = client.get(
            vbc_sandbox.base_url + CALLS, headers={"Authorization": "Bearer sandbox-token"}
        )
        assert [call["call_id"] for call in calls.json()["calls"]] == [call_id]  # not reset


def test_a_page_elsewhere_cannot_drive_the_control_api(
    vbc_sandbox: Sandbox, http: httpx.Client, page: object
) -> None:
    call_id = place_call(http)
    control = vbc_sandbox.server_url + "/_sandbox"
    results = _attack(page, f"http://127.0.0.1:{free_port()}/attack", control)
    # Sent (opaque, unreadable) or blocked by the browser: either way, refused by the sandbox.
    assert results["simple"] == "opaque"
    assert results["preflighted"] == "failed"  # the preflight gets no CORS approval
    _untouched(vbc_sandbox, call_id)


def test_dns_rebinding_cannot_drive_the_control_api(
    vbc_sandbox: Sandbox, http: httpx.Client, page: object
) -> None:
    call_id = place_call(http)
    port = vbc_sandbox.server_url.rsplit(":", 1)[1]
    rebound = f"http://{REBOUND_HOST}:{port}"
    results = _attack(page, f"{rebound}/attack", rebound + "/_sandbox")
    # Same-origin to the browser, so it reads the answers: the sandbox refused by Host.
    assert results["same-path"] == 403
    assert results["preflighted"] == 403
    _untouched(vbc_sandbox, call_id)


def test_a_page_of_the_sandboxs_own_origin_can(vbc_sandbox: Sandbox, page: object) -> None:
    page_url = vbc_sandbox.server_url + "/_test/page"
    script = f"""
    <!doctype html><script>
    fetch("/_sandbox/faults", {{method: "POST", headers: {{"Content-Type": "application/json"}},
                               body: {json.dumps(json.dumps(FAULT))}}})
      .then(answer => {{ window.status_code = answer.status; }});
    </script>"""
    serve_page(page, page_url, script)
    page.goto(page_url)  # type: ignore[attr-defined]
    page.wait_for_function("window.status_code !== undefined", timeout=15_000)  # type: ignore[attr-defined]
    assert page.evaluate("window.status_code") == 201  # type: ignore[attr-defined]
    pending = loopback.get(vbc_sandbox.server_url + "/_sandbox/faults").json()["faults"]
    assert [(fault["status"], fault["left"]) for fault in pending] == [(503, 1000)]
