"""scenario.yaml and resources.yaml read safely: only regular files of bounded size, no
duplicate keys (YAML keeps the last one silently), and a bound on what anchors and aliases
expand to (a few hundred bytes of nested aliases can describe billions of values)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from eitflow.errors import Problem, ScenarioError, excerpt
from eitflow.i18n import Phrase
from eitflow.io.csvfile import decode, read_bytes

MAX_YAML_BYTES = 1 << 20    # 1 MiB: a scenario.yaml is a few hundred bytes
MAX_YAML_VALUES = 100_000   # values after expanding aliases


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: object, line: int, first: int):
        super().__init__(Phrase("yaml_twice", k=excerpt(key), first=str(first)))
        self.line = line


_INT, _STR = "tag:yaml.org,2002:int", "tag:yaml.org,2002:str"
_ZERO_CODE = re.compile(r"0[0-9_]+")


class _Loader(yaml.SafeLoader):
    """`yaml.SafeLoader` that refuses a key given twice in one mapping, and reads a key of
    digits with a leading zero as the text it is."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                # a key of digits with a leading zero is a code (INSEE 01053, a SCoT's 0750):
                # YAML 1.1 reads it as an octal number (01053 is 555), so it is kept as written
                if (isinstance(key_node, yaml.ScalarNode) and key_node.tag == _INT and key_node.style is None
                        and _ZERO_CODE.fullmatch(key_node.value)):
                    key_node.tag = _STR
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: SafeLoader reports it
                    continue
                if first is not None:
                    raise _DuplicateKey(key, key_node.start_mark.line + 1, first)
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def _too_large(obj: Any, limit: int) -> bool:
    """Whether `obj` holds more than `limit` values once aliases are expanded; stops
    counting at the limit, so the work is bounded whatever the document."""
    count = 0
    stack = [obj]
    while stack:
        o = stack.pop()
        count += 1
        if count > limit:
            return True
        if isinstance(o, dict):
            stack.extend(o.keys())
            stack.extend(o.values())
        elif isinstance(o, (list, tuple)):
            stack.extend(o)
    return False


#: PyYAML's words for the slips people make writing scenario.yaml by hand, and what to do
#: (its own words are English and say nothing of the cause): a ': ' inside a value, as French
#: typography writes it (`name: Parc : ZAE`), or a key indented more than the one above; a tab;
#: a key without a space after its colon (`sites:sites.csv`)
_SYNTAX_HINTS = (("mapping values are not allowed here", "yaml_hint_colon"),
                 ("found character '\\t'", "yaml_hint_tab"),
                 ("could not find expected ':'", "yaml_hint_no_colon"))


def load_yaml(path: Path, label: str) -> Any:
    """A YAML document from a regular file, or a `ScenarioError` that names the line and
    the cause: syntax, a duplicate key, or a document too large once aliases expand."""
    data = read_bytes(path, label, "YAML file")
    if len(data) > MAX_YAML_BYTES:
        raise ScenarioError(Problem(label, Phrase("yaml_too_big", mib=len(data) / 2**20,
                                                  most=str(MAX_YAML_BYTES // 2**20))))
    try:
        obj = yaml.load(decode(data, label), Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as exc:
        raise ScenarioError(Problem(label, exc.args[0], row=exc.line)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "not valid YAML"
        hint = next((Phrase(key) for start, key in _SYNTAX_HINTS if problem.startswith(start)), "")
        raise ScenarioError(Problem(label, Phrase("yaml_syntax", problem=excerpt(problem, 120), hint=hint),
                                    row=row)) from None
    except RecursionError:
        raise ScenarioError(Problem(label, Phrase("yaml_deep"))) from None
    if _too_large(obj, MAX_YAML_VALUES):
        raise ScenarioError(Problem(label, Phrase("yaml_expands", n=MAX_YAML_VALUES)))
    return obj
