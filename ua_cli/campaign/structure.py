"""Turn plain YAML data into typed, immutable records, and describe them as JSON Schema.

The records' annotations are the one description of the UA format: the same
walk that converts a file (collecting every mistake with its line) also writes
the JSON Schema that `ua schema` prints, so the two cannot drift apart.

Records are NamedTuples rather than dataclasses: just as immutable, and about
five times cheaper to define, which `ua letter`'s start-up time notices.

Supported annotations: str, int, bool, datetime.date, X | None, tuple[X, ...],
Mapping[str, X], Literal[...], nested records, and Annotated[X, ...] with
Check(...) for extra rules (a pattern, an email address), Doc(...) for the
schema's description, ONE_OR_MORE for a list that may be written as its one
item, and FROM_KEY for a field filled from the record's key in
its parent mapping. A record may define `field_problems()` returning (field
path, message) pairs for rules that tie several fields together.
"""

import datetime
import functools
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, NamedTuple

from ua_cli.campaign.yaml_source import BadValue, PathKey, YamlDocument, format_path
from ua_cli.errors import Problem


class Check(NamedTuple):
    """An extra rule for a value: a regular expression and what it means."""

    pattern: str
    message: str
    json_format: str | None = None

    def problem(self, value: str) -> str | None:
        return None if re.fullmatch(self.pattern, value) else self.message


class Doc(NamedTuple):
    """A field's description, for the JSON Schema."""

    text: str


class _FromKey:
    """Marks the field that holds the record's key in its parent mapping."""


FROM_KEY = _FromKey()


class _OneOrMore:
    """Marks a list that may be written as its single item: `text` or `[text, ...]`."""


ONE_OR_MORE = _OneOrMore()


def is_record(annotation: Any) -> bool:
    return (
        isinstance(annotation, type)
        and issubclass(annotation, tuple)
        and hasattr(annotation, "_fields")
    )


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """A record's resolved annotations; resolving them is slow, and records repeat."""
    return typing.get_type_hints(cls, include_extras=True)


def _metadata(hint: Any) -> tuple[Any, ...]:
    return typing.get_args(hint)[1:] if typing.get_origin(hint) is typing.Annotated else ()


class _Invalid:
    """Marks a value that failed conversion; the problem is already recorded."""


INVALID = _Invalid()


class Converter:
    """Converts one document, collecting every problem instead of stopping at the first."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.problems: list[Problem] = list(document.problems)
        # Every value that converted, by path, and the Annotated metadata of
        # those that had some: checks that span the document (languages, ids)
        # use them, and still work where another part of the file is wrong.
        self.values: dict[PathKey, Any] = {}
        self.marked: list[tuple[PathKey, Any, tuple[Any, ...]]] = []

    def problem(self, key: PathKey, message: str) -> None:
        self.problems.append(Problem(self.document.line_of(key), format_path(key), message))

    def convert(self, annotation: Any, value: Any, key: PathKey) -> Any:
        if isinstance(value, BadValue):
            return INVALID  # reported when the YAML was read
        result = self._convert(annotation, value, key)
        if result is not INVALID:
            self.values[key] = result
        return result

    def _convert(self, annotation: Any, value: Any, key: PathKey) -> Any:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            base, *extras = typing.get_args(annotation)
            if ONE_OR_MORE in extras and not isinstance(value, list):
                result = self.convert(typing.get_args(base)[0], value, key)
                result = INVALID if result is INVALID else (result,)
            else:
                result = self.convert(base, value, key)
            if ONE_OR_MORE in extras and result == ():
                return self._fail(key, "give at least one")
            if result is not INVALID:
                for extra in extras:
                    if isinstance(extra, Check) and (message := extra.problem(result)):
                        self.problem(key, message)
                        return INVALID
                self.marked.append((key, result, tuple(extras)))
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
        if is_record(annotation):
            return self._record(annotation, value, key)
        return self._scalar(annotation, value, key)

    def _fail(self, key: PathKey, message: str) -> _Invalid:
        self.problem(key, message)
        return INVALID

    def _scalar(self, annotation: type, value: Any, key: PathKey) -> Any:
        if annotation is str:
            if isinstance(value, str):
                if not value.strip():
                    return self._fail(key, "must not be empty")
                if message := _hidden_characters(value):
                    return self._fail(key, message)
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

    def _record(self, cls: type, value: Any, key: PathKey) -> Any:
        if not isinstance(value, dict):
            return self._fail(key, f"expected a mapping with fields, got {_describe(value)}")
        hints = _hints(cls)
        from_key = [name for name in cls._fields if FROM_KEY in _metadata(hints[name])]
        fields = [name for name in cls._fields if name not in from_key]
        unknown = [name for name in value if name not in fields]
        for name in unknown:
            import difflib

            close = difflib.get_close_matches(str(name), fields, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.problem((*key, name), f"unknown field{hint}")
        values: dict[str, Any] = {name: key[-1] for name in from_key}
        ok = not unknown
        for name in from_key:  # the key itself may have rules (a target key's form)
            for extra in _metadata(hints[name]):
                if isinstance(extra, Check) and (message := extra.problem(str(key[-1]))):
                    self.problem(key, f"the key {key[-1]!r}: {message}")
                    ok = False
        for name in fields:
            if name in value:
                values[name] = self.convert(hints[name], value[name], (*key, name))
                ok = ok and values[name] is not INVALID
            elif name not in cls._field_defaults:
                self.problem(key, f"required field '{name}' is missing")
                ok = False
        if not ok:
            return INVALID
        record = cls(**values)
        # A record may state rules that tie its fields together (a channel needs
        # its contact); they run once the fields themselves are valid.
        for suffix, message in getattr(record, "field_problems", lambda: [])():
            self.problem((*key, *suffix), message)
        return record


# Bidi controls make text read in another order than it is written, and can
# hide what an address or a name really says.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _hidden_characters(text: str) -> str | None:
    """What is wrong with text a UA file gives, if it holds control characters
    (escape sequences that would act on a terminal) or bidi controls."""
    if text.isprintable():
        return None
    import unicodedata

    for char in text:
        if char not in "\n\t" and (
            unicodedata.category(char) in ("Cc", "Cs") or char in BIDI_CONTROLS
        ):
            return f"holds the invisible character U+{ord(char):04X}; a UA file is plain text"
    return None


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
        if ONE_OR_MORE in extras:
            schema = {"oneOf": [schema["items"], {**schema, "minItems": 1}]}
        for extra in extras:
            if isinstance(extra, Check):
                if extra.json_format:
                    schema["format"] = extra.json_format
                else:
                    schema["pattern"] = f"^(?:{extra.pattern})$"
            elif isinstance(extra, Doc):
                schema["description"] = extra.text
        return schema
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return json_schema(options[0])
    if origin is typing.Literal:
        return {"enum": list(typing.get_args(annotation))}
    if origin is tuple:
        return {"type": "array", "items": json_schema(typing.get_args(annotation)[0])}
    if origin in (Mapping, dict):
        items = json_schema(typing.get_args(annotation)[1])
        return {"type": "object", "additionalProperties": items}
    if is_record(annotation):
        return _record_schema(annotation)
    simple = {
        str: {"type": "string", "minLength": 1},
        int: {"type": "integer"},
        bool: {"type": "boolean"},
        datetime.date: {"type": "string", "format": "date"},
    }
    if annotation in simple:
        return dict(simple[annotation])
    raise TypeError(f"unsupported annotation {annotation!r}")


def _record_schema(cls: type) -> dict[str, Any]:
    hints = _hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name in cls._fields:
        if FROM_KEY in _metadata(hints[name]):
            continue
        properties[name] = json_schema(hints[name])
        if name not in cls._field_defaults:
            required.append(name)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    if cls.__doc__:
        schema["description"] = " ".join(cls.__doc__.split())
    return schema


def to_jsonable(value: Any) -> Any:
    """A converted value back as plain JSON data (dates as YYYY-MM-DD, no empty fields)."""
    if is_record(type(value)):
        return {
            name: to_jsonable(item) for name, item in value._asdict().items() if item is not None
        }
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
