"""A sweep's results.csv and links.csv while it runs (`sweep.run`): a header, then whole lines
appended one write per run as the runs finish, in whatever order; a sweep started again keeps
the lines of its finished runs (`resume`), and the tables are put in sweep order at each
checkpoint and at the end (`Journal.ordered`). On object storage, which cannot append, the lines
are kept in memory and put whole at each checkpoint."""

from __future__ import annotations

from eitflow.sweep.store import Store
from eitflow.sweep.tables import LINK_COLUMNS, csv_lines, header, links_from_matches, row_from_summary
from eitflow.sweep.task import summary_of


class Journal:
    """results.csv or links.csv while the sweep runs: header and whole lines, one write per
    run (object storage cannot append: the lines are kept and put at each checkpoint)."""

    def __init__(self, store: Store, name: str, columns: list[str]):
        self.store, self.name, self.columns = store, name, columns
        self.head = header(columns)
        self.memory: list[bytes] | None = None

    def lines_by_run(self) -> dict[str, list[bytes]]:
        """The lines already there, by run id (a last line cut short is dropped)."""
        data = self.store.get(self.name) or b""
        if not data.startswith(self.head):  # absent, or the columns changed: derive everything again
            return {}
        out: dict[str, list[bytes]] = {}
        for line in data[len(self.head):].splitlines(keepends=True):
            if line.endswith(b"\n"):
                out.setdefault(line.split(b",", 1)[0].decode(), []).append(line)
        return out

    def current(self) -> bool:
        """Whether the table there has this journal's columns (or is not there yet)."""
        data = self.store.get(self.name)
        return not data or data.startswith(self.head)

    def reset(self, lines: list[bytes]) -> None:
        self.store.put(self.name, self.head + b"".join(lines))
        if self.store.fs is not None:
            self.memory = list(lines)

    def add(self, data: bytes) -> None:
        if data and not self.store.append(self.name, data):
            assert self.memory is not None
            self.memory.append(data)

    def flush(self) -> None:
        if self.memory is not None:
            self.store.put(self.name, self.head + b"".join(self.memory))

    def ordered(self, run_ids: list[str]) -> bytes:
        """The table in sweep order (the last line of a run wins)."""
        by = self.lines_by_run() if self.memory is None else _group(self.memory)
        return self.head + b"".join(b"".join(by[r]) for r in run_ids if r in by)


def _group(lines: list[bytes]) -> dict[str, list[bytes]]:
    out: dict[str, list[bytes]] = {}
    for chunk in lines:
        for line in chunk.splitlines(keepends=True):
            out.setdefault(line.split(b",", 1)[0].decode(), []).append(line)
    return out


def resume(store: Store, results: Journal, links: Journal, done: set[str], plan_rows: dict,
           resources: dict[str, str], lang: str = "en") -> None:
    """Start the journals again from the finished runs: lines already there are kept, the
    rows of finished runs missing from them (the client was killed between writing a run and
    its lines) are read from the run directories (messages in `lang`); lines of unfinished
    runs go."""
    have = results.lines_by_run()
    link_lines = links.lines_by_run()
    links_current = links.current()
    keep_r, keep_l = [], []
    for rid in plan_rows:
        if rid not in done:
            continue
        if rid in have and _field(have[rid][-1], results.columns, "status") != "error":
            keep_r.append(have[rid][-1])
            if links_current:
                keep_l += link_lines.get(rid, [])
            else:   # links.csv of other columns (before the mode): its lines read again from the run
                keep_l.append(csv_lines(links_from_matches(rid, plan_rows[rid]["base"],
                                                           store.get(f"runs/{rid}/matches.csv")), LINK_COLUMNS))
            continue
        prow = plan_rows[rid]
        summary = summary_of({"summary.json": store.get(f"runs/{rid}/summary.json") or b"{}"})
        keep_r.append(csv_lines([row_from_summary(prow, summary, resources, lang)], results.columns))
        keep_l.append(csv_lines(links_from_matches(rid, prow["base"], store.get(f"runs/{rid}/matches.csv")),
                                LINK_COLUMNS))
    results.reset(keep_r)
    links.reset(keep_l)


def _field(line: bytes, columns: list[str], name: str) -> str:
    import csv

    values = next(csv.reader([line.decode("utf-8")]))
    return values[columns.index(name)] if len(values) == len(columns) else ""
