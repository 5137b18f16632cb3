"""The position access of a strategy (``getposition``, ``position``,
``positions``...), an API group ``Strategy`` mixes in.

Layer: strategy (see the package).
"""
from __future__ import annotations

import collections

__all__ = ['PositionAccess']


class PositionAccess:
    """``Strategy``'s positions API: the positions the broker holds per data."""

    #: data0's Position while the run's broker keeps one Position per data
    #: for the whole run in its ``positions`` (``strategykit.layout``)
    _pos0 = None

    def getposition(self, data=None, broker=None):
        """The position held on ``data`` (default: data0) at ``broker`` (default: the run's)."""
        if broker is None and data is not None and self._pos0 is not None:
            # shortcut (the run's broker keeps its positions by data, _pos0):
            # what its getposition returns, read directly
            return self.broker.positions[data]
        data = self.datas[0] if data is None else data
        return (broker or self.broker).getposition(data)

    class _PositionView:
        """``strategy.position``: the position on data0. A non-data descriptor,
        so a run with the simulated broker can store the (stable) Position
        object on the instance and make the lookup a plain attribute read."""

        def __get__(self, obj, cls=None):
            if obj is None:
                return self
            return obj.broker.getposition(obj.datas[0])

    position = _PositionView()

    def getpositionbyname(self, name=None, broker=None):
        """The position held on the data called ``name`` (default: data0)."""
        data = self.datas[0] if not name else self.getdatabyname(name)
        return (broker or self.broker).getposition(data)

    def getpositions(self, broker=None):
        """Every position of ``broker`` (default: the run's), by data."""
        return (broker or self.broker).positions

    @property
    def positions(self):
        """Every position of the run's broker, by data."""
        return self.broker.positions

    def getpositionsbyname(self, broker=None):
        """Every position of ``broker`` (default: the run's), by data name."""
        broker = broker or self.broker
        positions = broker.positions
        out = collections.OrderedDict()
        for name, data in self._env.datasbyname.items():
            out[name] = positions[data]
        return out

    @property
    def positionsbyname(self):
        """Every position of the run's broker, by data name."""
        return self.getpositionsbyname()

    @property
    def positionbyname(self):
        """The position on data0 (upstream's ``getpositionbyname()`` as a property)."""
        return self.getpositionbyname()

