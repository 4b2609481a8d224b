"""The command line: `ssbook validate | build | new-week | add-source | draft | zenodo | serve`."""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
from pathlib import Path

from . import build as b
from . import configuration, zenodo
from .draft import DraftError, draft
from .history import HistoryError
from .newweek import NewWeekError, new_week
from .project import Project, ProjectError
from .sources import PREFIXES, SourceError, add_source
from .validate import DataError


def _validate(project: Project, args) -> int:
    problems = configuration.problems(project)
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [p for p in problems if not p.warning]
    if errors:
        print(f"{len(errors)} problem(s) in data/ and the book's configuration", file=sys.stderr)
        return 1
    valid = "data/ and the book's configuration are valid"
    print(f"{valid} ({len(problems)} warning(s))" if problems else valid)
    return 0


def _build(project: Project, args) -> int:
    report = b.build(project, rebuild=tuple(args.rebuild), jobs=args.jobs, allow_empty=args.allow_empty)
    index = project.site / "index.html"
    if report.editions:
        print(f"built {len(report.editions)} edition(s): {', '.join(report.editions)} ({report.executed} notebook(s) executed)")
    else:
        print("nothing to build: every edition is published (ssbook build --rebuild DATE rebuilds one on purpose)")
    print(f"site: {index}")
    print("view it: make serve  (then open http://localhost:8000/)")
    return 0


def _new_week(project: Project, args) -> int:
    folder = new_week(project.data, args.date)
    print(f"created {folder.relative_to(project.root)}/ (see GUIDE.md there); add the week's rows, then: make book")
    return 0


def _add_source(project: Project, args) -> int:
    row = add_source(project.data, args.path, publisher=args.publisher, title=args.title, url=args.url, published=args.published,
                     grade=args.grade, language=args.language, published_note=args.published_note, prefix=args.prefix)
    print(f"added {row['source_id']}: data/sources/texts/{row['file']} (sha256 {row['sha256']}) and its row in data/sources.csv; "
          f"cite it as source_id {row['source_id']}")
    return 0


def _draft(project: Project, args) -> int:
    written = {file: count for file, count in draft(project.root, args.source_id, out=args.out).items() if count}
    for file, count in written.items():
        shown = file.relative_to(project.root) if file.is_relative_to(project.root) else file
        print(f"{shown}: {count} row{'s' if count != 1 else ''} proposed from {args.source_id}")
    if not written:
        print(f"{args.source_id}: no figure in its text could be read into a row; enter its facts by hand")
    else:
        print("a draft is not data: review each row (quote, value, unit, empty fields), move it into the week's tables, then delete the draft")
    return 0


def _zenodo(project: Project, args) -> int:
    target = zenodo.write(project.root)
    print(f"wrote {target.name} from {zenodo.CITATION} (commit it: Zenodo reads it from each edition's release)")
    return 0


def _serve(project: Project, args) -> int:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(project.site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"serving {project.site} at http://localhost:{args.port}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ssbook", description="Build the Solid-State Battery Industrialisation Tracker.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check data/ and list every problem as file:row:column").set_defaults(run=_validate)
    build = commands.add_parser("build", help="build the editions not yet published, then the site's root")
    build.add_argument("--rebuild", action="append", default=[], metavar="DATE", help="rebuild this published edition on purpose (repeatable)")
    build.add_argument("--allow-empty", action="store_true", help="publish a week that has no facts (an edition is permanent)")
    build.add_argument("--jobs", type=int, default=None, help="notebooks executed in parallel (default: $SSBOOK_JOBS, else one per core)")
    build.set_defaults(run=_build)
    week = commands.add_parser("new-week", help="prepare data/weeks/DATE for a new edition")
    week.add_argument("date", help="the week's end date, YYYY-MM-DD, after the latest edition")
    week.set_defaults(run=_new_week)
    source = commands.add_parser("add-source", help="archive a source's text in data/sources/texts and add its row to data/sources.csv")
    source.add_argument("path", help="the text of one article, as a UTF-8 .txt file (a text bundling several articles: split it first)")
    source.add_argument("--publisher", required=True, help="who published the text")
    source.add_argument("--title", required=True, help="its title (short form)")
    source.add_argument("--url", required=True, help="where it was read: its http(s) address")
    source.add_argument("--published", default="", metavar="DATE",
                        help="YYYY, YYYY-MM or YYYY-MM-DD: as printed, or as inferred from the text itself when nothing prints a date "
                             "(say how in --published-note); leave it out when the text gives nothing to infer it from")
    source.add_argument("--published-note", default="", metavar="NOTE",
                        help="where the date comes from; starts with 'not printed' when neither the text nor its page prints one "
                             "(required without --published)")
    source.add_argument("--grade", required=True, help="A the publisher's own report, B an established outlet, C aggregator, forum, vendor blog")
    source.add_argument("--language", default="en", help="the text's ISO 639-1 code (default en)")
    source.add_argument("--prefix", default=None, help="the thread of the id (default: the publisher's usual letter, C for a new publisher): "
                        + "; ".join(f"{k} {v}" for k, v in PREFIXES.items()))
    source.set_defaults(run=_add_source)
    drafting = commands.add_parser("draft", help="propose rows from a source's archived text, into its week's draft/ folder")
    drafting.add_argument("source_id", help="the source's id in data/sources.csv, e.g. S12")
    drafting.add_argument("--out", type=Path, default=None, metavar="DIR", help="write the draft here instead of data/weeks/<week>/draft/")
    drafting.set_defaults(run=_draft)
    commands.add_parser("zenodo", help=f"write {zenodo.NAME} from {zenodo.CITATION}").set_defaults(run=_zenodo)
    serve = commands.add_parser("serve", help="serve the built site on localhost")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=_serve)
    args = parser.parse_args(argv)
    try:
        return args.run(Project.find(), args)
    except DataError as error:
        print(f"ssbook {args.command}: {len(error.problems)} problem(s) in data/ or the book's configuration; nothing was built or published:", file=sys.stderr)
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except (b.BuildError, DraftError, HistoryError, NewWeekError, ProjectError, SourceError) as error:
        print(f"ssbook {args.command}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
