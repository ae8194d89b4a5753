"""Read a YAML file into plain Python data, remembering the line of every value.

PyYAML's own loaders forget where a value came from and silently keep the last of
two duplicate keys; a UA author needs both the line of each mistake and to hear
about duplicates, so we compose the node graph ourselves (with the C parser when
it is there, which is about ten times faster) and build the data from it.
"""

import re
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ua_cli.errors import FileProblems, Problem
from ua_cli.files import MIB, read_limited

PathKey = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A UA file is some hundreds of lines; these bounds leave room for a hundred
# times that, and stop a file that only pretends to be one (an endless file, a
# "billion laughs" of nested aliases) within a fraction of a second.
YAML_LIMIT = 4 * MIB
MAX_VALUES = 50_000


class _TooManyValues(Exception):
    """The document expands to more values than a UA file can have."""


class BadValue:
    """Stands for a value YAML could not build (a date like 2024-13-01); already reported."""


BAD_VALUE = BadValue()


class YamlDocument(NamedTuple):
    """The data of one YAML file, the line (1-based) each value starts on, and the
    problems found while reading it (duplicate keys, impossible values), which the
    caller reports together with its own."""

    path: Path
    data: Any
    lines: dict[PathKey, int]
    problems: tuple[Problem, ...] = ()
    todos: tuple[tuple[int, str], ...] = ()  # "# TODO: ..." comments, by line

    def line_of(self, key: PathKey) -> int:
        """The line of a value, or of its nearest enclosing value that exists."""
        while key not in self.lines and key:
            key = key[:-1]
        return self.lines.get(key, 1)


def load_yaml(path: Path) -> YamlDocument:
    """Load one YAML file; raise FileProblems when it cannot be read or parsed at all."""
    raw = read_limited(path, YAML_LIMIT, "a UA file")
    text = _decode(path, raw)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise FileProblems(path, [_syntax_problem(error, text)]) from None
    except yaml.YAMLError as error:
        raise FileProblems(path, [Problem(1, "", f"YAML error: {error}")]) from None
    builder = _Builder()
    try:
        data = builder.build(node, ()) if node is not None else None
    except _TooManyValues:
        message = (
            f"more than {MAX_VALUES:,} values once its aliases (*name) are expanded; "
            "a UA file is far smaller: write the values out instead of repeating aliases"
        )
        raise FileProblems(path, [Problem(1, "", message)]) from None
    return YamlDocument(
        path=path,
        data=data,
        lines=builder.lines,
        problems=tuple(builder.problems),
        todos=_todos(text),
    )


_TODO = re.compile(r"#\s*TODO\b:?\s*(.*)")


def _todos(text: str) -> tuple[tuple[int, str], ...]:
    """What a person must still do, as the file's "# TODO: ..." comments say."""
    return tuple(
        (number, match.group(1).strip() or "TODO")
        for number, line in enumerate(text.splitlines(), start=1)
        if (match := _TODO.search(line))
    )


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start : error.start + 1].hex()
        problem = Problem(line, "", f"not valid UTF-8 (byte 0x{byte}); save the file as UTF-8")
        raise FileProblems(path, [problem]) from None


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    problem = error.problem or "invalid YAML"
    if mark is not None and _character_at(text, mark.line, mark.column) == "\t":
        problem = "a tab character; YAML indents with spaces only"
    elif error.context:
        problem = f"{problem} ({error.context})"
    return Problem(line, "", f"YAML syntax error: {problem}")


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if line < len(lines) else ""


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording lines."""

    def __init__(self) -> None:
        self.lines: dict[PathKey, int] = {}
        self.problems: list[Problem] = []
        self._scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, key: PathKey) -> Any:
        if len(self.lines) >= MAX_VALUES:
            raise _TooManyValues
        self.lines[key] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*key, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, key)

    def _mapping(self, node: yaml.MappingNode, key: PathKey) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, key, "a mapping key must be plain text")
                continue
            name = key_node.value  # keys are names: `2024:` is the text "2024"
            if name in result:
                first = self.lines[(*key, name)]
                self._problem(
                    key_node, (*key, name), f"duplicate key (first given on line {first})"
                )
                continue
            result[name] = self.build(value_node, (*key, name))
            # The key's own line, not its value's: a block value starts below it.
            self.lines[(*key, name)] = key_node.start_mark.line + 1
        return result

    def _scalar(self, node: yaml.Node, key: PathKey) -> Any:
        try:
            return self._scalars.construct_object(node)
        except yaml.constructor.ConstructorError as error:
            self._problem(node, key, error.problem or "invalid value")
        except ValueError as error:  # e.g. a timestamp like 2024-02-30
            self._problem(node, key, f"invalid value: {error}")
        return BAD_VALUE

    def _problem(self, node: yaml.Node, key: PathKey, message: str) -> None:
        self.problems.append(Problem(node.start_mark.line + 1, format_path(key), message))


def format_path(key: PathKey) -> str:
    """Render a path as a UA author writes it: targets.pcm.address[1]."""
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
