"""What to draw, independent of how: the description of a strategy's chart.

``build_chart(strategy, scheme)`` walks a finished strategy and returns a
``Chart``: a list of ``Pane`` objects, top to bottom, each holding the price
series, lines, bars and markers to draw, with their legend texts, colours and
matplotlib-style options already resolved from ``plotinfo``/``plotlines``.
The matplotlib backend (``plot.py``) and the Plotly backend (``plotly_html.py``)
only turn this description into pictures.

x positions are bar numbers of the strategy (0 = its first bar): every data,
indicator and observer is placed at the bars whose datetime it carries, so datas
of different lengths or timeframes line up.

Pane order (as upstream draws it): the observers clocked by the strategy
(Broker, Trades, DrawDown ...) on top; then for each data: the panes of its
``plotabove`` indicators, the data pane (with the datas whose ``plotmaster`` it
is, its volume overlay and every indicator/observer drawn over it), a volume
pane when the volume is not overlaid, and the panes of its other indicators.
An indicator computed on another indicator goes over that indicator's pane
(``subplot=False``) or in a pane right below it; ``plotmaster`` moves an object
to another object's pane.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

from ..lines.buffer import LineBuffer
from ..lines.series import LineSeriesStub
from ..utils.timeframe import TimeFrame
from .chartmodel import (Chart, LineSeriesSpec, Pane, PriceSeries, TradeSegments,
                         VolumeSeries, bar_datetimes, resolve_range)
from .scheme import PlotScheme

__all__ = ['Chart', 'Pane', 'PriceSeries', 'VolumeSeries', 'LineSeriesSpec', 'TradeSegments',
           'build_chart', 'bar_datetimes', 'resolve_range']



def _entry_dict(entry) -> dict:
    """A plotlines entry (dict or info object) as a plain dict."""
    if entry is None:
        return {}
    if isinstance(entry, dict):
        return dict(entry)
    getkw = getattr(entry, '_getkwargs', None)
    if getkw is not None:
        return dict(getkw())
    return dict(vars(entry))


def _line_options(obj, idx: int, name: str) -> dict:
    """Plot options of line ``idx``: the generic ``_<idx>`` entry, completed
    by the entry named after the line."""
    plotlines = obj.plotlines
    opts = _entry_dict(getattr(plotlines, name, None))
    generic = _entry_dict(getattr(plotlines, '_%d' % idx, None))
    opts.update(generic)
    return opts


class _ColorCycle:
    """Automatic colours of one pane (explicit colours do not use one up)."""

    def __init__(self, scheme: PlotScheme) -> None:
        self.scheme = scheme
        self.idx = -1

    def next(self) -> str:
        self.idx += 1
        return self.scheme.color(self.idx)

    def current(self) -> str:
        return self.scheme.color(max(self.idx, 0))


class _Placement:
    """Where an object goes: over ``target``'s pane or in a pane of its own
    hosted by ``target`` (a data, an indicator, or None for the strategy)."""

    __slots__ = ('obj', 'target', 'overlay')

    def __init__(self, obj, target, overlay: bool) -> None:
        self.obj, self.target, self.overlay = obj, target, overlay


# -- building ---------------------------------------------------------------------
class _Builder:
    def __init__(self, strategy, scheme: PlotScheme, start, end, drawdown: bool,
                 trades: bool) -> None:
        self.st = strategy
        self.scheme = scheme
        self.want_drawdown = drawdown
        self.want_trades = trades
        self.datas = [d for d in strategy.datas]
        self.data_ids = {id(d) for d in self.datas}
        sdt = strategy.lines.datetime
        n = len(strategy)
        self.dates = np.asarray(sdt.stored()[:n], dtype=float).copy()
        tz = getattr(sdt, '_tz', None)
        self.datetimes = bar_datetimes(self.dates, tz)
        self.start, self.end = resolve_range(self.dates, start, end)
        self._xcache: dict = {}
        self._clock_owner = self._map_clocks()

    # clocks -> the data (or strategy) whose datetimes they carry
    def _map_clocks(self) -> dict:
        owners = {id(self.st.lines._clock): self.st}
        for d in self.datas:
            owners[id(d.lines._clock)] = d
        followers = getattr(self.st, '_followerclocks', {}) or {}
        for source, fol in followers.values():
            owners[id(fol)] = source
        return owners

    def _time_source(self, obj):
        """The data (or the strategy) whose bars ``obj`` has values for."""
        seen = 0
        key = obj.lines._clock
        while seen < 8:
            seen += 1
            found = self._clock_owner.get(id(key))
            if found is None:
                break
            if found is self.st or id(found) in self.data_ids:
                return found
            key = found              # a follower clock: follow it to its source clock
        if len(obj) == len(self.st):
            return self.st
        return self.datas[0] if self.datas else self.st

    def _xpos(self, source) -> np.ndarray:
        """Strategy bar numbers of ``source``'s bars."""
        key = id(source)
        try:
            return self._xcache[key]
        except KeyError:
            pass
        if source is self.st:
            x = np.arange(len(self.dates))
        else:
            n = len(source)
            ddates = np.asarray(source.lines.datetime.stored()[:n], dtype=float)
            x = np.searchsorted(self.dates, ddates, side='left')
        self._xcache[key] = x
        return x

    def _values(self, obj, line) -> tuple:
        """(x, y) of one line of ``obj``, aligned from the last bar backwards
        (lines kept in a ring only hold the latest bars)."""
        source = self._time_source(obj)
        xs = self._xpos(source)
        n = min(len(obj), len(xs))
        arr = np.asarray(line.stored(), dtype=float)
        if line._cap:
            arr = arr[-n:] if len(arr) >= n else arr
        else:
            arr = arr[:n]
        m = len(arr)
        x = xs[n - m:n]
        return x, arr.copy()

    # -- what is plotted where ---------------------------------------------------
    def _plotted(self, obj) -> bool:
        pi = obj.plotinfo
        return bool(getattr(pi, 'plot', True)) and not getattr(pi, 'plotskip', False)

    def _root(self, obj, plotted: set, depth: int = 0):
        """The data or plotted indicator an input belongs to."""
        if depth > 32 or obj is None:
            return self.datas[0] if self.datas else None
        if isinstance(obj, LineSeriesStub):
            owner = getattr(obj, '_owner', None)
            return self._root(owner, plotted, depth + 1)
        if isinstance(obj, LineBuffer):
            return self._root(obj._owner, plotted, depth + 1)
        if id(obj) in self.data_ids:
            return obj
        if id(obj) in plotted:
            return obj
        datas = getattr(obj, 'datas', None)
        if datas:
            return self._root(datas[0], plotted, depth + 1)
        return self.datas[0] if self.datas else None

    def _placements(self, objs: list, plotted: set) -> list:
        out = []
        for obj in objs:
            pi = obj.plotinfo
            master = getattr(pi, 'plotmaster', None)
            subplot = bool(getattr(pi, 'subplot', True))
            if master is not None:
                root = self._root(master, plotted)
                if id(root) in self.data_ids:
                    out.append(_Placement(obj, root, not subplot))
                else:       # over another indicator's pane, whatever subplot says
                    out.append(_Placement(obj, root, True))
                continue
            if getattr(obj, '_stclock', False):
                out.append(_Placement(obj, None, not subplot))
                continue
            src = obj.datas[0] if getattr(obj, 'datas', None) else None
            if getattr(obj, '_bt_coupled', False):
                # a coupler (``ind()``): with the data whose clock it follows
                src = self._time_source(obj)
            root = self._root(src, plotted)
            out.append(_Placement(obj, root, not subplot))
        # an object hosted by an indicator drawn over another pane goes to that pane
        byid = {id(pl.obj): pl for pl in out}
        for pl in out:
            hops = 0
            while pl.target is not None and id(pl.target) in byid and hops < 32:
                host = byid[id(pl.target)]
                if not host.overlay:
                    break
                pl.target = host.target
                hops += 1
        return out

    # -- panes -----------------------------------------------------------------------
    def build(self) -> Chart:
        st = self.st
        observers = [o for o in st.getobservers() if self._plotted(o)]
        indicators = [i for i in st.getindicators() if self._plotted(i)]
        objs = observers + indicators
        plotted = {id(o) for o in objs}
        places = self._placements(objs, plotted)
        # restore plotinfo after reading it: _plotinit may change it each call
        saved = [(o, dict(vars(o.plotinfo))) for o in objs]
        try:
            for o in objs:
                o._plotinit()
            panes = self._layout(places)
        finally:
            for o, state in saved:
                vars(o.plotinfo).clear()
                vars(o.plotinfo).update(state)
        if self.want_drawdown and not any(p.kind == 'drawdown' or
                                          p.title.startswith('DrawDown') for p in panes):
            dd = self._drawdown_pane(observers)
            if dd is not None:
                top = sum(1 for p in panes if p.kind == 'observer')
                panes.insert(top, dd)
        intraday = any(getattr(d, '_timeframe', TimeFrame.Days) < TimeFrame.Days
                       for d in self.datas)
        return Chart(name=type(st).__name__, dates=self.dates, datetimes=self.datetimes,
                     panes=panes, start=self.start, end=self.end, intraday=intraday)

    def _layout(self, places: list) -> list:
        scheme = self.scheme
        over = {}           # id(target) -> [objects drawn over target's pane]
        below = {}          # id(target) -> [objects with own panes hosted by target]
        above = {}          # id(data) -> [objects with own panes above the data]
        top = []
        for pl in places:
            obj = pl.obj
            if pl.target is None:
                if pl.overlay:      # a strategy-clocked overlay goes over data0
                    target = self.datas[0] if self.datas else None
                    if target is not None:
                        over.setdefault(id(target), []).append(obj)
                else:
                    top.append(obj)
                continue
            if pl.overlay:
                over.setdefault(id(pl.target), []).append(obj)
            elif getattr(obj.plotinfo, 'plotabove', False) and id(pl.target) in self.data_ids:
                above.setdefault(id(pl.target), []).append(obj)
            else:
                below.setdefault(id(pl.target), []).append(obj)

        panes = []
        for obj in top:
            panes.extend(self._object_panes(obj, over, below, 'observer'))

        slaves = {}
        for d in self.datas:
            master = getattr(d.plotinfo, 'plotmaster', None)
            if master is not None and master is not d and id(master) in self.data_ids:
                slaves.setdefault(id(master), []).append(d)
        for d in self.datas:
            if not self._plotted(d):
                continue
            master = getattr(d.plotinfo, 'plotmaster', None)
            if master is not None and master is not d and id(master) in self.data_ids:
                continue        # drawn in its master's pane
            group = [d] + slaves.get(id(d), [])
            for member in group:
                for obj in above.get(id(member), []):
                    panes.extend(self._object_panes(obj, over, below, 'indicator'))
            panes.append(self._data_pane(d, slaves.get(id(d), []), over))
            if scheme.volume and not scheme.voloverlay:
                for member in group:
                    vol = self._volume(member, overlay=False)
                    if vol is not None:
                        pane = Pane(kind='volume', rows=scheme.rowsminor, title=vol.label,
                                    items=[vol], legendloc=scheme.legenddataloc)
                        panes.append(pane)
            for member in group:
                for obj in below.get(id(member), []):
                    panes.extend(self._object_panes(obj, over, below, 'indicator'))
        return panes

    def _object_panes(self, obj, over: dict, below: dict, kind: str) -> list:
        """The pane of ``obj`` (with what is drawn over it) and the panes of
        the objects it hosts, right below it."""
        scheme = self.scheme
        pi = obj.plotinfo
        kind = 'observer' if getattr(obj, '_ltype', 0) == 2 else kind
        pane = Pane(kind=kind, rows=scheme.rowsminor, title=obj.plotlabel(),
                    ymargin=float(getattr(pi, 'plotymargin', 0.0) or 0.0),
                    legendloc=getattr(pi, 'legendloc', None) or scheme.legendindloc)
        hlines = list(getattr(pi, 'plothlines', []) or []) or \
            list(getattr(pi, 'plotyhlines', []) or [])
        yticks = list(getattr(pi, 'plotyticks', []) or []) or \
            list(getattr(pi, 'plotyhlines', []) or [])
        pane.hlines, pane.yticks = hlines, yticks
        colors = _ColorCycle(scheme)
        pane.items.extend(self._object_lines(obj, colors, overlay=False))
        for sub in over.get(id(obj), []):
            pane.items.extend(self._object_lines(sub, colors, overlay=True))
        out = [pane]
        for sub in below.get(id(obj), []):
            out.extend(self._object_panes(sub, over, below, kind))
        return out

    def _data_label(self, d) -> str:
        name = getattr(d, '_name', '')     # (unnamed: '', as upstream's legend)
        tf = getattr(d, '_timeframe', TimeFrame.Days)
        comp = getattr(d, '_compression', 1)
        try:
            tfname = TimeFrame.getname(tf, comp)
        except (TypeError, IndexError):
            tfname = ''
        return '%s (%d %s)' % (name, comp, tfname)

    def _price(self, d, color: str) -> PriceSeries:
        n = len(d)
        x = self._xpos(d)[:n]
        lines = d.lines
        o, h, l, c = (np.asarray(getattr(lines, k).stored()[:n], dtype=float).copy()
                      for k in ('open', 'high', 'low', 'close'))
        return PriceSeries(x=x, open=o, high=h, low=l, close=c, label=self._data_label(d),
                           style=self.scheme.style, color=color,
                           name=getattr(d, '_name', '') or '')

    def _volume(self, d, overlay: bool) -> Optional[VolumeSeries]:
        lines = d.lines
        if not hasattr(lines, 'volume'):
            return None
        n = len(d)
        vol = np.asarray(lines.volume.stored()[:n], dtype=float)
        if not len(vol) or not np.nanmax(np.abs(np.nan_to_num(vol))) > 0:
            return None
        opens = np.asarray(lines.open.stored()[:n], dtype=float)
        closes = np.asarray(lines.close.stored()[:n], dtype=float)
        name = getattr(d, '_name', '')     # (unnamed: '', as upstream's legend)
        label = 'Volume' if overlay else 'Volume (%s)' % name
        return VolumeSeries(x=self._xpos(d)[:n], volume=vol.copy(), up=closes >= opens,
                            label=label, overlay=overlay)

    def _data_pane(self, d, slaves: list, over: dict) -> Pane:
        scheme = self.scheme
        pane = Pane(kind='data', rows=scheme.rowsmajor, title=self._data_label(d),
                    legendloc=getattr(d.plotinfo, 'legendloc', None) or scheme.legenddataloc,
                    ylimited=bool(getattr(d.plotinfo, 'plotylimited', True)))
        colors = _ColorCycle(scheme)
        pane.items.append(self._price(d, scheme.loc))
        if scheme.volume and scheme.voloverlay:
            pane.volume = self._volume(d, overlay=True)
        for obj in over.get(id(d), []):
            pane.items.extend(self._object_lines(obj, colors, overlay=True))
        pane.trades.extend(self._trades(d))
        for slave in slaves:
            same = bool(getattr(slave.plotinfo, 'sameaxis', False))
            dest = pane.items if same else pane.secondary
            dcolors = colors if same else _ColorCycle(scheme)
            dest.append(self._price(slave, colors.next()))
            for obj in over.get(id(slave), []):
                dest.extend(self._object_lines(obj, dcolors, overlay=True))
            pane.trades.extend(self._trades(slave))
        return pane

    def _object_lines(self, obj, colors: _ColorCycle, overlay: bool) -> list:
        scheme = self.scheme
        pi = obj.plotinfo
        linelabels = bool(getattr(pi, 'plotlinelabels', False))
        named = not overlay or linelabels
        showvalues = bool(scheme.linevalues and getattr(pi, 'plotlinevalues', True))
        valuetags = bool(scheme.valuetags and getattr(pi, 'plotvaluetags', True))
        objlabel = obj.plotlabel()
        lines = obj.lines
        names = lines.getlinealiases() if hasattr(lines, 'getlinealiases') else ()
        out = []
        values_by_name = {}
        nlines = lines.size() if hasattr(lines, 'size') else len(lines.lines)
        for i in range(nlines):
            name = names[i] if i < len(names) else 'line%d' % i
            line = lines.lines[i]
            x, y = self._values(obj, line)
            values_by_name[name] = (x, y)
            opts = _line_options(obj, i, name)
            if opts.pop('_plotskip', False):
                continue
            lname = opts.pop('_name', None) or name
            method = opts.pop('_method', 'plot')
            samecolor = opts.pop('_samecolor', False)
            skipnan = bool(opts.pop('_skipnan', False))
            plotvalue = opts.pop('_plotvalue', True)
            plotvaluetag = opts.pop('_plotvaluetag', True)
            fills = [('gt', opts.pop('_fill_gt', None)), ('lt', opts.pop('_fill_lt', None))]
            for key in [k for k in opts if k.startswith('_')]:
                opts.pop(key)
            if 'color' in opts:
                color = opts.pop('color')
            elif samecolor:
                color = colors.current()
            else:
                color = colors.next()
            first = not out
            if first:
                label = objlabel + ('\n' + lname if named else '')
            else:
                label = lname if named else None
            markers = (opts.get('ls', opts.get('linestyle', '-')) in ('', ' ', 'None', 'none')
                       and bool(opts.get('marker')))
            spec = LineSeriesSpec(x=x, y=y, name=lname, label=label, color=color,
                                  style=opts, method=method, markers=markers,
                                  showvalue=showvalues and bool(plotvalue),
                                  valuetag=valuetags and bool(plotvaluetag) and not markers,
                                  skipnan=skipnan, owner=objlabel)
            for kind, fill in fills:
                if not fill:
                    continue
                ref, fcolor = fill if isinstance(fill, (tuple, list)) else (fill, color)
                spec.fills.append((kind, ref, fcolor))
            out.append(spec)
        # fills refer to other lines of the same object by name
        for spec in out:
            resolved = []
            for kind, ref, fcolor in spec.fills:
                if isinstance(ref, str):
                    if ref not in values_by_name:
                        continue
                    ref = values_by_name[ref][1]
                resolved.append((kind, ref, fcolor))
            spec.fills = resolved
        return out

    # -- extras for interactive charts ------------------------------------------------
    def _trades(self, d) -> list:
        if not self.want_trades:
            return []
        from ..results.frames import trade_list
        closed = [t for t in trade_list(self.st) if t['data'] is d and not t['isopen']]
        if not closed:
            return []
        xs = self._xpos(d)
        ddates = np.asarray(d.lines.datetime.stored()[:len(xs)], dtype=float)

        def to_x(nums):
            idx = np.searchsorted(ddates, np.asarray(nums, dtype=float), side='left')
            idx = np.clip(idx, 0, len(xs) - 1)
            return xs[idx]

        return [TradeSegments(
            entry_x=to_x([t['dtopen'] for t in closed]),
            entry_price=np.array([t['entry_price'] for t in closed], dtype=float),
            exit_x=to_x([t['dtclose'] for t in closed]),
            exit_price=np.array([t['exit_price'] for t in closed], dtype=float),
            pnlcomm=np.array([t['pnlcomm'] for t in closed], dtype=float),
            size=np.array([t['size'] for t in closed], dtype=float))]

    def _drawdown_pane(self, observers: list) -> Optional[Pane]:
        """Drawdown (percent below the highest value so far) from the Broker or
        Value observer, for charts asked to show one."""
        source = None
        for o in observers:
            if hasattr(o.lines, 'value'):
                source = o
                break
        if source is None:
            return None
        x, value = self._values(source, source.lines.value)
        peak = np.fmax.accumulate(value)
        dd = np.where(peak > 0, 100.0 * (peak - value) / peak, np.nan)
        colors = _ColorCycle(self.scheme)
        spec = LineSeriesSpec(x=x, y=dd, name='drawdown', label='Drawdown %\ndrawdown',
                              color=colors.next(), style={'fill': True}, owner='Drawdown')
        return Pane(kind='drawdown', rows=self.scheme.rowsminor, title='Drawdown %',
                    items=[spec], legendloc=self.scheme.legendindloc)


def build_chart(strategy, scheme: Optional[PlotScheme] = None, start=None, end=None,
                drawdown: bool = False, trades: bool = False) -> Chart:
    """The description of ``strategy``'s chart (a finished run).

    ``start``/``end`` select bars (see ``resolve_range``). ``drawdown`` adds a
    drawdown pane computed from the Broker/Value observer when no DrawDown
    observer is plotted; ``trades`` adds entry -> exit segments of closed
    trades to the data panes (both used by the interactive chart).
    """
    return _Builder(strategy, scheme or PlotScheme(), start, end, drawdown, trades).build()
