"""The ``pathway`` command: new, check, build, serve, schema.

Every subcommand turns content problems into located messages and an exit
code; a traceback reaching an author is a bug.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import Report
from .project import Project, ProjectError, find


def _project(args: argparse.Namespace) -> Project:
    """The project this command works on, with the folders given on the command line (generator.project)."""
    data = Path(args.data).resolve() if getattr(args, "data", None) else None
    project = find(Path(args.project) if getattr(args, "project", None) else None, content=data)
    return project.with_paths(content=data, work=_work_dir(getattr(args, "work", None)),
                              output=Path(args.out).resolve() if getattr(args, "out", None) else None)


def _locality(value: str | None) -> Path | None:
    return Path(value).resolve() if value else None


def _work_dir(value: str | None) -> Path | None:
    return Path(value).resolve() if value else None


def check_content(data: Path, locality: Path | None = None, cache: bool = False,
                  project: Project | None = None) -> tuple[object, Report]:
    """Load and validate; the one path every command takes before doing anything."""
    from .load import freeze_loaded, load_site
    from .load_cache import LoadCache
    from .safe_text import MarkdownRules
    from .validate import validate_site

    project = project or find(content=data)
    site, report = load_site(data, locality, LoadCache.default(project.work) if cache else None,
                             MarkdownRules.of(project.config))  # the text checks read Markdown as its site will
    freeze_loaded()  # a one-shot command: later garbage collections need not rescan the loaded site
    # Cross-file checks run even when some files failed to load, so one run
    # reports everything; a reference to a broken item is reported beside it.
    report.extend(validate_site(site, docs_dir=project.docs))
    return site, report


def _print_report(report: Report, strict: bool, verbose: bool = False) -> None:
    if report.items:
        print(report.format(verbose), file=sys.stderr)
    errors, warnings = len(report.errors), len(report.warnings)
    if strict:
        errors, warnings = errors + warnings, 0
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    project = _project(args)
    site, report = check_content(project.content, _locality(args.locality), cache=not args.no_cache, project=project)
    _print_report(report, args.strict, args.verbose)
    return 1 if report.failed(args.strict) else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildFailed, build

    project = _project(args)
    try:
        result = build(project.content, project.output, strict=args.strict, locality=_locality(args.locality),
                       work=project.work, project=project, site_url=args.site_url, cache=not args.no_cache,
                       engine=args.engine, runtime=_runtime(args), preview=args.preview)
    except BuildFailed as failure:
        if failure.report is not None:
            _print_report(failure.report, args.strict)
        print(f"build failed: {failure}; the previous site was left as it was", file=sys.stderr)
        return 1
    print(f"built {result.pages} pages into {result.out}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    project = _project(args)
    return serve(project.content, host=args.host, port=args.port, locality=_locality(args.locality),
                 work=project.work, cache=not args.no_cache, engine=args.engine, project=project,
                 runtime=_runtime(args))


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    out = Path(args.out) if args.out else _project(args).schemas
    for path in write_schemas(out):
        print(path)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .new_project import NewProjectError, write_project

    try:
        written = write_project(Path(args.dir))
    except NewProjectError as problem:
        print(f"error[new-project]: {problem}", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} files into {Path(args.dir).resolve()}")
    print(f"next: cd {args.dir} && npm install && pathway check --strict && pathway build --preview")
    return 0


def _runtime(args: argparse.Namespace) -> Path | None:
    return Path(args.runtime).resolve() if getattr(args, "runtime", None) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pathway", description="Build a safeguarding guidance site from YAML content.")
    sub = parser.add_subparsers(dest="command", required=True)

    def project_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--project", metavar="DIR",
                       help="the project folder (default: the nearest one at or above the current folder)")

    def data_option(p: argparse.ArgumentParser) -> None:
        project_option(p)
        p.add_argument("--data", metavar="DIR", help="content folder (default: the project's pathway_data/)")
        p.add_argument("--locality", metavar="FILE",
                       help="locality profile: a partnership's local facts (default: locality.yml in the content folder)")
        p.add_argument("--no-cache", action="store_true",
                       help="parse every file again instead of reusing unchanged files' results from .pathway/cache/")

    def work_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--work", metavar="DIR",
                       help="folder for the generated Markdown, mkdocs.yml and load cache (default: the project's .pathway/)")

    def runtime_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--runtime", metavar="DIR", help="Pyodide's folder, when it is not the project's "
                       "node_modules/pyodide (also PATHWAY_PYODIDE)")

    p = sub.add_parser("new", help="write a minimal working project (a template to replace) into a new folder")
    p.add_argument("dir", metavar="DIR")
    p.set_defaults(func=cmd_new)

    def engine_option(p: argparse.ArgumentParser) -> None:
        from .engines import DEFAULT, ENGINES

        p.add_argument("--engine", choices=sorted(ENGINES), default=DEFAULT,
                       help="what builds the site: MkDocs + Material (default) or Zensical (the `zensical` extra)")

    p = sub.add_parser("check", help="validate the content and report every problem")
    data_option(p)
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--verbose", action="store_true",
                   help="under each error, list the checks it holds back (such as references to a file that failed)")
    work_option(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("build", help="validate, generate and build the static site")
    data_option(p)
    p.add_argument("--out", metavar="DIR", help="output folder (default: the project's site/)")
    p.add_argument("--strict", action="store_true", help="treat content warnings as errors")
    p.add_argument("--site-url", metavar="URL",
                   help="the address the site is published at (default: site_url in mkdocs.yml)")
    p.add_argument("--preview", action="store_true",
                   help="a local preview: allow a loopback site_url such as http://127.0.0.1:8000/")
    work_option(p)
    engine_option(p)
    runtime_option(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="build, serve on http://127.0.0.1:8000 and rebuild when content changes")
    data_option(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    work_option(p)
    engine_option(p)
    runtime_option(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("schema", help="write a JSON Schema for each content type")
    project_option(p)
    p.add_argument("--out", metavar="DIR", help="folder for the schemas (default: the project's schemas/)")
    p.set_defaults(func=cmd_schema)

    args = parser.parse_args(argv)
    from .runtime import RuntimeMissing

    try:
        return int(args.func(args))
    except RuntimeMissing as missing:
        print(f"error[runtime-missing]: {missing}", file=sys.stderr)
        return 1
    except ProjectError as problem:
        print(f"error[project]: {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
