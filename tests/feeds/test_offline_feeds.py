"""The remaining offline feeds of upstream's ``bt.feeds`` against the oracle
(Quandl WIKI CSV files, tick and bid/ask CSV layouts of upstream's samples),
and the clear error of the online downloaders naming the offline class."""
from __future__ import annotations

import datetime as dt

import pytest

import backtrader as bt
from backtrader.core.errors import OnlineFeedError
from conftest import DATAS
from feedscript import script

BODY = r'''
def write(name, text):
    with open(name, 'w', newline='') as f:
        f.write(text)
    return name
H = 'Date,Open,High,Low,Close,Volume,Ex-Dividend,Split Ratio,Adj. Open,Adj. High,Adj. Low,Adj. Close,Adj. Volume\n'
rows = []
for i in range(60):
    day = datetime.date(2006, 1, 2) + datetime.timedelta(days=i)
    o = 10 + i * 0.123456
    rows.append('%s,%r,%r,%r,%r,%d,0.0,1.0,%r,%r,%r,%r,%r\n' % (day.isoformat(), o, o + 1.005, o - 0.995, o + 0.125,
                1000 + i, o / 2, (o + 1.005) / 2, (o - 0.995) / 2, (o + 0.125) / 2, 2000.5 + i))
write('wiki.csv', H + ''.join(rows))
Q = btfeeds.QuandlCSV
run_case('quandl adjusted', lambda: [Q(dataname='wiki.csv')])
run_case('quandl raw', lambda: [Q(dataname='wiki.csv', adjclose=False)])
run_case('quandl rounded', lambda: [Q(dataname='wiki.csv', round=True, decimals=3)])
run_case('quandl reversed', lambda: [Q(dataname='wiki.csv', reverse=True, round=True, fromdate=datetime.date(2006, 1, 20),
         sessionend=datetime.time(16, 0))])
G = btfeeds.GenericCSVData
run_case('ticks ms', lambda: [G(dataname=D + 'ticksample.csv', dtformat='%Y-%m-%dT%H:%M:%S.%f', timeframe=bt.TimeFrame.Ticks)])
run_case('bid ask 2 (samples/bidask-to-ohlc)', lambda: [G(dataname=D + 'bidask2.csv', dtformat='%m/%d/%y', tmformat='%H:%M:%S',
         datetime=0, time=1, open=5, high=5, low=5, close=5, volume=7, openinterest=-1, timeframe=bt.TimeFrame.Ticks)])
class BidAsk(btfeeds.GenericCSVData):
    linesoverride = True
    lines = ('bid', 'ask', 'datetime')
    params = (('dtformat', '%m/%d/%Y %H:%M:%S'), ('datetime', 0), ('bid', 1), ('ask', 2), ('time', -1), ('open', -1),
              ('high', -1), ('low', -1), ('close', -1), ('volume', -1), ('openinterest', -1))
run_case('bid ask override (samples/data-bid-ask)', lambda: [BidAsk(dataname=D + 'bidask.csv', timeframe=bt.TimeFrame.Ticks)])
'''


@pytest.mark.oracle
def test_offline_feeds_match_upstream(run_oracle, run_ours):
    text = script(BODY)
    oracle = run_oracle(text)
    assert oracle.count('\n') > 500
    assert run_ours(text).splitlines() == oracle.splitlines()


@pytest.mark.parametrize('factory,offline', [
    (lambda: bt.feeds.YahooFinanceData(dataname='ORCL', fromdate=dt.date(2016, 1, 1)), 'YahooFinanceCSVData'),
    (lambda: bt.feeds.YahooFinance().getdata('ORCL'), 'YahooFinanceCSVData'),
    (lambda: bt.feeds.Quandl(dataname='ORCL', apikey='x'), 'QuandlCSV'),
    (lambda: bt.feeds.InfluxDB(dataname='m', database='db'), 'GenericCSVData'),
])
def test_online_feeds_name_the_offline_class(factory, offline):
    data = factory()                 # building it works, as upstream
    cer = bt.Cerebro()
    cer.adddata(data)
    with pytest.raises(OnlineFeedError, match=r'bt\.feeds\.%s\(dataname=<file>\)' % offline) as exc:
        cer.run()
    assert isinstance(exc.value, ValueError)
    assert 'issue' not in str(exc.value)


def test_online_feed_params_are_upstreams():
    p = bt.feeds.YahooFinanceData.params
    assert (p.period, p.retries, p.reverse, p.adjclose, p.round) == ('d', 3, False, True, True)
    q = bt.feeds.Quandl.params
    assert (q.reverse, q.dataset, q.buffered, q.apikey) == (True, 'WIKI', True, None)
    assert bt.feeds.QuandlCSV.params.reverse is False
    assert bt.feeds.InfluxDB.params.port == '8086'


def test_quandl_csv_via_legacy_line_protocol(tmp_path):
    path = tmp_path / 'w.csv'
    path.write_text('Date,Open,High,Low,Close,Volume,Ex-Dividend,Split Ratio,Adj. Open,Adj. High,'
                    'Adj. Low,Adj. Close,Adj. Volume\n'
                    '2006-01-03,10,11,9,10.5,1000,0,1,5.125,5.5,4.5,5.25,2000\n')

    class Sub(bt.feeds.QuandlCSV):   # a subclass post-processing each line
        def _loadline(self, tokens):
            ok = super()._loadline(tokens)
            self.lines.openinterest[0] = 42.0
            return ok

    for cls in (bt.feeds.QuandlCSV, Sub):
        data = cls(dataname=str(path), round=True)
        cer = bt.Cerebro()
        cer.adddata(data)
        cer.run()
        assert (data.open[0], data.close[0], data.volume[0]) == (5.12, 5.25, 2000.0)
        assert data.openinterest[0] == (42.0 if cls is Sub else 0.0)
