"""A long navigation is grouped, so each page carries its own group only; a short one stays a flat list."""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.corpus import make_corpus
from generator.build import generate, load_and_check
from generator.render import NAV_GROUP_ABOVE
from tests.conftest import CONTENT


def section(config: dict, title: str) -> list:  # type: ignore[type-arg]
    return next(entry[title] for entry in config["nav"] if title in entry)


def generated_config(data: Path, work: Path) -> dict:  # type: ignore[type-arg]
    generate(load_and_check(data), work)
    return yaml.safe_load((work / "mkdocs.yml").read_text(encoding="utf-8"))


def test_many_guides_are_listed_under_their_stage_and_cases_under_their_issue(tmp_path: Path) -> None:
    data = make_corpus(tmp_path / "corpus", guides=NAV_GROUP_ABOVE + 5, cases=NAV_GROUP_ABOVE + 5)
    config = generated_config(data, tmp_path / "work")

    guides = section(config, "Practice guides")
    assert guides[0] == "guides/index.md"
    stages = [s["title"] for s in yaml.safe_load((data / "pathway.yml").read_text(encoding="utf-8"))["stages"]]
    groups = {title: pages for entry in guides[1:] for title, pages in entry.items()}
    assert set(groups) <= set(stages) and len(groups) > 1
    listed = [page for pages in groups.values() for entry in pages for page in entry.values()]
    assert len(listed) == len(set(listed)) == NAV_GROUP_ABOVE + 5 + 2  # the synthetic guides and the two real ones
    in_stage = [page for entry in groups["Making a referral or contacting the police"] for page in entry.values()]
    assert "guides/making-a-referral.md" in in_stage

    cases = section(config, "Case studies")
    issues = [title for entry in cases[2:] for title in entry]
    assert "Learning the Lessons issue 39, September 2021" in issues
    assert "Synthetic benchmark magazine, issue 1" in issues
    assert "navigation.prune" in config["theme"]["features"]


def test_the_real_content_keeps_a_flat_navigation(tmp_path: Path) -> None:
    config = generated_config(CONTENT, tmp_path / "work")

    assert section(config, "Practice guides")[1:] == [
        {"Making a referral to children's social care / MASH and / or reporting to the police":
         "guides/making-a-referral.md"},
        {"Police log concerns and take initial actions": "guides/police-initial-response.md"},
    ]
    assert all(isinstance(entry, dict) and isinstance(next(iter(entry.values())), str)
               for entry in section(config, "Case studies")[2:])
    assert "navigation.prune" not in config["theme"]["features"]
