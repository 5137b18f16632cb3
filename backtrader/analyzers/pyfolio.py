"""Collects returns, positions, transactions and leverage for pyfolio (``PyFolio``)."""
from __future__ import annotations

from ..utils.timeframe import TimeFrame
from .base import Analyzer
from .leverage import GrossLeverage
from .positions import PositionsValue
from .timereturn import TimeReturn
from .transactions import Transactions

__all__ = ['PyFolio']


class PyFolio(Analyzer):
    """Children ``TimeReturn``, ``PositionsValue(headers, cash)``,
    ``Transactions(headers)`` and ``GrossLeverage``; ``get_analysis()`` keys
    ``returns``, ``positions``, ``transactions``, ``gross_lev``.
    ``get_pf_items()`` turns them into pandas objects (UTC index) for pyfolio."""

    params = (
        ('timeframe', TimeFrame.Days),
        ('compression', 1),
    )

    def __init__(self) -> None:
        dtfcomp = dict(timeframe=self.p.timeframe, compression=self.p.compression)
        self._returns = TimeReturn(**dtfcomp)
        self._positions = PositionsValue(headers=True, cash=True)
        self._transactions = Transactions(headers=True)
        self._gross_lev = GrossLeverage()

    def stop(self) -> None:
        super().stop()
        self.rets['returns'] = self._returns.get_analysis()
        self.rets['positions'] = self._positions.get_analysis()
        self.rets['transactions'] = self._transactions.get_analysis()
        self.rets['gross_lev'] = self._gross_lev.get_analysis()

    def get_pf_items(self):
        """``(returns, positions, transactions, gross_lev)`` as pandas Series /
        DataFrames indexed by UTC timestamps. As upstream, ``positions`` only has
        the last data's column and ``cash``."""
        import pandas

        def utc_index(frame):
            frame.index = pandas.to_datetime(frame.index).tz_localize('UTC')
            return frame

        returns = pandas.DataFrame.from_records(
            list(self.rets['returns'].items()), index='index', columns=['index', 'return'])
        returns = utc_index(returns)['return']

        # upstream keeps only the last two columns (last data and cash)
        rows = [[key] + list(vals[-2:]) for key, vals in self.rets['positions'].items()]
        header = rows.pop(0)
        positions = utc_index(pandas.DataFrame.from_records(rows, index=header[0],
                                                            columns=header))

        rows = [[key] + list(entry) for key, entries in self.rets['transactions'].items()
                for entry in entries]
        header = rows.pop(0)
        transactions = utc_index(pandas.DataFrame.from_records(rows, index=header[0],
                                                               columns=header))

        gross_lev = pandas.DataFrame.from_records(
            list(self.rets['gross_lev'].items()), index='index', columns=['index', 'gross_lev'])
        gross_lev = utc_index(gross_lev)['gross_lev']
        return returns, positions, transactions, gross_lev
