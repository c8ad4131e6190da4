"""Change history: the notes are checked, shown on each page, listed on /updates/ and in a valid Atom feed.

The feed is parsed with ``feedparser`` (as a feed reader would) and, because feedparser forgives
a great deal, also read as strict XML for the elements RFC 4287 requires: the feed's id, title,
updated and author (or every entry's), each entry's id, title and updated; ids unique; and every
address absolute, from the site's ``site_url``.
"""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from generator import changes
from generator.build import build
from generator.embeds import PublicSite
from generator.load import load_site
from generator.validate import validate_site
from tests.conftest import CONTENT, FIXTURE

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://guidance.example.org/safeguarding/"  # published under a path, as many partnerships are


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("changes-site")
    build(FIXTURE, base / "site", work=base / "work", site_url=SITE_URL, cache=False)
    return base / "site"


def _check(data: Path, today: dt.date | None = None) -> list[str]:
    site, report = load_site(data)
    report.extend(validate_site(site, today=today))
    return [f"{d.severity.value}[{d.code}] {d.message} | {d.hint}" for d in report.items]


def test_the_fixture_and_the_national_content_have_no_missing_note() -> None:
    assert _check(FIXTURE) == []
    assert [line for line in _check(CONTENT) if "change" in line] == []


def test_each_national_item_starts_with_its_conversion() -> None:
    site, _ = load_site(CONTENT)
    items = [*site.guides.values(), *site.cases.values(), *site.checklists.values()]
    assert len(items) == 15
    for item in items:
        first = item.changes[0]
        assert first.summary.startswith("First published on this site: converted from "), item.id
        assert first.date == dt.date(2026, 11, 22)
        assert item.changes[-1].hash == changes.content_hash(item), item.id


def test_an_edit_without_a_note_warns_with_the_hash_to_record(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    guide = data / "guides" / "test-guide.yml"
    site, _ = load_site(data)
    # The fixture's notes carry no hash (so tests that edit it are not warned); record one.
    text = guide.read_text(encoding="utf-8") + f"    hash: {changes.content_hash(site.guides['test-guide'])}\n"
    guide.write_text(text, encoding="utf-8")
    assert _check(data) == []
    # Layout, comments and review dates are not content: no warning.
    guide.write_text("# a comment\n" + text.replace("2099-01-01", "2098-01-01"), encoding="utf-8")
    assert _check(data) == []
    guide.write_text(text.replace("Act on your concerns.", "Act on your concerns now."), encoding="utf-8")
    site, _ = load_site(data)
    current = changes.content_hash(site.guides["test-guide"])
    assert _check(data) == [
        "warning[change-note-missing] the content has changed since the last change note (2026-03-15) | add a note "
        f"at the end of changes: with today's date, a one-line summary for readers and hash: {current}"]
    # Recording the change with that hash ends the warning.
    guide.write_text(guide.read_text(encoding="utf-8") + f'  - date: "2026-04-01"\n    summary: Wording.\n'
                     f"    hash: {current}\n", encoding="utf-8")
    assert _check(data) == []


def test_a_note_dated_after_today_is_an_error(tmp_path: Path) -> None:
    assert _check(FIXTURE, today=dt.date(2026, 3, 14)) == [
        "error[change-in-future] the change note is dated 2026-03-15, which is after today | "
        "date a note on the day the change is published"]


def test_entries_are_newest_first_and_same_day_notes_keep_their_order() -> None:
    site, _ = load_site(FIXTURE)
    found = changes.entries(site)
    assert [(e.date.isoformat(), e.title) for e in found] == [
        ("2026-03-15", "Test guide: making a referral"),
        ("2026-02-01", "What your referral should say"),
        ("2026-01-01", "Test guide: making a referral"),
        ("2026-01-01", "Case study 1: A test case"),
    ]


def test_feed_escapes_text() -> None:
    entry = changes.Entry(dt.date(2026, 1, 2), "A <b>&</b> title", 'Said "x" & <y>', "guides/a.md", "guides/a/1", 0)
    feed = changes.atom_feed([entry], PublicSite(name="Site & co", url=SITE_URL))
    root = ET.fromstring(feed)
    assert root.findtext(f"{ATOM}title") == "Site & co: updates"
    assert root.find(f"{ATOM}entry/{ATOM}title").text == "A <b>&</b> title"
    assert root.find(f"{ATOM}entry/{ATOM}summary").text == 'Said "x" & <y>'


def test_the_built_feed_is_valid_atom(built: Path) -> None:
    raw = (built / "updates" / "feed.xml").read_bytes()
    parsed = feedparser.parse(raw)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert [e.updated[:10] for e in parsed.entries] == ["2026-03-15", "2026-02-01", "2026-01-01", "2026-01-01"]
    assert parsed.feed.links[0].href == SITE_URL + "updates/feed.xml"

    root = ET.fromstring(raw)  # strict XML: RFC 4287's required elements
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{name}") or "").strip(), name
    assert (root.findtext(f"{ATOM}author/{ATOM}name") or "").strip()
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == SITE_URL + "updates/feed.xml"
    entries = root.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(entries) == 4 and len(set(ids)) == 4
    stamps = []
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        stamps.append(dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated").replace("Z", "+00:00")))
        href = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert href.startswith(SITE_URL) and entry.findtext(f"{ATOM}id").startswith(SITE_URL)
        assert (built / href.removeprefix(SITE_URL) / "index.html").is_file(), href  # each link is a built page
    assert stamps == sorted(stamps, reverse=True)
    assert root.findtext(f"{ATOM}updated") == entries[0].findtext(f"{ATOM}updated")


def test_pages_show_last_updated_and_their_history(built: Path) -> None:
    guide = (built / "guides" / "test-guide" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Last updated:</strong> 15 March 2026" in guide
    assert 'href="#full-page-history">See all updates</a>' in guide
    history = guide[guide.index('id="full-page-history"'):]
    assert history.index("15 March 2026") < history.index("1 January 2026")  # newest first
    tool = (built / "tools" / "referral-checklist" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Last updated:</strong> 1 February 2026" in tool and 'id="full-page-history"' in tool
    updates = (built / "updates" / "index.html").read_text(encoding="utf-8")
    assert 'href="feed.xml"' in updates
    assert updates.index("15 March 2026") < updates.index("1 February 2026") < updates.index("1 January 2026")
