"""French and English for what people read: the report, the PDFs, the CLI's lines, the workbook headers.

Texts live in one table, ``data/messages.csv`` (columns ``key, en, fr``), so a translator edits a spreadsheet
rather than code; `text(key, lang, **fields)` fills ``{field}`` placeholders. Numbers and currency are formatted
by Babel with the locale's own rules (``fr_FR``: a narrow no-break space between thousands, a decimal comma,
``15 063 909 €``; ``en_GB``: ``€15,063,909``), never by hand. Units keep their symbols; only the year changes
(``MWh/yr`` reads ``MWh/an`` in French).

The language of a run: ``--lang`` on the command line, else ``lang:`` in scenario.yaml,
else English (`resolve_lang`).

One concept a module, each importing only the ones below it (never this package):
`lang` (languages, locales), `figures` (numbers by locale), `messages` (the table of texts and
the words sentences share), `plurals` (a count with its noun), `quantities` (money,
percentages, durations), `phrases` (`Phrase` and its JSON facts), `columns` (a table column's
name and unit), `params` (scenario.yaml's parameters in words). Every name is importable from
here, as it was from the single module ``i18n.py``.
"""

from __future__ import annotations

from eitflow.i18n.columns import COLUMN_UNITS, column_label, column_parts
from eitflow.i18n.figures import Amount, amount, amount_digits, card_figure, column_digits, compact, number, unbroken
from eitflow.i18n.lang import DEFAULT_LANG, HIGH_MARK, LANGS, LOCALES, resolve_lang
from eitflow.i18n.messages import (
                                  _messages,
                                  de,
                                  gloss,
                                  has_text,
                                  network_label,
                                  resource_name,
                                  resource_pair,
                                  text,
                                  unit,
)
from eitflow.i18n.params import OPTION_WORDS, SHARE_PARAMS, parameter_change, parameter_label
from eitflow.i18n.phrases import (
                                  Code,
                                  Count,
                                  Gloss,
                                  Named,
                                  Net,
                                  Phrase,
                                  Res,
                                  Sentences,
                                  Unit,
                                  facts,
                                  from_facts,
                                  resources_said,
                                  say,
)
from eitflow.i18n.plurals import counted
from eitflow.i18n.quantities import duration, gap_percent, gap_shows, money, percent, share_said, short_parts

__all__ = ["COLUMN_UNITS", "DEFAULT_LANG", "HIGH_MARK", "LANGS", "LOCALES", "OPTION_WORDS", "SHARE_PARAMS", "Amount", "Code",
           "Count", "Gloss", "Named", "Net", "Phrase", "Res", "Sentences", "Unit", "_messages", "amount", "amount_digits", "column_digits", "column_label",
           "card_figure", "column_parts", "compact", "counted", "de", "duration", "facts", "from_facts", "gloss", "has_text",
           "gap_percent", "gap_shows", "money", "network_label", "number", "parameter_change", "parameter_label", "percent", "resolve_lang",
           "resource_name", "resource_pair", "resources_said", "say", "share_said", "short_parts", "text", "unbroken",
           "unit"]
