"""site.yml: the site's own choices (the checklist page's checklists, the About pages) are content, validated."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.build import generate, load_and_check
from generator.load import load_site
from generator.validate import validate_site
from tests.conftest import CONTENT, FIXTURE


def _copy(tmp_path: Path, site_yml: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "site.yml").write_text(site_yml, encoding="utf-8")
    return data


def _problems(data: Path) -> list[str]:
    site, report = load_site(data)
    report.extend(validate_site(site))
    return [f"{d.path}:{d.line}: {d.code}: {d.message}" for d in report.items]


def test_without_site_yml_the_page_offers_the_first_checklist_of_each_mode() -> None:
    site, _ = load_site(FIXTURE)
    assert site.checklist_page() == ["referral-content"]
    national, _ = load_site(CONTENT)
    assert national.checklist_page() == ["referral-content", "call-999-101", "after-the-referral"]  # as site.yml says


def test_an_unknown_or_doubled_checklist_is_one_located_error(tmp_path: Path) -> None:
    data = _copy(tmp_path, "checklist_page:\n  - referral-content\n  - referal-content\n")
    assert _problems(data) == ["data/site.yml:3: unknown-checklist: the checklist page offers 'referal-content', "
                               "which is not a checklist"]
    (data / "checklists" / "second.yml").write_text(
        (data / "checklists" / "referral-content.yml").read_text(encoding="utf-8").replace(
            "id: referral-content", "id: second"), encoding="utf-8")
    (data / "site.yml").write_text("checklist_page: [referral-content, second]\n", encoding="utf-8")
    assert _problems(data) == ["data/site.yml:1: checklist-mode: 'second' and 'referral-content' are both referral "
                               "checklists; the page offers one per mode"]


def test_an_unsafe_about_page_is_refused_by_the_schema(tmp_path: Path) -> None:
    data = _copy(tmp_path, "about_pages: [../secrets.md]\n")
    (problem,) = _problems(data)
    assert problem.startswith("data/site.yml:1: ")


def test_the_about_section_follows_site_yml(tmp_path: Path) -> None:
    import yaml

    data = _copy(tmp_path, "about_pages: [about/privacy.md, about/index.md]\n")
    work = tmp_path / "work"
    generate(load_and_check(data), work)
    nav = yaml.safe_load((work / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert {"About": ["about/privacy.md", "about/index.md"]} in nav
