"""Keyboard only: every control gets a focus ring you can see, and the sticky header never hides it.

axe cannot judge focus, so these tests press Tab (and Shift+Tab) through whole
pages -- a long guide, a case study, both tool pages with their widgets
started, an embed -- on a desktop and on a 320 px phone, and check each focused
element: it shows an outline or ring (WCAG 2.4.7), and at least part of it is
on screen and not covered by anything else, such as the sticky header with the
quick exit (WCAG 2.4.11, focus not obscured).  Also: the site respects
prefers-reduced-motion.
"""

from __future__ import annotations

from typing import Any

import pytest

from .site_walk import built_pages, new_context, settle_widgets

pytestmark = pytest.mark.browser

# What the focused element looks like: a visible ring, and whether any part of it can be seen.
FOCUS_PROBE = """
async () => {
  // Judge the page as a person sees it once it has reacted: Material opens and closes its search panel
  // (and fades a full-screen overlay) a frame or two after focus moves.
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none";
  const owns = (hit) => hit && (hit === el || el.contains(hit) || (el.labels && [...el.labels].some((l) => l.contains(hit))));
  const samples = [[0.5, 0.5], [0.15, 0.2], [0.85, 0.2], [0.15, 0.8], [0.85, 0.8]];
  // Each line box of a link that wraps, not the rectangle around them all (which holds other text).
  const seen = [...el.getClientRects()].some((box) => samples.some(([fx, fy]) => {
    const x = box.left + box.width * fx, y = box.top + box.height * fy;
    return x >= 0 && y >= 0 && x < innerWidth && y < innerHeight && owns(document.elementFromPoint(x, y));
  }));
  const name = (el.getAttribute("aria-label") || el.textContent || el.id || el.name || "").trim().replace(/\\s+/g, " ").slice(0, 50);
  const again = el.hasAttribute("data-pw-focus-seen");  // focus has come round to a stop already visited
  el.setAttribute("data-pw-focus-seen", "");
  return { element: `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ")[0] : ""} "${name}"`,
           ring, seen, again };
}
"""


def tab_through(page: Any, key: str, limit: int) -> tuple[int, list[str]]:
    """Press ``key`` until focus leaves the page or comes round again; return (stops, problems)."""
    problems: list[str] = []
    page.evaluate("document.querySelectorAll('[data-pw-focus-seen]').forEach((el) => el.removeAttribute('data-pw-focus-seen'))")
    stops = 0
    for _ in range(limit):
        page.keyboard.press(key)
        found = page.evaluate(FOCUS_PROBE)
        if found is None or found["again"]:
            break  # focus left the page, or every stop has been visited
        stops += 1
        if not found["ring"]:
            problems.append(f"no visible focus ring: {found['element']}")
        if not found["seen"]:
            problems.append(f"focused but hidden or covered: {found['element']}")
    return stops, problems


# A long guide, a case study with its trainer controls, both tools (widgets started), an embed.
DESKTOP_PAGES = ["guides/making-a-referral/", "cases/iopc-39-case-2/", "tools/referral-checklist/",
                 "tools/what-happens-next/", "embed/"]
PHONE_PAGES = ["guides/making-a-referral/", "tools/referral-checklist/", "embed/"]


@pytest.mark.parametrize(("viewport", "pages"), [({"width": 1280, "height": 800}, DESKTOP_PAGES),
                                                 ({"width": 320, "height": 640}, PHONE_PAGES)], ids=["desktop", "phone"])
def test_every_focus_stop_is_visible_and_never_hidden_under_the_sticky_header(browser, site_server, viewport, pages) -> None:  # type: ignore[no-untyped-def]
    embed = next(path for path in built_pages(site_server.root) if path.startswith("embed/cases/"))
    # With reduced motion the page settles at once after each key press (no fades or slides to wait out);
    # where things end up is the same as with motion.
    context = new_context(browser, site_server.url, viewport=viewport, reduced_motion="reduce")
    page = context.new_page()
    report = {}
    try:
        for path in [embed if p == "embed/" else p for p in pages]:
            page.goto(site_server(path))
            settle_widgets(page)
            forward, problems = tab_through(page, "Tab", 400)
            # Backwards from the end of the page: what Shift+Tab scrolls up to is where a sticky header hides things.
            page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
            page.evaluate("document.activeElement && document.activeElement.blur()")
            backward, more = tab_through(page, "Shift+Tab", 40)
            report[path] = forward
            assert forward > 5, f"{path}: only {forward} focus stops: the walk did not run"
            assert problems + more == [], path
    finally:
        context.close()
    print(f"\nfocus stops checked ({viewport['width']} px): {report}")


def test_reduced_motion_turns_off_every_transition_and_animation(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    probe = """() => [...document.querySelectorAll("*")].filter((el) => {
        const s = getComputedStyle(el);
        return s.transitionDuration.split(",").some((d) => parseFloat(d) > 0) || s.animationName !== "none";
      }).length"""
    moving = {}
    for motion in ("no-preference", "reduce"):
        context = new_context(browser, site_server.url, reduced_motion=motion)
        page = context.new_page()
        page.goto(site_server("tools/referral-checklist/"))
        moving[motion] = page.evaluate(probe)
        if motion == "reduce":
            assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
        context.close()
    assert moving["no-preference"] > 0, "nothing moves even without the preference: the probe proves nothing"
    assert moving["reduce"] == 0
