"""``btrun``: run a backtest from the command line.

    btrun --data FILE [--format btcsv] [--strategy module:name:kwargs] ...

Modules given as ``module:name:kwargs`` are imported (a path to a ``.py`` file
works too); an empty module means the package's own (``:SMA_CrossOver``), an
empty name takes the first suitable class found. ``kwargs`` is ``a=1,b=x``
evaluated into a dict. Without ``--strategy`` a bare ``Strategy`` runs.
"""
from __future__ import annotations

import argparse
import datetime
import importlib
import importlib.util
import inspect
import os
import string
import sys
from typing import Any, Optional

import backtrader as bt

__all__ = ['btrun', 'main']

DATAFORMATS = {
    'btcsv': 'BacktraderCSVData',
    'vchartcsv': 'VChartCSVData',
    'vcfile': 'VChartFile',
    'sierracsv': 'SierraChartCSVData',
    'mt4csv': 'MT4CSVData',
    'yahoocsv': 'YahooFinanceCSVData',
    'yahoocsv_unreversed': 'YahooFinanceCSVData',
    'yahoo': 'YahooFinanceData',
    'vcdata': 'VCData',
}

TIMEFRAMES = {
    'microseconds': bt.TimeFrame.MicroSeconds,
    'seconds': bt.TimeFrame.Seconds,
    'minutes': bt.TimeFrame.Minutes,
    'days': bt.TimeFrame.Days,
    'weeks': bt.TimeFrame.Weeks,
    'months': bt.TimeFrame.Months,
    'years': bt.TimeFrame.Years,
}


def parse_kwargs(text: Optional[str]) -> dict:
    """``'a=1,b=x'`` -> ``{'a': 1, 'b': 'x'}`` (values evaluated when they
    are Python literals, kept as strings otherwise)."""
    if not text:
        return {}
    try:
        return eval('dict(' + text + ')', {'__builtins__': {'dict': dict}}, {})
    except Exception:
        out = {}
        for part in text.split(','):
            if not part.strip():
                continue
            key, _, val = part.partition('=')
            try:
                out[key.strip()] = eval(val, {'__builtins__': {}}, {})
            except Exception:
                out[key.strip()] = val
        return out


def _load_module(modpath: str):
    if modpath.endswith('.py') or os.path.sep in modpath:
        name = os.path.splitext(os.path.basename(modpath))[0]
        spec = importlib.util.spec_from_file_location(name, modpath)
        if spec is None:
            raise SystemExit('btrun: cannot load module file %r' % modpath)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
        return mod
    return importlib.import_module(modpath)


def load_object(spec: str, base: type, default_module) -> tuple:
    """(class or function, kwargs) from ``module:name:kwargs``."""
    modpath, _, rest = spec.partition(':')
    name, _, kwtext = rest.partition(':')
    mod = _load_module(modpath) if modpath else default_module
    if name:
        try:
            obj = getattr(mod, name)
        except AttributeError:
            raise SystemExit('btrun: %r has no %r' % (mod.__name__, name)) from None
    else:
        candidates = [o for _, o in inspect.getmembers(mod)
                      if inspect.isclass(o) and issubclass(o, base) and o is not base
                      and o.__module__ == mod.__name__]
        if not candidates:
            raise SystemExit('btrun: no %s found in %r' % (base.__name__, mod.__name__))
        obj = candidates[0]
    return obj, parse_kwargs(kwtext)


def _parse_date(text: Optional[str]):
    if not text:
        return None
    for fmt in ('%Y-%m-%dT%H:%M:%S', '%Y-%m-%d'):
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise SystemExit('btrun: bad date %r (use YYYY-MM-DD[THH:MM:SS])' % text)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog='btrun', description='Run a backtrader backtest',
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument('--data', '-d', action='append', required=True, help='data file (repeatable)')
    ap.add_argument('--format', '--csvformat', '-c', default='btcsv', choices=sorted(DATAFORMATS),
                    help='layout of the data files')
    ap.add_argument('--fromdate', '-f', help='first bar, YYYY-MM-DD[THH:MM:SS]')
    ap.add_argument('--todate', '-t', help='last bar, YYYY-MM-DD[THH:MM:SS]')
    ap.add_argument('--timeframe', '-tf', default='days', choices=sorted(TIMEFRAMES))
    ap.add_argument('--compression', '-cp', type=int, default=1)
    group = ap.add_mutually_exclusive_group()
    group.add_argument('--resample', '-rs', help='timeframe:compression')
    group.add_argument('--replay', '-rp', help='timeframe:compression')
    ap.add_argument('--cerebro', '-cer', nargs='?', const='', help='Cerebro kwargs a=1,b=2')
    ap.add_argument('--nostdstats', action='store_true', help='no default observers')
    ap.add_argument('--hook', action='append', default=[],
                    help='module:function:kwargs called as function(cerebro, **kwargs)')
    ap.add_argument('--strategy', '-st', action='append', default=[],
                    help='module:name:kwargs (repeatable)')
    ap.add_argument('--signal', '-sig', action='append', default=[],
                    help='[type+]module:name:kwargs')
    ap.add_argument('--observer', '-ob', action='append', default=[], help='module:name:kwargs')
    ap.add_argument('--analyzer', '-an', action='append', default=[], help='module:name:kwargs')
    pr = ap.add_mutually_exclusive_group()
    pr.add_argument('--pranalyzer', '-pralyzer', action='store_true',
                    help='print the analyzers at the end')
    pr.add_argument('--ppranalyzer', '-ppralyzer', action='store_true',
                    help='pretty-print the analyzers at the end')
    ap.add_argument('--indicator', '-ind', action='append', default=[], help='module:name:kwargs')
    ap.add_argument('--writer', '-wr', nargs='?', action='append', const='',
                    help='add a WriterFile with kwargs')
    ap.add_argument('--cash', type=float, help='starting cash')
    ap.add_argument('--commission', '-comm', type=float, help='commission')
    ap.add_argument('--margin', type=float, help='margin (futures-like)')
    ap.add_argument('--mult', type=float, help='multiplier')
    ap.add_argument('--interest', type=float, help='yearly credit interest')
    ap.add_argument('--interest_long', action='store_true', help='interest on longs too')
    ap.add_argument('--slip_perc', type=float, help='percentage slippage')
    ap.add_argument('--slip_fixed', type=float, help='fixed slippage')
    ap.add_argument('--slip_open', action='store_true', help='slip opening prices')
    ap.add_argument('--no-slip_match', dest='slip_match', action='store_false',
                    help='no capped match when slippage leaves the bar')
    ap.add_argument('--slip_out', action='store_true', help='allow prices outside the bar')
    ap.add_argument('--flush', action='store_true', help='flush stdout/stderr on every write')
    ap.add_argument('--plot', '-p', nargs='?', const='', help='plot with kwargs')
    return ap


def _tf_comp(text: str) -> tuple:
    tf, _, comp = text.partition(':')
    if tf not in TIMEFRAMES:
        raise SystemExit('btrun: unknown timeframe %r' % tf)
    return TIMEFRAMES[tf], int(comp or 1)


def main(argv=None) -> list:
    args = build_parser().parse_args(argv)
    if args.flush:
        import backtrader.utils.flushfile  # noqa: F401
    cerebro = bt.Cerebro(**parse_kwargs(args.cerebro))
    if args.nostdstats:
        cerebro.p.stdstats = False
    fromdate, todate = _parse_date(args.fromdate), _parse_date(args.todate)
    dcls = getattr(bt.feeds, DATAFORMATS[args.format])
    for dname in args.data:
        kw = dict(dataname=dname, timeframe=TIMEFRAMES[args.timeframe],
                  compression=args.compression)
        if fromdate:
            kw['fromdate'] = fromdate
        if todate:
            kw['todate'] = todate
        if args.format == 'yahoocsv_unreversed':
            kw['reverse'] = True
        data = dcls(**kw)
        if args.resample:
            tf, comp = _tf_comp(args.resample)
            cerebro.resampledata(data, timeframe=tf, compression=comp)
        elif args.replay:
            tf, comp = _tf_comp(args.replay)
            cerebro.replaydata(data, timeframe=tf, compression=comp)
        else:
            cerebro.adddata(data)
    for spec in args.hook:
        modpath, _, rest = spec.partition(':')
        name, _, kwtext = rest.partition(':')
        if modpath:
            func = getattr(_load_module(modpath), name)
            func(cerebro, **parse_kwargs(kwtext))
        else:
            getattr(cerebro, name)(**parse_kwargs(kwtext))
    for spec in args.strategy:
        cls, kw = load_object(spec, bt.Strategy, bt.strategies)
        cerebro.addstrategy(cls, **kw)
    for spec in args.signal:
        sigtype = bt.SIGNAL_LONGSHORT
        if '+' in spec.split(':', 1)[0]:
            typename, spec = spec.split('+', 1)
            sigtype = getattr(bt, 'SIGNAL_' + typename.upper())
        cls, kw = load_object(spec, bt.Indicator, bt.indicators)
        cerebro.add_signal(sigtype, cls, **kw)
    for spec in args.observer:
        cls, kw = load_object(spec, bt.Observer, bt.observers)
        cerebro.addobserver(cls, **kw)
    for spec in args.analyzer:
        cls, kw = load_object(spec, bt.Analyzer, bt.analyzers)
        cerebro.addanalyzer(cls, **kw)
    for spec in args.indicator:
        cls, kw = load_object(spec, bt.Indicator, bt.indicators)
        cerebro.addindicator(cls, **kw)
    for wkw in args.writer or []:
        cerebro.addwriter(bt.WriterFile, **parse_kwargs(wkw))
    broker = cerebro.broker
    if args.cash is not None:
        broker.setcash(args.cash)
    comm = {}
    for key in ('commission', 'margin', 'mult', 'interest'):
        val = getattr(args, key)
        if val is not None:
            comm[key] = val
    if args.interest_long:
        comm['interest_long'] = True
    if comm:
        broker.setcommission(**comm)
    if args.slip_perc is not None:
        broker.set_slippage_perc(args.slip_perc, slip_open=args.slip_open,
                                 slip_match=args.slip_match, slip_out=args.slip_out)
    elif args.slip_fixed is not None:
        broker.set_slippage_fixed(args.slip_fixed, slip_open=args.slip_open,
                                  slip_match=args.slip_match, slip_out=args.slip_out)
    results = cerebro.run()
    if args.pranalyzer or args.ppranalyzer:
        print('=' * 20)
        print('== Analyzers')
        print('=' * 20)
        for strat in results:
            for name, analyzer in strat.analyzers.getitems():
                if args.ppranalyzer:
                    print('#' * 10)
                    print(name)
                    print('#' * 10)
                    analyzer.pprint()
                else:
                    analyzer.print()
    if args.plot is not None:
        cerebro.plot(**parse_kwargs(args.plot))
    return results


def btrun(argv=None) -> int:
    """Console entry point (``btrun``)."""
    main(argv)
    return 0


if __name__ == '__main__':
    sys.exit(btrun())
