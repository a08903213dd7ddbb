"""`--help` in the language of the command line (`usage.argv_lang`): French for a French
scenario, `--lang fr` or a French locale.

Click writes help through a `click.HelpFormatter`; the commands' contexts (`SaidContext`,
given to every command by `SaidGroup`) make a `SaidFormatter`, which says each paragraph of a
command's text, each option's help and click's own words (section titles, "[default: 7]")
through ``data/help_fr.csv``: one row per English text as written in the command's docstring
or option (msgid style, like gettext's catalogues), with where it is used. A text with no row
stays English (test_help_french lists every text of the user commands, so none is missed).
"""

from __future__ import annotations

import csv
import re
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources

import click

from eitflow.i18n import DEFAULT_LANG, HIGH_MARK, text

__all__ = ["SaidContext", "SaidFormatter", "SaidGroup", "help_table", "say_help"]

#: where the root command keeps the words of its command line (`SaidGroup.parse_args`), and the
#: language found from them; `Context.meta` is shared by a command and its sub-commands
ARGS_KEY, LANG_KEY = "eitflow.args", "eitflow.lang"


@lru_cache(maxsize=1)
def help_table() -> dict[str, str]:
    """English help text -> French (``data/help_fr.csv``)."""
    raw = resources.files("eitflow").joinpath("data/help_fr.csv").read_text("utf-8")
    return {r["en"]: r["fr"] for r in csv.DictReader(raw.splitlines(True)) if r["fr"]}


def say_help(en: str, lang: str) -> str:
    """A command's help text `en` in `lang`, paragraph by paragraph (a paragraph without a
    French text stays English)."""
    if lang == DEFAULT_LANG or not en:
        return en
    table = help_table()
    if en in table:
        return table[en]
    return "\n\n".join(table.get(p, p) for p in en.split("\n\n"))


_EXTRA = re.compile(r"^(?P<help>.*?)(?:\s{2})?\[(?P<extra>[^\[\]]*)\]$", re.S)


def _say_option(help_: str, lang: str) -> str:
    """An option's help with click's bracket of extras ('...  [default: 7; required]')."""
    if lang == DEFAULT_LANG:
        return help_
    m = _EXTRA.match(help_)
    if not m:
        return say_help(help_, lang)
    items = []
    for item in m["extra"].split("; "):
        word, sep, value = item.partition(": ")
        if item == "required":
            items.append(text("click_help_required", lang))
        elif sep and word in ("default", "env var"):
            items.append(text("click_help_default" if word == "default" else "click_help_env", lang, value=value))
        else:   # a range ('1<=x<=200') is said as it is
            items.append(item)
    said, extra = say_help(m["help"], lang), _sep(lang, ";").join(items)
    return f"{said}  [{extra}]" if said else f"[{extra}]"


def _sep(lang: str, mark: str) -> str:
    """A punctuation mark as `lang` writes it: French puts a space before ':' and ';'."""
    return f" {mark} " if lang == "fr" else f"{mark} "




class SaidFormatter(click.HelpFormatter):
    """A help formatter that says what it writes in `lang`."""

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang

    def _glue(self, s: str) -> str:
        # French typography: a line never starts with ':' or ';'. The space before the mark is
        # no-break while click wraps (textwrap breaks only at ASCII whitespace), and a plain
        # space again in `getvalue`
        return HIGH_MARK.sub("\xa0", s) if self.lang == "fr" else s

    def getvalue(self) -> str:
        out = super().getvalue()
        return out.replace("\xa0", " ") if self.lang == "fr" else out

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None and self.lang != DEFAULT_LANG:
            prefix = text("click_usage_prefix", self.lang) + " "
        super().write_usage(prog, args, prefix)

    @contextmanager
    def section(self, name: str):
        # click writes the title then ':'; French puts a space before it ('Commandes :')
        with super().section(say_help(name, self.lang) + (" " if self.lang == "fr" else "")):
            yield

    def write_text(self, text: str) -> None:
        super().write_text(self._glue(say_help(text, self.lang)))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        said = [(a, self._glue(_say_option(b, self.lang))) for a, b in rows]
        super().write_dl(said, col_max, col_spacing)


class SaidContext(click.Context):
    """A click context whose help is said in the command line's language."""

    def make_formatter(self) -> click.HelpFormatter:
        return SaidFormatter(self.lang(), width=self.terminal_width, max_width=self.max_content_width)

    def lang(self) -> str:
        if LANG_KEY not in self.meta:
            from eitflow.cli.usage import argv_lang

            root = self.find_root()
            self.meta[LANG_KEY] = argv_lang(self.meta.get(ARGS_KEY, []), root.command, root)
        return self.meta[LANG_KEY]


class SaidGroup(click.Group):
    """A click group whose commands say their help in the command line's language."""

    context_class = SaidContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # the root keeps its words before click parses them: an eager --help answers from here
        if ctx.parent is None:
            ctx.meta[ARGS_KEY] = list(args)
        return super().parse_args(ctx, args)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        cmd = super().get_command(ctx, name)
        if cmd is not None and not isinstance(cmd, click.Group):
            cmd.context_class = SaidContext
        return cmd
