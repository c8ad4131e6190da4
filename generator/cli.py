"""The ``pathway`` command: check, build, serve, schema.

Every subcommand turns content problems into located messages and an exit
code; a traceback reaching an author is a bug.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import Report

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = PROJECT / "pathway_data"


def _data_dir(value: str | None) -> Path:
    return Path(value).resolve() if value else DEFAULT_DATA


def _locality(value: str | None) -> Path | None:
    return Path(value).resolve() if value else None


def _work_dir(value: str | None) -> Path | None:
    return Path(value).resolve() if value else None


def check_content(data: Path, locality: Path | None = None, cache: bool = False) -> tuple[object, Report]:
    """Load and validate; the one path every command takes before doing anything."""
    from .build import DEFAULT_WORK
    from .load import freeze_loaded, load_site
    from .load_cache import LoadCache
    from .validate import validate_site

    site, report = load_site(data, locality, LoadCache.default(DEFAULT_WORK) if cache else None)
    freeze_loaded()  # a one-shot command: later garbage collections need not rescan the loaded site
    # Cross-file checks run even when some files failed to load, so one run
    # reports everything; a reference to a broken item is reported beside it.
    report.extend(validate_site(site, docs_dir=PROJECT / "docs"))
    return site, report


def _print_report(report: Report, strict: bool, verbose: bool = False) -> None:
    if report.items:
        print(report.format(verbose), file=sys.stderr)
    errors, warnings = len(report.errors), len(report.warnings)
    if strict:
        errors, warnings = errors + warnings, 0
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    site, report = check_content(_data_dir(args.data), _locality(args.locality), cache=not args.no_cache)
    _print_report(report, args.strict, args.verbose)
    return 1 if report.failed(args.strict) else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildFailed, build

    try:
        result = build(_data_dir(args.data), Path(args.out).resolve(), strict=args.strict,
                       locality=_locality(args.locality), work=_work_dir(args.work), cache=not args.no_cache,
                       engine=args.engine)
    except BuildFailed as failure:
        if failure.report is not None:
            _print_report(failure.report, args.strict)
        print(f"build failed: {failure}; the previous site was left as it was", file=sys.stderr)
        return 1
    print(f"built {result.pages} pages into {result.out}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(_data_dir(args.data), host=args.host, port=args.port, locality=_locality(args.locality),
                 work=_work_dir(args.work), cache=not args.no_cache, engine=args.engine)


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    for path in write_schemas(Path(args.out)):
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pathway", description="Build a safeguarding guidance site from YAML content.")
    sub = parser.add_subparsers(dest="command", required=True)

    def data_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data", metavar="DIR", help="content folder (default: pathway_data/)")
        p.add_argument("--locality", metavar="FILE",
                       help="locality profile: a partnership's local facts (default: locality.yml in the content folder)")
        p.add_argument("--no-cache", action="store_true",
                       help="parse every file again instead of reusing unchanged files' results from .pathway/cache/")

    def work_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--work", metavar="DIR", help="folder for the generated Markdown and mkdocs.yml (default: .pathway/)")

    def engine_option(p: argparse.ArgumentParser) -> None:
        from .engines import DEFAULT, ENGINES

        p.add_argument("--engine", choices=sorted(ENGINES), default=DEFAULT,
                       help="what builds the site: MkDocs + Material (default) or Zensical (the `zensical` extra)")

    p = sub.add_parser("check", help="validate the content and report every problem")
    data_option(p)
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--verbose", action="store_true",
                   help="under each error, list the checks it holds back (such as references to a file that failed)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("build", help="validate, generate and build the static site")
    data_option(p)
    p.add_argument("--out", default=str(PROJECT / "site"), metavar="DIR", help="output folder (default: site/)")
    p.add_argument("--strict", action="store_true", help="treat content warnings as errors")
    work_option(p)
    engine_option(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="build, serve on http://127.0.0.1:8000 and rebuild when content changes")
    data_option(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    work_option(p)
    engine_option(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("schema", help="write a JSON Schema for each content type")
    p.add_argument("--out", default=str(PROJECT / "schemas"), metavar="DIR")
    p.set_defaults(func=cmd_schema)

    args = parser.parse_args(argv)
    from .runtime import RuntimeMissing

    try:
        return int(args.func(args))
    except RuntimeMissing as missing:
        print(f"error[runtime-missing]: {missing}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
