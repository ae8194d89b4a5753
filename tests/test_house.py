"""The house plan holds: the core never imports click, prints or exits; it never
imports the commands; command bodies stay short; the vocabulary is written once."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

from tests.builders import PROJECT

PACKAGE = PROJECT / "ua_cli"
COMMANDS = PACKAGE / "commands"
# The entry point (__main__.py) is where the command line starts, not core.
CORE = sorted(
    p for p in PACKAGE.rglob("*.py") if COMMANDS not in p.parents and p.name != "__main__.py"
)


@functools.cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imported(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_core_never_imports_click_or_the_commands(path):
    imported = _imported(_tree(path))
    assert not {name for name in imported if name.split(".")[0] == "click"}
    assert not {name for name in imported if name.startswith("ua_cli.commands")}


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_core_never_prints_or_exits(path):
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call):
            called = ast.unparse(node.func)
            assert called not in {"print", "exit", "quit", "sys.exit", "os._exit"} or (
                called == "os._exit" and path.name == "typeset.py"  # a worker whose batch died
            ), f"{path.name}:{node.lineno}: {called}()"


def _command_bodies():
    for path in sorted(COMMANDS.glob("*.py")):
        for node in _tree(path).body:
            if isinstance(node, ast.FunctionDef) and any(
                "command" in ast.unparse(d) or "group" in ast.unparse(d)
                for d in node.decorator_list
            ):
                yield pytest.param(path, node, id=f"{path.stem}.{node.name}")


def _lines_of_logic(function: ast.FunctionDef) -> int:
    """Lines a body spends on statements, less its docstring and imports."""
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    lines: set[int] = set()
    for statement in body:
        for node in ast.walk(statement):
            if isinstance(node, ast.stmt) and not isinstance(node, ast.Import | ast.ImportFrom):
                lines.add(node.lineno)
    return len(lines)


@pytest.mark.parametrize(("path", "function"), list(_command_bodies()))
def test_command_bodies_parse_call_the_core_and_print(path, function):
    assert _lines_of_logic(function) <= 20, f"{path.name}: {function.name}"


def test_the_actions_are_written_out_once():
    written = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Tuple | ast.List)
        and {getattr(e, "value", None) for e in node.elts} >= {"letter", "email", "fax", "call"}
    ]
    assert written == ["actionlog/entries.py:13"], written


def test_the_help_listing_matches_each_commands_help():
    from ua_cli.commands import COMMANDS, cli

    for name, (_, _, short) in COMMANDS.items():
        command = cli.get_command(None, name)
        assert " ".join(command.help.split("\n\n")[0].split()) == short, name


CLOCK_READERS = {
    "datetime.datetime.now", "datetime.datetime.utcnow", "datetime.datetime.today",
    "datetime.date.today", "datetime.now", "datetime.utcnow", "date.today",
    "time.time", "time.time_ns", "time.localtime", "time.gmtime", "time.ctime",
}  # fmt: skip


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_nothing_reads_the_calendar_but_the_runs_clock(path):
    """Every date and timestamp comes from the Session's Clock, so that tests
    hand in their own and the suite passes on any day (time.monotonic, which
    measures intervals, is allowed)."""
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in CLOCK_READERS:
            allowed = path == COMMANDS / "common.py" and _in_clock_real(path, node.lineno)
            assert allowed, f"{path.relative_to(PACKAGE)}:{node.lineno}: {ast.unparse(node.func)}()"


def _in_clock_real(path: Path, line: int) -> bool:
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.FunctionDef) and node.name == "real":
            return node.lineno <= line <= (node.end_lineno or line)
    return False


def _module_name(path: Path) -> str:
    relative = path.relative_to(PROJECT).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def _import_graph() -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports,
    at the top or inside a function (a cycle hides there just as well)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = set()
        for node in _runtime_nodes(_tree(path)):
            if isinstance(node, ast.ImportFrom) and node.module in modules:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _runtime_nodes(tree: ast.AST):
    """Every node, less what `if TYPE_CHECKING:` keeps for the type checker."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            yield from (n for child in node.orelse for n in ast.walk(child))
            continue
        yield node
        yield from _runtime_nodes(node)


def test_no_import_cycles():
    """No module imports, even lazily, a module that leads back to it (a
    package's __init__ aside: importing a submodule runs it first)."""
    graph = _import_graph()
    packages = {m for m in graph if (PROJECT / m.replace(".", "/") / "__init__.py").exists()}
    edges = {m: {n for n in targets if n not in packages} for m, targets in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for following in sorted(edges[module]):
            if state.get(following) == 1:
                cycle = [*stack[stack.index(following) :], following]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if following not in state:
                visit(following)
        stack.pop()
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_grows_past_600_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 600, f"{path.relative_to(PACKAGE)}: {lines} lines; split it by idea"
