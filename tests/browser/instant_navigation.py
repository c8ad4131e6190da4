"""Open a page and wait until Material's instant navigation will take over a click on a link.

Material only intercepts a click once it has fetched and parsed the site's sitemap.xml, because
it takes over only the links listed there. Before that, a click is an ordinary page load. That is
fine for a person, who still gets the page, but it breaks a test about instant navigation. The
page's load event does not wait for the sitemap request, and on CI's two shared cores the request
can finish seconds after ``page.goto`` has returned. So a test that clicks straight away sometimes
gets a full page load.

The readiness signal is the moment the page parses the sitemap. Material reads it with
``DOMParser`` as XML and registers it with its click handler in the same task. A script
installed before the page's own scripts marks the document at that moment. It returns exactly
what the browser's parser returns and changes nothing else.
"""

from __future__ import annotations

from typing import Any

# ms: the sitemap is one small request, but on a loaded CI machine it can take seconds.
READY_TIMEOUT = 30_000
# ms: instant navigation changes the address at once, then fetches the next page and swaps it in.
# Wait on what the new page shows (Playwright's expect) for up to this long, never on the URL.
SWAP_TIMEOUT = 30_000

_MARK_WHEN_THE_SITEMAP_IS_PARSED = """
(() => {
  if (window.__pwWatchingSitemap) return;
  window.__pwWatchingSitemap = true;
  const parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (text, type) {
    const parsed = parse.call(this, text, type);
    if (parsed && parsed.documentElement && parsed.documentElement.localName === "urlset") {
      window.__pwSitemapParsed = true;
    }
    return parsed;
  };
})();
"""


def open_ready_for_instant_navigation(page: Any, url: str) -> None:
    """Go to ``url`` (a full load) and return once Material will take over clicks on its links."""
    page.add_init_script(_MARK_WHEN_THE_SITEMAP_IS_PARSED)
    page.goto(url)
    page.wait_for_function("() => window.__pwSitemapParsed === true", timeout=READY_TIMEOUT)
