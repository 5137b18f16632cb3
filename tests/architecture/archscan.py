"""Static view of the ``backtrader/`` sources for the architecture tests.

Every module's dotted name, file and syntax tree, and every import statement
(module level or inside a function, i.e. lazy) resolved to the module it
loads. Parsed once per test session; nothing is imported or executed.
"""
from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / 'backtrader'
ROOT = 'backtrader'


@dataclass(frozen=True)
class Import:
    """One imported module: ``source`` imports ``target`` at ``line``."""
    source: str
    target: str
    line: int
    lazy: bool          # inside a function or method (runs when called)


@functools.lru_cache(maxsize=None)
def modules() -> dict:
    """Dotted module name -> source file, for every module of the package
    (a package is named by its ``__init__.py``)."""
    found = {}
    for path in sorted(PACKAGE.rglob('*.py')):
        parts = list(path.relative_to(REPO).with_suffix('').parts)
        if parts[-1] == '__init__':
            parts.pop()
        found['.'.join(parts)] = path
    return found


def is_package(name: str) -> bool:
    return modules()[name].name == '__init__.py'


@functools.lru_cache(maxsize=None)
def tree(name: str) -> ast.Module:
    path = modules()[name]
    return ast.parse(path.read_text(encoding='utf-8'), filename=str(path))


def relpath(name: str) -> str:
    """The module's file relative to the repository (for messages)."""
    return modules()[name].relative_to(REPO).as_posix()


def _deepest_module(dotted: str) -> str:
    mods = modules()
    while dotted not in mods and '.' in dotted:
        dotted = dotted.rsplit('.', 1)[0]
    return dotted


def _targets(source: str, node) -> list:
    """Modules of the package an import statement loads (outside ones: none)."""
    mods = modules()
    if isinstance(node, ast.Import):
        return [_deepest_module(a.name) for a in node.names
                if a.name == ROOT or a.name.startswith(ROOT + '.')]
    if node.level:
        base = source.split('.')
        if not is_package(source):
            base.pop()
        base = base[:len(base) - (node.level - 1)]
        prefix = '.'.join(base + ([node.module] if node.module else []))
    elif node.module == ROOT or (node.module or '').startswith(ROOT + '.'):
        prefix = node.module
    else:
        return []
    out = []
    for alias in node.names:
        sub = prefix + '.' + alias.name
        out.append(sub if sub in mods else _deepest_module(prefix))
    return out


def _walk(node, lazy: bool = False):
    """(import node, lazy) for every import below ``node``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child, lazy
        inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        yield from _walk(child, inner)


@functools.lru_cache(maxsize=None)
def imports() -> tuple:
    """Every import of one package module by another, lazy ones included."""
    found = {}
    for name in modules():
        for node, lazy in _walk(tree(name)):
            for target in _targets(name, node):
                if target != name:
                    imp = Import(name, target, node.lineno, lazy)
                    found[imp] = None
    return tuple(found)


def implied_packages(source: str, target: str) -> list:
    """Packages Python initialises before ``target`` when ``source`` imports
    it: the target's enclosing packages, except the root (already loaded for
    anything below it) and the packages ``source`` itself sits in."""
    own = set()
    parts = source.split('.')
    for i in range(1, len(parts) + 1):
        own.add('.'.join(parts[:i]))
    out = []
    parts = target.split('.')
    for i in range(2, len(parts)):
        pkg = '.'.join(parts[:i])
        if pkg not in own and pkg in modules():
            out.append(pkg)
    return out


def import_graph() -> dict:
    """module -> set of modules whose import it triggers (explicit imports,
    lazy ones included, plus the packages each of them initialises)."""
    graph = {name: set() for name in modules()}
    for imp in imports():
        graph[imp.source].add(imp.target)
        graph[imp.source].update(implied_packages(imp.source, imp.target))
    return graph


def strongly_connected(graph: dict) -> list:
    """Groups of modules importing each other in a circle (Tarjan, iterative)."""
    index, low, on_stack, stack, groups = {}, {}, set(), [], []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in graph[node]:
                    groups.append(sorted(group))
    return groups


def one_loop(graph: dict, group: list) -> list:
    """A shortest circle of imports through the first module of ``group``
    (a strongly connected group), as a list of modules ending where it starts."""
    members = set(group)
    start = group[0]
    previous = {start: None}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for child in sorted(graph[node] & members):
                if child == start:
                    path = [node]
                    while previous[path[-1]] is not None:
                        path.append(previous[path[-1]])
                    return [start] + path[::-1][1:] + [start] if len(path) > 1 \
                        else [start, start]
                if child not in previous:
                    previous[child] = node
                    nxt.append(child)
        frontier = nxt
    return group
