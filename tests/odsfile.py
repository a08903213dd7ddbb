"""Write an OpenDocument spreadsheet (.ods) as LibreOffice Calc saves one, for the tests.

Neither the test machines nor CI (.ci/run) have LibreOffice, so the XML is written here the
way LibreOffice 7 writes it: a stored `mimetype` first, cells typed by office:value-type with
the value in office:value and the text the sheet shows in <text:p>, number formats as
automatic data styles (number:number-style, number:percentage-style; a format with a red
negative section as two styles joined by a style:map), identical neighbouring cells and rows
written once with table:number-columns-repeated / table:number-rows-repeated, every row
padded to the sheet's 1,024 columns and the sheet to its 1,048,576 rows by repeated empty
cells, a column's format as its table:default-cell-style-name (its cells then name no style),
merged cells as spans over table:covered-table-cell, hidden rows and columns as
table:visibility="collapse" (a filtered-out row "filter"), runs of spaces as <text:s/>.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

COLUMNS, ROWS = 1024, 1_048_576
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
      'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
      'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3"')
MIME = "application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class Formula:
    """A formula cell (`expr`, LibreOffice's 'of:=40+5'), saved with `value` as LibreOffice
    saves what it computed; `value` None: saved without one, as a program that writes
    formulas but does not compute them saves it."""

    expr: str
    value: object = None


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _ref(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
    assert m, ref
    return int(m.group(2)), _col(m.group(1))


def _number_part(fmt: str) -> str:
    """<number:number> for one section of an Excel-like format ('00000', '00.00', '000 000 000 00000')."""
    whole, _, frac = fmt.partition(".")
    digits = whole.replace(" ", "")
    embedded, pos = [], 0
    for ch in reversed(whole):   # a space between digits: LibreOffice's embedded text, counted from the right
        if ch == " ":
            embedded.append(f'<number:embedded-text number:position="{pos}"> </number:embedded-text>')
        else:
            pos += 1
    return (f'<number:number number:decimal-places="{len(frac)}" number:min-decimal-places="{len(frac)}" '
            f'number:min-integer-digits="{len(digits)}">{"".join(reversed(embedded))}</number:number>')


def _data_styles(name: str, fmt: str) -> str:
    """The number style(s) LibreOffice writes for `fmt`."""
    if fmt.endswith("%"):
        body = _number_part(fmt[:-1].strip())
        return f'<number:percentage-style style:name="{name}">{body}<number:text>%</number:text></number:percentage-style>'
    if ";" in fmt:   # '00000;[RED]-00000': the positive section apart, the negative one maps to it
        pos, neg = fmt.split(";")[:2]
        neg = re.sub(r"\[[^\]]*\]|-", "", neg)
        return (f'<number:number-style style:name="{name}P0" style:volatile="true">{_number_part(pos)}'
                f'</number:number-style><number:number-style style:name="{name}">'
                f'<style:text-properties fo:color="#ff0000"/><number:text>-</number:text>{_number_part(neg)}'
                f'<style:map style:condition="value()&gt;=0" style:apply-style-name="{name}P0"/></number:number-style>')
    return f'<number:number-style style:name="{name}">{_number_part(fmt)}</number:number-style>'


def _paragraphs(text: str) -> str:
    out = []
    for line in text.split("\n"):
        line = escape(line)
        line = re.sub(r"^ ", "<text:s/>", line)
        line = re.sub(r"  +", lambda m: " " + (f'<text:s text:c="{len(m.group(0)) - 1}"/>'
                                               if len(m.group(0)) > 2 else "<text:s/>"), line)
        out.append(f"<text:p>{line}</text:p>")
    return "".join(out)


def _shown(v: object, fmt: str | None) -> str:
    """The text LibreOffice shows for a number in `fmt` (written in <text:p>, read by no one
    but a person opening the XML)."""
    if fmt and fmt.endswith("%"):
        return f"{v * 100:g}%"
    if fmt:
        first = fmt.split(";")[0].replace(" ", "")
        whole, _, frac = first.partition(".")
        return f"{v:0{len(whole) + len(frac) + bool(frac)}.{len(frac)}f}"
    return f"{v:g}"


def _cell(v: object, style: str | None, fmt: str | None, tag: str = "table:table-cell") -> str:
    attrs = f' table:style-name="{style}"' if style else ""
    if isinstance(v, Formula):
        attrs += f" table:formula={quoteattr(v.expr)}"
        v = v.value
        if v is None:
            return f"<{tag}{attrs}/>"
    if v is None:
        return f"<{tag}{attrs}/>"
    if isinstance(v, bool):
        return (f'<{tag}{attrs} office:value-type="boolean" office:boolean-value="{str(v).lower()}" '
                f'calcext:value-type="boolean"><text:p>{str(v).upper()}</text:p></{tag}>')
    if isinstance(v, (int, float)):
        kind = "percentage" if fmt and fmt.endswith("%") else "float"
        raw = repr(v)[:-2] if isinstance(v, float) and repr(v).endswith(".0") else repr(v)
        return (f'<{tag}{attrs} office:value-type="{kind}" office:value="{raw}" calcext:value-type="{kind}">'
                f"<text:p>{_shown(v, fmt)}</text:p></{tag}>")
    if isinstance(v, dt.datetime):
        return (f'<{tag}{attrs} office:value-type="date" office:date-value="{v.isoformat()}" '
                f'calcext:value-type="date"><text:p>{v:%d/%m/%Y}</text:p></{tag}>')
    if isinstance(v, (dt.time, dt.timedelta)):
        s = (v.hour * 3600 + v.minute * 60 + v.second) if isinstance(v, dt.time) else int(v.total_seconds())
        return (f'<{tag}{attrs} office:value-type="time" office:time-value="PT{s // 3600:02d}H{s // 60 % 60:02d}M'
                f'{s % 60:02d}S" calcext:value-type="time"><text:p>{s // 3600}:{s // 60 % 60:02d}</text:p></{tag}>')
    return (f'<{tag}{attrs} office:value-type="string" calcext:value-type="string">{_paragraphs(str(v))}'
            f"</{tag}>")


def _runs(items: list[str], attr: str) -> list[str]:
    """Identical neighbours written once, repeated (LibreOffice's compression)."""
    out: list[tuple[str, int]] = []
    for x in items:
        if out and out[-1][0] == x:
            out[-1] = (x, out[-1][1] + 1)
        else:
            out.append((x, 1))
    return [x if n == 1 else re.sub(r"^<([\w:-]+)", lambda m: f'<{m.group(1)} {attr}="{n}"', x) for x, n in out]


def write_ods(path: Path, sheets: dict[str, list], formats: dict[str, dict[str, str]] | None = None,
              merges: dict[str, list[str]] | None = None, hidden: dict[str, list] | None = None,
              filtered: dict[str, list[int]] | None = None, named_styles: dict[str, str] | None = None) -> Path:
    """Sheets (name -> rows of values: None, str, bool, int, float, datetime, time, timedelta,
    `Formula`) saved as LibreOffice would. `formats`: sheet -> cell ('A2') or column ('D')
    -> a format ('00000', '0%', '00.00', '000 000 000 00000', '00000;[RED]-00000', or
    '@Name': a cell style deriving from the named style Name of styles.xml, without a format
    of its own). `merges`: sheet -> ranges ('D2:D3'); `hidden`: sheet -> rows (numbers) and
    columns (letters) hidden; `filtered`: sheet -> rows filtered out; `named_styles`: named
    cell style -> its format (in styles.xml)."""
    formats, merges, hidden, filtered = formats or {}, merges or {}, hidden or {}, filtered or {}
    data_styles: dict[str, str] = {}     # format -> data style name
    cell_styles: dict[str, str] = {}     # format or '@Name' -> automatic cell style name
    auto: list[str] = []

    def style_of(fmt: str) -> str:
        if fmt not in cell_styles:
            name = f"ce{len(cell_styles) + 1}"
            if fmt.startswith("@"):
                auto.append(f'<style:style style:name="{name}" style:family="table-cell" '
                            f'style:parent-style-name="{fmt[1:]}"/>')
            else:
                if fmt not in data_styles:
                    data_styles[fmt] = f"N{len(data_styles) + 2}"
                    auto.append(_data_styles(data_styles[fmt], fmt))
                auto.append(f'<style:style style:name="{name}" style:family="table-cell" style:parent-style-name='
                            f'"Default" style:data-style-name="{data_styles[fmt]}"/>')
            cell_styles[fmt] = name
        return cell_styles[fmt]

    def real_format(fmt: str | None) -> str | None:
        return (named_styles or {}).get(fmt[1:]) if fmt and fmt.startswith("@") else fmt

    tables = []
    for sheet, rows in sheets.items():
        fm = formats.get(sheet, {})
        col_fmt = {_col(k): v for k, v in fm.items() if k.isalpha()}
        cell_fmt = {_ref(k): v for k, v in fm.items() if not k.isalpha()}
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        covered: set[tuple[int, int]] = set()
        for rng in merges.get(sheet, []):
            (r1, c1), (r2, c2) = (_ref(x) for x in rng.split(":"))
            spans[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
        hid = hidden.get(sheet, [])
        hidden_cols = {_col(x) for x in hid if isinstance(x, str)}
        width = max([len(r) for r in rows] + [c + 1 for c in col_fmt] + [c + 1 for c in hidden_cols] + [1])
        cols = [f'<table:table-column table:style-name="co1"{" table:visibility=" + chr(34) + "collapse" + chr(34) if j in hidden_cols else ""}'
                f' table:default-cell-style-name="{style_of(col_fmt[j]) if j in col_fmt else "Default"}"/>'
                for j in range(width)]
        cols.append(f'<table:table-column table:style-name="co1" table:number-columns-repeated="{COLUMNS - width}" '
                    'table:default-cell-style-name="Default"/>')
        xml_rows = []
        for i, row in enumerate(rows, start=1):
            cells = []
            for j in range(width):
                v = row[j] if j < len(row) else None
                fmt = cell_fmt.get((i, j))
                style = style_of(fmt) if fmt else None
                shown_fmt = real_format(fmt) or real_format(col_fmt.get(j))
                tag = "table:covered-table-cell" if (i, j) in covered else "table:table-cell"
                x = _cell(v, style, shown_fmt, tag)
                if (i, j) in spans:
                    rs, cs = spans[(i, j)]
                    x = x.replace(f"<{tag}", f'<{tag} table:number-columns-spanned="{cs}" '
                                             f'table:number-rows-spanned="{rs}"', 1)
                cells.append(x)
            cells = _runs(cells, "table:number-columns-repeated")
            cells.append(f'<table:table-cell table:number-columns-repeated="{COLUMNS - width}"/>')
            vis = (' table:visibility="collapse"' if i in hid else
                   ' table:visibility="filter"' if i in filtered.get(sheet, []) else "")
            xml_rows.append(f'<table:table-row table:style-name="ro1"{vis}>{"".join(cells)}</table:table-row>')
        xml_rows = _runs(xml_rows, "table:number-rows-repeated")
        xml_rows.append(f'<table:table-row table:style-name="ro1" table:number-rows-repeated="{ROWS - len(rows)}">'
                        f'<table:table-cell table:number-columns-repeated="{COLUMNS}"/></table:table-row>')
        tables.append(f'<table:table table:name={quoteattr(sheet)} table:style-name="ta1">{"".join(cols)}'
                      f'{"".join(xml_rows)}</table:table>')
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {NS}><office:scripts/>'
               '<office:automatic-styles><style:style style:name="co1" style:family="table-column">'
               '<style:table-column-properties fo:break-before="auto" style:column-width="0.889in"/></style:style>'
               '<style:style style:name="ro1" style:family="table-row"><style:table-row-properties '
               'style:row-height="0.178in" fo:break-before="auto" style:use-optimal-row-height="true"/></style:style>'
               '<style:style style:name="ta1" style:family="table" style:master-page-name="Default">'
               '<style:table-properties table:display="true" style:writing-mode="lr-tb"/></style:style>'
               f'{"".join(auto)}</office:automatic-styles><office:body><office:spreadsheet>'
               '<table:calculation-settings table:automatic-find-labels="false" table:use-regular-expressions="false"/>'
               f'{"".join(tables)}<table:named-expressions/></office:spreadsheet></office:body>'
               '</office:document-content>')
    named = "".join(_data_styles(f"N9{k}", fmt) + f'<style:style style:name="{name}" style:family="table-cell" '
                    f'style:parent-style-name="Default" style:data-style-name="N9{k}"/>'
                    for k, (name, fmt) in enumerate((named_styles or {}).items()))
    styles = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {NS}><office:styles>'
              '<style:default-style style:family="table-cell"><style:paragraph-properties '
              'style:tab-stop-distance="0.5in"/></style:default-style><number:number-style style:name="N0">'
              '<number:number number:min-integer-digits="1"/></number:number-style>'
              '<style:style style:name="Default" style:family="table-cell"/>'
              f'{named}</office:styles><office:automatic-styles/><office:master-styles/></office:document-styles>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                f'opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/"'
                f' manifest:media-type="{MIME}"/><manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), MIME, compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content)
        zf.writestr("styles.xml", styles)
        zf.writestr("META-INF/manifest.xml", manifest)
    return path
