#!/usr/bin/env python3
"""A crash-safe optimisation study: Bayesian search of an SMA crossover's periods,
stored in SQLite (interrupt it and run again with --resume), with a minimum-trades
constraint, then the best trials."""
import argparse
import os
import tempfile

import backtrader as bt
from backtrader.optimizers import (BayesianOptimizer, GridSearchOptimizer, MinTradesConstraint,
                                   ObjectiveFunction, ParamSpace)
from backtrader.sampledata import sample_path

from optimization import SmaCross       # the crossover system of samples/optimization.py


class Setup:
    """The Cerebro each worker builds once (a module-level class: picklable)."""

    def __init__(self, data: str) -> None:
        self.data = data

    def __call__(self):
        cerebro = bt.Cerebro()
        cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=self.data))
        cerebro.broker.setcash(100000.0)
        cerebro.addanalyzer(bt.analyzers.SQN, _name='sqn')
        cerebro.addstrategy(SmaCross)
        return cerebro


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--data', default=sample_path())
    ap.add_argument('--study', default=os.path.join(tempfile.gettempdir(), 'bt-sma-study.db'))
    ap.add_argument('--resume', action='store_true', help='continue the stored study')
    ap.add_argument('--method', choices=['bayesian', 'grid'], default='bayesian')
    ap.add_argument('--trials', type=int, default=24)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--progress', action='store_true', help='show a progress bar')
    args = ap.parse_args()

    space = ParamSpace(fast=(3, 30), slow=(20, 120, 5), constraints=['fast < slow'])
    objective = ObjectiveFunction(maximize='sharpe_ratio', constraints=[MinTradesConstraint(5)])
    common = dict(objective=objective, n_jobs=args.jobs, study=args.study, seed=42,
                  resume=args.resume, overwrite=not args.resume, progress=args.progress,
                  quiet=not args.progress)
    if args.method == 'bayesian':
        opt = BayesianOptimizer(Setup(args.data), n_trials=args.trials, **common)
    else:
        opt = GridSearchOptimizer(Setup(args.data), **common)
    result = opt.optimize(space)
    print(result.summary())
    print('study stored in %s' % args.study)
    for trial in result.get_best(5):
        m = trial.metrics
        print('fast=%2d slow=%3d sharpe=%+.3f trades=%3d sqn=%+.2f final value=%.2f' % (
            trial.params['fast'], trial.params['slow'], trial.score, m['trades'],
            m['sqn.sqn'], m['final_value']))


if __name__ == '__main__':
    main()
