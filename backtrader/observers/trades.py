"""Trade result observers."""
from __future__ import annotations

from ..core.descriptors import MadeOnFirstRead
from .base import Observer

__all__ = ['Trades', 'DataTrades', 'MetaDataTrades']

# counters ``Trades`` keeps as upstream has them (only ``trades`` is ever incremented)
_TRADE_COUNTERS = ('trades', 'trades_long', 'trades_short', 'trades_plus', 'trades_minus',
                   'trades_plus_gross', 'trades_minus_gross')


class Trades(Observer):
    """Profit/loss of trades closed on the bar: ``pnlplus`` when >= 0,
    ``pnlminus`` otherwise (net of commission with ``pnlcomm``)."""
    _skips_unfilled_orders = True

    _stclock = True
    _notification_driven = True
    lines = ('pnlplus', 'pnlminus')
    params = (('pnlcomm', True),)
    _bt_drops_kwargs = False    # upstream's has an __init__ of its own
    plotinfo = dict(plot=True, subplot=True, plotname='Trades - Net Profit/Loss',
                    plotymargin=0.10, plothlines=[0.0])
    plotlines = dict(
        pnlplus=dict(_name='Positive', ls='', marker='o', color='blue', markersize=8.0,
                     fillstyle='full'),
        pnlminus=dict(_name='Negative', ls='', marker='o', color='red', markersize=8.0,
                      fillstyle='full'),
    )

    def start(self) -> None:
        for counter in _TRADE_COUNTERS:
            setattr(self, counter, 0)
        self.trades_length = []

    def next(self) -> None:
        trades = self._owner._tradespending
        if not trades:
            return
        for trade in trades:
            if not trade.isclosed:
                continue
            tdata = trade.data
            for d in self.datas:
                if tdata is d:
                    break
            else:
                continue                # a trade of a data not observed
            pnl = trade.pnlcomm if self.p.pnlcomm else trade.pnl
            lines = self.lines
            (lines.pnlplus if pnl >= 0.0 else lines.pnlminus)[0] = pnl
            self.trades += 1
            self.trades_length.append(trade.barlen)


class DataTrades(Observer):
    """Gross profit/loss of trades closed on the bar, one line per data."""
    _skips_unfilled_orders = True

    _stclock = True
    _notification_driven = True
    params = (('usenames', True),)
    plotinfo = dict(plot=True, subplot=True, plothlines=[0.0], plotymargin=0.10)

    def _bt_makelines(self, clock) -> None:
        names = []
        for i, d in enumerate(self.__dict__.get('_pending_datas', [])):
            name = d._name if self.p.usenames else 'data%d' % i
            names.append(name)
        self.__class__ = cls = _datatrades_class(tuple(names))
        self.plotlines = cls.plotlines()
        super(DataTrades, self)._bt_makelines(clock)

    def _bt_collect_datas(self, args, owner):
        datas, args = super()._bt_collect_datas(args, owner)
        self._pending_datas = datas
        return datas, args

    def next(self) -> None:
        trades = self._owner._tradespending
        if not trades:
            return
        index = self._bt_line_of
        for trade in trades:
            if not trade.isclosed:
                continue
            i = index.get(trade.data)
            if i is not None:
                self.lines[i][0] = trade.pnl

    def _line_of(self) -> dict:
        # data -> the index of its line (the first, for a data given twice);
        # datas hash by identity
        index = {}
        for i, d in enumerate(self.datas):
            index.setdefault(d, i)
        return index

    _bt_line_of = MadeOnFirstRead(_line_of, of_instance=True)


from ..core.legacymeta import MetaDataTrades, with_metaclass  # noqa: E402,F401 (upstream's names)

_DT_CLASSES: dict = {}
# upstream pairs the lines with these markers (lines beyond the last marker get no
# plotlines entry) and cycles the colours
_DT_MARKERS = ('o', 'v', '^', '<', '>', '1', '2', '3', '4', '8', 's', 'p', '*', 'h', 'H',
               '+', 'x', 'D', 'd')
_DT_COLORS = ('b', 'g', 'r', 'c', 'm', 'y', 'k')


def _datatrades_class(names: tuple) -> type:
    try:
        return _DT_CLASSES[names]
    except KeyError:
        plotlines = {}
        for i, (name, marker) in enumerate(zip(names, _DT_MARKERS)):
            plotlines[name] = dict(ls='', markersize=8.0, fillstyle='full', marker=marker,
                                   color=_DT_COLORS[i % len(_DT_COLORS)])
        cls = type('DataTrades', (DataTrades,), {
            'lines': names, '__module__': __name__, 'plotlines': plotlines,
            '_skips_unfilled_orders': True})
        _DT_CLASSES[names] = cls
        return cls
