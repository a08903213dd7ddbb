"""The command line: a thin click layer over the library, and the only package that imports click.

`eitflow.cli.main` is the `eitflow` console script; each sub-module holds the commands of
one library area (analyses, bench, init, report, sweep) and only parses options, calls the
library and prints.
"""
from eitflow.cli.main import main

__all__ = ["main"]
