"""The site's Content-Security-Policy and related headers: one definition, three uses.

People read this site about child sexual abuse, sometimes on a device someone
else controls.  The policy is a second line of defence behind validation: if
hostile text ever reached a page as markup, the browser still refuses to run
it, and no page can talk to another origin.

The policy is delivered two ways from this one module:

* a ``<meta http-equiv>`` tag in every page (``overrides/main.html`` renders
  ``config.extra.content_security_policy``, which :func:`configure` sets in the
  generated ``mkdocs.yml``), so the protection travels with the files to any host;
* example header files for common static hosts (``hosting/``), which can add
  what a meta tag cannot: ``frame-ancestors``, and a policy for Web Workers
  (a worker loaded from a URL gets the policy of *its own* response headers,
  never the page's meta tag).

Why no hashes: Material emits a few small inline scripts.  Hashing every inline
script found in the built HTML would also allow any script smuggled in through
content, so the theme overrides replace them with a static file instead
(``docs/assets/theme-globals.js``) and ``script-src`` allows no inline script
at all.  ``pathway serve`` alone relaxes this (MkDocs injects its live-reload
script inline); a built site never does.

One hash, under Zensical only: its search draws results in a shadow root and
styles them with a ``<style>`` element made from a fixed string in its bundle.
``generator/engines.py`` hashes that string from the installed bundle at build
time, so ``style-src`` allows that stylesheet and still no other <style> element
or style attribute.  MkDocs + Material builds carry no hash at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from . import hosting

# Each directive with the reason it is as wide as it is.  Nothing here names
# another origin: the site makes no third-party request at all.
DIRECTIVES: dict[str, tuple[str, ...]] = {
    # Everything not listed below: this origin only.
    "default-src": ("'self'",),
    # Scripts only from files on this site; Pyodide compiles WebAssembly, which
    # needs 'wasm-unsafe-eval' (not 'unsafe-eval': JavaScript eval stays off).
    "script-src": ("'self'", "'wasm-unsafe-eval'"),
    # Stylesheets only from this site.  No 'unsafe-inline': the built pages
    # carry no <style> element or style attribute (the tests prove it).
    "style-src": ("'self'",),
    # Material's stylesheet draws its icons as data: SVG images.
    "img-src": ("'self'", "data:"),
    # No plugins, ever.
    "object-src": ("'none'",),
    # MkDocs writes no <base>; forbidding one stops injected markup re-rooting relative links.
    "base-uri": ("'none'",),
    # Forms (search, widgets) never submit anywhere else.
    "form-action": ("'self'",),
}

# Only an HTTP header can say who may frame a page.  Ordinary pages: only this
# site (no clickjacking, and the full site never runs inside someone else's
# page).  Embed pages exist to be framed by a trainer's learning platform or
# slide deck -- often an intranet still on plain http -- so the examples let any
# site frame them; narrow "*" to your platform's origin if you know it.
FRAME_ANCESTORS_PAGES = ("'self'",)
FRAME_ANCESTORS_EMBEDS = ("*",)
EMBED_PATH = "/embed/"

# Headers the examples send with every response, with the meta-tag equivalent where one exists.
REFERRER_POLICY = "no-referrer"  # the exit destination and linked sources never learn which page was read
EXTRA_HEADERS: dict[str, str] = {
    "Referrer-Policy": REFERRER_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
}


def policy(*, live_reload: bool = False, frame_ancestors: tuple[str, ...] | None = None,
           style_hashes: tuple[str, ...] = ()) -> str:
    """The policy as one header/meta value.

    ``live_reload`` is for ``pathway serve`` only: MkDocs' dev server injects an
    inline script that cannot be hashed (it carries a timestamp).
    ``style_hashes`` are ``'sha256-…'`` sources for stylesheets the engine's own
    script inserts (Zensical's search results, in a shadow root; generator/engines.py
    reads the hash from the installed bundle).  A hash allows that exact text only:
    no other <style> element, and no style attribute at all (that would need
    'unsafe-hashes').  MkDocs + Material needs none.
    """
    directives = {name: list(sources) for name, sources in DIRECTIVES.items()}
    directives["style-src"].extend(style_hashes)
    if live_reload:
        directives["script-src"].append("'unsafe-inline'")
    if frame_ancestors is not None:
        directives["frame-ancestors"] = list(frame_ancestors)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def meta_policy(live_reload: bool = False, style_hashes: tuple[str, ...] = ()) -> str:
    """What the ``<meta http-equiv="Content-Security-Policy">`` tag carries (no frame-ancestors: ignored there)."""
    return policy(live_reload=live_reload, style_hashes=style_hashes)


def header_policy(embed: bool = False) -> str:
    """What a host should send as the Content-Security-Policy header."""
    return policy(frame_ancestors=FRAME_ANCESTORS_EMBEDS if embed else FRAME_ANCESTORS_PAGES)


def configure(config: dict[str, Any], live_reload: bool = False, style_hashes: tuple[str, ...] = ()) -> None:
    """Put the policy into a generated MkDocs config, where ``overrides/main.html`` reads it."""
    extra = config.setdefault("extra", {})
    extra["content_security_policy"] = meta_policy(live_reload, style_hashes)
    extra["referrer_policy"] = REFERRER_POLICY


# --- Example header files for static hosts (hosting/ in the repository) -------------------------------

def pages_headers() -> str:
    """Cloudflare Pages (and hosts that read the same ``_headers`` format) take this file at the site root.

    Every rule that matches a path applies, in file order, and a repeated header
    is joined with a comma -- which for CSP means *two* policies, both enforced.
    So the embed rule first detaches the site-wide policy (``! Name``), then sets its own.
    """
    lines = ["# Security headers in the _headers format (Cloudflare Pages): copy into the built site/ as _headers.",
             "# Generated from generator/csp.py (python -m generator.csp); edit there, not here.", "/*"]
    lines += [f"  {name}: {value}" for name, value in EXTRA_HEADERS.items()]
    lines += [f"  Content-Security-Policy: {header_policy()}", "",
              f"{EMBED_PATH}*", "  ! Content-Security-Policy", f"  Content-Security-Policy: {header_policy(embed=True)}"]
    lines += hosting.pages_lines() + [""]  # caching (generator/hosting.py)
    return "\n".join(lines)


def nginx_conf() -> str:
    """An nginx snippet for the ``server`` block that serves site/."""
    common = [f'add_header {name} "{value}" always;' for name, value in EXTRA_HEADERS.items()]
    lines = ["# Security headers for nginx: include this inside the server { } block that serves site/.",
             "# Generated from generator/csp.py (python -m generator.csp); edit there, not here.",
             "# A location that sets any add_header inherits none from outside it, so each repeats them all.",
             "# nginx's stock mime.types must map .wasm to application/wasm and .mjs to text/javascript."]
    lines += hosting.nginx_lines()  # precompressed files and caching (generator/hosting.py)
    locations = [("/", header_policy()), (EMBED_PATH, header_policy(embed=True))]
    locations += [(prefix, header_policy()) for prefix in hosting.IMMUTABLE_PREFIXES]
    for path, page_policy in locations:
        lines.append(f"location {path} {{")
        lines += [f"    {line}" for line in common]
        lines += [f'    add_header Content-Security-Policy "{page_policy}" always;', f"    {hosting.nginx_cache(path)}", "}"]
    lines.append("")
    return "\n".join(lines)


def apache_htaccess() -> str:
    """An Apache ``.htaccess`` for the site root (needs mod_headers; ``<If>`` needs Apache 2.4)."""
    lines = ["# Security headers for Apache 2.4 (mod_headers): copy into the built site/ as .htaccess.",
             "# Generated from generator/csp.py (python -m generator.csp); edit there, not here.",
             "<IfModule mod_headers.c>"]
    lines += [f'  Header always set {name} "{value}"' for name, value in EXTRA_HEADERS.items()]
    lines += [f'  Header always set Content-Security-Policy "{header_policy()}"',
              f'  <If "%{{REQUEST_URI}} =~ m#^{EMBED_PATH}#">',
              f'    Header always set Content-Security-Policy "{header_policy(embed=True)}"', "  </If>", "</IfModule>",
              "AddType application/wasm .wasm", "AddType text/javascript .mjs"]
    lines += hosting.apache_lines() + [""]  # precompressed files and caching (generator/hosting.py)
    return "\n".join(lines)


def host_examples() -> dict[str, str]:
    """Repository-relative path → text of every example header file."""
    return {"hosting/cloudflare-pages/_headers": pages_headers(), "hosting/nginx/pathway-headers.conf": nginx_conf(),
            "hosting/apache/.htaccess": apache_htaccess()}


# --- Auditing built HTML: what a strict policy would block ---------------------------------------------
# The tests' view of one page (inline scripts and styles, CSP meta tags).  The build's own audit of every
# page, which fails the build, is generator/audit.py.

EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript",
                           "application/ecmascript", "text/jscript", "text/livescript"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}


@dataclass
class HtmlAudit:
    """Everything in one HTML document that a no-inline policy blocks, or that should never be there."""

    inline_scripts: list[str] = field(default_factory=list)
    event_handlers: list[str] = field(default_factory=list)
    script_urls: list[str] = field(default_factory=list)
    style_elements: int = 0
    style_attributes: int = 0
    csp_meta: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return ([f"inline <script>: {text[:80]!r}" for text in self.inline_scripts]
                + [f"inline event handler {handler}" for handler in self.event_handlers]
                + [f"javascript: URL {url[:80]!r}" for url in self.script_urls])


class _Auditor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.audit = HtmlAudit()
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.audit.event_handlers.append(f"<{tag} {name}={value[:60]!r}>")
            if name in URL_ATTRIBUTES and _is_script_url(value):
                self.audit.script_urls.append(value)
        if "style" in values:
            self.audit.style_attributes += 1
        if tag == "style":
            self.audit.style_elements += 1
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.audit.csp_meta.append(values.get("content", ""))
        if tag == "script" and "src" not in values and values.get("type", "").strip().lower() in EXECUTABLE_SCRIPT_TYPES:
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.audit.inline_scripts.append("".join(self._script))
            self._script = None


def _is_script_url(value: str) -> bool:
    # Browsers ignore ASCII whitespace and control characters inside the scheme.
    squashed = "".join(ch for ch in value if ord(ch) > 0x20).lower()
    return squashed.startswith(("javascript:", "vbscript:"))


def audit_html(html: str) -> HtmlAudit:
    """Parse one page and list its inline scripts, inline handlers, script URLs and CSP meta tags."""
    auditor = _Auditor()
    auditor.feed(html)
    auditor.close()
    return auditor.audit


def write_host_examples(root: str) -> list[str]:
    """Write hosting/ examples under ``root``; return the paths written."""
    from pathlib import Path

    written = []
    for rel, text in host_examples().items():
        path = Path(root) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(str(path))
    return written


if __name__ == "__main__":  # python -m generator.csp: regenerate hosting/ from this module
    from .project import find

    for written_path in write_host_examples(str(find().root)):
        print(written_path)
