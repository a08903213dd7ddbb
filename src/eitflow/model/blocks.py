"""Named blocks of columns and rows: where each kind of variable and constraint sits in a
model, so no consumer slices by a computed offset.

A `Blocks` registry is an ordered list of `Block`s, each a run of consecutive indices with
a name and one label per index (what the index stands for: a candidate link, a hub, a
flow...). The model builder appends blocks as it writes columns and rows; the solvers, the
solution check, the cascade, the dual prices, the LP export and the watchdog look them up
by name::

    arr.cols["x"].slice        # flow columns (links x periods)
    arr.cols["y"].labels       # candidate-link position of each link switch
    arr.rows["supply"].labels  # flow position (in scenario.flows) of each supply row

Blocks that a model does not have are empty (``arr.cols["w"]`` of a model without hubs has
length 0), so code reads the same for every model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Block", "Blocks", "RowNames", "unique_names"]


@dataclass(frozen=True)
class Block:
    """A run of consecutive columns (or rows) [start, stop) named `name`; `labels[k]` says
    what index start + k stands for (meaning per block: see `model.arrays.MilpArrays`)."""

    name: str
    start: int
    stop: int
    labels: np.ndarray = field(repr=False)

    @property
    def slice(self) -> slice:
        return slice(self.start, self.stop)

    @property
    def indices(self) -> np.ndarray:
        return np.arange(self.start, self.stop)

    def __len__(self) -> int:
        return self.stop - self.start


class Blocks:
    """Ordered registry of blocks; `add` appends a block after the last one."""

    def __init__(self) -> None:
        self._blocks: dict[str, Block] = {}
        self.size = 0

    def add(self, name: str, n: int, labels: np.ndarray | None = None) -> Block:
        """Append `n` indices named `name` (labels default to -1) and return the block.
        Adding to an existing name is allowed only for the last block (it grows)."""
        lab = np.full(n, -1, np.int64) if labels is None else np.asarray(labels)
        if len(lab) != n:
            raise ValueError(f"block '{name}': {n} indices but {len(lab)} labels")
        if name in self._blocks:
            last = next(reversed(self._blocks))
            if last != name:
                raise ValueError(f"block '{name}' exists and is not the last one")
            old = self._blocks[name]
            blk = Block(name, old.start, old.stop + n, np.concatenate([old.labels, lab]))
        else:
            blk = Block(name, self.size, self.size + n, lab)
        self._blocks[name] = blk
        self.size += n
        return blk

    def __getitem__(self, name: str) -> Block:
        blk = self._blocks.get(name)
        return blk if blk is not None else Block(name, self.size, self.size, np.zeros(0, np.int64))

    def __contains__(self, name: object) -> bool:
        return name in self._blocks and len(self._blocks[str(name)]) > 0

    def __iter__(self) -> Iterator[Block]:
        return iter(self._blocks.values())

    def names(self) -> list[str]:
        return list(self._blocks)

    def name_of(self, index: int) -> str:
        """The name of the block holding `index`."""
        for b in self._blocks.values():
            if b.start <= index < b.stop:
                return b.name
        raise IndexError(index)

    def without(self, name: str) -> tuple[Blocks, np.ndarray]:
        """The registry with block `name` removed (later blocks move up) and the indices kept."""
        out = Blocks()
        keep = []
        for b in self._blocks.values():
            if b.name == name:
                continue
            out.add(b.name, len(b), b.labels)
            keep.append(b.indices)
        return out, (np.concatenate(keep) if keep else np.zeros(0, np.int64))

    def __repr__(self) -> str:
        return "Blocks(" + ", ".join(f"{b.name}[{b.start}:{b.stop}]" for b in self._blocks.values()) + ")"


class RowNames(Sequence[str]):
    """The names of a model's rows ("supply_F1", "corridor_c7_capacity"...), each block's
    given as a list or as a function that makes it: those are made all at once the first time
    a name is read (an error message, the LP export, the diagnosis, a cut's name). Most runs
    read none, and formatting them cost 0.1-0.4 ms a model on FCNetLib's small networks
    (190-600 rows), whose whole HiGHS solve takes 3-50 ms. Sent to another process, the
    names go as a plain list."""

    def __init__(self) -> None:
        self._parts: list[list[str] | Callable[[], list[str]]] = []
        self._n = 0
        self._made: list[str] | None = None

    def add(self, names: Iterable[str] | Callable[[], list[str]], n: int | None = None) -> None:
        """Append a block's names: a list, or a function returning the `n` names."""
        if callable(names):
            assert n is not None
            self._parts.append(names)
            self._n += int(n)
        else:
            names = list(names)
            self._parts.append(names)
            self._n += len(names)
        self._made = None

    def _all(self) -> list[str]:
        if self._made is None:
            out: list[str] = []
            for p in self._parts:
                out.extend(p() if callable(p) else p)
            if len(out) != self._n:
                raise ValueError(f"{len(out)} row names made for {self._n} rows")
            self._parts, self._made = [out], out
        return self._made

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        return self._all()[i]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __add__(self, other: Iterable[str]) -> list[str]:
        return self._all() + list(other)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (list, RowNames)) and self._all() == list(other)

    def __reduce__(self):
        return (list, (self._all(),))

    def __repr__(self) -> str:
        return f"RowNames({self._n} rows)"


def unique_names(names: Iterable[str]) -> list[str]:
    """`names` with a repeated one numbered from its second time on (`_2`, `_3`...): row and
    column names are keys (PuLP refuses two of one name: 'overlapping constraint names')."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}_{seen[n]}")
    return out


class RowParts:
    """A model's rows as they are added, block by block (`block`): the row blocks (`rows`), the
    coordinates and values of the matrix's entries (R, C, V: one array per block), the rows'
    bounds (LO, HI) and names (`NAMES`). One place for the general model (`model.build`) and
    the plain network's (`model.netplain`)."""

    def __init__(self) -> None:
        self.rows = Blocks()
        self.R: list[np.ndarray] = []
        self.C: list[np.ndarray] = []
        self.V: list[np.ndarray] = []
        self.LO: list[np.ndarray] = []
        self.HI: list[np.ndarray] = []
        self.NAMES = RowNames()

    def block(self, name: str, rows_local, cols_, vals, lo, hi, names, labels) -> None:
        """Append a block of len(lo) rows named `name`: entries at (rows_local (from 0 in the
        block), cols_) of values `vals`, bounds lo <= row <= hi, `names` a list or a function
        making it when first read (`RowNames`; its arguments bound as defaults, since the
        arrays named there may be reassigned after), `labels` what each row stands for."""
        start = self.rows.size
        self.rows.add(name, len(lo), np.asarray(labels, np.int64))
        self.R.append(np.asarray(rows_local, np.int64) + start)
        self.C.append(np.asarray(cols_, np.int64))
        self.V.append(np.asarray(vals, float))
        self.LO.append(np.asarray(lo, float))
        self.HI.append(np.asarray(hi, float))
        self.NAMES.add(names, len(lo))
