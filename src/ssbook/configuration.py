"""Everything checked before anything runs: book.yml, _config.yml, _toc.yml and each chapter's front
matter are plain YAML of the right shape and the table of contents and the pages agree; then data/
(`ssbook.validate`); then that every vehicle in data/vehicles.csv has its page. Every problem is
`file:line: what is wrong`."""

from __future__ import annotations

import csv
import fnmatch
import re
from pathlib import Path, PurePosixPath

import yaml

from .links import NOT_WEB, web_url
from .project import FRONT_MATTER, Project, ProjectError, load_yaml, read_yaml, template_defaults, yaml_lines
from .releases import NOT_REPOSITORY, REPOSITORY
from .validate import DataError, Problem, validate

PER_VEHICLE = "vehicle_id"  # the parameter of the pages made once per vehicle
PAGE_PATH = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*")  # a page's address in an edition
MARKUP = re.compile(r"[<>]")  # the book's title and author are printed by the theme as HTML


def problems(project: Project) -> list[Problem]:
    """Every problem (and warning) in the book's configuration files and data/."""
    found: list[Problem] = []
    book = _mapping(project.root / "book.yml", found)
    outputs, vehicle_pages = _book(project, book, found) if book is not None else (None, {})
    config = _mapping(project.root / "_config.yml", found)
    if config is not None:
        for key in ("html", "sphinx", "parse", "execute"):
            if key in config and not isinstance(config[key], dict):
                found.append(Problem("_config.yml", _line(project.root / "_config.yml", key), "", f"`{key}` must be a mapping"))
    toc = _mapping(project.root / "_toc.yml", found)
    if toc is not None and outputs and not any(p.file == "book.yml" for p in found):
        _toc(toc, outputs, project.root / "_toc.yml", found)
    data = validate(project.data)
    found += data
    if vehicle_pages and not any(p.file == "data/vehicles.csv" and not p.warning for p in data):
        _vehicles(project, vehicle_pages, found)
    return found


def check(project: Project) -> list[Problem]:
    """Raise DataError if the configuration or the data has any problem other than a warning;
    return the warnings."""
    found = problems(project)
    if any(not p.warning for p in found):
        raise DataError(found)
    return found


def _mapping(path: Path, found: list[Problem]) -> dict | None:
    try:
        value = read_yaml(path)
    except ProjectError as error:
        found.append(error.problem)
        return None
    if not isinstance(value, dict):
        found.append(Problem(path.name, 1, "", "must be a YAML mapping (`key: value` lines)"))
        return None
    return value


def _line(path: Path, *keys) -> int:
    return yaml_lines(path).get(tuple(keys), 1)


def _book(project: Project, book: dict, found: list[Problem]) -> tuple[list[str] | None, dict[str, str]]:
    """The pages book.yml makes (None when its chapters cannot be read), and the vehicle pages
    (vehicle id -> template)."""
    path = project.root / "book.yml"
    for key in ("title", "author"):
        if not isinstance(book.get(key), str) or not book[key].strip():
            found.append(Problem("book.yml", _line(path, key), "", f"`{key}` is required: the book's {key} as text"))
        elif MARKUP.search(book[key]):
            found.append(Problem("book.yml", _line(path, key), "", f"`{key}` must be plain text: it has < or >, which a page would read as HTML"))
    if "repository" in book and not (isinstance(book["repository"], str) and REPOSITORY.fullmatch(book["repository"])):
        found.append(Problem("book.yml", _line(path, "repository"), "", f"`repository`: {book['repository']!r} {NOT_REPOSITORY}"))
    chapters = book.get("chapters")
    if not isinstance(chapters, list) or not chapters:
        found.append(Problem("book.yml", _line(path, "chapters"), "", "needs a `chapters` list"))
        return None, {}
    outputs: dict[str, int] = {}
    vehicle_pages: dict[str, str] = {}  # vehicle -> the template of its page
    for index, chapter in enumerate(chapters):
        line = _line(path, "chapters", index)
        where = f"chapter {index + 1}"
        if not isinstance(chapter, dict) or not all(isinstance(chapter.get(k), str) for k in ("template", "output")):
            found.append(Problem("book.yml", line, "", f"{where} needs `template` and `output` (text)"))
            continue
        template = project.root / chapter["template"]
        inside = PurePosixPath(chapter["template"])
        if inside.is_absolute() or ".." in inside.parts or inside.parts[:1] != ("chapters",) or inside.suffix != ".md":
            found.append(Problem("book.yml", line, "", f"{where}: template {chapter['template']!r} must be a .md file in chapters/"))
            continue
        if not template.is_file():
            found.append(Problem("book.yml", line, "", f"{where}: template {chapter['template']} does not exist"))
            continue
        _front_matter(project, template, found)
        try:
            defaults = template_defaults(template)
        except Exception as error:  # the template's own code: a chapter to fix, named here before anything runs
            found.append(Problem(chapter["template"], 0, "", f"its parameters cell cannot be read ({type(error).__name__}: {error})"))
            continue
        sets = chapter.get("parameter_sets")
        if sets is None:
            sets = [{}]
        if not isinstance(sets, list) or not all(isinstance(s, dict) for s in sets):
            found.append(Problem("book.yml", line, "", f"{where}: `parameter_sets` must be a list of mappings"))
            continue
        for number, parameters in enumerate(sets):
            at = _line(path, "chapters", index, "parameter_sets", number) if chapter.get("parameter_sets") else line
            unknown = [name for name in parameters if name not in defaults or name == "edition"]
            for name in unknown:
                said = ("`edition` is set by the build for each edition, never in book.yml" if name == "edition" else
                        f"{chapter['template']} has no parameter {name!r} (its parameters: {', '.join(k for k in defaults if k != 'edition')})")
                found.append(Problem("book.yml", _line(path, "chapters", index, "parameter_sets", number, name) or at, "", f"{where}: {said}"))
            try:
                output = chapter["output"].format(**parameters)
            except (KeyError, IndexError, ValueError):
                found.append(Problem("book.yml", at, "", f"{where}: output {chapter['output']!r} names a parameter this set lacks"))
                continue
            if not PAGE_PATH.fullmatch(output):
                found.append(Problem(
                    "book.yml", at, "", f"{where}: page {output!r} is not an address: lower-case letters, digits and hyphens, "
                    "in folders separated by /",
                ))
                continue
            if output in outputs:
                found.append(Problem("book.yml", line, "", f"{where}: page {output!r} is already made by the chapter at line {outputs[output]}"))
            outputs.setdefault(output, line)
            if PER_VEHICLE in parameters:
                vehicle_pages[str(parameters[PER_VEHICLE])] = chapter["template"]
    return list(outputs), vehicle_pages


def _front_matter(project: Project, template: Path, found: list[Problem]) -> None:
    """A chapter's front matter (between its first two `---` lines) is plain YAML."""
    relative = template.relative_to(project.root).as_posix()
    text = template.read_text(encoding="utf-8", errors="replace")
    match = FRONT_MATTER.match(text)
    if not match:
        return
    try:
        value = load_yaml(match.group(1) or "")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # + the opening `---`
        kind = "unsafe YAML refused" if isinstance(error, yaml.constructor.ConstructorError) else "not valid YAML"
        found.append(Problem(relative, line, "", f"front matter: {kind} ({getattr(error, 'problem', error)})"))
        return
    if value is not None and not isinstance(value, dict):
        found.append(Problem(relative, 2, "", "front matter must be a YAML mapping"))


def _vehicles(project: Project, pages: dict[str, str], found: list[Problem]) -> None:
    """Each vehicle in data/vehicles.csv has a page, and each vehicle page a vehicle."""
    try:
        with open(project.data / "vehicles.csv", newline="", encoding="utf-8-sig") as handle:
            vehicles = {row.get(PER_VEHICLE): line for line, row in enumerate(csv.DictReader(handle), start=2)}
    except (OSError, UnicodeDecodeError, csv.Error):
        return  # the data checks report the file
    template = next(iter(pages.values()))
    for vehicle, line in vehicles.items():
        if vehicle and vehicle not in pages:
            found.append(Problem(
                "data/vehicles.csv", line, PER_VEHICLE,
                f"vehicle {vehicle!r} has no page: add `- {PER_VEHICLE}: {vehicle}` to the parameter_sets of {template} in book.yml",
            ))
    for vehicle in sorted(pages.keys() - vehicles.keys()):
        found.append(Problem("book.yml", _line(project.root / "book.yml", "chapters"), "", f"a page for vehicle {vehicle!r}, which data/vehicles.csv does not list"))


def _toc(toc: dict, outputs: list[str], path: Path, found: list[Problem]) -> None:
    """_toc.yml names pages the book makes (a file or a glob) and links only to http(s) addresses,
    and every page is in it."""
    entries: list[tuple[str, str, int]] = []  # (kind, pattern, line)

    def walk(node, keys: tuple) -> None:
        if isinstance(node, dict):
            if "url" in node and web_url(node["url"]) is None:
                found.append(Problem("_toc.yml", _line(path, *keys, "url"), "", f"url {node['url']!r}: {NOT_WEB}"))
            for kind in ("root", "file", "glob"):
                if isinstance(node.get(kind), str):
                    entries.append((kind, node[kind], _line(path, *keys, kind)))
            for key, value in node.items():
                if isinstance(value, (list, dict)):
                    walk(value, (*keys, key))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, (*keys, index))

    if not isinstance(toc.get("root"), str):
        found.append(Problem("_toc.yml", 1, "", "needs `root`: the page readers land on (an output in book.yml)"))
    walk(toc, ())
    for kind, pattern, line in entries:
        name = pattern.removesuffix(".md").removesuffix(".ipynb")
        if kind == "glob":
            if not fnmatch.filter(outputs, name):
                found.append(Problem("_toc.yml", line, "", f"glob {pattern!r} matches no page of book.yml"))
        elif name not in outputs:
            found.append(Problem("_toc.yml", line, "", f"{kind} {pattern!r} is not a page of book.yml (pages: {', '.join(outputs)})"))
    listed = {name.removesuffix(".md") for kind, name, _ in entries if kind != "glob"}
    globs = [name for kind, name, _ in entries if kind == "glob"]
    for output in outputs:
        if output not in listed and not any(fnmatch.fnmatch(output, g) for g in globs):
            found.append(Problem("_toc.yml", 1, "", f"page {output!r} of book.yml is not in the table of contents"))
