"""Small things that matter on the public side: a focus ring that can be seen (WCAG 1.4.11,
at least 3:1 against what is around it), focus on the error summary after a failed submit,
and no "near me" button where it cannot work (no JavaScript)."""

import pytest
from playwright.sync_api import expect

from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The colours of the focused element's outline and of what is behind it, as the browser
# computed them (the first ancestor with a background colour).
FOCUS_COLOURS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  let node = el.parentElement, background = "rgb(255, 255, 255)";
  while (node) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent") { background = bg; break; }
    node = node.parentElement;
  }
  return {outline: style.outlineColor, style: style.outlineStyle,
          width: parseFloat(style.outlineWidth), background: background, text: el.textContent};
}"""


def luminance(rgb: str) -> float:
    parts = [int(float(x)) for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]

    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in parts)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_resident_focus_ring_has_three_to_one_contrast(page):
    page.goto(f"{page.base}/fi/")
    seen = []
    for _ in range(12):  # the skip link, the header's links, the search form
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_COLOURS)
        assert focus["style"] != "none" and focus["width"] >= 2, focus
        ratio = contrast(focus["outline"], focus["background"])
        assert ratio >= 3, (focus, ratio)
        seen.append(focus["background"])
    # Both the blue header and the white page were among them.
    assert "rgb(0, 80, 158)" in seen and "rgb(255, 255, 255)" in seen, seen


def test_resident_error_summary_takes_focus_after_a_failed_submit(page):
    page.goto(f"{page.base}/fi/offer-help/")
    page.click("main form button[type=submit]")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert summary.get_attribute("role") == "alert"
    # Its links lead to the fields.
    assert summary.locator("a").count() >= 1
    assert_no_axe_violations(page)


def test_resident_login_error_takes_focus(page):
    page.goto(f"{page.base}/fi/accounts/login/")
    page.fill("#id_username", "ei.ole@example.fi")
    page.fill("#id_password", "väärä salasana")
    page.click("main form button[type=submit] >> nth=0")
    expect(page.locator("#login-error")).to_be_focused()
    assert_no_axe_violations(page)


def test_resident_near_me_button_only_with_javascript(chromium, live_server):
    without = chromium.new_context(java_script_enabled=False, locale="fi-FI")
    try:
        page = without.new_page()
        page.goto(f"{live_server.url}/fi/")
        assert page.locator("[data-nearme]").count() == 1
        expect(page.locator("[data-nearme]")).to_be_hidden()
    finally:
        without.close()
    with_js = chromium.new_context(locale="fi-FI")
    try:
        page = with_js.new_page()
        page.goto(f"{live_server.url}/fi/")
        expect(page.locator("[data-nearme]")).to_be_visible()
    finally:
        with_js.close()


def test_resident_field_error_takes_focus_on_a_one_field_form(page):
    page.goto(f"{page.base}/fi/accounts/password/reset/")
    page.fill("#id_email", "ei-osoite")
    page.click("main form button[type=submit]")
    expect(page.locator("#id_email_error")).to_be_focused()
    assert_no_axe_violations(page)
