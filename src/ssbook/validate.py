"""`ssbook validate`: every problem in data/ as `file:row:column: what is wrong`, from the files, the rules across rows and the evidence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import evidence
from .datafiles import Files
from .rules import Rules


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int = 0  # line in the file; 0 when the problem is the whole file
    column: str = ""
    message: str = ""
    warning: bool = False  # a warning does not block the build

    def __str__(self) -> str:
        place = self.file
        if self.row:
            place += f":{self.row}"
            if self.column:
                place += f":{self.column}"
        elif self.column:
            place += f"::{self.column}"
        return f"{place}: {'warning: ' if self.warning else ''}{self.message}"


class DataError(Exception):
    """Raised with every problem found (warnings too); str() lists one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def validate(data_dir: Path, with_texts: bool = True) -> list[Problem]:
    """Every problem in the data package at `data_dir`, warnings included, in file and row order. Rows are
    lines of the file (the header is line 1; a quoted cell on three lines takes three), so an editor can
    jump straight to them. A row with a bad cell is left out of the checks across rows; every other row
    is still checked, so one run lists every problem. Every file is read once. `with_texts=False` checks
    a copy of the data that comes without the sources' texts (an edition's dataset download): everything
    but the evidence."""
    problems = []

    def report(path: str, message: str, row: int = 0, column: str = "", warning: bool = False) -> None:
        problems.append(Problem(f"data/{path}", row, column, message, warning))

    files = Files(Path(data_dir), report)
    if files.run():
        Rules(files, report).run()
        if with_texts:
            evidence.check(files, report)
    return sorted(set(problems))


def check(data_dir: Path) -> list[Problem]:
    """Raise DataError if the data package has any problem other than a warning; return the warnings."""
    problems = validate(data_dir)
    if any(not p.warning for p in problems):
        raise DataError(problems)
    return problems

