"""Turn plain YAML data into typed, frozen dataclasses, and describe them as JSON Schema.

The dataclass annotations are the one description of the UA format: the same
walk that converts a file (collecting every mistake with its line) also writes
the JSON Schema that `ua schema` prints, so the two cannot drift apart.

Supported annotations: str, int, bool, datetime.date, X | None, tuple[X, ...],
Mapping[str, X], Literal[...], nested frozen dataclasses, and
Annotated[X, Check(...)] for extra checks (a pattern, an email address). A
dataclass may define `field_problems()` returning (field path, message) pairs
for rules that tie several fields together.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import re
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ua_cli.errors import Problem
from ua_cli.yaml_source import PathKey, YamlDocument, format_path


@dataclass(frozen=True)
class Check:
    """An extra rule for a value: a regular expression and what it means."""

    pattern: str
    message: str
    json_format: str | None = None

    def problem(self, value: str) -> str | None:
        return None if re.fullmatch(self.pattern, value) else self.message


def doc(text: str, **kwargs: Any) -> Any:
    """A dataclass field with a description for the JSON Schema."""
    metadata = {"doc": text}
    if kwargs.pop("from_key", False):
        metadata["from_key"] = True
    return field(metadata=metadata, **kwargs)


class _Invalid:
    """Marks a value that failed conversion; the problem is already recorded."""


INVALID = _Invalid()

Visitor = Callable[[PathKey, Any, tuple[Any, ...]], None]


class Converter:
    """Converts one document, collecting every problem instead of stopping at the first."""

    def __init__(self, document: YamlDocument, visit: Visitor | None = None) -> None:
        self.document = document
        self.problems: list[Problem] = []
        # Called for each converted value that carries Annotated metadata, so
        # callers can run checks that need the whole document (languages, ids).
        self._visit = visit

    def problem(self, key: PathKey, message: str) -> None:
        self.problems.append(Problem(self.document.line_of(key), format_path(key), message))

    def convert(self, annotation: Any, value: Any, key: PathKey) -> Any:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            base, *extras = typing.get_args(annotation)
            result = self.convert(base, value, key)
            if result is not INVALID:
                for extra in extras:
                    if isinstance(extra, Check) and (message := extra.problem(result)):
                        self.problem(key, message)
                        return INVALID
                if self._visit:
                    self._visit(key, result, tuple(extras))
            return result
        if origin in (types.UnionType, typing.Union):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if value is None:
                return None
            return self.convert(options[0], value, key)
        if origin is typing.Literal:
            choices = typing.get_args(annotation)
            if value in choices:
                return value
            return self._fail(key, f"'{value}' is not one of: {', '.join(map(str, choices))}")
        if origin is tuple:
            return self._tuple(typing.get_args(annotation)[0], value, key)
        if origin in (Mapping, dict):
            return self._mapping(typing.get_args(annotation)[1], value, key)
        if dataclasses.is_dataclass(annotation):
            return self._dataclass(annotation, value, key)
        return self._scalar(annotation, value, key)

    def _fail(self, key: PathKey, message: str) -> _Invalid:
        self.problem(key, message)
        return INVALID

    def _scalar(self, annotation: type, value: Any, key: PathKey) -> Any:
        if annotation is str:
            if isinstance(value, str):
                if not value.strip():
                    return self._fail(key, "must not be empty")
                return value
            if isinstance(value, int | float) and not isinstance(value, bool):
                return self._fail(
                    key, f'expected text, got the number {value}; quote it: "{value}"'
                )
            return self._fail(key, f"expected text, got {_describe(value)}")
        if annotation is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            return self._fail(key, f"expected a whole number, got {_describe(value)}")
        if annotation is bool:
            if isinstance(value, bool):
                return value
            return self._fail(key, f"expected true or false, got {_describe(value)}")
        if annotation is datetime.date:
            return self._date(value, key)
        raise TypeError(f"unsupported annotation {annotation!r}")  # a bug in our model

    def _date(self, value: Any, key: PathKey) -> Any:
        if isinstance(value, datetime.datetime):
            return self._fail(key, "expected a date (YYYY-MM-DD), got a date and time")
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        return self._fail(key, f"expected a date as YYYY-MM-DD, got {_describe(value)}")

    def _tuple(self, item: Any, value: Any, key: PathKey) -> Any:
        if not isinstance(value, list):
            return self._fail(key, f"expected a list, got {_describe(value)}")
        items = [self.convert(item, v, (*key, i)) for i, v in enumerate(value)]
        return INVALID if any(i is INVALID for i in items) else tuple(items)

    def _mapping(self, item: Any, value: Any, key: PathKey) -> Any:
        if not isinstance(value, dict):
            return self._fail(key, f"expected a mapping of names to values, got {_describe(value)}")
        items = {k: self.convert(item, v, (*key, k)) for k, v in value.items()}
        if any(v is INVALID for v in items.values()):
            return INVALID
        return types.MappingProxyType(items)

    def _dataclass(self, cls: type, value: Any, key: PathKey) -> Any:
        if not isinstance(value, dict):
            return self._fail(key, f"expected a mapping with fields, got {_describe(value)}")
        hints = typing.get_type_hints(cls, include_extras=True)
        fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("from_key")}
        unknown = [name for name in value if name not in fields]
        for name in unknown:
            close = difflib.get_close_matches(str(name), list(fields), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.problem((*key, name), f"unknown field{hint}")
        kwargs: dict[str, Any] = {}
        ok = not unknown
        for name, f in fields.items():
            if name in value:
                kwargs[name] = self.convert(hints[name], value[name], (*key, name))
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                self.problem(key, f"required field '{name}' is missing")
                ok = False
            ok = ok and kwargs.get(name) is not INVALID
        for f in dataclasses.fields(cls):
            if f.metadata.get("from_key"):
                kwargs[f.name] = key[-1]
        if not ok:
            return INVALID
        obj = cls(**kwargs)
        # A class may state rules that tie its fields together (a channel needs
        # its contact); they run once the fields themselves are valid.
        for suffix, message in getattr(obj, "field_problems", lambda: [])():
            self.problem((*key, *suffix), message)
        return obj


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    return repr(value)


def json_schema(annotation: Any) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an annotation, as `convert` enforces it."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extras = typing.get_args(annotation)
        schema = json_schema(base)
        for extra in extras:
            if isinstance(extra, Check):
                if extra.json_format:
                    schema["format"] = extra.json_format
                else:
                    schema["pattern"] = f"^(?:{extra.pattern})$"
        return schema
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return json_schema(options[0])
    if origin is typing.Literal:
        return {"enum": list(typing.get_args(annotation))}
    if origin is tuple:
        return {"type": "array", "items": json_schema(typing.get_args(annotation)[0])}
    if origin in (Mapping, dict):
        return {
            "type": "object",
            "additionalProperties": json_schema(typing.get_args(annotation)[1]),
        }
    if dataclasses.is_dataclass(annotation):
        return _dataclass_schema(annotation)
    simple = {
        str: {"type": "string", "minLength": 1},
        int: {"type": "integer"},
        bool: {"type": "boolean"},
    }
    if annotation in simple:
        return dict(simple[annotation])
    if annotation is datetime.date:
        return {"type": "string", "format": "date"}
    raise TypeError(f"unsupported annotation {annotation!r}")


def _dataclass_schema(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, include_extras=True)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        if f.metadata.get("from_key"):
            continue
        schema = json_schema(hints[f.name])
        if "doc" in f.metadata:
            schema["description"] = f.metadata["doc"]
        properties[f.name] = schema
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    if cls.__doc__:
        schema["description"] = " ".join(cls.__doc__.split())
    return schema


def to_jsonable(value: Any) -> Any:
    """A converted value back as plain JSON data (dates as YYYY-MM-DD)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not None
        }
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
