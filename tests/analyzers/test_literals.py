"""Key analyzer results on 2006-day-001.txt as literals recorded from upstream.

The values below were printed by upstream 1.9.78.123 with
``cd tests/analyzers && PYTHONPATH=<repo>/.oracle python3 ancheck.py literals``
(the run is ``ancheck.literal_run``: SMA(15) crossover long-only, stake 1, default
observers, the analyzers listed there). This test runs the same function in-process
with this project and needs no oracle.
"""
from __future__ import annotations

import datetime

import pytest

import backtrader as bt

from ancheck import literal_run

EXPECTED = {
    'annualreturn': {2006: 0.028409999999999602},
    'calmar_last': (datetime.datetime(2006, 12, 31, 0, 0), 0.0005204769188303336),
    'drawdown': (2.6158135411549006, 266.7400000000016, 157),
    'logreturns_months_last': 0.00657439805855087,
    'periodstats': {'average': 0.0023543380318913065,
                    'best': 0.01165672574018184,
                    'negative': 6,
                    'nochange': 0,
                    'positive': 6,
                    'stddev': 0.005859656015493235,
                    'worst': -0.005444590464154797},
    'returns': {'ravg': 0.00010985851060856245,
                'rnorm': 0.028071117074142463,
                'rnorm100': 2.807111707414246,
                'rtot': 0.028013920205183424},
    'sharpe_a_days': 0.5347803703217725,
    'sharpe_months': 0.26022003911381386,
    'sharpe_years': None,
    'sqn': {'sqn': 0.9314623855474404, 'trades': 11},
    'timedrawdown': {'maxdrawdown': 2.3336775451324545, 'maxdrawdownperiod': 32},
    'timereturn_months': [0.004806, 0.008270253163, -0.001813217835, -0.005444590464,
                          -0.003264156027, 0.004829973366, -0.005041039101, 0.01165672574,
                          -3.9450183e-05, 0.010394546981, -0.002699046109, 0.006596056852],
    'trades': (12, 11, 5, 6, 216.71000000000004, 4, 32, 2),
    'transactions_first': (datetime.datetime(2006, 1, 27, 23, 59, 59, 999989),
                           [[1, 3643.35, 0, '2006-day-001', -3643.35]]),
    'value': 10284.099999999997,
    'vwr': 1.8715929710998198,
}


@pytest.fixture(scope='module')
def results():
    return literal_run(bt)


@pytest.mark.parametrize('key', sorted(EXPECTED))
def test_literal(results, key):
    # exact equality: these are the floats upstream computes (repr-identical)
    assert results[key] == EXPECTED[key]


def test_result_types(results):
    # int vs float matters for printed output
    assert type(results['sqn']['trades']) is int
    assert type(results['periodstats']['positive']) is int
    assert type(results['drawdown'][2]) is int
    assert type(results['timedrawdown']['maxdrawdownperiod']) is int
