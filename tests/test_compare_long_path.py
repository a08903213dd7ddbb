"""`eitflow compare A B`'s header lines "A: PATH - statut" and "B: PATH - ..." were printed whole
where the path was longer than the terminal: every other line of `compare` wraps to COLUMNS
(`echo_wrapped`), but a path has no space to break at, so a path of 200 characters stood whole on
a line of its own, 202 characters with its hang, at 80 or 120 columns. A word longer than the line is now broken after
its last "/" that fits (`cli.sentences.fill`), each piece ending on its "/", so every line fits and
the path reads whole when its pieces are put end to end."""
from __future__ import annotations

import pytest

from test_compare_wrapped import _compare, _run

#: the length of each run directory's path, characters (the brief's case)
PATH_LEN = 200


def _long_dir(base, total: int, leaf: str, piece: int):
    """A directory under `base` whose path (with `leaf`, the run's own folder) is `total`
    characters long, in folders of at most `piece` characters."""
    need = total - len(str(base)) - len(leaf) - 1   # the "/" before the leaf
    parts = []
    while need > 0:
        n = min(piece, need - 1)   # each folder costs its name and one "/"
        n -= need - (n + 1) == 1   # never 1 left over: a folder with an empty name
        parts.append(("dossier_des_resultats_" * 10)[:n])
        need -= n + 1
    d = base.joinpath(*parts)
    d.mkdir(parents=True)
    assert len(str(d / leaf)) == total, (len(str(d / leaf)), str(d / leaf))
    return d


@pytest.fixture(scope="module", params=[40, 130], ids=["folders40", "folder130"])
def runs(request, tmp_path_factory):
    """Two runs (test_compare_wrapped's truck and pipe) under a path of 200 characters each: in
    folders of 40 characters, and with one folder of 130, longer than the line, that has no "/"
    to break at."""
    base = tmp_path_factory.mktemp("lp")
    a = _run(_long_dir(base / "a", PATH_LEN, "c0", request.param), 0.0)
    b = _run(_long_dir(base / "b", PATH_LEN, "c200", request.param), 200.0)
    assert len(str(a)) == len(str(b)) == PATH_LEN
    return a, b


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("width", [80, 120])
def test_a_long_run_path_wraps_within_the_terminal_and_reads_whole(runs, lang, width):
    whole = _compare(runs, lang, {"COLUMNS": None})   # no terminal: each line whole, for scripts
    head = whole.splitlines()[0]
    # "A: " + 200 characters + " - ...": 203 at least, past both widths (on main it was printed so)
    assert head.startswith(f"A: {runs[0]}") and len(head) >= 3 + PATH_LEN > width, head
    out = _compare(runs, lang, {"COLUMNS": str(width)})
    lines = out.splitlines()
    assert max(map(len, lines)) <= width, "\n".join(x for x in lines if len(x) > width)
    # nothing lost nor added: the same characters in the same order, only the spaces differ
    assert "".join(out.split()) == "".join(whole.split())
    # each path reads whole: its pieces, end to end without the lines' indent, give it back
    # (a piece never gets a space inside it, as filling the joined lines again did)
    a_at = next(i for i, x in enumerate(lines) if x.startswith("A: "))
    b_at = next(i for i, x in enumerate(lines) if x.startswith("B: "))
    for at, path in ((a_at, runs[0]), (b_at, runs[1])):
        joined = lines[at][3:] + "".join(x.strip() for x in lines[at + 1:at + 5])
        assert joined.startswith(str(path)), (str(path), lines[at:at + 5])
        # the lines it wraps into hang under its text (two spaces), as compare's other lines
        assert lines[at + 1].startswith("  ") and not lines[at + 1].startswith("   "), lines[at:at + 3]


def test_fill_breaks_a_path_after_its_separators_and_a_folder_at_the_line_end():
    """`fill` by hand: "A: /aaaa/bbbb/cccc/dddd - ok" at 12 columns. "A: " leaves 9 characters,
    "/aaaa/bbbb/" is 11, so the first piece is "/aaaa/" (6, the last "/" within 9); the next
    line holds "bbbb/cccc/" (10, within 12, its "dddd" would make 14), then "dddd - ok" (9). A
    folder of 15 characters, "/" + 15 x "x", at 8 columns: no "/" but the leading one, so the
    word starts a line of its own and is cut at 8: "/xxxxxxx", "xxxxxxxx"."""
    from eitflow.cli.sentences import fill

    assert fill("A: /aaaa/bbbb/cccc/dddd - ok", 12).split("\n") == ["A: /aaaa/", "bbbb/cccc/", "dddd - ok"]
    assert fill("A: /" + "x" * 15, 8).split("\n") == ["A:", "/xxxxxxx", "xxxxxxxx"]
    # with a hang of 2 the lines after the first hold 12 - 2 = 10 characters after their 2 spaces:
    # "bbbb/cccc/" is 10 (its "dddd" would make 14), then "dddd - ok" (9)
    assert fill("A: /aaaa/bbbb/cccc/dddd - ok", 12, hang=2).split("\n") == ["A: /aaaa/", "  bbbb/cccc/",
                                                                            "  dddd - ok"]
