"""``btopt``: run an optimisation study from the command line.

    btopt mypkg.strategies:SmaCross --data prices.csv --config study.yaml \\
          --study sma.db --report sma.html
    btopt mypkg.strategies:SmaCross --data prices.csv --config study.yaml \\
          --study sma.db --resume             # after a crash or Ctrl-C

The configuration (JSON, or YAML when PyYAML is installed) holds the space
and the objective, and optionally the search::

    {"space": {"fast": {"low": 5, "high": 30, "step": 5},
               "slow": [30, 50, 100],
               "mode": {"categorical": ["long", "both"]},
               "stop": {"low": 0.01, "high": 0.05}},
     "constraints": ["fast < slow"],
     "objective": {"maximize": "sharpe_ratio",
                   "constraints": [{"metric": "trades", "op": ">=", "value": 10}]},
     "method": "bayesian", "n_trials": 40, "seed": 1, "cash": 100000}

A parameter is a scalar (fixed), a list (these values), ``{"low", "high",
"step"}`` (a range, both ends included; without ``step``: continuous for
floats), ``{"log": [low, high], "num": n}`` or ``{"categorical": [...]}``.
The objective is a metric name or ``{"maximize"|"minimize": name,
"constraints": [...]}`` (or ``{"weights": {...}}``). Command-line options
override the file. The study prints its best parameters and the
overfitting statistics (Deflated Sharpe Ratio, PBO) and can write the HTML
report.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from typing import Any, Optional, Sequence

__all__ = ['main', 'load_config', 'build_space', 'build_objective']


class ConfigError(ValueError):
    """A bad study configuration (names the file and the entry at fault)."""


def load_config(path: str) -> dict:
    """The configuration file as a dict (JSON, or YAML with PyYAML)."""
    with open(path, encoding='utf-8') as fh:
        text = fh.read()
    if path.lower().endswith(('.yaml', '.yml')):
        try:
            import yaml
        except ImportError:
            raise ConfigError('%s: reading YAML needs PyYAML (pip install pyyaml); or write the '
                              'configuration as JSON' % path) from None
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ConfigError('%s: not valid YAML: %s' % (path, exc)) from None
    else:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError('%s: not valid JSON: %s' % (path, exc)) from None
    if not isinstance(doc, dict):
        raise ConfigError('%s: the configuration must be a mapping with "space"' % path)
    return doc


def _dimension(name: str, spec: Any, where: str) -> Any:
    from .space import Categorical, LogRange
    if isinstance(spec, dict):
        keys = set(spec)
        if 'categorical' in keys:
            return Categorical(spec['categorical'])
        if 'values' in keys:
            return list(spec['values'])
        if 'log' in keys:
            low, high = spec['log']
            return LogRange(low, high, num=spec.get('num'))
        if {'low', 'high'} <= keys:
            if spec.get('step') is not None:
                return (spec['low'], spec['high'], spec['step'])
            return (spec['low'], spec['high'])
        raise ConfigError('%s: parameter %r: use a value, a list, {"low", "high", "step"}, '
                          '{"log": [low, high], "num": n} or {"categorical": [...]}, got %r'
                          % (where, name, spec))
    if isinstance(spec, list):
        return list(spec)
    return spec


def build_space(config: dict, where: str = 'config') -> Any:
    """The ``ParamSpace`` of a configuration."""
    from .space import ParamSpace
    space = config.get('space')
    if not isinstance(space, dict) or not space:
        raise ConfigError('%s: "space" must map parameter names to their values' % where)
    dims = {name: _dimension(name, spec, where) for name, spec in space.items()}
    return ParamSpace(dims, constraints=config.get('constraints') or [])


def build_objective(spec: Any, where: str = 'config') -> Any:
    """An objective from a metric name or a mapping."""
    from .objective import Constraint, ObjectiveFunction
    if spec is None or isinstance(spec, str):
        return spec
    if not isinstance(spec, dict):
        raise ConfigError('%s: "objective" must be a metric name or a mapping, got %r'
                          % (where, spec))
    cons = []
    for c in spec.get('constraints') or []:
        try:
            cons.append(Constraint(c['metric'], c.get('op', '>='), c['value']))
        except (KeyError, TypeError):
            raise ConfigError('%s: an objective constraint is {"metric", "op", "value"}, got %r'
                              % (where, c)) from None
    kwargs = {k: spec[k] for k in ('maximize', 'minimize', 'weights') if k in spec}
    if len(kwargs) != 1:
        raise ConfigError('%s: the objective needs one of "maximize", "minimize" or "weights"'
                          % where)
    return ObjectiveFunction(constraints=cons, **kwargs)


def load_strategy(target: str) -> type:
    """``'package.module:ClassName'`` -> the class."""
    if ':' not in target:
        raise ConfigError('strategy: write it as module:ClassName (e.g. mystrats:SmaCross), got '
                          '%r' % target)
    modname, _, clsname = target.partition(':')
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        module = importlib.import_module(modname)
    except ImportError as exc:
        raise ConfigError('strategy: cannot import module %r (%s)' % (modname, exc)) from None
    try:
        obj = module
        for part in clsname.split('.'):
            obj = getattr(obj, part)
    except AttributeError:
        raise ConfigError('strategy: module %r has no %r' % (modname, clsname)) from None
    return obj


def _feeds(paths: Sequence[str], feed: str, feed_kwargs: dict) -> list:
    from .. import feeds as btfeeds
    cls = getattr(btfeeds, feed, None)
    if cls is None:
        raise ConfigError('--feed: no data feed %r in backtrader.feeds' % feed)
    out = []
    for path in paths:
        if not os.path.exists(path):
            raise ConfigError('--data: no file %r' % path)
        out.append(cls(dataname=path, **feed_kwargs))
    return out


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog='btopt', description='Run a backtrader optimisation study.',
        epilog='The configuration file holds "space" and "objective" (see the module help: '
               'python -m pydoc backtrader.optimizers.cli).')
    p.add_argument('strategy', help='the strategy class, as module:ClassName')
    p.add_argument('--data', action='append', required=True, metavar='FILE',
                   help='a data file (repeat for several datas)')
    p.add_argument('--feed', default='BacktraderCSVData',
                   help='the feed class reading the files (default BacktraderCSVData)')
    p.add_argument('--feed-kwargs', default='{}', metavar='JSON',
                   help='keywords for the feed, as JSON')
    p.add_argument('--config', '-c', help='JSON or YAML file with space, objective, search')
    p.add_argument('--space', metavar='JSON', help='the space as JSON (instead of --config)')
    p.add_argument('--objective', help='a metric to maximise (overrides the file)')
    p.add_argument('--method', help='grid, random, bayesian, genetic, pareto, optuna, ...')
    p.add_argument('--n-trials', type=int, help='trials for random/Bayesian/Optuna search')
    p.add_argument('--seed', type=int)
    p.add_argument('--cash', type=float)
    p.add_argument('--commission', type=float)
    p.add_argument('--n-jobs', type=int, help='worker processes (default: from the file, '
                   'else every core)')
    p.add_argument('--executor', help="'dask' or a Dask scheduler address")
    p.add_argument('--study', help='SQLite study file (crash-safe; needed for --resume)')
    p.add_argument('--resume', action='store_true', help='continue the study file')
    p.add_argument('--overwrite', action='store_true', help='start the study file again')
    p.add_argument('--report', metavar='HTML', help='write the HTML report (and JSON beside)')
    p.add_argument('--json', metavar='FILE', help='write the report data as JSON')
    p.add_argument('--top', type=int, default=5, help='trials to list (default 5)')
    p.add_argument('--quiet', '-q', action='store_true', help='no progress bar')
    return p


_RUN_KEYS = ('n_trials', 'seed', 'cash', 'commission', 'n_jobs', 'executor', 'timeout',
             'trial_timeout', 'retries', 'population_size', 'generations', 'n_initial',
             'acquisition', 'sampler', 'pruner', 'prune_steps', 'prune_every', 'objectives',
             'directions', 'batch_size')


def run(argv: Optional[Sequence[str]] = None) -> int:
    """Parse ``argv`` and run the study; returns the exit status."""
    args = _parser().parse_args(argv)
    from .analysis import OptimizationAnalyzer
    from .optimizer import OPTIMIZERS
    config: dict = {}
    where = 'config'
    if args.config:
        config = load_config(args.config)
        where = args.config
    if args.space:
        try:
            config['space'] = json.loads(args.space)
        except json.JSONDecodeError as exc:
            raise ConfigError('--space: not valid JSON: %s' % exc) from None
    if 'space' not in config:
        raise ConfigError('give the space: --config FILE (with "space") or --space JSON')
    strategy = load_strategy(args.strategy)
    space = build_space(config, where)
    try:
        feed_kwargs = json.loads(args.feed_kwargs)
    except json.JSONDecodeError as exc:
        raise ConfigError('--feed-kwargs: not valid JSON: %s' % exc) from None
    datas = _feeds(args.data, args.feed, feed_kwargs)
    method = args.method or config.get('method', 'grid')
    kwargs = {k: config[k] for k in _RUN_KEYS if k in config}
    for key in ('n_trials', 'seed', 'cash', 'commission', 'n_jobs', 'executor'):
        if getattr(args, key) is not None:
            kwargs[key] = getattr(args, key)
    objective = args.objective or build_objective(config.get('objective'), where)
    if objective is not None and 'objectives' not in kwargs:
        kwargs['objective'] = objective
    if method == 'optuna':
        from .optuna_adapter import OptunaOptimizer
        cls = OptunaOptimizer
    else:
        try:
            cls = OPTIMIZERS[method]
        except KeyError:
            raise ConfigError('method: one of %s, got %r' % (
                ', '.join(list(OPTIMIZERS) + ['optuna']), method)) from None
    if method in ('grid', 'multistage'):
        kwargs.pop('n_trials', None)
    opt = cls(strategy=strategy, datas=datas, study=args.study, resume=args.resume,
              overwrite=args.overwrite, store_returns=True, quiet=args.quiet,
              progress=not args.quiet, **kwargs)
    result = opt.optimize(space)
    print(result.summary())
    if result.best_params is not None:
        print('best parameters: %s' % json.dumps(result.best_params))
        print('best %s: %.6g' % (result.metric_name, result.best_score))
    an = OptimizationAnalyzer(result)
    if len(an.trials):
        import pandas as pd
        with pd.option_context('display.width', 120, 'display.max_columns', 12):
            print(an.top(args.top).to_string(index=False))
    rep = an.overfitting()
    print(rep.summary())
    if args.report or args.json:
        paths = an.generate_report(args.report or args.json, overfitting=rep,
                                   json_path=args.json)
        for kind, path in paths.items():
            print('%s report: %s' % (kind, path))
    return 0 if result.best_params is not None else 1


def main(argv: Optional[Sequence[str]] = None) -> int:
    """The ``btopt`` console entry point."""
    from ..core.errors import OptimizationError
    try:
        return run(argv)
    except (ConfigError, OptimizationError) as exc:
        print('btopt: error: %s' % exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print('btopt: interrupted (the study file keeps every finished trial: run again with '
              '--resume)', file=sys.stderr)
        return 130


if __name__ == '__main__':
    sys.exit(main())
