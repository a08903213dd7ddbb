"""What every command shares: exit codes and the one way an input problem is printed.

Exit codes: 0 solved (optimal or feasible), 1 no feasible solution or solver failure,
2 invalid input or usage (the message names file, row and column).
"""
from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import NoReturn

import click

EXIT_OK, EXIT_NO_SOLUTION, EXIT_INPUT = 0, 1, 2


def fail_input(exc: Exception, lang: str = "en", heading: str = "problems") -> None:
    """Print an input problem (every problem of a `ScenarioError`, in `lang`, under the message
    ``<heading>_one`` or ``_many``: "invalid scenario", "cannot import"; an error whose message
    is an `i18n.Phrase`, said in `lang`) and exit 2."""
    from eitflow.errors import ScenarioError
    from eitflow.i18n import text

    if isinstance(exc, ScenarioError):
        n = len(exc.problems)
        click.echo(text(f"{heading}_one" if n == 1 else f"{heading}_many", lang, n=n), err=True)
        for p in exc.problems:
            click.echo(f"  {p.say(lang)}", err=True)
    else:
        click.echo(text("problem_error", lang, message=said(exc, lang)), err=True)
    sys.exit(EXIT_INPUT)


def fail(problem: BaseException | str, lang: str, code: int = EXIT_INPUT) -> NoReturn:
    """Print ``error: <problem>`` in `lang` (`said`) and exit with `code`."""
    from eitflow.i18n import text

    click.echo(text("problem_error", lang, message=problem if isinstance(problem, str) else said(problem, lang)),
               err=True)
    sys.exit(code)


#: the system's errors people meet when writing outputs, in words of their language (Python
#: gives the C library's English, whatever the locale)
_OS_ERRORS = {errno.ENOSPC: "os_enospc", errno.EDQUOT: "os_edquot", errno.EACCES: "os_eacces",
              errno.EPERM: "os_eacces", errno.EROFS: "os_erofs", errno.ENOENT: "os_enoent",
              errno.ENOTDIR: "os_enotdir", errno.EISDIR: "os_eisdir", errno.EEXIST: "os_eexist"}


def why_not_written(exc: BaseException, lang: str) -> str:
    """Why an output could not be written, in `lang`, for a message that names it already."""
    from eitflow.i18n import text

    if isinstance(exc, OSError):
        # English keeps the system's own words ('No space left on device'), the ones people search
        if exc.errno in _OS_ERRORS and (lang != "en" or not exc.strerror):
            return text(_OS_ERRORS[exc.errno], lang)
        return str(exc.strerror or exc)
    return said(exc, lang)


def said(exc: BaseException, lang: str) -> str:
    """An error's message in `lang`: its `i18n.Phrase` said, a system error's reason in words
    (with the file it names), else its text as it is."""
    from eitflow.i18n import Phrase, text

    if len(exc.args) == 1 and isinstance(exc.args[0], Phrase):
        return exc.args[0].say(lang)
    if isinstance(exc, OSError) and exc.errno in _OS_ERRORS:
        why = text(_OS_ERRORS[exc.errno], lang)
        return f"{exc.filename}{' : ' if lang == 'fr' else ': '}{why}" if exc.filename else why
    return str(exc)


def locale_lang() -> str:
    """The language of the user's locale, as gettext looks it up (LANGUAGE, LC_ALL, LC_MESSAGES,
    LANG: the first one set), when it is one of eitflow's; else English."""
    import os

    from eitflow.i18n import DEFAULT_LANG, LANGS

    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        v = os.environ.get(var, "")
        if v:
            lang = v.split(":")[0][:2].lower()
            return lang if lang in LANGS else DEFAULT_LANG
    return DEFAULT_LANG


def input_lang(scenario, cli_lang: str | None = None) -> str:
    """The language to report a scenario's input problems in: --lang, else the language of the
    scenario, workbook or run directory at `scenario` (`scenario_lang`), else, where there is
    none to read, the user's locale (`locale_lang`), as for click's usage errors."""
    from eitflow.i18n import LANGS

    if cli_lang in LANGS:
        return str(cli_lang)
    return scenario_lang(scenario) or locale_lang()


def scenario_lang(scenario) -> str | None:
    """The language the scenario at `scenario` speaks: the `lang:` of its scenario.yaml (or of its
    workbook's parameters sheet, or of the scenario copied into a run directory), English when it
    says none; None where no scenario can be read there (a missing or unreadable file, a sweep
    file, a directory without scenario.yaml): then the session's language decides."""
    from pathlib import Path

    from eitflow.i18n import DEFAULT_LANG, LANGS

    try:
        from eitflow.io.read import run_dir_scenarios
        from eitflow.io.workbook import WORKBOOK_SUFFIXES

        path = Path(scenario)
        # a run directory given as a scenario: in the run's language (its --lang, kept in its
        # summary.json, as `io.read.with_run_settings` reads it), else its copy's
        copies = run_dir_scenarios(path)
        if copies is not None:
            from eitflow.io.runinputs import run_settings

            said = run_settings(path).get("lang")
            if said in LANGS:
                return said
        path = next(iter(copies or []), path)
        path = path / "scenario.yaml" if path.is_dir() else path
        if path.suffix.lower() in (".yaml", ".yml") and path.stat().st_size < 1_000_000:
            import yaml

            raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
            if not isinstance(raw, dict) or not {"sites", "flows"} & raw.keys():
                return None   # not a scenario (a sweep file names its bases)
            own = str(raw.get("lang") or "").strip().lower()
        elif path.suffix.lower() in WORKBOOK_SUFFIXES and path.is_file():
            from eitflow.io.workbook import workbook_lang

            own = str(workbook_lang(path) or "").strip().lower()
        else:
            return None
    except Exception:  # noqa: BLE001 - nothing readable there
        return None
    return own if own in LANGS else DEFAULT_LANG


def echo_status(result, lang: str = "en") -> None:
    """A run's status line, then, where it has a solution, its message: heat levels rounded, a
    component left off for lack of time, links kept built idle qualify the figures that follow
    (`eitflow run` said only the status line, the message was in summary.json and the report)."""
    from eitflow.results.summary import run_note

    click.echo(result.status_line(lang))
    if note := run_note(result.summary, lang):   # the words `eitflow compare` says of each run
        # wrapped to the terminal, its lines after the first under its text ("  note: "'s
        # indent and two more): a note of 300 characters ran on past 80 columns
        echo_wrapped(note, hang=len(note) - len(note.lstrip()) + 2)


def echo_warnings(scen, lang: str = "en") -> None:
    """Plausible but odd data (`Scenario.warnings`): printed in `lang`, the command goes on (exit 0)."""
    from eitflow.i18n import text

    for w in getattr(scen, "warnings", []):
        click.echo(text("problem_warning", lang, message=w.say(lang) if hasattr(w, "say") else w), err=True)


def echo_idle_networks(scen, cand, lang: str = "en") -> int:
    """A shared network nothing can use (`candidates.netwhy.idle_networks`: no flow of its
    resource at its places, none that connects at its temperature or purity, none reaching a
    demand along one-way corridors), printed as a warning on stderr; `eitflow validate` and
    `eitflow run` say it alike (a user who only runs learns it too). Returns how many."""
    from eitflow.candidates.netwhy import idle_networks
    from eitflow.i18n import text

    idle = idle_networks(scen, cand)
    for why in idle.values():
        click.echo(text("problem_warning", lang, message=why.say(lang)), err=True)
    return len(idle)


def echo_siting_note(scen, command: str, lang: str = "en", plan: bool = False) -> None:
    """A scenario with activities to place, given to a command that does not place them (`run`,
    the analyses): say so, on stderr, so that its figures (fos_siting: 0 EUR/yr, where `eitflow
    site` finds 8.8 M EUR/yr) are not read as the plan's. A command that reads the plan
    (`plan`: the analyses, `analyses.siting.plan`) says that instead."""
    from eitflow.i18n import text

    if getattr(scen, "siting", None) is not None:
        from eitflow.io.workbook import is_workbook

        # the tables as the user gave them: a workbook's sheets, else the files scenario.yaml names
        src, files = getattr(scen, "source", None), getattr(scen, "files", {}) or {}
        tables = ", ".join(f"{Path(src).name}:{k}" if src is not None and is_workbook(src)
                           else Path(files[k]).name if k in files else f"{k}.csv" for k in ("activities", "plots"))
        echo_wrapped(text("note_siting_plan" if plan else "note_siting_not_placed", lang, command=command,
                          tables=tables), err=True)


def echo_run_dir_read(path, scen, lang: str = "en", over: dict | None = None) -> None:
    """Where SCENARIO was a run directory: say, on stderr, that its copied scenario is read
    with the run's solver settings (`io.read.with_run_settings`), which may not be the
    copy's own. `over`: the command line's solver options (--solver, --mip-gap, --time-limit),
    which replace the run's: said apart, after the run's own (it said "solved as that run was
    (MIP gap 5 %)" of a run solved at 0.1 % under --mip-gap 0.05)."""
    from pathlib import Path

    from eitflow.i18n import gap_percent, number, text
    from eitflow.io.read import run_dir_scenarios
    from eitflow.io.runinputs import run_settings

    if not run_dir_scenarios(Path(path)):
        return
    sv = scen.params.solver
    given = {k: v for k, v in (over or {}).items() if k in ("name", "mip_gap", "time_limit_s") and v is not None}
    ran = {**run_settings(Path(path)).get("solver", {}), **{k: getattr(sv, k) for k in ("name", "mip_gap", "time_limit_s")
                                                            if k not in given}}

    def gap(v) -> str:
        return gap_percent(float(v), lang)

    def limit(v) -> str:
        return number(float(v), lang, 1).rstrip("0").rstrip(".,")

    said = text("line_run_dir_read", lang, path=path, scen=scen.source, solver=ran.get("name", sv.name),
                gap=gap(ran.get("mip_gap", sv.mip_gap)), limit=limit(ran.get("time_limit_s", sv.time_limit_s)))
    if given:   # what the command line replaces, in the order the run's line gives them
        parts = [text(f"line_run_dir_over_{k}", lang, v={"name": str, "mip_gap": gap, "time_limit_s": limit}[k](v))
                 for k, v in sorted(given.items(), key=lambda kv: ("name", "mip_gap", "time_limit_s").index(kv[0]))]
        said += text("line_run_dir_over", lang, changes=", ".join(parts))
    echo_wrapped(said, err=True)


def process_age_s() -> float | None:
    """Seconds since this process was created (interpreter start, imports, argument parsing):
    the start-up a user waits for before any work; None where it cannot be told.

    On Linux from /proc (start and uptime both in clock ticks since boot, 10 ms); psutil's
    create_time adds the boot time, known only to the second."""
    import os

    try:
        with open("/proc/self/stat") as fh:
            start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as fh:
            uptime = float(fh.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        pass
    try:
        import time

        import psutil  # a dependency of dask.distributed

        return max(0.0, time.time() - psutil.Process().create_time())
    except Exception:  # noqa: BLE001 - a timing is optional, never a failure
        return None


#: what a stopped command says it leaves behind (set by the command as it goes; "stopped":
#: a function saying it, for a command that writes as it goes, as a sweep does), and in which
#: language ("lang": the run's as soon as the command knows it; English until then)
STATE: dict = {"out": None, "committed": False, "stopped": None, "lang": None}


def stopped_message(signum: int) -> str:
    """What the command says when SIGTERM, SIGINT or SIGHUP stops it, in the language of the
    run (``STATE["lang"]``): 'eitflow : arrêté par SIGINT ; rien n'a été écrit (...)'."""
    import signal

    from eitflow.i18n import text

    name = signal.Signals(signum).name
    lang = STATE.get("lang") or "en"
    out = STATE.get("out")
    if STATE.get("stopped") is not None:
        return text("stop_line", lang, signal=name, what=STATE["stopped"]())
    if out is None:
        where = text("stop_nothing", lang)
    elif STATE.get("committed"):
        where = text("stop_written", lang, out=out)
    else:
        where = text("stop_not_written", lang, out=out)
    return text("stop_line", lang, signal=name, what=text("stop_cleaned", lang, what=where))


def guard_process(out=None, lang: str | None = None) -> None:
    """A command that solves or writes: its children and temporary files never outlive it,
    even if it is killed (`procs.start_guardian`); the console script's stop handlers
    (`eitflow.cli.main`) say what `out` holds when a signal stops it, in `lang` (the command
    sets ``STATE["lang"]`` again once it has read the scenario's)."""
    import eitflow.procs as procs

    STATE.update(out=out, committed=False, stopped=None, lang=lang)
    procs.start_guardian()


def money_per_year(v: float, lang: str) -> str:
    """An amount of EUR/yr as the command lines say it: '843,095\xa0EUR/yr', '843\u202f095\xa0€/an'
    (`i18n.money` per year, for people: a no-break space before the currency, as the report's and
    brief's sentences say it)."""
    from eitflow.i18n import money

    return money(v, lang, per_year=True)


def terminal_columns() -> int | None:
    """The width sentences wrap to: COLUMNS where it is set, else the terminal's; None where
    the output is no terminal (a file, a pipe: a line a script reads stays whole)."""
    import os
    import shutil

    env = os.environ.get("COLUMNS", "")
    if env.strip().isdigit() and int(env) > 0:
        return int(env)
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def echo_wrapped(message: str, err: bool = False, hang: int = 0) -> None:
    """A sentence above or under a table, in lines of the terminal's width (`terminal_columns`),
    broken where a table's cells break (`cli.sentences.fill`: never inside a number nor between it
    and its unit; a path longer than the line after a "/"). Unwrapped, they ran to 127-292
    characters at 120 columns (a siting scenario's note, "RUN is a run directory", "Variantes
    trouvées", pareto's points of one plan).

    Parameters
    ----------
    message : str
        The text; each of its lines is wrapped on its own.
    err : bool
        Print on stderr.
    hang : int
        Spaces (characters) before each line a line wraps into, as under the text of
        "  note: ..." (the status note, `echo_status`).
    """
    from eitflow.cli.sentences import fill

    width = terminal_columns()
    if width is None:
        click.echo(message, err=err)
        return
    # the lines a line wraps into filled at the room the hang leaves them, in one pass: filled
    # again from the lines joined by spaces, a path broken across them got a space inside it
    click.echo("\n".join(fill(p, width, hang) for p in str(message).split("\n")), err=err)
