"""Error types raised by the library; the CLI turns them into exit codes.

`ScenarioError` (exit 2) carries every problem found in the input, each naming the
file, the row (the spreadsheet's: header = 1, the first data row 2) and the column, so an
analyst can fix a spreadsheet export in one pass; `ScenarioError.say("fr")` says them in French. `SolveError` (exit 1) means no feasible solution
or a solver failure.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MAX_MESSAGE_CHARS = 400  # a problem's text is cut here: input never floods the terminal
EXCERPT_CHARS = 40       # what a message shows of a cell's value


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A short, escaped excerpt of an input value for a message: invisible and control
    characters shown as \\uXXXX (so 'x' and 'x\\u200b' never look alike), cut at `limit`
    characters. Messages never echo more of a file than this."""
    text = str(value)
    out = []
    for ch in text[:limit]:
        if ch == " " or (ch.isprintable() and unicodedata.category(ch) not in ("Cf", "Zl", "Zp")):
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
    return "".join(out) + ("..." if len(text) > limit else "")


def invisible_chars(value: str) -> list[tuple[int, str]]:
    """(position, "U+XXXX NAME") of each invisible or control character of `value`."""
    return [(i, f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character')}") for i, ch in enumerate(value)
            if not (ch == " " or (ch.isprintable() and unicodedata.category(ch) not in ("Cf", "Zl", "Zp")))]


@dataclass(frozen=True)
class Problem:
    """One input problem: where it is and what was expected."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    #: the file's first line is Excel's `sep=` (`io.csvfile.AfterSepLine`): `row` is numbered as
    #: Excel shows the file (the line hidden, the header row 1); LibreOffice shows the line, as
    #: row 1, and every row one further down: said too
    sep_line: bool = False

    def __str__(self) -> str:
        return self.say("en")

    def say(self, lang: str = "en") -> str:
        """The problem in `lang` (en, fr): where it is, then the message (a `i18n.Phrase` said
        in `lang`; a message written as plain text stays English). The file is a name, or a
        Phrase for a file of eitflow's own (the activity catalogue)."""
        from eitflow.i18n import say, text

        where = say(self.file, lang)   # a file of ours may have a name in each language
        if self.row is not None:
            # a row's number is a label, never grouped by thousands ('ligne 1234', not '1 234')
            where += (text("problem_row_sep_line", lang, row=str(self.row), shown=str(self.row + 1)) if self.sep_line
                      else text("problem_row", lang, row=str(self.row)))
        if self.column is not None:
            where += text("problem_column", lang, column=excerpt(self.column))
        msg = say(self.message, lang)
        msg = msg if len(msg) <= MAX_MESSAGE_CHARS else msg[:MAX_MESSAGE_CHARS] + "..."
        return text("problem", lang, where=where, message=msg)


def problem_facts(p: Problem) -> dict:
    """`p` as JSON-ready facts (its message's key and figures, `i18n.facts`), from which
    `problem_from_facts` makes the same problem to say in any language (summary.json keeps a
    run's input warnings so, for a report written later in French)."""
    from eitflow.i18n import facts

    out = {"file": facts(p.file), "row": p.row, "column": p.column, "message": facts(p.message)}
    return {**out, "sep_line": True} if p.sep_line else out


def problem_from_facts(d: dict) -> Problem:
    """The problem `problem_facts` gave `d`; KeyError for a message this version does not have."""
    from eitflow.i18n import from_facts

    return Problem(from_facts(d["file"]), from_facts(d["message"]), d.get("row"), d.get("column"),
                   bool(d.get("sep_line", False)))


class ScenarioError(ValueError):
    """Invalid scenario input; holds one or more `Problem`s."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def say(self, lang: str = "en") -> str:
        """Every problem in `lang` ("en", "fr"), one a line, as the command line says them
        (`str(error)` is the English)."""
        return "\n".join(p.say(lang) for p in self.problems)


class SolveError(RuntimeError):
    """No feasible solution, or the solver failed; `status` says which."""

    def __init__(self, status: str, message: str):
        self.status = status
        super().__init__(f"{status}: {message}")


class Collector:
    """Gathers problems so validation reports all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # how a problem names a table the user gave when another table refers to it (an unknown
        # site: "not in sites.csv"): absent, its file name in the scenario format (`io.tables.source`)
        self.sources: dict[str, str] = {}
        # where this collector's warnings go (an unknown column: `io.tables.check_columns`);
        # None: such warnings are not said (a second check of a table already checked)
        self.warn: Collector | None = None
        # (file, column) -> the header as the file writes it, for a misspelt header read as the
        # column it names (`io.tables.check_columns`): a problem in its cells names the header
        # the user sees in their file ('temprature_c'), not the name it was read as
        self.headers: dict[tuple[str, str], str] = {}

    def add(self, file: str, message: str, row: int | None = None, column: str | None = None) -> None:
        written = self.headers.get((str(file), column)) if column is not None and self.headers else None
        if written is not None and written != column:
            from eitflow.i18n import Phrase

            message, column = Phrase("val_read_as", message=message, name=column), written
        self.problems.append(Problem(file, message, row, column))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ScenarioError(self.problems)


#: problems that say all there is to say of their cell (a formula with no value saved: the
#: cell reads as empty) or of their row (a row of totals under a table: its empty cells)
_WHOLE_CELL = frozenset({"wb_formula_no_value", "wb_formula_recalc"})
_WHOLE_ROW = frozenset({"val_total_row"})


def said_once(problems: list[Problem]) -> list[Problem]:
    """`problems` without those that follow from another at the same cell or row: 'missing
    value' where the cell holds a formula with no value saved, the empty cells of a Total row."""
    def key(p: Problem) -> object:
        return getattr(p.message, "key", None)

    cells = {(str(p.file), p.row, p.column) for p in problems if key(p) in _WHOLE_CELL}
    rows = {(str(p.file), p.row) for p in problems if key(p) in _WHOLE_ROW}
    return [p for p in problems if key(p) in _WHOLE_CELL | _WHOLE_ROW
            or ((str(p.file), p.row, p.column) not in cells and (str(p.file), p.row) not in rows)]
