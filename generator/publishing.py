"""Where a built site is published: ``site_url`` checked before anything absolute is written.

Canonical links, the sitemap, robots.txt, the oEmbed files, embed code and
handouts all carry absolute addresses made from ``site_url``.  A site built
for publishing with the default ``http://127.0.0.1:8000/`` would hand every
embedder a frame that points at their own machine, so ``pathway build``
refuses a loopback (or missing) address unless told the build is a local
preview (``--preview``); ``pathway serve`` always uses its own address.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .yaml_source import SAFE_LOADER

ROBOTS_FILE = "robots.txt"


class LoopbackSiteUrl(Exception):
    """The address absolute links would use is not one anybody else can reach: one clear line."""


def configured_url(config_file: Path) -> str | None:
    """``site_url`` from the project's mkdocs.yml, or None."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    except (OSError, yaml.YAMLError):
        return None
    value = config.get("site_url") if isinstance(config, dict) else None
    return str(value) if value else None


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host in {"", "localhost"} or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def published_url(config_file: Path, given: str | None, preview: bool) -> str | None:
    """The ``site_url`` to build with (None: mkdocs.yml's), after refusing one only this machine can reach."""
    if given is not None:
        parts = urlsplit(given)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise LoopbackSiteUrl(f"--site-url {given!r} is not an http(s) address such as https://guidance.example.org/")
    url = given or configured_url(config_file)
    if preview:
        return given
    if url is None:
        raise LoopbackSiteUrl(f"{config_file} gives no site_url, so embed code, oEmbed files and canonical links would "
                              "have no address; set site_url to the address you publish at, give --site-url URL, "
                              "or build a local preview with --preview")
    if is_loopback(url):
        source = "--site-url" if given else f"site_url in {config_file}"
        raise LoopbackSiteUrl(f"{source} is {url}, an address on this machine only: published embed code, oEmbed "
                              "files and canonical links would point there; give the address you publish at "
                              "(--site-url https://…, or site_url in mkdocs.yml), or build a local preview with --preview")
    return given


def robots_txt(sitemap_url: str) -> str:
    """Every page may be crawled (embed pages say ``noindex`` themselves), and where the sitemap is.

    Crawlers read robots.txt only at a host's root: a site published below a path (``site_url``
    ``https://host/prefix/``) still gets the file, for a host that serves the folder at its root.
    A project's own ``docs/robots.txt`` replaces this one.
    """
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"
