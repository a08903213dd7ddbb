"""The command line's group: its commands' list, the heavier ones imported on first use, its help
and usage errors said in the command line's language (`cli.helptext`, `cli.usage`)."""

from __future__ import annotations

import click

from eitflow.cli.helptext import ARGS_KEY, SaidGroup, say_help

# command name -> (module:attribute, one-line help): imported only when the command runs, so
# `eitflow --help` and `eitflow validate` do not pay for matplotlib, Dask or the analyses
LAZY_COMMANDS = {
    "pareto": ("eitflow.cli.analyses:pareto_cmd", "Net benefit vs avoided CO2 (epsilon-constraint), with a plot."),
    "alternatives": ("eitflow.cli.analyses:alternatives_cmd", "The next best portfolios of links (and network "
                                                              "corridors) and how each differs."),
    "resilience": ("eitflow.cli.analyses:resilience_cmd", "For each company with an exchange: what is lost if it "
                                                          "closes."),
    "explain": ("eitflow.cli.analyses:explain_cmd", "Why each unmatched flow is unmatched."),
    "site": ("eitflow.cli.site:site_cmd", "Where to put new activities: place them on free plots for the best "
                                          "synergies, and rank the plots."),
    "zones": ("eitflow.cli.analyses:zones_cmd", "The optimum rolled up by zone (one documented allocation rule)."),
    "compare": ("eitflow.cli.analyses:compare_cmd", "What changed between two run directories."),
    "sizes": ("eitflow.cli.analyses:sizes_cmd", "Whether a linearly sized network still pays at the catalogue's "
                                                "pipe sizes."),
    "sweep": ("eitflow.cli.sweep:sweep_cmd", "Grid or Monte Carlo sweep on a Dask cluster, with a plot."),
    "report": ("eitflow.cli.report:report_command", "The offline HTML report, PDFs, figures, GeoPackage of a run."),
    "init": ("eitflow.cli.init:init_command", "Write a scenario template (CSV files or one workbook)."),
    "bench": ("eitflow.cli.bench:bench", "Benchmark suites (JSON results) and comparisons."),
}


class LazyGroup(SaidGroup):
    """A click group whose heavier commands are imported on first use, whose help is said in the
    command line's language (`helptext`) and so are its usage errors (click's, raised while
    parsing it or a command: `usage`)."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise self._said(exc, list(args)) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise self._said(exc, ctx.meta.get(ARGS_KEY, [])) from None

    def _said(self, exc: click.UsageError, args: list[str]) -> click.UsageError:
        from eitflow.cli.usage import SaidUsageError, argv_lang

        # a request for help (`eitflow` alone) is not an error; what is already said stays
        if isinstance(exc, SaidUsageError) or type(exc).__name__ == "NoArgsIsHelpError":
            return exc
        ctx = exc.ctx or click.Context(self, info_name="eitflow")
        lang = argv_lang(args, self, ctx)
        return exc if lang == "en" else SaidUsageError(exc, lang)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS and name not in self.commands:
            import importlib

            mod, attr = LAZY_COMMANDS[name][0].split(":")
            self.add_command(getattr(importlib.import_module(mod), attr), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        lang = getattr(formatter, "lang", "en")
        for name in self.list_commands(ctx):
            if name in self.commands:
                cmd = self.commands[name]
                if cmd.hidden:
                    continue
            if lang != "en" and name in LAZY_COMMANDS:
                # the list's own line, said: the same whether the command is loaded yet or not
                rows.append((name, say_help(LAZY_COMMANDS[name][1], lang)))
            elif name in self.commands:
                rows.append((name, self.commands[name].get_short_help_str(formatter.width - 6 - len(name))))
            else:
                rows.append((name, LAZY_COMMANDS[name][1]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
