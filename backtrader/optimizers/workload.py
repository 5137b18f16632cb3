"""``StrategyWorkload``: the read-only shared data handle a study's workers
open once -- a Cerebro with its datas preloaded (from a ``cerebro_factory``
or a strategy class and datas) -- and the run of one trial on it, returning
only small results: the metrics dict, the user's analyzers' results and the
per-bar returns (compressed)."""
from __future__ import annotations

import hashlib
import inspect
from typing import Callable, Optional, Sequence

import numpy as np

from ..core.errors import OptimizationError
from ..lines.oncecache import OnceCache, shared_indicators
from .metrics import MetricsRecorder, flatten_analysis, plain_analysis
from .study import pack_array

__all__ = ['StrategyWorkload', 'build_cerebro']

_RECORDER = '_bt_metrics'


def _code_hash(cls: type) -> str:
    """A digest of a strategy's own code (bytecode, constants, names, param
    defaults) -- comments and formatting do not count."""
    h = hashlib.sha1()

    def feed_code(code) -> None:
        h.update(code.co_code)
        h.update(repr(code.co_names).encode())
        for const in code.co_consts:
            if inspect.iscode(const):
                feed_code(const)
            else:
                h.update(repr(const).encode())

    for klass in cls.__mro__:
        if klass.__module__.startswith('backtrader.') or klass is object:
            continue
        h.update(klass.__qualname__.encode())
        for name in sorted(klass.__dict__):
            obj = klass.__dict__[name]
            func = getattr(obj, '__func__', obj)
            code = getattr(func, '__code__', None)
            if code is not None:
                h.update(name.encode())
                feed_code(code)
    try:
        h.update(repr(list(cls.params._getitems())).encode())
    except AttributeError:
        pass
    return h.hexdigest()[:16]


def build_cerebro(datas: Sequence, cash: Optional[float] = None,
                  commission: Optional[float] = None, analyzers: Sequence = (),
                  cerebro_kwargs: Optional[dict] = None):
    """A Cerebro with these datas, cash, commission and analyzers
    (``[(cls, kwargs)]`` or classes); the strategy is added by the caller."""
    from ..engine.cerebro import Cerebro
    cerebro = Cerebro(**(cerebro_kwargs or {}))
    for data in datas:
        cerebro.adddata(data)
    if cash is not None:
        cerebro.broker.setcash(cash)
    if commission is not None:
        cerebro.broker.setcommission(commission=commission)
    for spec in analyzers:
        cls, kwargs = (spec, {}) if isinstance(spec, type) else (spec[0], dict(spec[1]))
        cerebro.addanalyzer(cls, **kwargs)
    return cerebro


class StrategyWorkload:
    """Builds the Cerebro once per process and runs trials on it.

    Either ``cerebro_factory`` (a callable returning a Cerebro with its datas
    and one strategy added by ``addstrategy``; module level for the spawn start
    method) or ``strategy`` and ``datas`` (with ``cash``, ``commission``,
    ``analyzers`` as ``[(cls, kwargs)]`` and ``cerebro_kwargs``).
    ``details=True`` makes each trial also return the value after every bar
    (``values``), their dates (``dates``) and the closed trades (``trades``,
    tuples of ``metrics.TRADE_FIELDS``).
    """

    def __init__(self, cerebro_factory: Optional[Callable] = None, strategy: Optional[type] = None,
                 datas: Optional[Sequence] = None, cash: Optional[float] = None,
                 commission: Optional[float] = None, analyzers: Sequence = (),
                 cerebro_kwargs: Optional[dict] = None, store_returns: bool = True,
                 share_indicators: bool = True, cache_bytes: int = 128 << 20,
                 details: bool = False) -> None:
        if cerebro_factory is None and (strategy is None or not datas):
            raise TypeError('give a cerebro_factory, or a strategy class and its datas')
        self.cerebro_factory = cerebro_factory
        self.strategy = strategy
        if datas is None:
            datas = []
        self.datas = [datas] if hasattr(datas, 'lines') else list(datas)
        self.cash, self.commission = cash, commission
        self.analyzers = list(analyzers)
        self.cerebro_kwargs = dict(cerebro_kwargs or {})
        self.store_returns = store_returns
        self.share_indicators = share_indicators
        self.cache_bytes = cache_bytes
        self.details = details
        self._cerebro = None
        self._spec = None
        self._predata = False
        self._cache: Optional[OnceCache] = None
        self._sent_bars = False

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.update(_cerebro=None, _spec=None, _predata=False, _cache=None, _sent_bars=False)
        return state

    # -- opening ----------------------------------------------------------------------------------
    def open(self) -> None:
        """Build the Cerebro and load its datas (once; later calls do nothing)."""
        if self._cerebro is not None:
            return
        if self.cerebro_factory is not None:
            cerebro = self.cerebro_factory()
            if cerebro is None or not hasattr(cerebro, 'addstrategy'):
                raise OptimizationError('cerebro_factory must return a Cerebro, got %r'
                                        % (cerebro,))
        else:
            cerebro = build_cerebro(self.datas, self.cash, self.commission, self.analyzers,
                                    self.cerebro_kwargs)
        if cerebro._stratman.optimizing:
            raise OptimizationError('the Cerebro from cerebro_factory uses optstrategy: add the '
                                    'strategy with addstrategy; the study varies its parameters')
        strats = cerebro._stratman.strats
        if not strats:
            if self.strategy is None:
                raise OptimizationError('the Cerebro has no strategy: add one with addstrategy '
                                        'or pass strategy=')
            cerebro.addstrategy(self.strategy)
            strats = cerebro._stratman.strats
        if len(strats) != 1:
            raise OptimizationError('a study runs one strategy; the Cerebro has %d'
                                    % len(strats))
        if not cerebro.datas:
            raise OptimizationError('the Cerebro has no data')
        cerebro.addanalyzer(MetricsRecorder, _name=_RECORDER)
        self._spec = strats[0][0]
        self._predata = cerebro._runs_begin()
        if self._predata and self.share_indicators:
            self._cache = OnceCache(cerebro.datas, max_bytes=self.cache_bytes)
        self._cerebro = cerebro

    @property
    def strategy_cls(self) -> type:
        """The strategy class the trials run."""
        self.open()
        return self._spec[0]

    @property
    def strategy_params(self) -> dict:
        """The strategy's parameter defaults (with the keywords addstrategy gave)."""
        self.open()
        cls, _, kwargs = self._spec
        out = dict(cls.params._getitems())
        out.update(kwargs)
        return out

    def bar_dates(self) -> np.ndarray:
        """Dates (backtrader date numbers) of the first data's loaded bars."""
        self.open()
        line = self._cerebro.datas[0].lines.datetime
        return np.array(line.storage()[:line.clock.buflen], dtype=np.float64)

    def fingerprint(self) -> dict:
        """Strategy name, a digest of its code and a digest of the loaded data."""
        self.open()
        cls = self.strategy_cls
        h = hashlib.sha1()
        for data in self._cerebro.datas:
            n = data.lines.datetime.clock.buflen
            for line in data.lines.lines:
                arr = line.storage()
                if arr is not None:
                    h.update(np.ascontiguousarray(arr[:n]).tobytes())
        return {'strategy': '%s.%s' % (cls.__module__, cls.__qualname__),
                'code': _code_hash(cls), 'data': h.hexdigest()[:16]}

    # -- a trial ---------------------------------------------------------------------------------------
    def run(self, params: dict) -> dict:
        """Run one trial with ``params``; returns its small result (metrics,
        analyzers' results, packed returns and, with ``details``, the run's record)."""
        self.open()
        cls, args, kwargs = self._spec
        iterstrat = [(cls, args, dict(kwargs, **params))]
        cerebro = self._cerebro
        if self._cache is not None:
            with shared_indicators(cerebro.datas, self._cache):
                strats = cerebro._runs_one(iterstrat, self._predata)
        else:
            strats = cerebro._runs_one(iterstrat, self._predata)
        if not strats:
            raise OptimizationError('the strategy was not built for %r (StrategySkipError?)'
                                    % (params,))
        strat = strats[0]
        recorder = None
        analyzers: dict = {}
        extra: dict = {}
        for name, an in strat.analyzers.getitems():
            if isinstance(an, MetricsRecorder):
                recorder = an
                continue
            res = an.get_analysis()
            analyzers[name] = plain_analysis(res)
            flatten_analysis(name, res, extra)
        metrics, rets, dts = recorder.result()
        for k, v in extra.items():
            metrics.setdefault(k, v)
        out = {'metrics': metrics, 'analyzers': analyzers}
        if self.details:
            # the whole record of the run, for walk-forward and robustness tools
            out['values'] = recorder.values()
            out['dates'] = dts
            out['trades'] = recorder.closed_trades()
        if self.store_returns:
            out['returns'] = pack_array(rets)
            out['nreturns'] = len(rets)
            if not self._sent_bars:
                out['bars'] = pack_array(dts)
                out['nbars'] = len(dts)
                self._sent_bars = True
        return out

    def close(self) -> None:
        """Release the Cerebro (the workload can be opened again)."""
        if self._cerebro is not None:
            self._cerebro._runs_end(self._predata)
            self._cerebro = None
