"""The command line: a thin click layer over the library, and the only package that imports click.

`eitflow.cli.main` (the function below) is the `eitflow` console script: it installs the
stop handlers first (SIGTERM, SIGINT, SIGHUP: a clear message, children and temporary files
removed, exit 128 + the signal; `procs.install_signal_handlers`), then runs the click group
`eitflow.cli.main.main`. Each sub-module holds the commands of one library area (analyses,
bench, init, report, sweep) and only parses options, calls the library and prints.
"""


def main(args: list[str] | None = None) -> None:
    """The `eitflow` console script (and ``python -m eitflow.cli``)."""
    from eitflow import procs
    from eitflow.cli.common import stopped_message

    procs.install_signal_handlers(stopped_message)
    import importlib

    group = importlib.import_module("eitflow.cli.main").main
    group(args=args)


__all__ = ["main"]
