"""The book's configuration (book.yml, _config.yml, _toc.yml, the chapters' front matter) is checked
before any notebook runs: each mistake is named by file and line, and no command prints a traceback."""

from __future__ import annotations

import csv

import pytest

from ssbook import configuration
from ssbook.build import build
from ssbook.validate import DataError

from conftest import run_ssbook

UNSAFE = '!!python/object/apply:os.system ["touch pwned"]'


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle):
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# Each mistake: a function that makes it in a copy of the project and returns the message it must produce.

def toc_unsafe(root):
    append(root / "_toc.yml", f"evil: {UNSAFE}\n")
    return f"_toc.yml:{line_of(root / '_toc.yml', 'evil')}: unsafe YAML refused"


def toc_broken(root):
    replace(root / "_toc.yml", "  - file: projects", "  - file: [projects")
    return "_toc.yml:"  # the parser names the line where it gave up


def toc_alias_bomb(root):
    """Aliases nested in aliases (the "billion laughs"): refused at once, never expanded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    append(root / "_toc.yml", "\n".join(lines) + "\n")
    return f"_toc.yml:{line_of(root / '_toc.yml', 'a1: ')}: not valid YAML: anchors and aliases (&name, *name) are not allowed"


def front_matter_alias(root):
    chapter = root / "chapters" / "methods.md"
    replace(chapter, "kernelspec:", "base: &base {}\nmore: *base\nkernelspec:")
    return f"chapters/methods.md:{line_of(chapter, 'more: *base')}: front matter: not valid YAML (anchors and aliases"


def toc_unknown_page(root):
    replace(root / "_toc.yml", "  - file: projects", "  - file: project")
    line = line_of(root / "_toc.yml", "file: project")
    return f"_toc.yml:{line}: file 'project' is not a page of book.yml"


def toc_page_left_out(root):
    replace(root / "_toc.yml", "  - file: projects\n", "")
    return "_toc.yml:1: page 'projects' of book.yml is not in the table of contents"


def front_matter_unsafe(root):
    chapter = root / "chapters" / "materials.md"
    replace(chapter, "kernelspec:", f"evil: {UNSAFE}\nkernelspec:")
    return f"chapters/materials.md:{line_of(chapter, 'evil')}: front matter: unsafe YAML refused"


def front_matter_broken(root):
    chapter = root / "chapters" / "projects.md"
    replace(chapter, "kernelspec:", "kernelspec: [python")
    return "chapters/projects.md:"


def book_broken(root):
    replace(root / "book.yml", "  - template: chapters/projects.md", "  - template: chapters/projects.md\n  bad: [")
    return "book.yml:"


def book_not_a_list(root):
    book = root / "book.yml"
    replace(book, "      - vehicle_id: hongqi-tiangong-06\n      - vehicle_id: verge-ts-pro\n", "      vehicle_id: verge-ts-pro\n")
    return f"book.yml:{line_of(book, 'chapters/vehicle.md')}: chapter 4: `parameter_sets` must be a list of mappings"


def book_without_title(root):
    replace(root / "book.yml", "title: Solid-State Battery Industrialisation Tracker\n", "")
    return "book.yml:1: `title` is required"


def config_not_a_mapping(root):
    replace(root / "_config.yml", "html:\n", "html: yes\nhtml_old:\n")
    return f"_config.yml:{line_of(root / '_config.yml', 'html: yes')}: `html` must be a mapping"


def vehicle_without_page(root):
    vehicles = root / "data" / "vehicles.csv"
    with open(vehicles, newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    table.append(["new-car", "New Car", "Maker", "Battery Co", "car", "China", "S0", "Hongqi Tiangong 06"])
    with open(vehicles, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    return f"data/vehicles.csv:{len(table)}:vehicle_id: vehicle 'new-car' has no page: add `- vehicle_id: new-car` to the parameter_sets of chapters/vehicle.md in book.yml"


def page_without_vehicle(root):
    replace(root / "book.yml", "      - vehicle_id: verge-ts-pro\n", "      - vehicle_id: verge-ts-pro\n      - vehicle_id: gone-car\n")
    return "book.yml:"  # and the vehicle's id, checked below


def title_with_markup(root):
    """The theme prints the book's title and author as HTML: markup there would run on every page."""
    replace(root / "book.yml", "title: Solid-State Battery Industrialisation Tracker", 'title: "Tracker <img src=x onerror=alert(1)>"')
    return f"book.yml:{line_of(root / 'book.yml', 'title:')}: `title` must be plain text"


def author_with_markup(root):
    replace(root / "book.yml", "author: Solid-State Battery Industrialisation Tracker team", 'author: "Team </script><script>alert(2)</script>"')
    return f"book.yml:{line_of(root / 'book.yml', 'author:')}: `author` must be plain text"


def page_outside_the_edition(root):
    """A parameter that names a page's path must not lead out of the edition (or the project)."""
    replace(root / "book.yml", "      - scenario_id: base\n", "      - scenario_id: ../../../../tmp/pwned\n")
    return f"book.yml:{line_of(root / 'book.yml', 'scenario_id: ../')}: chapter 7: page 'scenarios/../../../../tmp/pwned' is not an address"


def page_with_markup(root):
    replace(root / "book.yml", "      - scenario_id: base\n", '      - scenario_id: "a <img src=x onerror=alert(3)>"\n')
    return "book.yml:"  # and 'is not an address', checked below


def template_outside_chapters(root):
    replace(root / "book.yml", "  - template: chapters/methods.md", "  - template: /etc/hostname")
    return f"book.yml:{line_of(root / 'book.yml', '/etc/hostname')}: chapter 8: template '/etc/hostname' must be a .md file in chapters/"


def template_climbing_out(root):
    replace(root / "book.yml", "  - template: chapters/methods.md", "  - template: chapters/../../../etc/passwd.md")
    return f"book.yml:{line_of(root / 'book.yml', 'passwd')}: chapter 8: template 'chapters/../../../etc/passwd.md' must be a .md file in chapters/"


def misspelt_parameter(root):
    replace(root / "book.yml", "        ess_cagr: 0.11\n", "        ess_cgar: 0.11\n")
    return f"book.yml:{line_of(root / 'book.yml', 'ess_cgar')}: chapter 7: chapters/scenario.md has no parameter 'ess_cgar'"


def edition_in_a_parameter_set(root):
    replace(root / "book.yml", "        ess_cagr: 0.11\n", "        ess_cagr: 0.11\n        edition: \"2025-12-06\"\n")
    return f"book.yml:{line_of(root / 'book.yml', 'edition: ')}: chapter 7: `edition` is set by the build for each edition"


def key_given_twice(root):
    replace(root / "book.yml", "        ess_cagr: 0.11\n", "        ess_cagr: 0.11\n        ess_cagr: 0.2\n")
    return f"book.yml:{line_of(root / 'book.yml', 'ess_cagr: 0.2')}: not valid YAML: the key 'ess_cagr' is given twice"


def toc_script_link(root):
    append(root / "_toc.yml", '  - url: "javascript:alert(1)"\n    title: Evil\n')
    return f"_toc.yml:{line_of(root / '_toc.yml', 'javascript:')}: url 'javascript:alert(1)': not an http(s) URL"


MISTAKES = [
    toc_unsafe, toc_broken, toc_alias_bomb, front_matter_alias, toc_unknown_page, toc_page_left_out, front_matter_unsafe, front_matter_broken,
    book_broken, book_not_a_list, book_without_title, config_not_a_mapping, vehicle_without_page, page_without_vehicle,
    title_with_markup, author_with_markup, page_outside_the_edition, page_with_markup, template_outside_chapters,
    template_climbing_out, misspelt_parameter, edition_in_a_parameter_set, key_given_twice, toc_script_link,
]


def test_the_shipped_configuration_is_valid(project):
    assert configuration.problems(project) == []


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda f: f.__name__)
def test_each_mistake_is_refused_before_any_notebook_runs(project, mistake):
    expected = mistake(project.root)
    messages = [str(p) for p in configuration.problems(project)]
    assert any(m.startswith(expected) for m in messages), messages
    if mistake is page_without_vehicle:
        assert any("gone-car" in m for m in messages), messages
    if mistake is page_with_markup:
        assert any("is not an address" in m for m in messages), messages
    with pytest.raises(DataError):
        build(project, log=lambda message: None)
    assert not (project.build / "cache").exists(), "a notebook ran"
    assert not (project.root / "pwned").exists()


@pytest.mark.parametrize("mistake", [toc_unsafe, toc_alias_bomb, front_matter_broken, book_broken, book_not_a_list,
                                     template_outside_chapters], ids=lambda f: f.__name__)
@pytest.mark.parametrize("command", ["validate", "build"])
def test_the_commands_name_the_file_and_print_no_traceback(project, mistake, command):
    """The command as the editor runs it, in this process (test_validate.py runs it in its own)."""
    expected = mistake(project.root)
    result = run_ssbook(project.root, command)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr
