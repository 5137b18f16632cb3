"""Names of upstream capabilities this version does not provide.

Legacy code often imports such names (``bt.Resampler``, ``bt.Timer``,
``bt.feeds.RollOver`` ...) without using them. Each one is a real class, so
imports, ``isinstance`` checks and subclassing work, but creating an instance
raises ``NotImplementedError`` saying what is missing and what to use instead.
A real implementation replaces the placeholder at the same import path.

The advice is kept per feature area (``ALTERNATIVES``), in one place, so every
message about an area says the same thing.
"""
from __future__ import annotations

from types import ModuleType
from typing import Any, Mapping

__all__ = ['Unavailable', 'unavailable', 'not_available', 'fill_missing', 'ALTERNATIVES',
           'PENDING_FEEDS']

# feature area -> what a user can do instead (completes "Instead, ...")
ALTERNATIVES: dict = {
    'resample/replay': 'resample the data before loading it (for example with pandas '
                       'DataFrame.resample) and load the result with bt.feeds.PandasData',
    'data-cloning': 'create a second data feed on the same source and add it too',
    'filters': 'prepare the bars before loading them (for example with pandas) and load them '
               'with bt.feeds.PandasData, or add your own filter (a callable taking the data) '
               'with data.addfilter',
    'timers/calendars': "read the bar's date and time in the strategy's next() "
                        '(self.data.datetime.datetime(0)) and act on it there',
    'signals': "write a bt.Strategy whose next() reads the signal indicator and calls buy(), "
               'sell() or close()',
    'data-feeds': 'combine the data before loading it (for example with pandas.concat) and '
                  'load it with bt.feeds.PandasData',
    'online-data': 'download the data to a CSV file and load it with '
                   'bt.feeds.YahooFinanceCSVData or bt.feeds.GenericCSVData',
    'database': 'read the data into a pandas DataFrame and load it with bt.feeds.PandasData',
    'quandl-csv': 'load the file with bt.feeds.GenericCSVData, giving the column of each '
                  'field (datetime, open, high, low, close, volume, openinterest)',
    'visualchart-files': 'export the data from VisualChart as CSV and load it with '
                         'bt.feeds.VChartCSVData',
    'live-trading': 'backtest on historical data; trading live through VisualChart is not '
                    'supported',
    'plotting': "plot with matplotlib from the lines' values: each line has them in "
                '.array (for example strategy.data.close.array)',
    'broker-fidelity': 'use the default broker, bt.brokers.BackBroker, which supports it',
}


def _advice(area: str) -> str:
    return ALTERNATIVES.get(area, 'no replacement is provided in this version')


def not_available(what: str, area: str) -> NotImplementedError:
    """The error to raise for ``what`` (a method or feature) of ``area``."""
    return NotImplementedError('%s is not available in this version of backtrader. '
                               'Instead, %s.' % (what, _advice(area)))


class Unavailable:
    """Base of placeholder classes; instantiating a subclass raises
    ``NotImplementedError``."""

    _bt_capability: str = 'this capability'
    _bt_area: str = ''

    def __new__(cls, *args: Any, **kwargs: Any):
        # name the placeholder itself, also when a user subclass is instantiated
        root = next(k for k in cls.__mro__ if '_bt_capability' in k.__dict__)
        who = root.__name__ if root is cls else '%s (subclass of %s)' % (cls.__name__,
                                                                         root.__name__)
        raise NotImplementedError('%s is not available in this version of backtrader (%s). '
                                  'Instead, %s.' % (who, cls._bt_capability,
                                                    _advice(cls._bt_area)))

    @classmethod
    def unavailable_reason(cls) -> str:
        """The capability this name stands for and what to use instead."""
        return '%s; instead, %s' % (cls._bt_capability, _advice(cls._bt_area))


def unavailable(name: str, capability: str, area: str, module: str,
                base: type = Unavailable) -> type:
    """A placeholder class called ``name`` (defined in ``module``) for
    ``capability``, a feature of ``area`` (a key of ``ALTERNATIVES``)."""
    doc = ('Not available in this version of backtrader: %s. Instantiating it raises '
           'NotImplementedError. Instead, %s.' % (capability, _advice(area)))
    ns = {'__module__': module, '__doc__': doc, '__qualname__': name,
          '_bt_capability': capability, '_bt_area': area}
    return type(name, (base,), ns)


def fill_missing(module: ModuleType, placeholders: Mapping[str, tuple]) -> None:
    """Define each placeholder in ``module`` unless the module already has that
    name (a real implementation always wins over its placeholder).

    ``placeholders`` maps a name to ``(capability, area)`` or to
    ``('=', other_name)`` for an alias of another placeholder of the mapping.
    """
    for name, spec in placeholders.items():
        if spec[0] == '=' or hasattr(module, name):
            continue
        setattr(module, name, unavailable(name, spec[0], spec[1], module.__name__))
    for name, spec in placeholders.items():
        if spec[0] == '=' and not hasattr(module, name):
            setattr(module, name, getattr(module, spec[1]))


_VCLIVE = 'VisualChart live trading'

# Upstream feed names of ``bt.feeds`` this version does not provide; installed
# into ``backtrader.feeds`` by the package ``__init__`` when absent.
PENDING_FEEDS: dict = {
    'VCData': (_VCLIVE + ' (data feed)', 'live-trading'),
    'MetaVCData': ('=', 'VCData'),
}
