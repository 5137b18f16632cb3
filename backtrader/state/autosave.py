"""Saving a strategy's ``StateManager`` every ``save_interval`` bars.

The per-bar call rides on the strategy's analyzers: a hidden analyzer
(not in ``strategy.analyzers``) whose bar hooks call ``manager.on_bar()``
after the strategy's ``prenext``/``nextstart``/``next``. A strategy whose
manager does not auto-save has no such analyzer, so nothing is done per bar.
"""
from __future__ import annotations

from ..analyzers.base import Analyzer
from ..core.errors import StateError

__all__ = ['StateAutoSave', 'attach']


class StateAutoSave(Analyzer):
    """Calls its manager's ``on_bar`` once per bar of the strategy."""

    def __init__(self, manager=None) -> None:
        self.manager = manager

    def prenext(self) -> None:
        """Count the bar (and save every ``save_interval`` bars)."""
        self.manager.on_bar()

    nextstart = next = prenext

    def get_analysis(self) -> dict:
        """Bars counted and saves made."""
        return {'bars': self.manager.bars, 'saves': self.manager.saves}


def attach(manager):
    """Hook ``manager`` (bound to a strategy) to its strategy's bars."""
    strategy = manager.strategy
    if '_an_next' not in strategy.__dict__:
        # the strategy's per-bar hooks are not laid out yet (it is being built)
        return strategy._addanalyzer_slave(StateAutoSave, manager=manager)
    if strategy._analyzed:
        raise StateError('auto_save must be switched on in the strategy\'s __init__ or '
                         'start(), not while it runs (or call state.on_bar() yourself)')
    hook = strategy._addanalyzer_slave(StateAutoSave, manager=manager)
    hook._start()
    strategy._bt_relayout()
    return hook
