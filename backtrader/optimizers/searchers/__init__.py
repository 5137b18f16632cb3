"""Searchers: small ask/tell objects proposing parameter combinations
(grid, random, Bayesian, genetic, multi-stage, Pareto/NSGA-II, an explicit list).

Layer: tools. May import: the optimizers' own space and objective modules, utils, core
(searchers never run a backtest).
"""
from .base import Searcher
from .bayesian import BayesianSearcher
from .genetic import GeneticSearcher
from .grid import GridSearcher
from .listed import ListSearcher
from .multistage import MultiStageSearcher
from .pareto import ParetoSearcher, crowding_distance, nondominated_sort, pareto_front
from .random import RandomSearcher

__all__ = ['Searcher', 'GridSearcher', 'ListSearcher', 'RandomSearcher', 'BayesianSearcher',
           'GeneticSearcher',
           'MultiStageSearcher', 'ParetoSearcher', 'nondominated_sort', 'crowding_distance',
           'pareto_front']
