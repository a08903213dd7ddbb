"""Numbers filling a sentence's template (`i18n.text`, `i18n.Phrase`): a 'g' spec's figure of a
million or more written out at its significant digits, as below a million (',.6g': 1,000,000
and 12,345,700, not 1e+06 and 1.23457e+07: Tavaux's report read 'x 1e+06 m³/an'). Tiny figures
and absurd ones (from 1e+12, a validation's limit) keep their exponent."""

from __future__ import annotations

import math
from numbers import Real


def whole_g(v: float, spec: str) -> str:
    """`format(v, spec)`, a 'g' spec's large figure written out (module docstring)."""
    out = format(v, spec)
    if not spec.endswith("g") or "e+" not in out or not math.isfinite(v) or abs(v) >= 1e12:
        return out
    head, _, digits = spec[:-1].partition(".")
    sig = max(int(digits or 6), 1)
    return format(round(v, sig - 1 - math.floor(math.log10(abs(v)))), head + ".0f")


class WrittenOut:
    """A number filling a template: `whole_g`'s figure for a 'g' spec, else as it formats."""

    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v

    def __format__(self, spec: str) -> str:
        return whole_g(float(self.v), spec) if spec.endswith("g") else format(self.v, spec)

    def __str__(self) -> str:
        return str(self.v)

    def __repr__(self) -> str:   # '{value!r}': the number's own repr, as before
        return repr(self.v)


def written_out(fields: dict, keep: tuple[type, ...] = ()) -> dict:
    """The fields of a template, its plain numbers (not bools, not the types in `keep`, which
    format themselves) as `WrittenOut`."""
    return {k: WrittenOut(v) if isinstance(v, Real) and not isinstance(v, (bool, *keep)) else v
            for k, v in fields.items()}
