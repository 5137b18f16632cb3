"""``ParamSpace``: the strategy parameters a study varies, and the rules that
skip invalid combinations before anything runs.

Each parameter is a *dimension*:

=============================  ==============================================
written as                     dimension
=============================  ==============================================
``10`` (any scalar, a string)  ``Fixed`` -- always this value
``[5, 10, 20]``, ``range(..)``  ``Choice`` -- these values (ordered when numeric)
``(5, 50, 5)``                 ``IntRange`` / ``FloatRange`` with a step, both
                               ends included (``5, 10, ..., 50``)
``(0.1, 0.9)``                 ``FloatRange`` without step (continuous); two
                               ints give every integer between them
``LogRange(1e-3, 1, num=7)``   log-spaced values (``num``) or log-uniform
``Categorical(['a', 'b'])``    unordered choices
=============================  ==============================================

Parameter constraints are callables taking the parameter dict, or strings
such as ``'fast < slow'`` (a small expression language: names, numbers,
arithmetic, comparisons, ``and``/``or``/``not``, ``abs``/``min``/``max``;
strings are kept in the study metadata, callables by name).
"""
from __future__ import annotations

import ast
import itertools
import math
import operator
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, Union

import numpy as np

from ..core.errors import ParamSpaceError

__all__ = ['ParamSpace', 'Dimension', 'Fixed', 'Choice', 'Categorical', 'IntRange',
           'FloatRange', 'LogRange', 'ParamConstraint']


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)


def _plain(x: Any) -> Any:
    """numpy scalars as Python numbers (JSON, pickling, strategy params)."""
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    return x


def _decimals(step: float) -> int:
    exp = Decimal(repr(float(step))).normalize().as_tuple().exponent
    return max(0, -int(exp))


class Dimension:
    """One parameter's set of values."""

    kind = 'dimension'
    name: str = ''

    def values(self) -> Optional[list]:
        """The finite list of values (grid order), or None when continuous."""
        raise NotImplementedError

    @property
    def finite(self) -> bool:
        """True when the dimension has a finite list of values."""
        return self.values() is not None

    def sample(self, rng: np.random.Generator) -> Any:
        """A random value."""
        return _plain(self.values()[int(rng.integers(len(self.values())))])

    def encode(self, value: Any) -> list:
        """Position(s) in [0, 1] for surrogate models."""
        vals = self.values()
        if len(vals) == 1:
            return [0.5]
        return [vals.index(value) / (len(vals) - 1)]

    def mutate(self, value: Any, rng: np.random.Generator, scale: float = 0.2) -> Any:
        """A value near ``value`` (a step or a few on the grid, or a Gaussian
        move of ``scale`` times the range when continuous)."""
        vals = self.values()
        if len(vals) == 1:
            return vals[0]
        i = vals.index(value) if value in vals else int(rng.integers(len(vals)))
        width = max(1.0, scale * len(vals))
        j = i
        while j == i:
            j = int(round(i + rng.normal(0.0, width)))
            j = min(max(j, 0), len(vals) - 1)
        return _plain(vals[j])

    def blend(self, a: Any, b: Any, rng: np.random.Generator) -> Any:
        """A child value between two parents' values (one of them by default)."""
        return a if rng.random() < 0.5 else b

    def contains(self, value: Any) -> bool:
        """True when ``value`` belongs to the dimension."""
        return value in self.values()

    def spec(self) -> dict:
        """The dimension as JSON data (stored with a study)."""
        raise NotImplementedError

    def __len__(self) -> int:
        vals = self.values()
        if vals is None:
            raise TypeError('a continuous dimension has no length')
        return len(vals)

    def __repr__(self) -> str:
        return '%s(%s)' % (type(self).__name__, ', '.join(
            '%s=%r' % kv for kv in self.spec().items() if kv[0] != 'kind'))


class Fixed(Dimension):
    """A parameter held at one value."""

    kind = 'fixed'

    def __init__(self, value: Any) -> None:
        self.value = _plain(value)

    def values(self) -> list:
        return [self.value]

    def encode(self, value: Any) -> list:
        return []

    def spec(self) -> dict:
        return {'kind': self.kind, 'value': _jsonable(self.value)}


class Choice(Dimension):
    """A list of values tried in the order given; numeric lists are ordered
    dimensions for the searchers (neighbours mutate into each other)."""

    kind = 'choice'

    def __init__(self, choices: Iterable) -> None:
        choices = [_plain(c) for c in choices]
        if not choices:
            raise ParamSpaceError('an empty list of values')
        self.choices = choices

    def values(self) -> list:
        return self.choices

    def spec(self) -> dict:
        return {'kind': self.kind, 'choices': [_jsonable(c) for c in self.choices]}


class Categorical(Choice):
    """Unordered choices (strategy variants, modes, classes)."""

    kind = 'categorical'

    def encode(self, value: Any) -> list:
        return [1.0 if c == value else 0.0 for c in self.choices]

    def mutate(self, value: Any, rng: np.random.Generator, scale: float = 0.2) -> Any:
        others = [c for c in self.choices if c != value]
        return others[int(rng.integers(len(others)))] if others else value


class IntRange(Dimension):
    """Integers from ``low`` to ``high`` (both included) by ``step``."""

    kind = 'int'

    def __init__(self, low: int, high: int, step: int = 1) -> None:
        for label, v in (('low', low), ('high', high), ('step', step)):
            if not _is_number(v) or float(v) != int(v):
                raise ParamSpaceError('integer range: %s must be an integer, got %r'
                                      % (label, v))
        low, high, step = int(low), int(high), int(step)
        if step <= 0:
            raise ParamSpaceError('integer range (%d, %d, %d): the step must be positive'
                                  % (low, high, step))
        if high < low:
            raise ParamSpaceError('integer range (%d, %d, %d): the stop is below the start'
                                  % (low, high, step))
        self.low, self.high, self.step = low, high, step
        self._values = list(range(low, high + 1, step))

    def values(self) -> list:
        return self._values

    def spec(self) -> dict:
        return {'kind': self.kind, 'low': self.low, 'high': self.high, 'step': self.step}


class FloatRange(Dimension):
    """Floats from ``low`` to ``high`` (both included): on a grid of ``step``
    (values rounded to the step's decimals, so 0.1 + 0.2 is 0.3), or
    continuous without a step (random, Bayesian and genetic search only)."""

    kind = 'float'

    def __init__(self, low: float, high: float, step: Optional[float] = None) -> None:
        for label, v in (('low', low), ('high', high)):
            if not _is_number(v) or not math.isfinite(v):
                raise ParamSpaceError('float range: %s must be a finite number, got %r'
                                      % (label, v))
        if step is not None and (not _is_number(step) or not step > 0 or
                                 not math.isfinite(step)):
            raise ParamSpaceError('float range (%r, %r, %r): the step must be a positive '
                                  'number' % (low, high, step))
        if high < low:
            raise ParamSpaceError('float range (%r, %r): the stop is below the start'
                                  % (low, high))
        self.low, self.high, self.step = float(low), float(high), step
        self._values = None
        if step is not None:
            nd = max(_decimals(step), _decimals(low))
            n = int(math.floor((self.high - self.low) / step + 1e-9)) + 1
            self._values = [round(self.low + k * step, nd) for k in range(n)]

    def values(self) -> Optional[list]:
        return self._values

    def sample(self, rng: np.random.Generator) -> Any:
        if self._values is not None:
            return super().sample(rng)
        return float(rng.uniform(self.low, self.high))

    def encode(self, value: Any) -> list:
        if self.high == self.low:
            return [0.5]
        return [(float(value) - self.low) / (self.high - self.low)]

    def mutate(self, value: Any, rng: np.random.Generator, scale: float = 0.2) -> Any:
        if self._values is not None:
            return super().mutate(value, rng, scale)
        v = float(value) + rng.normal(0.0, scale * (self.high - self.low))
        return float(min(max(v, self.low), self.high))

    def blend(self, a: Any, b: Any, rng: np.random.Generator) -> Any:
        if self._values is not None:
            return super().blend(a, b, rng)
        w = rng.random()
        return float(w * a + (1.0 - w) * b)

    def contains(self, value: Any) -> bool:
        if self._values is not None:
            return value in self._values
        return _is_number(value) and self.low <= value <= self.high

    def spec(self) -> dict:
        return {'kind': self.kind, 'low': self.low, 'high': self.high, 'step': self.step}


class LogRange(Dimension):
    """Values spread evenly on a log scale between ``low`` and ``high`` (both
    positive, both included): ``num`` points, or continuous log-uniform when
    ``num`` is None. ``integer=True`` rounds to distinct integers."""

    kind = 'log'

    def __init__(self, low: float, high: float, num: Optional[int] = None,
                 integer: bool = False) -> None:
        if not (_is_number(low) and _is_number(high)) or not (0 < low <= high):
            raise ParamSpaceError('log range (%r, %r): needs 0 < low <= high' % (low, high))
        if num is not None and (not _is_number(num) or int(num) != num or num < 1):
            raise ParamSpaceError('log range: num must be a positive integer, got %r' % (num,))
        self.low, self.high, self.num, self.integer = float(low), float(high), num, integer
        self._values = None
        if num is not None:
            vals = np.geomspace(self.low, self.high, int(num)).tolist()
            if integer:
                vals = sorted({int(round(v)) for v in vals})
            else:
                vals = [float('%.12g' % v) for v in vals]
            self._values = vals
        elif integer:
            self._values = sorted({int(round(v)) for v in
                                   np.geomspace(self.low, self.high, 64).tolist()})

    def values(self) -> Optional[list]:
        return self._values

    def sample(self, rng: np.random.Generator) -> Any:
        if self._values is not None:
            return super().sample(rng)
        return float(math.exp(rng.uniform(math.log(self.low), math.log(self.high))))

    def encode(self, value: Any) -> list:
        if self.high == self.low:
            return [0.5]
        return [(math.log(value) - math.log(self.low)) /
                (math.log(self.high) - math.log(self.low))]

    def mutate(self, value: Any, rng: np.random.Generator, scale: float = 0.2) -> Any:
        if self._values is not None:
            return super().mutate(value, rng, scale)
        lo, hi = math.log(self.low), math.log(self.high)
        v = math.log(value) + rng.normal(0.0, scale * (hi - lo))
        return float(math.exp(min(max(v, lo), hi)))

    def contains(self, value: Any) -> bool:
        if self._values is not None:
            return value in self._values
        return _is_number(value) and self.low <= value <= self.high

    def spec(self) -> dict:
        return {'kind': self.kind, 'low': self.low, 'high': self.high, 'num': self.num,
                'integer': self.integer}


def _jsonable(x: Any) -> Any:
    if isinstance(x, (str, int, float, bool)) or x is None:
        return x
    if isinstance(x, type):
        return '%s.%s' % (x.__module__, x.__qualname__)
    return repr(x)


def make_dimension(value: Any) -> Dimension:
    """The dimension a bare value in ``ParamSpace(...)`` stands for."""
    if isinstance(value, Dimension):
        return value
    if isinstance(value, tuple):
        if len(value) == 3 and all(_is_number(v) for v in value):
            if all(float(v) == int(v) and not isinstance(v, (float, np.floating))
                   for v in value):
                return IntRange(*value)
            return FloatRange(*value)
        if len(value) == 2 and all(_is_number(v) for v in value):
            if all(isinstance(v, (int, np.integer)) for v in value):
                return IntRange(*value)
            return FloatRange(*value)
        raise ParamSpaceError('a tuple is a range (start, stop[, step]) of numbers; got %r'
                              % (value,))
    if isinstance(value, (list, range, np.ndarray)):
        return Choice(list(value))
    if isinstance(value, (set, frozenset)):
        raise ParamSpaceError('a set has no order; give the values as a list: %r' % (value,))
    return Fixed(value)


# --------------------------------------------------------------------------------------------
# parameter constraints
_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
           ast.Pow: operator.pow}
_CMPOPS = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
           ast.GtE: operator.ge, ast.Eq: operator.eq, ast.NotEq: operator.ne}
_FUNCS = {'abs': abs, 'min': min, 'max': max}


class ParamConstraint:
    """A rule over the parameter dict; combinations it rejects never run.

    ``ParamConstraint('fast < slow')`` or ``ParamConstraint(func)`` where
    ``func(params) -> bool``.
    """

    def __init__(self, rule: Union[str, Callable[[dict], bool]]) -> None:
        self.rule = rule
        if isinstance(rule, str):
            try:
                tree = ast.parse(rule, mode='eval')
            except SyntaxError as exc:
                raise ParamSpaceError('constraint %r is not a valid expression: %s'
                                      % (rule, exc.msg)) from None
            self._tree = tree.body
            self.names = sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
                                - set(_FUNCS))
            self._check(self._tree)
        elif callable(rule):
            self._tree = None
            self.names = []
        else:
            raise ParamSpaceError('a constraint is an expression string or a callable, '
                                  'got %r' % (rule,))

    def _check(self, node) -> None:
        allowed = (ast.Expression, ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.Compare,
                   ast.Name, ast.Constant, ast.Call, ast.And, ast.Or, ast.Not, ast.USub,
                   ast.UAdd, ast.Load) + tuple(_BINOPS) + tuple(_CMPOPS)
        for sub in ast.walk(node):
            if not isinstance(sub, allowed):
                raise ParamSpaceError('constraint %r: %s is not allowed' % (
                    self.rule, type(sub).__name__))
            if isinstance(sub, ast.Call) and not (isinstance(sub.func, ast.Name) and
                                                  sub.func.id in _FUNCS):
                raise ParamSpaceError('constraint %r: only abs, min and max may be called'
                                      % (self.rule,))

    def _eval(self, node, env: dict) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            try:
                return env[node.id]
            except KeyError:
                raise ParamSpaceError('constraint %r names %r, which is not a parameter of '
                                      'the space (%s)' % (self.rule, node.id,
                                                          ', '.join(env))) from None
        if isinstance(node, ast.BoolOp):
            vals = (self._eval(v, env) for v in node.values)
            return all(vals) if isinstance(node.op, ast.And) else any(vals)
        if isinstance(node, ast.UnaryOp):
            v = self._eval(node.operand, env)
            return (not v) if isinstance(node.op, ast.Not) else (
                -v if isinstance(node.op, ast.USub) else +v)
        if isinstance(node, ast.BinOp):
            return _BINOPS[type(node.op)](self._eval(node.left, env),
                                          self._eval(node.right, env))
        if isinstance(node, ast.Compare):
            left = self._eval(node.left, env)
            for op, comp in zip(node.ops, node.comparators):
                right = self._eval(comp, env)
                if not _CMPOPS[type(op)](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.Call):
            return _FUNCS[node.func.id](*[self._eval(a, env) for a in node.args])
        raise ParamSpaceError('constraint %r: cannot evaluate' % (self.rule,))

    def __call__(self, params: dict) -> bool:
        if self._tree is not None:
            return bool(self._eval(self._tree, params))
        return bool(self.rule(params))

    def spec(self) -> str:
        if isinstance(self.rule, str):
            return self.rule
        return 'callable:%s.%s' % (getattr(self.rule, '__module__', '?'),
                                   getattr(self.rule, '__qualname__', repr(self.rule)))

    def __repr__(self) -> str:
        return 'ParamConstraint(%r)' % (self.spec(),)


# --------------------------------------------------------------------------------------------
class ParamSpace:
    """The parameters to vary (see the module docstring for the forms).

    ``ParamSpace(fast=(5, 30, 5), slow=[30, 50, 100], constraints=['fast < slow'])``
    or ``ParamSpace({'fast': ..., 'slow': ...}, constraints=...)`` (the dict form
    for a strategy whose parameters include ``constraints``).
    """

    def __init__(self, params: Optional[dict] = None, *, constraints: Optional[Sequence] = None,
                 **kwparams) -> None:
        merged = dict(params or {})
        merged.update(kwparams)
        if not merged:
            raise ParamSpaceError('the parameter space is empty: name at least one strategy '
                                  'parameter and its values')
        self.dims: dict = {}
        for name, value in merged.items():
            try:
                dim = make_dimension(value)
            except ParamSpaceError as exc:
                raise ParamSpaceError('parameter %r: %s' % (name, exc)) from None
            dim.name = name
            self.dims[name] = dim
        self.constraints = []
        for rule in constraints or ():
            self.add_constraint(rule)

    # -- construction helpers ----------------------------------------------------------------
    def add_constraint(self, rule) -> 'ParamSpace':
        """Add a parameter constraint (a callable or an expression such as ``'fast < slow'``)."""
        con = rule if isinstance(rule, ParamConstraint) else ParamConstraint(rule)
        unknown = [n for n in con.names if n not in self.dims]
        if unknown:
            raise ParamSpaceError('constraint %r names %s, not in the space (%s)' % (
                con.spec(), ', '.join(repr(u) for u in unknown), ', '.join(self.dims)))
        self.constraints.append(con)
        return self

    where = add_constraint

    def subspace(self, names: Iterable[str], fixed: Optional[dict] = None) -> 'ParamSpace':
        """The space over ``names`` only, the other parameters held at
        ``fixed`` (constraints keep applying to the full parameter dict)."""
        names = list(names)
        unknown = [n for n in names if n not in self.dims]
        if unknown:
            raise ParamSpaceError('unknown parameter%s %s; the space has: %s' % (
                's' if len(unknown) > 1 else '', ', '.join(repr(u) for u in unknown),
                ', '.join(self.dims)))
        dims = {}
        for name, dim in self.dims.items():
            if name in names or fixed is None or name not in fixed:
                dims[name] = dim
            else:
                dims[name] = Fixed(fixed[name])
        sub = ParamSpace(dims)
        sub.constraints = list(self.constraints)
        return sub

    # -- validation ----------------------------------------------------------------------------
    def validate(self, strategy_cls: type) -> None:
        """Every name must be a parameter of ``strategy_cls``."""
        params = getattr(strategy_cls, 'params', None)
        try:
            valid = list(params._getkeys())
        except AttributeError:
            return
        unknown = [n for n in self.dims if n not in valid]
        if unknown:
            raise ParamSpaceError('unknown parameter%s %s for %s; valid parameters are: %s' % (
                's' if len(unknown) > 1 else '', ', '.join(repr(u) for u in unknown),
                strategy_cls.__name__, ', '.join(valid) if valid else '(none)'))

    # -- queries -------------------------------------------------------------------------------
    @property
    def names(self) -> list:
        """The parameter names, in order."""
        return list(self.dims)

    @property
    def finite(self) -> bool:
        """True when every dimension is finite (a grid is possible)."""
        return all(d.finite for d in self.dims.values())

    @property
    def size(self) -> Optional[int]:
        """Number of grid combinations before constraints (None if continuous)."""
        if not self.finite:
            return None
        return int(np.prod([len(d) for d in self.dims.values()], dtype=object))

    def is_valid(self, params: dict) -> bool:
        """True when ``params`` meets every constraint."""
        return all(c(params) for c in self.constraints)

    def grid(self) -> Iterator[dict]:
        """Every combination meeting the constraints, in order (the last
        parameter varies fastest, as in ``optstrategy``)."""
        if not self.finite:
            cont = [n for n, d in self.dims.items() if not d.finite]
            raise ParamSpaceError('a grid needs a step for every range; continuous: %s'
                                  % ', '.join(cont))
        names = list(self.dims)
        for combo in itertools.product(*(d.values() for d in self.dims.values())):
            params = dict(zip(names, combo))
            if self.is_valid(params):
                yield params

    def sample(self, rng: np.random.Generator, max_tries: int = 10000) -> dict:
        """A random combination meeting the constraints (rejection sampling)."""
        for _ in range(max_tries):
            params = {n: d.sample(rng) for n, d in self.dims.items()}
            if self.is_valid(params):
                return params
        raise ParamSpaceError('the parameter constraints rejected %d random combinations in '
                              'a row: %s' % (max_tries, ', '.join(c.spec()
                                                                 for c in self.constraints)))

    def encode(self, params: dict) -> list:
        """The combination as numbers in [0, 1] (surrogate models)."""
        out = []
        for name, dim in self.dims.items():
            out.extend(dim.encode(params[name]))
        return out

    def contains(self, params: dict) -> bool:
        """True when ``params`` names every parameter with a value of its dimension."""
        return set(params) == set(self.dims) and all(
            d.contains(params[n]) for n, d in self.dims.items())

    def key(self, params: dict) -> str:
        """A canonical text for a combination (identity in studies and caches)."""
        return repr(tuple((n, _plain(params[n])) for n in self.dims))

    def spec(self) -> dict:
        """The space as JSON data (stored with a study)."""
        return {'params': {n: d.spec() for n, d in self.dims.items()},
                'constraints': [c.spec() for c in self.constraints]}

    def __len__(self) -> int:
        size = self.size
        if size is None:
            raise TypeError('a continuous space has no length')
        return size

    def __repr__(self) -> str:
        return 'ParamSpace(%s)' % ', '.join('%s=%r' % kv for kv in self.dims.items())
