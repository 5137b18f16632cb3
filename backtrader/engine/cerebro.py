"""``Cerebro``: the facade users drive. It keeps upstream's parameters and
methods and delegates to a ``DataManager`` (feeds), a ``StrategyManager``
(strategies and their children) and an ``Engine`` (the loops)."""
from __future__ import annotations

import datetime as _dt
import gc
from functools import partial
from typing import Optional

from ..brokers.backbroker import BackBroker     # the default broker (composition root)
from ..core.params import ParamsBase
from ..core.strict import strict_mode
from ..lines.oncecache import shared_indicators
from ..lines.root import set_stage
from ..strategy import Strategy, _EnvMarker
from ..timer import Timer
from ..tradingcal import as_calendar
from ..utils.count import Count
from ..utils.dateintern import tzparse
from .datamanager import DataManager
from .engine import Engine
from .optrun import OptReturn
from .gctuning import RunsCollector, tuned_gc
from .runplan import RunPlan
from .streamed import plan_stream
from .runwriters import (announce_data_headers, announce_strategy_headers, build_writers,
                         write_row, write_summary)
from .progress import bars_progress, combinations_progress
from .strategymanager import StrategyManager, iterize, bound_memory

__all__ = ['Cerebro', 'OptReturn']


class Cerebro(ParamsBase, _EnvMarker):
    """The backtesting engine (see the Cerebro API in the docs)."""

    # (upstream's names, defaults and order)
    params = dict(
        preload=True, runonce=True, maxcpus=None, stdstats=True, oldbuysell=False,
        oldtrades=False, lookahead=0, exactbars=False, optdatas=True, optreturn=True,
        objcache=False, live=False, writer=False, tradehistory=False, oldsync=False,
        tz=None, cheat_on_open=False, broker_coo=True, quicknotify=False,
    )

    def __init__(self, strict: Optional[bool] = None) -> None:
        # strict=True: upstream-tolerated mistakes (unknown keywords, orders
        # without prices...) raise typed errors while this cerebro runs
        # (core/strict.py); None follows the process-wide switch
        self.strict = strict
        self._dataman = DataManager()
        self._stratman = StrategyManager()
        self._broker = BackBroker()
        self._broker.cerebro = self
        self.stop_requested = False     # runstop() was called: the loops end
        self._stratid = Count()
        self.writers = []
        self.runwriters = []
        self.stores = []
        self.storecbs = []
        self.datacbs = []
        self.optcbs = []
        self.runstrats = []
        self.runningstrats = []
        self._ohistory = []
        self._fhistory = None
        self._writers_active = False
        self._tradingcal = None
        self._timers = []
        self._dorunonce = self._dopreload = True
        self._exactbars = 0
        self._progress = False
        self._runs_gc = RunsCollector()     # collections between a study's runs
        self._runcontrol = None
        self.paused = False             # the last run stopped at stop_after (checkpoints)

    # -- shared collections (upstream attribute names) ------------------------------------
    @property
    def datas(self) -> list:
        """The data feeds added, in order."""
        return self._dataman.datas

    @property
    def datasbyname(self):
        """The data feeds added, by name."""
        return self._dataman.datasbyname

    @property
    def feeds(self) -> list:
        """The feed objects (``FeedBase``) added."""
        return self._dataman.feeds

    @property
    def strats(self) -> list:
        """The strategies scheduled: one list of (class, args, kwargs) per
        ``addstrategy``/``optstrategy`` call."""
        return self._stratman.strats

    @property
    def observers(self) -> list:
        """The observers scheduled: (multi, class, args, kwargs)."""
        return self._stratman.observers

    @property
    def analyzers(self) -> list:
        """The analyzers scheduled: (class, args, kwargs)."""
        return self._stratman.analyzers

    @property
    def indicators(self) -> list:
        """The indicators added to every strategy: (class, args, kwargs)."""
        return self._stratman.indicators

    @property
    def sizers(self) -> dict:
        """The sizers scheduled, by strategy index (None: the default one)."""
        return self._stratman.sizers

    @property
    def signals(self) -> list:
        """The signals added with ``add_signal``."""
        return self._stratman.signals

    @property
    def _dooptimize(self) -> bool:
        return self._stratman.optimizing

    @staticmethod
    def iterize(iterable) -> list:
        """Each element of ``iterable`` made iterable (strings and scalars put in a tuple)."""
        return iterize(iterable)

    # -- datas ---------------------------------------------------------------------------
    def adddata(self, data, name: Optional[str] = None):
        """Register a data feed (``name`` sets its display name)."""
        return self._dataman.add(data, name, env=self)

    def resampledata(self, dataname, name=None, **kwargs):
        """Add ``dataname`` resampled to ``timeframe``/``compression`` (a
        clone when it was already added); datas are then loaded bar by bar.
        Returns the data added."""
        return self._dataman.resample(dataname, name, env=self, **kwargs)

    def replaydata(self, dataname, name=None, **kwargs):
        """Add ``dataname`` replayed as growing bars of ``timeframe``/
        ``compression`` (see ``resampledata``). Returns the data added."""
        return self._dataman.resample(dataname, name, env=self, replay=True, **kwargs)

    def chaindata(self, *args, **kwargs):
        """Add a ``feeds.Chainer`` of ``args`` (named after the first data
        unless ``name`` is given); returns it."""
        return self._dataman.chain(args, kwargs.pop('name', None), env=self)

    def rolloverdata(self, *args, **kwargs):
        """Add a ``feeds.RollOver`` of ``args`` (``checkdate``,
        ``checkcondition`` and other feed params as keywords; named after the
        first data unless ``name`` is given); returns it."""
        return self._dataman.rollover(args, kwargs.pop('name', None), env=self, **kwargs)

    # -- strategies & children ------------------------------------------------------------------
    def addstrategy(self, strategy, *args, **kwargs) -> int:
        """Schedule a strategy; returns its index (for ``addsizer_byidx``)."""
        return self._stratman.add(strategy, *args, **kwargs)

    def optstrategy(self, strategy, *args, **kwargs) -> None:
        """Schedule an optimisation: each value is a sequence of candidates."""
        self._stratman.add_optimised(strategy, *args, **kwargs)

    def optcallback(self, cb) -> None:
        """Call ``cb(strategies)`` each time an optimisation run finishes."""
        self.optcbs.append(cb)

    def addindicator(self, indcls, *args, **kwargs) -> None:
        """Add ``indcls(*args, **kwargs)`` to every strategy."""
        self._stratman.indicators.append((indcls, args, kwargs))

    def addanalyzer(self, ancls, *args, **kwargs) -> None:
        """Add ``ancls(*args, **kwargs)`` to every strategy."""
        self._stratman.analyzers.append((ancls, args, kwargs))

    def addobserver(self, obscls, *args, **kwargs) -> None:
        """Add ``obscls(*args, **kwargs)`` to every strategy (one instance)."""
        self._stratman.observers.append((False, obscls, args, kwargs))

    def addobservermulti(self, obscls, *args, **kwargs) -> None:
        """Add ``obscls(*args, **kwargs)`` to every strategy, one instance per data."""
        self._stratman.observers.append((True, obscls, args, kwargs))

    def addsizer(self, sizercls, *args, **kwargs) -> None:
        """Default sizer of every strategy: ``sizercls(*args, **kwargs)``."""
        self._stratman.sizers[None] = (sizercls, args, kwargs)

    def addsizer_byidx(self, idx: int, sizercls, *args, **kwargs) -> None:
        """Sizer of the strategy added at index ``idx`` (as ``addstrategy`` returned)."""
        self._stratman.sizers[idx] = (sizercls, args, kwargs)

    def addwriter(self, wrtcls, *args, **kwargs) -> None:
        """Add a writer ``wrtcls(*args, **kwargs)`` receiving the run's output."""
        self.writers.append((wrtcls, args, kwargs))

    def stop_writers(self, runstrats) -> None:
        """The run's summary to every writer, then each stopped (``run`` calls it)."""
        write_summary(self.runwriters, self.datas, runstrats)

    def add_signal(self, sigtype, sigcls, *sigargs, **sigkwargs) -> None:
        """Trade on a signal: ``sigcls(*sigargs, **sigkwargs)`` is built in the
        signal strategy; ``sigtype`` (``bt.SIGNAL_*``) says how its line 0 is
        read (> 0 long, < 0 short indication)."""
        self._stratman.signals.append((sigtype, sigcls, sigargs, sigkwargs))

    def signal_strategy(self, stratcls, *args, **kwargs) -> None:
        """The ``SignalStrategy`` subclass (and its arguments) receiving the
        signals of ``add_signal`` (default: ``SignalStrategy``)."""
        self._stratman.signal_strat = (stratcls, args, kwargs)

    def signal_concurrent(self, onoff: bool) -> None:
        """Act on signals while the last signal order is still pending."""
        self._stratman.signal_concurrent = onoff

    def signal_accumulate(self, onoff: bool) -> None:
        """Enter again on a signal in the direction already held."""
        self._stratman.signal_accumulate = onoff

    def addtz(self, tz) -> None:
        """Timezone in which datetimes are shown to strategies (the ``tz`` parameter)."""
        self.p.tz = tz

    def addcalendar(self, cal) -> None:
        """Trading calendar of every data without its own ``calendar``: a
        ``pandas_market_calendars`` name or calendar, a ``TradingCalendarBase``
        subclass (instantiated) or instance."""
        self._tradingcal = as_calendar(cal)

    def add_timer(self, when, offset=_dt.timedelta(), repeat=_dt.timedelta(), weekdays=[],
                  weekcarry=False, monthdays=[], monthcarry=True, allow=None, tzdata=None,
                  strats=False, cheat=False, *args, **kwargs):
        """Schedule ``self.notify_timer(timer, when, *args, **kwargs)`` (and
        every strategy's when ``strats``); see ``bt.Timer`` for the parameters.
        Returns the timer."""
        return self._add_timer(self, when, offset, repeat, weekdays, weekcarry, monthdays,
                               monthcarry, allow, tzdata, strats, cheat, *args, **kwargs)

    def _add_timer(self, owner, when, offset=_dt.timedelta(), repeat=_dt.timedelta(),
                   weekdays=[], weekcarry=False, monthdays=[], monthcarry=True, allow=None,
                   tzdata=None, strats=False, cheat=False, *args, **kwargs):
        timer = Timer(*args, tid=len(self._timers), owner=owner, strats=strats, when=when,
                      offset=offset, repeat=repeat, weekdays=weekdays, weekcarry=weekcarry,
                      monthdays=monthdays, monthcarry=monthcarry, allow=allow,
                      tzdata=tzdata, cheat=cheat, **kwargs)
        self._timers.append(timer)
        return timer

    def notify_timer(self, timer, when, *args, **kwargs) -> None:
        """Called when a timer of this cerebro fires (subclasses override)."""
        pass

    def addstore(self, store) -> None:
        """Add a store (a live connection) unless already added."""
        if not any(s is store for s in self.stores):
            self.stores.append(store)

    def addstorecb(self, callback) -> None:
        """Call ``callback(msg, *args, **kwargs)`` with store notifications."""
        self.storecbs.append(callback)

    def notify_store(self, msg, *args, **kwargs) -> None:
        """Called with store notifications (subclasses override)."""
        pass

    def adddatacb(self, callback) -> None:
        """Call ``callback(data, status, *args, **kwargs)`` with data notifications."""
        self.datacbs.append(callback)

    def notify_data(self, data, status, *args, **kwargs) -> None:
        """Called with data notifications (subclasses override)."""
        pass

    # -- broker ------------------------------------------------------------------------------------
    def setbroker(self, broker):
        """Use ``broker`` for the runs; returns it."""
        self._broker = broker
        broker.cerebro = self
        return broker

    def getbroker(self):
        """The broker of the runs."""
        return self._broker

    broker = property(getbroker, setbroker)

    def add_order_history(self, orders, notify: bool = True) -> None:
        """Past executions ``[time, size, price(, data)]`` replayed as Historical orders."""
        self._ohistory.append((orders, notify))

    def set_fund_history(self, fund) -> None:
        """``[time, share value, net asset value]`` rows the broker reports
        value and fund figures from (see ``BackBroker.set_fund_history``)."""
        self._fhistory = fund

    # -- control ---------------------------------------------------------------------------------------
    def runstop(self) -> None:
        """Ask the running loop to stop at the next check."""
        self.stop_requested = True

    @property
    def _event_stop(self) -> bool:
        # upstream's name of ``stop_requested``
        return self.stop_requested

    @_event_stop.setter
    def _event_stop(self, value: bool) -> None:
        self.stop_requested = value

    def plot(self, plotter=None, numfigs=1, iplot=True, start=None, end=None, width=16,
             height=9, dpi=300, tight=True, use=None, **kwargs):
        """Chart the strategies of the last run (see ``backtrader.plot``):
        matplotlib figures by default, ``backend='plotly'`` for interactive
        HTML; ``filename=`` saves them. Keyword args set PlotScheme attributes."""
        if self._exactbars > 0:
            return None
        from ..plot.cerebroplot import cerebro_plot
        return cerebro_plot(self, plotter, numfigs, iplot, start, end, width, height, dpi,
                            tight, use, **kwargs)

    # -- run ---------------------------------------------------------------------------------------------
    #: makes the ``RunControl`` of a run with checkpoints (set by backtrader.state)
    _run_control_factory = None

    def run(self, progress: bool = False, checkpoint=None, checkpoint_every=None, resume=None,
            stop_after=None, **kwargs):
        """Run the backtest; returns the strategies (list), or a list of
        lists when optimising. Keyword args override params for this run.

        ``progress=True`` draws a progress bar on stderr (tqdm): bars processed
        and the ETA, or combinations done when optimising. Off by default:
        printed output stays as without it.

        Checkpoints (see docs/state.md): ``checkpoint=path`` writes the run's
        state there every ``checkpoint_every`` bars and at the end;
        ``resume=path`` continues the run a checkpoint holds (``resume()``
        says it shorter); ``stop_after=n`` pauses the run after ``n`` bars --
        the checkpoint is written, the strategies' ``stop`` is not called and
        ``cerebro.paused`` is True."""
        self._progress = bool(progress)
        self.paused = False
        self._runcontrol = None
        if checkpoint is not None or resume is not None or stop_after is not None \
                or checkpoint_every is not None:
            self._runcontrol = self._run_control_factory(
                self, checkpoint=checkpoint, checkpoint_every=checkpoint_every, resume=resume,
                stop_after=stop_after)
        try:
            with tuned_gc(bars_run=self._bars_loaded), strict_mode(self.strict):
                return self._run(**kwargs)
        finally:
            control, self._runcontrol = self._runcontrol, None
            if control is not None:
                control.close()
                self.paused = control.paused

    def resume(self, path, checkpoint=None, checkpoint_every=None, stop_after=None, **kwargs):
        """Continue the run whose checkpoint is at ``path``: this cerebro must
        be set up as the one that made it (same strategies, parameters,
        datas -- which may have grown --, analyzers, observers, broker
        settings). Checkpoints go on being written to ``checkpoint``
        (default: ``path``). Returns what ``run`` returns."""
        return self.run(checkpoint=path if checkpoint is None else checkpoint,
                        checkpoint_every=checkpoint_every, resume=path, stop_after=stop_after,
                        **kwargs)

    def _prepare_run(self, **kwargs) -> None:
        """Apply run keyword overrides and derive the run modes and writers."""
        self.stop_requested = False
        pkeys = self.params._getkeys()
        for key, val in kwargs.items():
            if key in pkeys:
                setattr(self.params, key, val)
        p = self.p
        self._dolive = bool(p.live) or self._dataman.live
        self._dopreload = bool(p.preload)
        self._dorunonce = bool(p.runonce)
        self._exactbars = int(p.exactbars)
        if self._exactbars:
            self._dorunonce = False
            self._dopreload = self._dopreload and self._exactbars < 1
        if self._dolive:
            self._dopreload = self._dorunonce = False
        if not self._dataman.preloadable():
            self._dopreload = False
        self.runwriters = build_writers(self.writers, p.writer)
        self.writers_csv = any(getattr(w.p, 'csv', False) for w in self.runwriters)
        self._writers_active = bool(self.runwriters)
        self.runstrats = []

    def _run(self, **kwargs):
        self._prepare_run(**kwargs)
        p = self.p
        if not self.datas:
            return []
        if self._runcontrol is not None and (self._dooptimize or self._stratman.signals):
            from ..core.errors import CheckpointError
            raise CheckpointError('checkpoints are for single runs: not with optstrategy')
        # signals: one more strategy, added on every run (as upstream does)
        self._stratman.add_signal_strategy()
        if not self.strats:
            self.addstrategy(Strategy)
        combos = self._stratman.combinations()
        maxcpus = p.maxcpus
        with combinations_progress(self._progress and self._dooptimize,
                                   self._stratman.ncombinations()) as combination_done:
            if not self._dooptimize or maxcpus == 1:
                # optimising: preloaded datas are loaded once and reused by every run
                predata = self._dooptimize and p.optdatas and self._dopreload and self._dorunonce
                if predata:
                    self._dataman.start(self._dopreload, p.lookahead, self._exactbars)
                # runs over the same preloaded datas share identical indicators
                with shared_indicators(self.datas if predata else None):
                    for iterstrat in combos:
                        if self._dooptimize:
                            self._collect_between_runs()
                        runstrat = self._run_combination(iterstrat, predata=predata)
                        self.runstrats.append(runstrat)
                        if self._dooptimize:
                            for cb in self.optcbs:
                                cb(runstrat)
                        combination_done()
                if predata:
                    self._dataman.stop()
            else:
                self._run_parallel(list(combos), maxcpus, combination_done)
        if not self._dooptimize:
            return self.runstrats[0]
        return self.runstrats

    def _run_parallel(self, combos, maxcpus, combination_done=lambda: None) -> None:
        """Optimisation over worker processes (``backtrader.optimizers``' process
        executor): results in combination order, callbacks as they come in order."""
        from .optrun import run_combinations
        predata = self.p.optdatas and self._dopreload and self._dorunonce
        if predata:
            self._dataman.start(self._dopreload, self.p.lookahead, self._exactbars)
        try:
            for res in run_combinations(self._runs_one, self.datas, combos, maxcpus or None,
                                        predata):
                self.runstrats.append(res)
                for cb in self.optcbs:
                    cb(res)
                combination_done()
        finally:
            if predata:
                self._dataman.stop()

    # -- repeated runs over the same datas (backtrader.optimizers) -----------------------------
    def _runs_begin(self, **kwargs) -> bool:
        """Prepare for many runs of single combinations (a study's trials);
        preloads the datas once when the modes allow it. Returns that flag.
        What exists now (modules, the loaded datas) is frozen out of the
        collector's scans until ``_runs_end``."""
        self._prepare_run(**kwargs)
        predata = self._dopreload and self._dorunonce
        if predata:
            self._dataman.start(self._dopreload, self.p.lookahead, self._exactbars)
        self._runs_gc.collect()     # the study counts its runs from this collection on
        gc.freeze()
        return predata

    def _runs_one(self, iterstrat, predata: bool) -> list:
        """One run of ``iterstrat`` (a list of (cls, args, kwargs)); returns
        the strategies (or ``OptReturn`` objects when optimising)."""
        self._collect_between_runs()
        with tuned_gc(freeze=False):        # frozen once, by _runs_begin
            self.stop_requested = False
            return self._run_combination(iterstrat, predata=predata)

    def _bars_loaded(self) -> int:
        return sum(d.buflen() for d in self.datas)

    def _collect_between_runs(self) -> None:
        # earlier runs' strategy trees are cyclic: collected now and then (flat memory)
        self._runs_gc.before_run(self._bars_loaded(), self._broker)

    def _runs_end(self, predata: bool) -> None:
        if predata:
            self._dataman.stop()
        gc.unfreeze()

    def __call__(self, iterstrat):
        return self._run_combination(iterstrat, predata=self.p.optdatas and
                                     self._dopreload and self._dorunonce)

    def runstrategies(self, iterstrat, predata: bool = False):
        """Run one combination of strategies (as ``run`` does for each); returns them."""
        return self._run_combination(iterstrat, predata=predata)

    def _run_combination(self, iterstrat, predata: bool = False):
        """One run: start broker and datas, build strategies, loop, stop."""
        dataman, stratman = self._dataman, self._stratman
        p = self.p
        self._stratid = Count()
        for store in self.stores:
            store.start()
        if p.cheat_on_open and p.broker_coo:
            self._broker.set_coo(True)
        self._broker.start()
        for orders, onotify in self._ohistory:
            self._broker.add_order_history(orders, onotify)
        if self._fhistory is not None:
            self._broker.set_fund_history(self._fhistory)
        dataman.feeds_start()
        if self.writers_csv:
            announce_data_headers(self.runwriters, self.datas)
        if not predata:
            dataman.start(self._dopreload, p.lookahead, self._exactbars)
        else:
            dataman.home()      # (loaded once for every run of the study)
        # objcache: identical line operations built while the strategies are
        # created are made once and shared
        self._bt_objcache = {} if p.objcache else None
        # timers strategies add belong to this run only
        ntimers = len(self._timers)
        try:
            drivers = stratman.instantiate(iterstrat, self.datas, self, p.tradehistory,
                                           p.oldsync)
        finally:
            self._bt_objcache = None
        runstrats = [d.strategy for d in drivers]
        self.runningstrats = runstrats
        tz = self._resolve_tz()
        if drivers:
            self._run_drivers(drivers, predata, tz)
        del self._timers[ntimers:]
        self._broker.stop()
        if not predata:
            dataman.stop()
        dataman.feeds_stop()
        for store in self.stores:
            store.stop()
        self.stop_writers(runstrats)
        dataman.release()
        if self._dooptimize and p.optreturn:
            results = []
            for driver in drivers:
                driver.release_for_result()
                strat = driver.strategy
                results.append(OptReturn(strat.params, analyzers=strat.analyzers,
                                         strategycls=type(strat)))
            return results
        return runstrats

    def _run_drivers(self, drivers, predata: bool, tz) -> None:
        """Attach the children, start, plan and loop, then stop the strategies."""
        dataman, p = self._dataman, self.p
        for idx, driver in enumerate(drivers):
            self._stratman.attach_children(driver, idx, len(self.datas), p)
            driver.set_tz(tz)
        nextforce = p.oldsync or any(d.forces_next_mode for d in drivers)  # (oldsync: bar by bar)
        for driver in drivers:
            driver.hold_as_upstream(self._dopreload and self._dorunonce and not nextforce)
        set_stage(2)
        try:
            for driver in drivers:
                driver.start(quicknotify=p.quicknotify)
                announce_strategy_headers(self.runwriters, driver.strategy)
            datas = dataman.sorted()
            control = getattr(self, '_runcontrol', None)
            active = self._writers_active
            writers = partial(write_row, self.runwriters, self.datas) if active else None
            # exactbars >= 1: streamed when the run allows it (engine/streamed.py)
            stream = None if nextforce else plan_stream(drivers, datas, RunPlan(
                True, datas, drivers, self._broker, p.quicknotify, p.cheat_on_open,
                self._timers, writers), self._exactbars, self._dopreload, control, self._dolive)
            self._streamed = stream is not None       # (tests read it)
            bound_memory(drivers, self._broker, self._exactbars, dataman.resampled,
                         rings=not predata and stream is None,
                         spill=control is None and (self._exactbars > 0 or self._streamed))
            for writer in self.runwriters:
                writer.start()
            for timer in self._timers:
                timer.start(self.datas[0])
            runonce = self._dopreload and self._dorunonce and not nextforce or self._streamed
            plan = RunPlan(runonce, datas, drivers, self._broker, p.quicknotify,
                           p.cheat_on_open, self._timers, writers)
            engine = Engine(self, self._broker, dataman, plan)
            with bars_progress(self._progress and not self._dooptimize, datas,
                               self._dopreload):
                engine.run(drivers, datas, control, stream,
                           precompute=self._dopreload and not self._exactbars)
            if control is not None:
                control.end()           # the last checkpoint, before any stop hook
            if control is None or not control.paused:
                for driver in drivers:
                    driver.stop()
        finally:
            set_stage(1)

    def _resolve_tz(self):
        tz = self.p.tz
        if isinstance(tz, int):
            return self.datas[tz]._tz
        return tzparse(tz)
