"""Click's own usage errors (a mistyped option, a bad value, a missing argument) said in the
language of the run, as eitflow's own messages are.

Click builds these messages in English when it raises them, before eitflow knows which
scenario the command is about, and ships no French. So the English message is matched,
once it is known to be wrong, against click's message templates (`CLICK_MESSAGES`: rows of
``data/messages.csv`` whose English column is click's own wording) and said again in the
language of the command line: ``--lang``, else the ``lang:`` of the scenario or run
directory named on it, else the user's locale (LANG=fr_FR.UTF-8), else English. A message
no template matches stays as click wrote it.
"""

from __future__ import annotations

import re
from functools import lru_cache

import click

from eitflow.i18n import DEFAULT_LANG, LANGS, text

__all__ = ["CLICK_MESSAGES", "SaidUsageError", "argv_lang", "say_click"]

#: the rows of data/messages.csv whose English is one of click's messages (click 8.1-8.5)
CLICK_MESSAGES = (
    "click_invalid_value_for", "click_invalid_value", "click_did_you_mean", "click_did_you_mean_one_of",
    "click_no_such_option", "click_no_such_option_81", "click_no_such_command", "click_missing_argument",
    "click_missing_option", "click_missing_command", "click_extra_argument", "click_extra_arguments",
    "click_requires_argument", "click_requires_arguments", "click_takes_no_value", "click_not_integer",
    "click_not_float", "click_not_in_range", "click_not_choice", "click_not_one_of", "click_file_missing",
    "click_directory_missing", "click_path_missing", "click_file_is_directory", "click_directory_is_file",
)
#: fields whose value is another message, said in turn
_NESTED = ("message",)


@lru_cache(maxsize=1)
def _templates() -> list[tuple[re.Pattern[str], str]]:
    """(regex of click's English template, message key), longest template first so that a
    composite ('{message} Did you mean ...?') is tried before its parts."""
    rows = [(k, text(k)) for k in CLICK_MESSAGES]
    out = []
    for key, en in sorted(rows, key=lambda kv: -len(kv[1])):
        pattern, pos = "", 0
        for m in re.finditer(r"\{(\w+)(!r)?\}", en):
            pattern += re.escape(en[pos:m.start()])
            # a repr'd field keeps its quotes, as eitflow's French messages quote values ('x')
            pattern += (rf"(?P<{m[1]}>'[^']*'|\"[^\"]*\")" if m[2] else rf"(?P<{m[1]}>.+?)")
            pos = m.end()
        out.append((re.compile(pattern + re.escape(en[pos:]), re.S), key))
    return out


def say_click(message: str, lang: str) -> str:
    """Click's English `message` said in `lang` (unchanged in English, or when no template of
    click's matches it: a newer click's new wording is still shown, in English)."""
    if lang == DEFAULT_LANG:
        return message
    for pattern, key in _templates():
        m = pattern.fullmatch(message)
        if m:
            fields = {k: say_click(v, lang) if k in _NESTED else v for k, v in m.groupdict().items()}
            return text(key, lang, **fields)
    return message


def _positionals(args: list[str], command: click.Command | None) -> list[str]:
    """The tokens of `args` that are not options nor option values (an unknown option is taken
    to be a flag: what follows it may be the scenario)."""
    takes_value = set()
    if command is not None:
        for p in command.params:
            if isinstance(p, click.Option) and not p.is_flag and not p.count:
                takes_value.update(p.opts)
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a.startswith("-") and len(a) > 1:
            skip = "=" not in a and a in takes_value
        else:
            out.append(a)
    return out


def argv_lang(args: list[str], group: click.Group, ctx: click.Context) -> str:
    """The language of the command line `args` (the words after ``eitflow``): its ``--lang``,
    else that of the first scenario, workbook or run directory it names (`common.scenario_lang`:
    English for one that says none), else the session's (`locale_lang`)."""
    from pathlib import Path

    from eitflow.cli.common import locale_lang, scenario_lang

    for i, a in enumerate(args):
        v = args[i + 1] if a == "--lang" and i + 1 < len(args) else a.partition("=")[2] if a.startswith("--lang=") \
            else None
        if v and v.strip().lower() in LANGS:
            return v.strip().lower()
    words = _positionals(args, None)
    command = None
    if words:   # the command's own options tell which words are values (--out DIR is not the scenario)
        try:
            command = group.get_command(ctx, words[0])
        except Exception:  # noqa: BLE001 - an unknown or broken command: every word is looked at
            command = None
        words = words[:1] + _positionals(args[args.index(words[0]) + 1:], command)
    for w in words:
        if Path(w).exists():
            said = scenario_lang(w)
            if said is not None:
                return said
    return locale_lang()


class SaidUsageError(click.UsageError):
    """A click usage error said in `lang`: the usage line, the hint and the message."""

    def __init__(self, original: click.UsageError, lang: str) -> None:
        super().__init__(say_click(original.format_message(), lang), original.ctx)
        self.lang = lang

    def show(self, file=None) -> None:
        ctx, lang = self.ctx, self.lang
        to = {"file": file} if file is not None else {"err": True}
        if ctx is not None:
            formatter = ctx.make_formatter()
            formatter.write_usage(ctx.command_path, " ".join(ctx.command.collect_usage_pieces(ctx)),
                                  prefix=text("click_usage_prefix", lang) + " ")
            click.echo(formatter.getvalue().rstrip("\n"), **to, color=ctx.color)
            if ctx.command.get_help_option(ctx) is not None:
                click.echo(text("click_try_help", lang, command=ctx.command_path,
                                option=max(ctx.command.get_help_option_names(ctx), key=len)), **to)
            click.echo(**to)
        click.echo(text("click_error", lang, message=self.format_message()), **to,
                   color=ctx.color if ctx is not None else None)
