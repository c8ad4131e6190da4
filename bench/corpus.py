"""A synthetic content folder of any size, shaped like the real one.

Benchmarks need hundreds of guides and case studies; the project has two
guides and ten case studies.  Rather than inventing a shape, every synthetic
item is *modelled on a real one*: it copies a real guide's (or case study's)
structure field by field — the same sections, subsections, block types,
list lengths and footnotes — and replaces each piece of text with real
sentences of about the same length drawn from the provenance documents, so
pages, the search index and its compression behave like real content.

Each synthetic guide converts its own synthetic source document, and each
synthetic magazine issue holds ten case studies, as the IOPC's issues do.  The
provenance text of those sources is written too, with every citation pointing
at the lines that hold the text it cites, so the corpus passes ``pathway
check`` (line ranges, references, footnotes) exactly as authored content must.

The real content is copied in unchanged: the hand-written pages, the pathway,
the checklists and the glossary refer to it.  Synthetic text is real prose
reshuffled, so it is gibberish as guidance: this folder is for timing only
and never published.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parent.parent
REAL_DATA = PROJECT / "pathway_data"
REAL_PROVENANCE = PROJECT / "provenance"
CASES_PER_ISSUE = 10

# Fields whose text is replaced by synthetic prose of the same length.
MARKDOWN_KEYS = {"text", "intro", "summary", "items", "questions", "outcomes", "force_action", "closing_notes"}
PLAIN_KEYS = {"heading", "title", "section", "who"}
# Sentences safe for any text field: letters, digits and ordinary punctuation only
# (no brackets, so no links, footnote markers or attribute lists by accident).
_SAFE_SENTENCE = re.compile(r"^[A-Z][A-Za-z0-9 ,.;:'’‘\-–]+[.?]$")


def sentence_pool(provenance: Path = REAL_PROVENANCE) -> list[str]:
    """Real sentences from the source documents, filtered to the safe text subset."""
    pool: list[str] = []
    for path in sorted(provenance.glob("*.txt")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        for sentence in re.split(r"(?<=[.?])\s+", text):
            words = sentence.split()
            if 5 <= len(words) <= 40 and _SAFE_SENTENCE.match(sentence) and "TODO" not in sentence:
                pool.append(sentence)
    if not pool:
        raise RuntimeError(f"no usable sentences in {provenance}")
    return pool


@dataclass
class Writer:
    """Produces prose and records it as the lines of one synthetic provenance document."""

    rng: random.Random
    pool: list[str]
    lines: list[str] = field(default_factory=list)

    def prose(self, like: str) -> str:
        """Paragraphs of real sentences, as many and about as long as the text they replace."""
        paragraphs = [p for p in like.split("\n\n") if p.strip()] or [like]
        out = []
        for paragraph in paragraphs:
            target = max(3, len(paragraph.split()))
            words: list[str] = []
            while len(words) < target:
                words.extend(self.rng.choice(self.pool).split())
            out.append(" ".join(words))
        return "\n\n".join(out)

    def label(self, like: str) -> str:
        words = " ".join(self.rng.choice(self.pool) for _ in range(2)).rstrip(".?").split()
        return " ".join(words[: max(2, min(len(like.split()), 12))])

    def record(self, text: str) -> None:
        self.lines.extend(text.split("\n"))
        self.lines.append("")


SKIPPED_KEYS = {"editorial_notes", "changes"}


def _synthesise(value: Any, key: str, writer: Writer, source_id: str) -> Any:
    """Copy a real item's structure, replacing text and pointing citations at the new source."""
    if isinstance(value, dict):
        start = len(writer.lines) + 1
        # Editorial notes are never published; change notes (with their content hashes) describe the real item.
        out = {k: _synthesise(v, k, writer, source_id) for k, v in value.items() if k not in SKIPPED_KEYS}
        end = max(start, len(writer.lines) - 1)
        for cite_key in ("cite", "outcomes_cite", "force_action_cite"):
            if isinstance(out.get(cite_key), dict):
                out[cite_key] = _cite(source_id, out.get("heading") or "Synthetic section", start, end)
        return out
    if isinstance(value, list):
        return [_synthesise(item, key, writer, source_id) for item in value]
    if isinstance(value, str) and key in MARKDOWN_KEYS:
        text = writer.prose(value)
        writer.record(text)
        return text
    if isinstance(value, str) and key in PLAIN_KEYS:
        return writer.label(value)
    return value


def _cite(source_id: str, section: str, start: int, end: int) -> dict[str, str]:
    return {"source": source_id, "section": section, "lines": f"{start}-{end}" if end > start else str(start)}


def _texts(data: Any) -> Iterator[list[Any] | dict[str, Any]]:
    """Every container holding a paragraph-like 'text' field, for adding links and footnote markers."""
    if isinstance(data, dict):
        if isinstance(data.get("text"), str):
            yield data
        for value in data.values():
            yield from _texts(value)
    elif isinstance(data, list):
        for item in data:
            yield from _texts(item)


class _AuthorStyle(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Long text as block scalars, as authors write it (``|`` for paragraphs, ``>`` for long lines)."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else ">" if len(value) > 80 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_AuthorStyle.add_representer(str, _text)


def _dump(data: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_AuthorStyle, sort_keys=False, allow_unicode=True, width=80)
    path.write_text(text, encoding="utf-8")


def _append_sources(path: Path, sources: list[dict[str, Any]]) -> None:
    """Append entries to the real bibliography's list as text (a YAML round trip would retype its dates)."""
    if not sources:
        return
    listing = yaml.safe_dump(sources, sort_keys=False, allow_unicode=True, width=100)
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(text + "".join(f"  {line}\n" if line else "\n" for line in listing.splitlines()), encoding="utf-8")


def _load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def make_guide(template: dict[str, Any], index: int, total: int, stages: list[str], pool: list[str],
               provenance: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """One synthetic guide (and its source record) shaped like ``template``."""
    rng = random.Random(index)
    guide_id = f"bench-guide-{index:04d}"
    source_id = f"{guide_id}-source"
    writer = Writer(rng, pool)
    guide = _synthesise(template, "", writer, source_id)
    guide["id"] = guide_id
    guide["title"] = f"{writer.label(template['title'])} ({index})"
    guide["stage"] = stages[index % len(stages)]
    guide["status"] = "published"
    guide["source"] = _cite(source_id, guide["title"], 1, max(1, len(writer.lines) - 1))
    # Real guides link to each other and to footnotes from their text; keep both costs.
    texts = list(_texts(guide.get("sections", [])))
    for n, holder in enumerate(texts[::7]):
        other = f"bench-guide-{(index + n + 1) % total:04d}" if total > 1 else guide_id
        holder["text"] = f"{holder['text']} See [a related guide](guide:{other})."
    for n, footnote in enumerate(guide.get("footnotes", [])):
        holder = texts[n % len(texts)]
        holder["text"] = f"{holder['text']}[^{footnote['id']}]"
    guide["related"] = [r for r in guide.get("related", []) if not r.startswith("guide:")]
    provenance.joinpath(f"{guide_id}.txt").write_text("\n".join(writer.lines) + "\n", encoding="utf-8")
    source = {
        "id": source_id, "title": guide["title"], "publisher": "Synthetic benchmark corpus", "date": "undated",
        "kind": "guide", "attribution": "Synthetic text for benchmarks, assembled from real sentences.",
        "file": f"../provenance/{guide_id}.txt",
    }
    return guide, source


def make_issue(templates: list[dict[str, Any]], issue: int, count: int, pool: list[str],
               provenance: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One synthetic magazine issue: its source record and ``count`` case studies shaped like real ones."""
    rng = random.Random(100_000 + issue)
    source_id = f"bench-issue-{issue:03d}"
    writer = Writer(rng, pool)
    cases = []
    for number in range(1, count + 1):
        template = templates[(number - 1) % len(templates)]
        start = len(writer.lines) + 1
        case = _synthesise(template, "", writer, source_id)
        case["id"] = f"bench-{issue:03d}-case-{number}"
        case["number"] = number
        case["issue"] = f"Synthetic benchmark magazine, issue {issue}"
        case["source"] = _cite(source_id, case["title"], start, max(start, len(writer.lines) - 1))
        case["related"] = [r for r in case.get("related", []) if not r.startswith("case:")]
        cases.append(case)
    provenance.joinpath(f"{source_id}.txt").write_text("\n".join(writer.lines) + "\n", encoding="utf-8")
    source = {
        "id": source_id, "title": f"Synthetic benchmark magazine, issue {issue}", "publisher": "Synthetic benchmark corpus",
        "date": "2021-09", "kind": "magazine", "attribution": "Synthetic text for benchmarks, assembled from real sentences.",
        "file": f"../provenance/{source_id}.txt",
    }
    return cases, source


def make_corpus(dest: Path, guides: int, cases: int | None = None) -> Path:
    """Write a content folder with the real content plus ``guides`` synthetic guides and ``cases`` case studies.

    Returns the content folder (``dest/pathway_data``); its sources point at ``dest/provenance``.
    Deterministic: the same sizes give byte-identical files.
    """
    cases = guides if cases is None else cases
    data, provenance = dest / "pathway_data", dest / "provenance"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(REAL_DATA, data)
    shutil.copytree(REAL_PROVENANCE, provenance)
    pool = sentence_pool()
    guide_templates = [_load_yaml(p) for p in sorted((REAL_DATA / "guides").glob("*.yml"))]
    case_templates = [_load_yaml(p) for p in sorted((REAL_DATA / "cases").glob("*.yml"))]
    stages = [s["id"] for s in _load_yaml(REAL_DATA / "pathway.yml")["stages"]]
    new_sources: list[dict[str, Any]] = []
    for index in range(guides):
        guide, source = make_guide(guide_templates[index % len(guide_templates)], index, guides, stages, pool, provenance)
        _dump(guide, data / "guides" / f"{guide['id']}.yml")
        new_sources.append(source)
    for issue in range(-(-cases // CASES_PER_ISSUE)):
        count = min(CASES_PER_ISSUE, cases - issue * CASES_PER_ISSUE)
        issue_cases, source = make_issue(case_templates, issue + 1, count, pool, provenance)
        for case in issue_cases:
            _dump(case, data / "cases" / f"{case['id']}.yml")
        new_sources.append(source)
    _append_sources(data / "sources.yml", new_sources)
    return data


def ensure_corpus(guides: int, base: Path | None = None) -> Path:
    """The corpus of this size under the benchmark folder, written once and reused while the real content is unchanged."""
    from .timing import BENCH_DIR

    dest = (base or BENCH_DIR) / f"corpus-{guides}"
    stamp = dest / "stamp.txt"
    fingerprint = _fingerprint(guides)
    if stamp.exists() and stamp.read_text(encoding="utf-8") == fingerprint:
        return dest / "pathway_data"
    data = make_corpus(dest, guides)
    stamp.write_text(fingerprint, encoding="utf-8")
    return data


def _fingerprint(guides: int) -> str:
    """Changes whenever the real content, the provenance or this generator changes."""
    import hashlib

    digest = hashlib.sha256(f"{guides}".encode())
    for root in (REAL_DATA, REAL_PROVENANCE, Path(__file__)):
        for path in sorted(root.rglob("*") if root.is_dir() else [root]):
            if path.is_file():
                digest.update(path.as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic content folder for benchmarks.")
    parser.add_argument("dest", type=Path)
    parser.add_argument("--guides", type=int, default=10)
    parser.add_argument("--cases", type=int, default=None, help="default: as many as guides")
    args = parser.parse_args(argv)
    print(make_corpus(args.dest, args.guides, args.cases))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
