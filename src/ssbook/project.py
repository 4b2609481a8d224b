"""Where things are in a project checkout, and the chapter list of `book.yml`."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .validate import Problem

FRONT_MATTER = re.compile(r"\A---\r?\n(.*?\r?\n)?---\r?\n", re.DOTALL)  # a chapter's YAML header


class PlainLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors and aliases (`&a`, `*a`): a configuration file never needs
    them, and aliases nested in aliases expand without bound (the "billion laughs"); and a key given
    twice in one mapping is an error, not a silent overwrite."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "anchors and aliases (&name, *name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.MarkedYAMLError(problem=f"the key {key!r} is given twice", problem_mark=key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str) -> object:
    """Plain YAML data: no tags that build Python objects, no aliases."""
    return yaml.load(text, Loader=PlainLoader)


class ProjectError(Exception):
    """A problem with the project's layout or configuration files; `problem` says where."""

    def __init__(self, problem: Problem | str):
        self.problem = problem if isinstance(problem, Problem) else Problem("", 0, "", problem)
        super().__init__(str(problem) if isinstance(problem, Problem) else problem)


def read_yaml(path: Path) -> object:
    """A YAML file's plain data; tags that would build Python objects are refused, and every error
    names the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProjectError(Problem(path.name, 0, "", "missing")) from None
    except UnicodeDecodeError as error:
        raise ProjectError(Problem(path.name, 0, "", f"not UTF-8 text (byte {error.start}): save it as UTF-8")) from None
    try:
        return load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if isinstance(error, yaml.constructor.ConstructorError):
            message = f"unsafe YAML refused ({error.problem}); only plain data is allowed"
        else:
            message = f"not valid YAML: {getattr(error, 'problem', None) or error}"
        raise ProjectError(Problem(path.name, mark.line + 1 if mark else 0, "", message)) from None


def yaml_lines(path: Path) -> dict[tuple, int]:
    """The line of each key and list item of a YAML file, by its path of keys and indexes
    (("chapters", 3, "template") -> 21); empty when the file does not parse."""
    try:
        return _lines(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}


@functools.lru_cache(maxsize=8)
def _lines(text: str) -> dict[tuple, int]:
    """`yaml_lines` of a file's text, composed once for the many lines a check of one file asks for."""
    try:
        root = yaml.compose(text, Loader=PlainLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[tuple, int] = {}

    def walk(node, keys: tuple) -> None:
        lines[keys] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*keys, key.value))
                lines[(*keys, key.value)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*keys, index))

    if root is not None:
        walk(root, ())
    return lines


def template_defaults(template: Path) -> dict:
    """The defaults of a chapter template's `parameters` cell (typed literals with a comment each)."""
    import jupytext

    defaults: dict = {}
    for cell in jupytext.read(template).cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            exec(cell.source, {}, defaults)  # the template's own literals, nothing from the data
    return {name: value for name, value in defaults.items() if not name.startswith("__")}


@dataclass(frozen=True)
class Page:
    """One page of an edition: a chapter template run with one parameter set."""

    template: Path
    output: str
    parameters: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
        """The project whose `book.yml` is at or above `start` (default: $SSBOOK_ROOT or the cwd)."""
        here = Path(start or os.environ.get("SSBOOK_ROOT") or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "book.yml").is_file():
                return cls(folder)
        raise ProjectError(f"no book.yml found at or above {here}")

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def site(self) -> Path:
        return self.build / "site"

    @cached_property
    def config(self) -> dict:
        config = read_yaml(self.root / "book.yml")
        if not isinstance(config, dict) or not isinstance(config.get("chapters"), list):
            raise ProjectError("book.yml: needs a `chapters` list")
        return config

    def pages(self) -> list[Page]:
        """Every page of an edition, in book order."""
        pages = []
        for number, chapter in enumerate(self.config["chapters"], start=1):
            where = f"book.yml: chapter {number}"
            if not isinstance(chapter, dict) or not {"template", "output"} <= chapter.keys():
                raise ProjectError(f"{where}: needs `template` and `output`")
            template = self.root / chapter["template"]
            if not template.is_file():
                raise ProjectError(f"{where}: template {chapter['template']} does not exist")
            for parameters in chapter.get("parameter_sets") or [{}]:
                try:
                    output = chapter["output"].format(**parameters)
                except KeyError as missing:
                    raise ProjectError(f"{where}: output names {missing} but a parameter set lacks it") from None
                pages.append(Page(template, output, dict(parameters)))
        outputs = [page.output for page in pages]
        if len(set(outputs)) != len(outputs):
            raise ProjectError("book.yml: two pages have the same output")
        return pages

    def pages_of(self, template: str) -> list[dict]:
        """The full parameters of each page made from `template` (its defaults updated with the page's
        parameter set) and the page's `output`, in book.yml's order."""
        path = self.root / template
        defaults = template_defaults(path)
        return [{**defaults, **page.parameters, "output": page.output} for page in self.pages() if page.template == path]
