"""The sentences printed around the terminal's tables, in lines of the terminal's width
(`cli.common.echo_wrapped`): broken where a table's text cell breaks (`cli.tables._wrap`), and a
word longer than the line, a path, after a "/" (`fill`)."""

from __future__ import annotations

import textwrap

from eitflow.cli.tables import _wrap


def fill(s: str, width: int, hang: int = 0) -> str:
    """`s` in lines of at most `width` characters, the one rule of the sentences printed around
    the tables: broken where a table's text cell breaks (`_wrap`: never inside a number nor
    between it and its unit); a word longer than `width`, a path, after its last "/" that fits
    (`_SentenceWrapper`), so every line fits and the path reads whole across the lines.

    Parameters
    ----------
    s : str
        The text; each of its lines is filled on its own.
    width : int
        The terminal's width (characters).
    hang : int
        Spaces before each line a line wraps into (characters), those lines filled within
        `width` with them; at most half of `width`, so that a line keeps room for its words.
    """
    width = max(int(width), 1)
    return _wrap(s, width, wrapper=_SentenceWrapper, hang=min(max(int(hang), 0), width // 2))


class _SentenceWrapper(textwrap.TextWrapper):
    """textwrap's filling, with a word longer than the whole line (a path: `eitflow compare`'s
    "A: PATH - statut" put a path of 200 characters whole on a line of its own, 202 characters with
    its hang, at 80 or 120 columns) broken after its last
    path separator ("/" or "\\") that fits the room left on the line, the separator ending the
    line, so the pieces read as one path; a piece with no separator that fits (a folder's name
    longer than the line) is cut at the line's end. Its first piece goes on the current line
    unless only a leading "/" would: the word then starts the next line."""

    def _handle_long_word(self, reversed_chunks: list[str], cur_line: list[str], cur_len: int,
                          width: int) -> None:
        room = max(width - cur_len, 1)
        word = reversed_chunks[-1]
        cut = max(word.rfind("/", 0, room), word.rfind("\\", 0, room)) + 1
        if cut <= 1 and cur_line:   # not even a folder's name fits after the words: the next line
            return
        end = cut if cut > 1 else room
        cur_line.append(word[:end])
        reversed_chunks[-1] = word[end:]
