"""What a study optimises: ``ObjectiveFunction`` (one score per trial) and
``MultiObjective`` (several, for Pareto search), and the outcome
constraints (``Constraint``, ``MinTradesConstraint``,
``MaxDrawdownConstraint``) that mark a trial infeasible rather than
penalising its score."""
from __future__ import annotations

import math
import operator
from typing import Any, Callable, Optional, Sequence, Union

from ..core.errors import MetricError, ObjectiveValueError
from .metrics import METRIC_ALIASES, METRIC_NAMES, resolve_metric

__all__ = ['Constraint', 'MinTradesConstraint', 'MaxDrawdownConstraint', 'ObjectiveFunction',
           'MultiObjective', 'Evaluation', 'as_objective']

_OPS = {'>=': operator.ge, '>': operator.gt, '<=': operator.le, '<': operator.lt,
        '==': operator.eq, '!=': operator.ne}


def _valid_names(metrics: Optional[dict]) -> list:
    names = list(METRIC_NAMES) + sorted(METRIC_ALIASES)
    if metrics:
        names += sorted(k for k in metrics if k not in names)
    return names


def check_metric_name(name: str, metrics: Optional[dict] = None) -> str:
    """The canonical name, or ``MetricError`` naming the valid ones. Dotted
    names (an analyzer's results) are checked once a run has produced them."""
    canon = resolve_metric(name)
    if canon in METRIC_NAMES:
        return canon
    if metrics is not None:
        if canon in metrics:
            return canon
    elif '.' in canon:
        return canon
    raise MetricError('unknown metric %r; valid metrics are: %s (and <analyzer name>.<key> '
                      'for analyzers added to the run)' % (name, ', '.join(_valid_names(metrics))))


def _metric(metrics: dict, name: str) -> float:
    try:
        return metrics[name]
    except KeyError:
        raise MetricError('unknown metric %r; valid metrics are: %s' % (
            name, ', '.join(_valid_names(metrics)))) from None


class Constraint:
    """An outcome rule: ``Constraint('trades', '>=', 10)`` or
    ``Constraint(func, name='...')`` with ``func(metrics) -> bool``.
    A trial that breaks it is kept but marked infeasible."""

    def __init__(self, metric: Union[str, Callable[[dict], bool]], op: str = '>=',
                 value: float = 0.0, name: Optional[str] = None) -> None:
        if callable(metric):
            self.func, self.metric, self.op, self.value = metric, None, None, None
            self.name = name or getattr(metric, '__name__', 'constraint')
            return
        if op not in _OPS:
            raise ValueError('constraint operator %r: use one of %s' % (op, ', '.join(_OPS)))
        self.func = None
        self.metric = check_metric_name(metric)
        self.op, self.value = op, value
        self.name = name or '%s %s %s' % (metric, op, value)

    def check(self, metrics: dict) -> bool:
        """True when ``metrics`` meet the rule."""
        if self.func is not None:
            return bool(self.func(metrics))
        v = _metric(metrics, self.metric)
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return False
        return _OPS[self.op](v, self.value)

    def spec(self) -> str:
        """The rule as text (stored with a study)."""
        if self.func is not None:
            return 'callable:%s' % getattr(self.func, '__qualname__', self.name)
        return '%s %s %r' % (self.metric, self.op, self.value)

    def __repr__(self) -> str:
        return '%s(%s)' % (type(self).__name__, self.spec())


class MinTradesConstraint(Constraint):
    """At least ``min_trades`` closed trades."""

    def __init__(self, min_trades: int) -> None:
        super().__init__('trades', '>=', min_trades, name='trades >= %d' % min_trades)


class MaxDrawdownConstraint(Constraint):
    """A maximum drawdown of at most ``max_drawdown`` percent."""

    def __init__(self, max_drawdown: float) -> None:
        super().__init__('max_drawdown_pct', '<=', max_drawdown,
                         name='max_drawdown_pct <= %g' % max_drawdown)


class Evaluation:
    """A trial's score (higher is better after the objective's direction is
    applied: ``signed``), its objective values and feasibility."""

    __slots__ = ('score', 'values', 'signed', 'feasible', 'violated', 'error')

    def __init__(self, score, values, signed, feasible, violated, error=None) -> None:
        self.score, self.values, self.signed = score, values, signed
        self.feasible, self.violated, self.error = feasible, violated, error


def _nan(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


class ObjectiveFunction:
    """The score of a trial, from its metrics.

    Exactly one of:
      ``maximize='sharpe_ratio'``, ``minimize='max_drawdown_pct'``,
      ``weights={'sharpe_ratio': 1.0, 'max_drawdown_pct': -0.05}`` (a weighted
      sum, maximised), ``custom_func=f`` (``f(metrics) -> float``, maximised
      unless ``direction='minimize'``).
    ``constraints`` are outcome rules (infeasible trials never become best).
    ``nan_policy``: a NaN score (e.g. a Sharpe ratio without trades) makes the
    trial ``'infeasible'`` (default) or stops the study (``'raise'``).
    """

    def __init__(self, maximize: Optional[str] = None, minimize: Optional[str] = None,
                 weights: Optional[dict] = None, custom_func: Optional[Callable] = None,
                 constraints: Sequence[Constraint] = (), direction: str = 'maximize',
                 nan_policy: str = 'infeasible') -> None:
        given = [x is not None for x in (maximize, minimize, weights, custom_func)]
        if sum(given) != 1:
            raise ValueError('ObjectiveFunction: give exactly one of maximize, minimize, '
                             'weights or custom_func')
        if direction not in ('maximize', 'minimize'):
            raise ValueError("direction must be 'maximize' or 'minimize', got %r" % direction)
        if nan_policy not in ('infeasible', 'raise'):
            raise ValueError("nan_policy must be 'infeasible' or 'raise', got %r" % nan_policy)
        self.custom_func = custom_func
        self.weights = None
        self.metric = None
        if maximize is not None:
            self.metric, self.direction = check_metric_name(maximize), 'maximize'
        elif minimize is not None:
            self.metric, self.direction = check_metric_name(minimize), 'minimize'
        elif weights is not None:
            if not weights:
                raise ValueError('ObjectiveFunction: weights is empty')
            self.weights = {check_metric_name(k): float(v) for k, v in weights.items()}
            self.direction = 'maximize'
        else:
            if not callable(custom_func):
                raise TypeError('custom_func must be callable')
            self.direction = direction
        self.constraints = list(constraints)
        for con in self.constraints:
            if not isinstance(con, Constraint):
                raise TypeError('constraints must be Constraint objects, got %r' % (con,))
        self.nan_policy = nan_policy

    @property
    def name(self) -> str:
        """The objective's name (a metric, a weighted sum, a function name)."""
        if self.metric is not None:
            return self.metric
        if self.weights is not None:
            return ' + '.join('%g*%s' % (w, m) for m, w in self.weights.items())
        return getattr(self.custom_func, '__name__', 'custom')

    def check(self, metrics: dict) -> None:
        """Fail early (``MetricError``) when the metrics lack a name used here."""
        for name in ([self.metric] if self.metric else list(self.weights or ())):
            check_metric_name(name, metrics)
        for con in self.constraints:
            if con.metric is not None:
                check_metric_name(con.metric, metrics)

    def score(self, metrics: dict) -> float:
        """The raw score of ``metrics``."""
        if self.metric is not None:
            return _metric(metrics, self.metric)
        if self.weights is not None:
            return sum(w * _metric(metrics, m) for m, w in self.weights.items())
        return self.custom_func(metrics)

    def evaluate(self, metrics: dict) -> Evaluation:
        """Score, direction-signed score and feasibility of a trial."""
        raw = self.score(metrics)
        try:
            score = float(raw)
        except (TypeError, ValueError):
            raise ObjectiveValueError('objective %s returned %r, not a number'
                                      % (self.name, raw)) from None
        violated = [c.name for c in self.constraints if not c.check(metrics)]
        error = None
        if math.isnan(score):
            error = 'ObjectiveValueError: objective %s is NaN for this trial' % self.name
            if self.nan_policy == 'raise':
                raise ObjectiveValueError(error.split(': ', 1)[1])
        signed = score if self.direction == 'maximize' else -score
        feasible = not violated and error is None
        return Evaluation(score, [score], signed, feasible, violated, error)

    def spec(self) -> dict:
        """The objective as JSON data (stored with a study)."""
        return {'type': 'single', 'metric': self.metric, 'weights': self.weights,
                'custom': None if self.custom_func is None else
                getattr(self.custom_func, '__qualname__', 'custom'),
                'direction': self.direction, 'constraints': [c.spec() for c in self.constraints],
                'nan_policy': self.nan_policy}


class MultiObjective:
    """Several metrics optimised together (Pareto search):
    ``MultiObjective(['sharpe_ratio', 'max_drawdown_pct'], directions=['maximize', 'minimize'])``.
    The first metric (with its direction) serves as the study's single score."""

    def __init__(self, metrics: Sequence[str], directions: Optional[Sequence[str]] = None,
                 constraints: Sequence[Constraint] = ()) -> None:
        if len(metrics) < 2:
            raise ValueError('MultiObjective needs at least two metrics')
        self.metrics = [check_metric_name(m) for m in metrics]
        directions = list(directions or ['maximize'] * len(metrics))
        if len(directions) != len(self.metrics) or any(
                d not in ('maximize', 'minimize') for d in directions):
            raise ValueError("directions: one 'maximize' or 'minimize' per metric")
        self.directions = directions
        self.direction = directions[0]
        self.constraints = list(constraints)
        self.nan_policy = 'infeasible'

    @property
    def name(self) -> str:
        return ', '.join(self.metrics)

    metric = property(lambda self: self.metrics[0])

    def check(self, metrics: dict) -> None:
        for name in self.metrics:
            check_metric_name(name, metrics)

    def evaluate(self, metrics: dict) -> Evaluation:
        values = [float(_metric(metrics, m)) for m in self.metrics]
        violated = [c.name for c in self.constraints if not c.check(metrics)]
        error = None
        if any(math.isnan(v) for v in values):
            error = 'ObjectiveValueError: an objective (%s) is NaN for this trial' % self.name
        signed = values[0] if self.direction == 'maximize' else -values[0]
        return Evaluation(values[0], values, signed, not violated and error is None,
                          violated, error)

    def signs(self) -> list:
        """+1 per maximised metric, -1 per minimised one."""
        return [1.0 if d == 'maximize' else -1.0 for d in self.directions]

    def spec(self) -> dict:
        return {'type': 'multi', 'metrics': self.metrics, 'directions': self.directions,
                'constraints': [c.spec() for c in self.constraints]}


def as_objective(objective: Any, maximize: bool = True) -> Any:
    """An objective from a metric name, a callable or an objective object."""
    if isinstance(objective, (ObjectiveFunction, MultiObjective)):
        return objective
    if objective is None:
        objective = 'sharpe_ratio'
    if isinstance(objective, str):
        return ObjectiveFunction(maximize=objective) if maximize else \
            ObjectiveFunction(minimize=objective)
    if callable(objective):
        return ObjectiveFunction(custom_func=objective,
                                 direction='maximize' if maximize else 'minimize')
    raise TypeError('objective: a metric name, a callable or an ObjectiveFunction, got %r'
                    % (objective,))
