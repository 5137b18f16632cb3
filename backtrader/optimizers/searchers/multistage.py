"""Multi-stage search: a sequence of searches over parts of the space, each
starting from the best combination found so far.

A stage is a list of parameter names (searched over their full dimension, the
others held at the best so far), a dict of ``name -> values`` (a refined
sub-space, e.g. a finer grid), or a callable ``f(best_params) -> dict``
(zooming around the best). Each stage runs ``stage_searcher`` (default: a
grid). A combination met in an earlier stage is not run again.
"""
from __future__ import annotations

from typing import Callable, Optional, Sequence, Union

from ...core.errors import ParamSpaceError
from ..space import ParamSpace
from .base import Searcher
from .grid import GridSearcher

__all__ = ['MultiStageSearcher']


class MultiStageSearcher(Searcher):
    """Stages of sub-spaces (see the module docstring); ``start`` gives the
    values of parameters not yet searched (default: each dimension's middle
    value)."""

    name = 'multistage'

    def __init__(self, space: ParamSpace, stages: Sequence[Union[list, dict, Callable]],
                 stage_searcher: Optional[Callable] = None, start: Optional[dict] = None,
                 seed: Optional[int] = None) -> None:
        super().__init__(space, seed)
        if not stages:
            raise ParamSpaceError('a multi-stage search needs at least one stage')
        for st in stages:
            if isinstance(st, (list, tuple)):
                space.subspace(st)              # unknown names fail here
        self.stages = list(stages)
        self.stage_searcher = stage_searcher or (lambda sub, seed: GridSearcher(sub, seed))
        self._fixed = {}
        for name, dim in space.dims.items():
            vals = dim.values()
            if start and name in start and dim.contains(start[name]):
                self._fixed[name] = start[name]
            elif vals is not None:
                self._fixed[name] = vals[(len(vals) - 1) // 2]
            else:
                self._fixed[name] = dim.sample(self.rng)
        self._results: dict = {}        # key -> (score, feasible, values)
        self._stage = -1
        self._sub: Optional[Searcher] = None
        self._finished = False
        self._held: list = []           # proposals of the stage already evaluated

    @property
    def adaptive(self) -> bool:          # stages start from the previous stages' best
        return True

    @property
    def done(self) -> bool:
        return self._finished

    @property
    def stage(self) -> int:
        return self._stage

    def config(self) -> dict:
        return dict(super().config(), stages=[
            st if isinstance(st, (list, tuple)) else
            ({k: repr(v) for k, v in st.items()} if isinstance(st, dict) else
             'callable:%s' % getattr(st, '__qualname__', 'stage')) for st in self.stages])

    def state(self) -> dict:
        return dict(super().state(), stage=self._stage)

    def _stage_space(self, st) -> ParamSpace:
        base = dict(self._fixed)
        if self.best is not None:
            base.update(self.best[1])
        if isinstance(st, (list, tuple)):
            return self.space.subspace(st, fixed=base)
        spec = st(dict(base)) if callable(st) else st
        if isinstance(spec, ParamSpace):
            dims = dict(spec.dims)
        else:
            dims = dict(spec)
        unknown = [n for n in dims if n not in self.space.dims]
        if unknown:
            raise ParamSpaceError('stage names unknown parameter%s %s; the space has: %s' % (
                's' if len(unknown) > 1 else '', ', '.join(map(repr, unknown)),
                ', '.join(self.space.dims)))
        full = {n: dims.get(n, base[n]) for n in self.space.dims}
        sub = ParamSpace(full)
        sub.constraints = list(self.space.constraints)
        return sub

    def _ask(self, n: int) -> list:
        out = []
        while len(out) < n:
            if self._sub is None or self._sub.done:
                if out or self._pending:
                    break       # the next stage starts from the best of everything told
                self._stage += 1
                if self._stage >= len(self.stages):
                    self._finished = True
                    break
                sub_seed = None if self.seed is None else self.seed + self._stage
                self._sub = self.stage_searcher(self._stage_space(self.stages[self._stage]),
                                                sub_seed)
                continue
            props = self._sub.ask(n - len(out))
            if not props:
                break
            for p in props:
                k = self.space.key(p)
                if k in self._results:
                    self._sub.tell(p, *self._results[k])
                else:
                    out.append(p)
        return out

    def ask(self, n: int) -> list:
        # within a stage the stage's searcher paces itself; between stages the
        # outcomes still pending hold the next stage back
        if n <= 0 or self.done:
            return []
        out = self._ask(n)
        self._pending += len(out)
        return out

    def _tell(self, params: dict, score, feasible: bool, values) -> None:
        self._results[self.space.key(params)] = (score, feasible, values)
        if self._sub is not None:
            self._sub.tell(params, score, feasible, values)

    def get_final_params(self) -> Optional[dict]:
        """The best combination over all stages so far."""
        return None if self.best is None else dict(self.best[1])
