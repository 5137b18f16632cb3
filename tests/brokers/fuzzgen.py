"""Random broker scenarios for the differential fuzz test (hypothesis strategies).

A scenario is a plain JSON-able dict: bars (random walk OHLCV, daily or
intraday, one or two datas), cerebro/broker settings (cheat-on-open, coc, coo,
checksubmit, slippage, filler, shortcash, int2pnl, fund mode, quicknotify,
exactbars), a commission scheme (stock-like or futures, percentage or fixed, margin, mult, leverage,
interest, automargin, custom subclasses), a sizer, and per-bar actions (orders
of every type with prices relative to the close, validity, OCO groups,
brackets, cancels, target orders, closes, cash additions; also the inputs upstream
tolerates: no price, price 0, size 0, bracket sides on either side of the entry
or without prices). ``fuzz_replay.py``
plays the same scenarios under upstream and under this project.
"""
from __future__ import annotations

import datetime
import random

from hypothesis import strategies as st

from fuzzkit import draw_scenarios

EXECTYPES = ['Market', 'Close', 'Limit', 'Stop', 'StopLimit', 'StopTrail', 'StopTrailLimit',
             'Historical']
# Historical orders from the strategy are an oddity: keep them rare
EXEC_WEIGHTED = ['Market'] * 4 + ['Limit'] * 4 + ['Stop'] * 3 + ['StopLimit'] * 3 + \
    ['StopTrail'] * 2 + ['StopTrailLimit'] * 2 + ['Close'] * 2 + ['Historical']


def _bars(rnd: random.Random, n: int, start: float, vol: float, intraday: bool,
          locked: bool) -> list:
    """Random-walk OHLCV rows ``[datetime-string, o, h, l, c, v]``."""
    rows = []
    close = start
    if intraday:
        dt = datetime.datetime(2011, 3, 1, 10, 0)
    else:
        dt = datetime.datetime(2011, 3, 1)
    for _ in range(n):
        gap = rnd.gauss(0, vol / 2) if rnd.random() < 0.4 else 0.0
        o = max(1.0, round(close * (1 + gap), 2))
        c = max(1.0, round(o * (1 + rnd.gauss(0, vol)), 2))
        h = round(max(o, c) * (1 + abs(rnd.gauss(0, vol / 2))), 2)
        lo = max(0.5, round(min(o, c) * (1 - abs(rnd.gauss(0, vol / 2))), 2))
        if locked and rnd.random() < 0.1:
            o = h = lo = c     # a bar with no range (e.g. locked at a limit)
        v = rnd.choice([0, 1, 3, 10, 50, 100, 1000, 1000, 5000])
        rows.append([dt.strftime('%Y-%m-%d %H:%M:%S'), o, h, lo, c, v])
        close = c
        if intraday:
            dt += datetime.timedelta(hours=1)
            if dt.hour > 16:
                dt = dt.replace(hour=10) + datetime.timedelta(days=rnd.choice([1, 1, 3]))
        else:
            dt += datetime.timedelta(days=rnd.choice([1, 1, 1, 1, 2, 3]))
    return rows


rel = st.sampled_from([-0.08, -0.05, -0.03, -0.02, -0.01, -0.005, 0.0, 0.005, 0.01,
                       0.02, 0.03, 0.05, 0.08])
sizes = st.one_of(st.integers(1, 20), st.sampled_from([None, None, 0.5, 2.5, 100, 500]))
valids = st.one_of(
    st.none(), st.none(), st.none(),
    st.just('DAY'),
    st.tuples(st.just('td'), st.sampled_from([3600, 86400, 2 * 86400, 5 * 86400])),
    st.tuples(st.just('dt'), st.integers(0, 6)),
    st.tuples(st.just('date'), st.integers(0, 6)),
    st.tuples(st.just('num'), st.sampled_from([0, 1, 3])),
)


@st.composite
def order_action(draw, nd: int):
    et = draw(st.sampled_from(EXEC_WEIGHTED))
    act = dict(k=draw(st.sampled_from(['buy', 'sell'])), et=et, size=draw(sizes))
    if nd > 1 and draw(st.booleans()):
        act['d'] = 1
    if et in ('Limit', 'Stop', 'StopLimit', 'Historical') or \
            (et in ('Market', 'Close', 'StopTrail', 'StopTrailLimit') and draw(st.booleans())):
        act['p'] = draw(rel)
    if et in ('StopLimit', 'StopTrailLimit'):
        act['pl'] = draw(rel)
    if et in ('StopTrail', 'StopTrailLimit'):
        if draw(st.booleans()):
            act['ta'] = draw(st.sampled_from([0.01, 0.02, 0.05]))
        else:
            act['tp'] = draw(st.sampled_from([0.01, 0.02, 0.05]))
    v = draw(valids)
    if v is not None:
        act['v'] = v
    if draw(st.integers(0, 5)) == 0:
        act['oco'] = draw(st.integers(0, 30))
    if draw(st.integers(0, 6)) == 0:
        act['tid'] = draw(st.integers(1, 2))
    _loosen_order(draw, act)
    return act


@st.composite
def bracket_action(draw, nd: int):
    act = dict(k=draw(st.sampled_from(['bbuy', 'bsell'])), size=draw(sizes),
               et=draw(st.sampled_from(['Limit', 'Limit', 'Limit', 'Market', 'Stop',
                                        'StopLimit', 'StopTrail', 'Close'])),
               p=draw(rel), sp=draw(st.sampled_from([0.01, 0.02, 0.04, 0.06])),
               lp=draw(st.sampled_from([0.01, 0.02, 0.04, 0.06])))
    if nd > 1 and draw(st.booleans()):
        act['d'] = 1
    if act['et'] == 'StopLimit':
        act['pl'] = draw(rel)
    elif act['et'] == 'StopTrail':
        act['ta' if draw(st.booleans()) else 'tp'] = draw(st.sampled_from([0.01, 0.02]))
    if draw(st.integers(0, 5)) == 0:
        act['tid'] = draw(st.integers(1, 2))
    # per-order arguments: oargs / stopargs / limitargs and **kwargs for all
    for key in ('ov', 'sv', 'lv'):
        if draw(st.integers(0, 7)) == 0:
            act[key] = draw(valids.filter(lambda v: v is not None))
    if draw(st.integers(0, 7)) == 0:
        act['kwcoc'] = False        # kwargs land in every order's info (coc=False)
    r = draw(st.integers(0, 9))
    if r == 0:
        act['se'] = None            # no stop side
    elif r == 1:
        act['le'] = None            # no limit side
    elif r == 2:
        act['se'] = 'StopTrail'
    elif r == 3:
        act['le'] = 'Stop'
    v = draw(valids)
    if v is not None:
        act['v'] = v
    _loosen_bracket(draw, act)
    return act


# -- inputs upstream accepts and strict mode refuses: orders without a price
# or with price 0 (the close is used), size 0 (no order), brackets whose stop
# or limit side lies on either side of the entry (equality included) or has
# no price. A price given as 'zero' is 0; None or a missing key is no price.
def _loosen_order(draw, act: dict) -> None:
    r = draw(st.integers(0, 11))
    if r == 0:
        act.pop('p', None)              # no price (Limit/Stop/StopLimit: the close)
    elif r == 1:
        act['p'] = 'zero'
    elif r == 2 and 'pl' in act:
        act['pl'] = draw(st.sampled_from([None, 'zero']))
    elif r == 3 and act['et'] == 'StopLimit':
        act.pop('p', None)              # plimit only: it is the stop price too
    elif r == 4:
        act['size'] = 0


_SIDE_OFFSETS = [-0.03, -0.01, 0.0, None, 'zero']     # wrong side, equal, no price, 0


def _loosen_bracket(draw, act: dict) -> None:
    r = draw(st.integers(0, 5))
    if r == 0:
        act['sp'] = draw(st.sampled_from(_SIDE_OFFSETS))
    elif r == 1:
        act['lp'] = draw(st.sampled_from(_SIDE_OFFSETS))
    elif r == 2:
        act['sp'] = draw(st.sampled_from(_SIDE_OFFSETS))
        act['lp'] = draw(st.sampled_from(_SIDE_OFFSETS))
    elif r == 3:
        act['p'] = draw(st.sampled_from([None, 'zero']))   # main order without price


def tolerated_counts(scenarios: list) -> dict:
    """How many of the inputs above the ``scenarios`` hold (coverage check)."""
    out = dict(noprice=0, zero=0, size0=0, plimit=0, side_wrong=0, side_equal=0,
               side_noprice=0, side_zero=0, main_noprice=0)
    for sc in scenarios:
        for acts in list(sc['actions'].values()) + list(sc['open_actions'].values()):
            for a in acts:
                if a['k'] in ('buy', 'sell'):
                    out['noprice'] += a['et'] in ('Limit', 'Stop', 'StopLimit') and 'p' not in a
                    out['zero'] += a.get('p') == 'zero'
                    out['size0'] += a['size'] == 0
                    out['plimit'] += a.get('pl', 0.0) in (None, 'zero')
                elif a['k'] in ('bbuy', 'bsell'):
                    for off in (a['sp'], a['lp']):
                        num = isinstance(off, float)
                        out['side_wrong'] += num and off < 0
                        out['side_equal'] += num and off == 0
                        out['side_noprice'] += off is None
                        out['side_zero'] += off == 'zero'
                    out['main_noprice'] += a['p'] is None or a['p'] == 'zero'
    return out


@st.composite
def other_action(draw, nd: int):
    kind = draw(st.sampled_from(['cancel', 'cancel', 'close', 'tsize', 'tvalue', 'tpct',
                                 'cash', 'group']))
    act = dict(k=kind)
    if nd > 1 and draw(st.booleans()):
        act['d'] = 1
    if kind == 'cancel':
        act['i'] = draw(st.integers(0, 40))
    elif kind == 'tsize':
        act['t'] = draw(st.integers(-15, 15))
    elif kind == 'tvalue':
        act['t'] = draw(st.sampled_from([0, 500, 1000, 2500, -1000]))
    elif kind == 'tpct':
        act['t'] = draw(st.sampled_from([0, 0.1, 0.25, 0.5, -0.2]))
    elif kind == 'cash':
        act['v'] = draw(st.sampled_from([-500, 1000, 5000]))
    elif kind == 'group':
        # parent + children with transmit=False on all but the last
        act['n'] = draw(st.integers(1, 3))
        act['side'] = draw(st.sampled_from(['buy', 'sell']))
        act['p'] = draw(rel)
    elif kind == 'close':
        act['size'] = draw(st.sampled_from([None, None, 1, 3]))
    return act


def action(nd: int):
    return st.one_of(order_action(nd), order_action(nd), order_action(nd),
                     bracket_action(nd), other_action(nd))


COMMS = st.one_of(
    st.just(None),
    st.builds(lambda c: ['set', dict(commission=c)], st.sampled_from([0.001, 0.002, 0.01])),
    st.builds(lambda c, pa: ['set', dict(commission=c, commtype=1, stocklike=True,
                                         percabs=pa)],
              st.sampled_from([0.5, 1.0, 2.0]), st.booleans()),
    st.builds(lambda c, m, mult: ['set', dict(commission=c, margin=m, mult=mult)],
              st.sampled_from([0.0, 1.0, 2.5]), st.sampled_from([50.0, 200.0, 1000.0]),
              st.sampled_from([1.0, 2.0, 10.0])),
    st.builds(lambda c, m, mult, am: ['set', dict(commission=c, margin=m, mult=mult,
                                                  commtype=0, stocklike=False,
                                                  automargin=am)],
              st.sampled_from([0.001, 0.01]), st.sampled_from([None, 80.0]),
              st.sampled_from([1.0, 3.0]), st.sampled_from([False, -1, 0.5])),
    st.builds(lambda c, i, il: ['set', dict(commission=c, interest=i, interest_long=il)],
              st.sampled_from([0.0, 0.001]), st.sampled_from([0.05, 0.2]), st.booleans()),
    st.builds(lambda c, lev: ['set', dict(commission=c, leverage=lev)],
              st.sampled_from([0.0, 0.001]), st.sampled_from([2.0, 5.0])),
    st.builds(lambda cls, c: ['cls', cls, dict(commission=c)],
              st.sampled_from(['CommInfo', 'CommInfo_Futures', 'CommInfo_Futures_Perc',
                               'CommInfo_Futures_Fixed', 'CommInfo_Stocks',
                               'CommInfo_Stocks_Perc', 'CommInfo_Stocks_Fixed',
                               'CommissionInfo']),
              st.sampled_from([0.0, 0.1, 1.0])),
    st.builds(lambda c: ['custom', dict(commission=c)], st.sampled_from([0.001, 0.01])),
    # custom margin/getsize/interest overrides (futures-like and stock-like)
    st.builds(lambda c, m: ['custom2', dict(commission=c, mult=m)],
              st.sampled_from([0.0, 0.5]), st.sampled_from([1.0, 5.0])),
    st.builds(lambda c, i: ['custom3', dict(commission=c, interest=i)],
              st.sampled_from([0.0, 0.002]), st.sampled_from([0.0, 0.1])),
)

SLIPS = st.one_of(
    st.none(), st.none(),
    st.tuples(st.sampled_from(['perc', 'fixed', 'pperc', 'pfixed']),
              st.sampled_from([0.001, 0.01, 0.05, 0.5, 2.0]),
              st.booleans(), st.booleans(), st.booleans(), st.booleans()).map(list),
)

FILLERS = st.one_of(
    st.none(), st.none(), st.none(),
    st.tuples(st.just('FixedSize'), st.sampled_from([None, 1, 3])).map(list),
    st.tuples(st.just('FixedBarPerc'), st.sampled_from([10.0, 50.0, 100.0])).map(list),
    st.tuples(st.just('BarPointPerc'), st.sampled_from([None, 0.01, 1.0]),
              st.sampled_from([10.0, 100.0])).map(list),
)

SIZERS = st.one_of(
    st.none(), st.none(),
    st.tuples(st.just('FixedSize'), st.sampled_from([1, 5, 10])).map(list),
    st.tuples(st.just('FixedReverser'), st.sampled_from([1, 5])).map(list),
    st.tuples(st.sampled_from(['PercentSizer', 'AllInSizer', 'PercentSizerInt',
                               'AllInSizerInt']), st.sampled_from([10, 50, 100])).map(list),
)


def engine_modes(nd: int):
    """Modes given to ``cerebro.run``: notifications delivered in the broker
    step (quicknotify) and every memory-saving level (exactbars; 1 and above
    also turn preload and runonce off, -1/-2 turn runonce off). exactbars >= 1
    only with one data: upstream's datas then keep a bar or two, and with
    several datas the one waiting for its next bar shows that future bar or
    fails (IndexError) in most runs."""
    levels = [0, 0, 0, 1, -1, -2, 2] if nd == 1 else [0, 0, 0, -1, -2]
    return st.fixed_dictionaries(dict(quicknotify=st.sampled_from([False, False, True]),
                                      exactbars=st.sampled_from(levels)))


@st.composite
def scenario(draw):
    nd = draw(st.sampled_from([1, 1, 1, 2]))
    nbars = draw(st.integers(8, 45))
    intraday = draw(st.integers(0, 5)) == 0
    bar_seed = draw(st.integers(0, 2 ** 31))
    start = draw(st.sampled_from([20.0, 100.0, 1000.0]))
    vol = draw(st.sampled_from([0.005, 0.02, 0.05]))
    rnd = random.Random(bar_seed)
    datas = [_bars(rnd, nbars, start, vol, intraday, locked=draw(st.booleans()))]
    if nd > 1:
        rows = _bars(rnd, nbars, start * 0.5, vol, intraday, locked=False)
        for i, row in enumerate(rows):
            row[0] = datas[0][i][0]
        if draw(st.booleans()):
            # the second data misses a few bars (multi-data synchronisation)
            rows = [r for i, r in enumerate(rows) if i == 0 or rnd.random() > 0.2]
        datas.append(rows)
    coo_on = draw(st.booleans())
    sc = dict(
        intraday=intraday, datas=datas, sessionend=intraday and draw(st.booleans()),
        runonce=draw(st.booleans()), preload=draw(st.sampled_from([True, True, False])),
        stdstats=draw(st.booleans()),
        cheat_on_open=coo_on, broker_coo=draw(st.booleans()),
        cash=draw(st.sampled_from([1000.0, 10000.0, 100000.0, 1000000.0])),
        checksubmit=draw(st.sampled_from([True, True, False])),
        coc=draw(st.sampled_from([False, False, False, True])),
        shortcash=draw(st.sampled_from([True, True, False])),
        int2pnl=draw(st.sampled_from([True, False])),
        fundmode=draw(st.sampled_from([False, False, True])),
        slip=draw(SLIPS), filler=draw(FILLERS), comm=draw(COMMS), sizer=draw(SIZERS),
        comm1=draw(COMMS) if nd > 1 else None,
    )
    acts = {}
    oacts = {}
    for bar in range(1, nbars + 1):
        if draw(st.integers(0, 2)) == 0:
            acts[str(bar)] = draw(st.lists(action(nd), min_size=1, max_size=3))
        if coo_on and draw(st.integers(0, 4)) == 0:
            oacts[str(bar)] = draw(st.lists(action(nd), min_size=1, max_size=2))
    sc['actions'] = acts
    sc['open_actions'] = oacts
    sc['tradehistory'] = draw(st.integers(0, 3)) == 0
    if draw(st.integers(0, 5)) == 0:
        # past executions replayed as Historical orders: [bar, size, rel price, data]
        n = draw(st.integers(1, 4))
        entries = sorted(draw(st.lists(st.tuples(
            st.integers(0, nbars - 1), st.sampled_from([-3, -1, 0, 1, 2, 5]), rel,
            st.sampled_from([None, 0, 'd0'] + ([1, 'd1'] if nd > 1 else [])),
            st.sampled_from(['dt', 'str', 'date'])), min_size=n, max_size=n)), key=lambda e: e[0])
        sc['ohist'] = dict(entries=[list(e) for e in entries], notify=draw(st.booleans()))
    if not sc['runonce'] and draw(st.integers(0, 9)) == 0:
        # fund history (upstream supports it only in next mode): rows from bar k on
        k = draw(st.integers(0, 3))
        sc['fhist'] = [[i, round(100 * (1 + 0.01 * (i % 7) - 0.03), 4),
                        round(sc['cash'] * (1 + 0.02 * (i % 5) - 0.04), 2)]
                       for i in range(k, nbars, draw(st.integers(1, 3)))]
    sc.update(draw(engine_modes(nd)))
    return sc


def generate(n: int, seed: int | None = None) -> list:
    """``n`` scenarios drawn by hypothesis (reproducible for a given ``seed``)."""
    return draw_scenarios(scenario(), n, seed)
