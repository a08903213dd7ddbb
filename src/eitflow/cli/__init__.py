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

    # first thing: a Ctrl-C from here on says eitflow's message, not a KeyboardInterrupt
    # traceback from inside an import (click's takes 30-50 ms)
    procs.install_signal_handlers(_stopped_message)
    import importlib

    group = importlib.import_module("eitflow.cli.main").main
    try:
        group(args=args)
    except BaseException:
        if procs.stopping():
            # a stop signal is ending the command in another thread and closing what it runs (a
            # sweep's local cluster): what that made fail here is no news, and no traceback;
            # the stop exits with its own message and code
            import threading

            threading.Event().wait(procs.STOP_WAIT_S)
        raise
    finally:
        # The command is over (its files written and closed, its pools and clusters shut
        # down): freeze what is alive, so the interpreter's last collections do not walk
        # every object a national run made. Its exit took 0.5-0.8 s of 10-12 s under load,
        # 0.09 s frozen. Atexit handlers and finalizers still run; cyclic garbage left at
        # this point is left to the operating system, as the process ends.
        import gc

        gc.freeze()


def _stopped_message(signum: int) -> str:
    """`common.stopped_message`; while the command line is still being imported (the module
    not there yet, or half made in this very thread), what it would say then."""
    try:
        from eitflow.cli.common import stopped_message
    except ImportError:
        import signal

        return f"eitflow: stopped by {signal.Signals(signum).name}; nothing was written"
    return stopped_message(signum)


__all__ = ["main"]
