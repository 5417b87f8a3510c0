"""The layering the README draws, checked on the source: module-level imports only go down.

    1. config (settings, celery, jobs, documents, pdf)  infrastructure, no domain app
    2. agencies                                         geography, units, partners, roles
    3. operations.models, operations.access             Election, Operation, phases
    4. meetings | polling_stations                      side by side, never each other
    5. the rest of operations                           cross-app pages, readiness, demo

Modules are parsed with ``ast``, never imported, so a broken import cannot hide a rule.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("config", "agencies", "operations", "meetings", "polling_stations")
# The URL root wires every app together by design.
EXEMPT = {"config.urls"}
# The modules of operations that everything plans hang on; its other modules are the top.
OPERATIONS_BASE = (
    "operations.models",
    "operations.access",
    "operations.migrations",
    "operations.apps",
)
SIDE_BY_SIDE = {"meetings", "polling_stations"}


@dataclass(frozen=True)
class Import:
    importer: str
    target: str
    line: int
    in_function: bool

    def __str__(self) -> str:
        return f"{self.importer}:{self.line} imports {self.target}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            found[module_name(path)] = path
    return found


MODULES = source_modules()


def app_of(module: str) -> str:
    return module.split(".")[0]


def layer(module: str) -> int:
    app = app_of(module)
    if app == "config":
        return 1
    if app == "agencies":
        return 2
    if app == "operations":
        return 3 if module.startswith(OPERATIONS_BASE) else 5
    return 4


def resolve(importer: str, is_package: bool, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The project modules an import statement loads (a name may itself be a module)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
        return [_nearest_module(name) for name in names if app_of(name) in APPS]
    if node.level:
        package = importer.split(".") if is_package else importer.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    if app_of(base) not in APPS:
        return []
    targets = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        targets.append(candidate if candidate in MODULES else _nearest_module(base))
    return targets


def _nearest_module(name: str) -> str:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(module: str) -> list[Import]:
    path = MODULES[module]
    tree = ast.parse(path.read_text(), filename=str(path))
    is_package = path.name == "__init__.py"
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            # Imports for type checkers only never run.
            if isinstance(child, ast.If) and _is_type_checking(child):
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                for target in resolve(module, is_package, child):
                    if target and target != module:
                        found.append(Import(module, target, child.lineno, in_function))
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            visit(child, nested)

    visit(tree, False)
    return found


ALL_IMPORTS = [found for module in MODULES if module not in EXEMPT for found in imports_of(module)]
MODULE_LEVEL = [found for found in ALL_IMPORTS if not found.in_function]


def upward_imports() -> list[Import]:
    return [i for i in MODULE_LEVEL if layer(i.target) > layer(i.importer)]


def side_by_side_imports() -> list[Import]:
    return [
        i
        for i in ALL_IMPORTS
        if {app_of(i.importer), app_of(i.target)} == SIDE_BY_SIDE
        and app_of(i.importer) != app_of(i.target)
    ]


def graph(imports: list[Import]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {module: set() for module in MODULES}
    for found in imports:
        edges[found.importer].add(found.target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in edges.get(module, ()):
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            connect(module)
    return found


def reaches(edges: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        module = todo.pop()
        if module == goal:
            return True
        if module not in seen:
            seen.add(module)
            todo.extend(edges.get(module, ()))
    return False


def local_imports_dodging_rules() -> list[Import]:
    """Function-level imports that stand in for a module-level import the rules forbid.

    The one allowed: a service enqueueing its own app's task inside ``on_commit`` (the
    task module imports the services it wraps, so a module-level import would close a
    cycle). Registering with the framework in ``AppConfig.ready`` is Django's own pattern
    and closes no cycle.
    """
    edges = graph(MODULE_LEVEL)
    dodges = []
    for found in ALL_IMPORTS:
        if not found.in_function:
            continue
        own_task = found.target == f"{app_of(found.importer)}.tasks"
        closes_cycle = reaches(edges, found.target, found.importer)
        if app_of(found.target) != app_of(found.importer) or (closes_cycle and not own_task):
            dodges.append(found)
    return dodges


RULES = {
    "upward": upward_imports,
    "side_by_side": side_by_side_imports,
    "cycles": lambda: cycles(graph(MODULE_LEVEL)),
    "local": local_imports_dodging_rules,
}


def violations(rule: str) -> list:
    return RULES[rule]()


def test_it_finds_the_modules_of_every_app():
    assert {app_of(module) for module in MODULES} == set(APPS)
    assert {"operations.models", "config.documents", "meetings.models"} <= set(MODULES)


def test_it_sees_through_relative_and_absolute_imports():
    imported = {i.target for i in imports_of("operations.services")}

    assert {"operations.models", "config.documents", "agencies.models"} <= imported


def test_it_puts_operations_models_below_the_apps_that_plan_on_them():
    assert layer("operations.models") < layer("meetings.models") < layer("operations.views")


def test_it_finds_a_cycle_of_three_modules():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert cycles(edges) == [["a", "b", "c"]]


def test_no_module_imports_one_of_a_higher_layer():
    found = violations("upward")

    assert found == [], "\n".join(map(str, found))


def test_meetings_and_polling_stations_never_import_each_other():
    found = violations("side_by_side")

    assert found == [], "\n".join(map(str, found))


def test_there_is_no_import_cycle_between_modules():
    found = violations("cycles")

    assert found == [], "\n".join(" -> ".join(cycle) for cycle in found)


def test_no_local_import_dodges_the_rules_but_a_service_enqueueing_its_own_task():
    found = violations("local")

    assert found == [], "\n".join(map(str, found))
