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
    _ready_to_stop()
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


def _ready_to_stop() -> None:
    """Load what the stop message needs (`common.stopped_message`: eitflow.i18n, the messages
    table and its readers) before the command imports anything else. The stop handler runs in
    the main thread between two bytecodes of whatever it does: had it to import one of these
    while that very thread was importing it, it found the module half made (an ImportError
    from eitflow.i18n, a traceback and exit 1 instead of the stop line). A stop during this
    loading says `_plain_stop_line`."""
    import signal

    from eitflow.cli.common import stopped_message

    stopped_message(signal.SIGINT)


def _stopped_message(signum: int) -> str:
    """`common.stopped_message`; while the command line is still being imported (what the
    message needs not loaded yet, or half made in this very thread), `_plain_stop_line`."""
    try:
        from eitflow.cli.common import stopped_message

        return stopped_message(signum)
    except Exception:  # noqa: BLE001 - a half-made module: a stop message never fails
        return _plain_stop_line(signum)


def _plain_stop_line(signum: int) -> str:
    """The stop line in plain English, needing nothing not loaded (signal and sys are): 'nothing
    was written' only while the command has started nothing (`common.STATE` as it starts)."""
    import signal
    import sys

    state = getattr(sys.modules.get("eitflow.cli.common"), "STATE", None) or {}
    line = f"eitflow: stopped by {signal.Signals(signum).name}"
    return line + "; nothing was written" if state.get("out") is None and state.get("stopped") is None else line


__all__ = ["main"]
