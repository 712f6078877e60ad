"""Issue #25, point 15: a font name, or any preview the server sends, cannot add <meta>, <base> or <link> to
the form page (Chromium honours a <meta http-equiv=refresh> put in by innerHTML; no CSP directive stops it)."""
from __future__ import annotations

from .test_browser import browser, folder, server, wait_for  # noqa: F401  (fixtures)

HOSTILE = "仿宋\\\"}</style><meta http-equiv=refresh content='0;url=/?navigated'><base href='http://example.com/'>"
INSERTED = "meta[http-equiv], base, link:not([rel=icon]):not([rel=stylesheet]), #preview style ~ style, #preview script"


def _previewed(driver) -> int:
    return int(driver.execute_script("return Number(document.body.dataset.previewed || 0)"))


def test_a_hostile_font_name_is_a_located_finding_and_the_page_stays(server, browser, folder):
    path = folder / "work-plan.yaml"
    text = path.read_text(encoding="utf-8").replace("版式: gbt9704\n", f"版式:\n  角色:\n    正文: {{字体: \"{HOSTILE}\"}}\n")
    path.write_text(text, encoding="utf-8")
    line = text.split("\n").index("  角色:") + 2
    page = server + "form/work-plan.yaml"
    browser.get(page)
    finding = wait_for(browser, lambda d: next((f for f in d.find_elements("class name", "finding")
                                                if "E137" in f.text), None), "a finding for the font name")
    assert "角色“正文”的字体含有不能用在字体名里的字符“\"”" in finding.text
    assert f"work-plan.yaml:{line}:" in finding.get_attribute("title")
    assert browser.execute_script(f"return document.querySelectorAll({INSERTED!r}).length") == 0
    browser.find_element("name", "标题").send_keys("改")  # one more preview: a refresh had its turn
    seen = _previewed(browser)
    wait_for(browser, lambda d: _previewed(d) > seen, "the next preview")
    assert browser.current_url == page and "?navigated" not in browser.current_url


def test_whatever_the_server_sends_the_preview_holds_only_the_writers_elements(server, browser):
    page = server + "form/work-plan.yaml"
    browser.get(page)
    wait_for(browser, lambda d: _previewed(d) > 0, "the first preview")
    # The page's own fetch answers one preview with hostile CSS and HTML, as a broken writer might send.
    browser.execute_script("""
      const real = window.realFetch = window.fetch;
      window.fetch = async (url, options) => {
        const response = await real(url, options);
        if (!String(url).endsWith("/api/preview")) return response;
        const data = await response.json();
        data.css = 'p{}</style><meta http-equiv="refresh" content="0;url=/?navigated"><style>';
        data.html = '<meta http-equiv="refresh" content="0;url=/?navigated"><base href="http://example.com/">'
          + '<link rel="prefetch" href="/?navigated"><p class="gw-body" onclick="x()">保留的段落<meta name="x"></p>'
          + '<svg><style>@import "/?navigated";</style></svg><form action="/?navigated"><input name="q"></form>';
        return new Response(JSON.stringify(data), { status: 200, headers: { "Content-Type": "application/json" } });
      };""")
    seen = _previewed(browser)
    browser.find_element("name", "标题").send_keys("改")
    wait_for(browser, lambda d: _previewed(d) > seen, "the hostile preview placed")
    preview = browser.find_element("id", "preview")
    assert preview.text == "保留的段落"
    tags = browser.execute_script("return [...document.getElementById('preview').querySelectorAll('*')].map(e => e.localName)")
    assert tags == ["style", "p"]
    assert browser.execute_script("return document.querySelector('#preview style').textContent").startswith("p{}</style><meta")
    assert browser.execute_script("return document.querySelector('#preview p').getAttributeNames()") == ["class"]
    assert browser.execute_script(f"return document.querySelectorAll({INSERTED!r}).length") == 0
    browser.execute_script("window.fetch = window.realFetch")  # the next preview is the server's again
    seen = _previewed(browser)
    browser.find_element("name", "标题").send_keys("又")
    wait_for(browser, lambda d: _previewed(d) > seen, "one more preview")
    assert browser.current_url == page and "保留的段落" not in preview.text
    # Parsing the hostile HTML, even in a document of its own, makes Chromium report what the CSP blocked
    # (the handler, the base URI); those reports are read here, so the fixture's check sees any other error.
    blocked = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert all("Content Security Policy" in message and "has been blocked" in message for message in blocked), blocked
