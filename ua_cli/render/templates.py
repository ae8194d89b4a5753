"""Laying out letters with Jinja2 templates: text, Markdown and HTML.

Templates live in letters/<lang>/letter.<ext>.j2; a user folder may hold a
template of the same name, which wins. All templates render in Jinja2's sandbox
with StrictUndefined, so a template can neither reach into Python nor leave a
silent blank where a fact should be.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import re
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from ua_cli.compose.letter import Letter
from ua_cli.errors import UaError
from ua_cli.files import MIB, read_limited
from ua_cli.packs import labels
from ua_cli.paths import shipped_dir

FORMATS: dict[str, str] = {"text": "txt", "markdown": "md", "html": "html"}
# A letter is a few kilobytes. A template may not make more than this, nor pad
# or repeat text past MAX_WIDTH at a time (as '{0:>1000000000}'.format(x) or
# 'x' * 10**9 would, taking gigabytes before anything is written).
MAX_OUTPUT = 5_000_000
MAX_WIDTH = 10_000
# A user's template stops when it takes longer than this (a loop in a loop
# over ranges or long strings would make no text and never end).
MAX_SECONDS = 1.5
_MARKDOWN_SPECIAL = r"([\\`*_{}\[\]<>()#+!|~]|^[-=]|^\d+(?=\.))"


def markdown_escape(text: str) -> str:
    """Escape the characters Markdown would read as formatting."""
    return re.sub(_MARKDOWN_SPECIAL, r"\\\1", str(text), flags=re.MULTILINE)


def _autoescape(name: str | None) -> bool:
    return bool(name) and name.removesuffix(".j2").endswith((".html", ".htm"))


class Renderer:
    """Renders letters with the shipped templates, or the user's own."""

    @classmethod
    def for_user(cls, profile: Path) -> Renderer:
        """The renderer commands use: the user's template folder (beside their
        `profile`) first, and the compiled-template cache in the user cache folder."""
        from ua_cli.paths import template_cache_path, user_templates_dir

        return cls(user_dir=user_templates_dir(profile), cache_dir=template_cache_path())

    def __init__(self, *, user_dir: Path | None = None, cache_dir: Path | None = None) -> None:
        folders = [str(user_dir)] if user_dir and user_dir.is_dir() else []
        folders.append(str(shipped_dir("letters")))
        self._loader = jinja2.FileSystemLoader(folders)
        self._cache = _bytecode_cache(cache_dir)
        self._env = self._environment(self._loader)

    def _environment(self, loader: jinja2.BaseLoader) -> SandboxedEnvironment:
        env = _BoundedSandbox(
            loader=loader,
            bytecode_cache=self._cache,
            undefined=jinja2.StrictUndefined,
            autoescape=_autoescape,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters["md"] = markdown_escape
        for name in ("center", "indent", "format"):  # the filters that pad
            env.filters[name] = _bounded_filter(env.filters[name])
        env.filters["join"] = _bounded_join(env.filters["join"])
        env.filters["replace"] = _bounded_replace(env.filters["replace"])
        del env.globals["lipsum"]  # pages of Latin, a million words on request
        env.globals["range"] = _bounded_range
        return env

    def render(self, letter: Letter, fmt: str, context: dict[str, Any]) -> str:
        """One letter in a format, with the shipped (or user-overridden) template."""
        name = f"{letter.lang}/letter.{FORMATS[fmt]}.j2"
        return self.render_named(name, {**context, "labels": labels(letter.lang), "letter": letter})

    def render_named(self, name: str, context: dict[str, Any]) -> str:
        """A named template (letters/<lang>/call.txt.j2, _layout/email.html.j2)."""
        try:
            template = self._env.get_template(name)
        except jinja2.TemplateNotFound:
            raise UaError(f"no template {name}") from None
        except jinja2.TemplateSyntaxError as error:
            raise UaError(_syntax_message(error)) from None
        return _render(template, context)

    def render_file(self, path: Path, letter: Letter, context: dict[str, Any]) -> str:
        """One letter with a template file the user gave (--template)."""
        try:
            source = read_limited(path, MIB, "a letter template").decode("utf-8")
        except UnicodeDecodeError:
            raise UaError(f"{path}: cannot read the template: it is not UTF-8 text") from None
        name = str(path)

        def load_user_template(wanted: str) -> tuple[str, str, Any] | None:
            return (source, name, lambda: True) if wanted == name else None

        # The user's file comes first; it may still extend the shipped layouts.
        loader = jinja2.ChoiceLoader([jinja2.FunctionLoader(load_user_template), self._loader])
        try:
            template = self._environment(loader).get_template(name)
        except jinja2.TemplateSyntaxError as error:
            raise UaError(_syntax_message(error)) from None
        return _render(template, {**context, "letter": letter, "labels": labels(letter.lang)})

    def join(self, rendered: Sequence[str], fmt: str, *, lang: str, title: str) -> str:
        """Several letters as one output: form feeds, rules, or one HTML page."""
        if fmt == "text":
            return "\f".join(rendered)
        if fmt == "markdown":
            return "\n---\n\n".join(rendered)
        page = self._env.get_template("_layout/page.html.j2")
        articles = [jinja2.utils.markupsafe.Markup(article) for article in rendered]
        return _render(page, {"articles": articles, "lang": lang, "title": title})


class _BoundedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox (no reaching into Python), which also refuses to build
    huge strings or lists: with repetition, padding, or numbers raised to huge
    powers."""

    intercepted_binops = frozenset({"*", "%", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repetition(left, right)
            _check_repetition(right, left)
        elif operator == "**" and isinstance(right, int) and abs(right) > 1000:
            raise SecurityError("a power that large is not for a letter")
        elif operator == "%" and isinstance(left, str):
            _check_widths(re.findall(_PERCENT_WIDTHS, left))
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Any:
        if type(value) is not types.BuiltinMethodType:
            return None  # not str.format: most attributes a template reads
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            import string

            for _, _, spec, _ in string.Formatter().parse(value.__self__):
                if spec and "{" in spec:
                    raise SecurityError("a format width taken from an argument is not allowed")
                _check_widths(re.findall(r"(\d+)(?:\.(\d+))?", spec or ""))
        return wrapped

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(__obj, "__name__", "")
        if isinstance(getattr(__obj, "__self__", None), str):
            if name in _PADDING:
                numbers = [(str(a), "") for a in (*args, *kwargs.values()) if isinstance(a, int)]
                _check_widths(numbers)
            elif name == "replace" and len(args) >= 2:
                _check_replacement(__obj.__self__, args[0], args[1])
            elif name == "join" and args:
                return _joined(__obj.__self__, args[0])
        return super().call(__context, __obj, *args, **kwargs)


def _bounded_filter(function: Any) -> Any:
    @functools.wraps(function)
    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        numbers = [(str(a), "") for a in (*args, *kwargs.values()) if isinstance(a, int)]
        if function.__name__ == "do_format" and isinstance(value, str):
            numbers += re.findall(_PERCENT_WIDTHS, value)
        _check_widths(numbers)
        return function(value, *args, **kwargs)

    return bounded


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_WIDTH:
        raise SecurityError(f"a range of more than {MAX_WIDTH:,} numbers is not for a letter")
    return numbers


def _joined(separator: str, items: Any) -> str:
    """separator.join(items), stopping at MAX_OUTPUT characters."""
    pieces, size = [], 0
    for item in items:
        piece = str(item)
        size += len(piece) + len(separator)
        if size > MAX_OUTPUT:
            raise SecurityError(f"joining past {MAX_OUTPUT:,} characters is not allowed")
        pieces.append(piece)
    return separator.join(pieces)


def _bounded_join(function: Any) -> Any:
    @functools.wraps(function)
    def bounded(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
        items = list(itertools.islice(iter(value), MAX_OUTPUT + 1))
        _joined(str(d), items)  # refuses before Jinja builds a string too long
        return function(eval_ctx, items, d, attribute)

    return bounded


def _check_replacement(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        grown = text.count(old) * (len(new) - len(old)) if old else (len(text) + 1) * len(new)
        if len(text) + grown > MAX_OUTPUT:
            raise SecurityError(f"replacing past {MAX_OUTPUT:,} characters is not allowed")


def _bounded_replace(function: Any) -> Any:
    @functools.wraps(function)
    def bounded(eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> Any:
        if count is None:
            _check_replacement(str(s), str(old), str(new))
        return function(eval_ctx, s, old, new, count)

    return bounded


_PERCENT_WIDTHS = r"%[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?"
_PADDING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


def _check_repetition(sequence: Any, times: Any) -> None:
    repeats = isinstance(sequence, str | list | tuple) and isinstance(times, int)
    if repeats and len(sequence) * times > MAX_WIDTH:
        raise SecurityError(f"repeating text past {MAX_WIDTH:,} characters is not allowed")


def _check_widths(specs: list[tuple[str, str]]) -> None:
    for width, precision in specs:
        for number in (width, precision):
            if number == "*" or (number.isdigit() and int(number) > MAX_WIDTH):
                raise SecurityError(f"a width over {MAX_WIDTH:,} characters is not allowed")


_SHIPPED = f"{shipped_dir('letters')}{os.sep}"


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled-template cache, which never fails a letter: a cache
    folder that cannot be read or written only means compiling again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    """Compiling the templates is a third of `ua letter`'s own work; cache it."""
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


def _render(template: jinja2.Template, context: dict[str, Any]) -> str:
    """The template's text. A user's template is made piece by piece, so that
    one making far more than a letter stops at MAX_OUTPUT instead of filling
    the memory; the shipped ones, ours, are made at once (a fifth faster)."""
    if (template.filename or "").startswith(_SHIPPED):
        try:
            return template.render(context)
        except Exception as error:  # any failure inside a template is the template's fault
            raise UaError(_runtime_message(error, template.filename)) from None
    pieces: list[str] = []
    size = 0
    where = template.filename or "template"
    try:
        with _deadline(MAX_SECONDS):
            for piece in template.generate(context):
                size += len(piece)
                if size > MAX_OUTPUT:
                    raise UaError(
                        f"{where}: the template makes more than {MAX_OUTPUT:,} characters"
                    )
                pieces.append(piece)
    except UaError:
        raise
    except _TooSlow:
        raise UaError(f"{where}: the template took more than {MAX_SECONDS:g} s; stopped") from None
    except Exception as error:  # any failure inside a template is the template's fault
        raise UaError(_runtime_message(error, template.filename)) from None
    return "".join(pieces)


class _TooSlow(Exception):
    pass


@contextlib.contextmanager
def _deadline(seconds: float) -> Any:
    """Stop the Python code this thread runs (a template, Jinja's filters) once
    `seconds` have passed: a trace function checks the clock at each line."""
    import sys
    import time

    end = time.monotonic() + seconds

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        if event == "line" and time.monotonic() > end:
            raise _TooSlow
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(previous)


def _syntax_message(error: jinja2.TemplateSyntaxError) -> str:
    return f"{error.filename or error.name}:{error.lineno}: template error: {error.message}"


def _runtime_message(error: BaseException, filename: str | None) -> str:
    """Name the template and line: Jinja rewrites tracebacks to point into templates."""
    import traceback

    where = filename or "template"
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename and not frame.filename.endswith(".py"):
            where = f"{frame.filename}:{frame.lineno}"
            break
    message = getattr(error, "message", None) or str(error)
    return f"{where}: template error: {message}"
