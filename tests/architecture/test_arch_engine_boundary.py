"""The engine runs strategies and brokers through interfaces.

* ``backtrader/engine/`` reads and writes private attributes (``x._name``)
  only of its own objects (``self``/``cls``). The exceptions are listed below
  by (receiver, attribute), each with its reason: data feeds' upstream-named
  attributes (upstream's Cerebro sets and reads the same ones) and the
  broker's deferral capability that ``RunPlan`` checks for. No receiver is a
  strategy or the Cerebro: strategies are reached through their
  ``StrategyDriver`` (public methods), the Cerebro through public names.
* It names no concrete broker class, except where the facade builds the
  default broker (the composition root): no ``isinstance``/``type`` checks.
* No ``global`` statement: nothing (optimisation workers included) passes
  through a module global.
"""
from __future__ import annotations

import ast

import archscan

# (receiver as written, attribute) -> why it is not a private member of a
# Strategy or of the Cerebro
ALLOWED = {
    ('data', '_name'): "a data feed's name (upstream's attribute)",
    ('data', '_id'): "a data feed's number in the run (upstream's attribute)",
    ('data', '_start'): "a data feed's start hook (upstream's feed protocol)",
    ('d', '_check'): "a data feed's filter check (upstream's feed protocol)",
    ('d', '_last'): "a data feed's filter flush (upstream's feed protocol)",
    ('d', '_timeframe'): "a data feed's timeframe (upstream's attribute)",
    ('d', '_compression'): "a data feed's compression (upstream's attribute)",
    ('first', '_dataname'): "a data feed's source (upstream's attribute)",
    ('self.datas[tz]', '_tz'): "a data feed's time zone (upstream's attribute)",
    ('self.params', '_getkeys'): "the parameters' info class (core/params.py)",
    ('broker', '_defer_start'): 'the deferred-valuation capability (BrokerCapabilities.defer)',
    ('broker', '_defer_stop'): 'the deferred-valuation capability (BrokerCapabilities.defer)',
    ('broker', '_deferring'): 'the deferred-valuation capability (BrokerCapabilities.defer)',
}

# the one place a concrete broker is named: Cerebro builds the default one
DEFAULT_BROKER = ('backtrader/engine/cerebro.py', 'BackBroker')
# the broker protocol (brokers/base.py): what any broker declares it allows
PROTOCOL = ('brokers.base', {'BrokerCapabilities', 'capabilities_of'})


def _engine_modules():
    return [m for m in archscan.modules() if m.startswith('backtrader.engine')]


def _private_accesses(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith('_') \
                and not node.attr.startswith('__'):
            receiver = ast.unparse(node.value)
            if receiver not in ('self', 'cls'):
                yield node.lineno, receiver, node.attr


def test_engine_touches_no_private_member_of_strategy_or_cerebro():
    found, used = [], set()
    for name in _engine_modules():
        for line, receiver, attr in _private_accesses(archscan.tree(name)):
            if (receiver, attr) in ALLOWED:
                used.add((receiver, attr))
                continue
            found.append('  %s:%d %s.%s' % (archscan.relpath(name), line, receiver, attr))
    assert not found, ('private attributes of other objects used in backtrader/engine/ '
                       '(talk to strategies through StrategyDriver, to the Cerebro '
                       'through public names):\n' + '\n'.join(found))
    stale = sorted(set(ALLOWED) - used)
    assert not stale, 'ALLOWED entries no longer needed (remove them): %s' % stale


def test_engine_names_no_concrete_broker():
    found = []
    for name in _engine_modules():
        path = archscan.relpath(name)
        for node in ast.walk(archscan.tree(name)):
            if isinstance(node, ast.ImportFrom):
                if 'brokers' not in (node.module or '').split('.'):
                    continue
                names = [a.name for a in node.names]
                if (node.module or '').endswith(PROTOCOL[0]) and set(names) <= PROTOCOL[1]:
                    continue
                if (path, names) != (DEFAULT_BROKER[0], [DEFAULT_BROKER[1]]):
                    found.append('  %s:%d imports %s from brokers' % (path, node.lineno, names))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if 'brokers' in alias.name.split('.'):
                        found.append('  %s:%d imports %s' % (path, node.lineno, alias.name))
            elif isinstance(node, ast.Name) and node.id == DEFAULT_BROKER[1]:
                if path != DEFAULT_BROKER[0]:
                    found.append('  %s:%d names %s' % (path, node.lineno, node.id))
    assert not found, 'concrete brokers named in backtrader/engine/:\n' + '\n'.join(found)
    # in the facade, the default broker class is only ever called (built)
    tree = archscan.tree('backtrader.engine.cerebro')
    calls = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == DEFAULT_BROKER[1]]
    assert uses and all(id(n) in calls for n in uses), \
        'cerebro.py uses BackBroker other than to build the default broker'


def test_no_module_global_in_the_engine():
    found = ['  %s:%d global %s' % (archscan.relpath(name), node.lineno, ', '.join(node.names))
             for name in _engine_modules() for node in ast.walk(archscan.tree(name))
             if isinstance(node, ast.Global)]
    assert not found, 'module globals written in backtrader/engine/:\n' + '\n'.join(found)


def test_the_check_sees_private_accesses():
    code = 'def f(self, strat, cerebro):\n    self._ok = strat._cycle + cerebro._event_stop\n'
    got = sorted((r, a) for _, r, a in _private_accesses(ast.parse(code)))
    assert got == [('cerebro', '_event_stop'), ('strat', '_cycle')]
