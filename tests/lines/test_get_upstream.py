"""``line.get(ago, size)`` and the stored bars as upstream's: an
``array('d')`` sliced with Python's rules out of the bars upstream holds (the
whole preloaded series, or the bars so far of a line computed bar by bar or of
a data without preload), a list of a memory-saving ring's bars with
``exactbars >= 1`` (ValueError before them). Reads before the first bar of a
data loaded without preload wrap around the bars so far, and ``buflen()`` counts
them.

``line.array`` reads and prints as upstream's container (``array('d')``, a
``deque`` with ``maxlen`` for a ring), its items plain floats; ``getzero`` and
``getzeroval`` index the bars upstream holds.

The expected outputs are upstream's (1.9.78.123), printed by ``GET_SCRIPT``,
``READ_SCRIPT``, ``ARRAY_SCRIPT``, ``RING_SCRIPT`` and ``CONTAINER_SCRIPT`` under
``PYTHONPATH=.oracle`` (reads ahead without preload are left out: upstream
raises IndexError, this project reads the loaded block).
"""
from __future__ import annotations

import pytest

from conftest import DATAS, printed_lines

_HEAD = r'''
import backtrader as bt, datetime
class S(bt.Strategy):
    def __init__(self):
        self.sma = bt.ind.SMA(period=3)
    def prenext(self):
        self.next()
'''

_LOOP = r'''
for ro, pl, eb in MODES:
    print('MODE', ro, pl, eb)
    c = bt.Cerebro(stdstats=False, runonce=bool(ro), preload=bool(pl), exactbars=eb)
    c.adddata(bt.feeds.BacktraderCSVData(dataname=DATA, todate=datetime.datetime(2006,1,20)))
    c.addstrategy(S)
    c.run()
'''

GET_SCRIPT = _HEAD + r'''
    def next(self):
        if len(self) in (1, 2, 4, 6, 12):
            out = []
            for name, f in (('c10', lambda: self.data.close.get(size=10)), ('c3', lambda: self.data.close.get(size=3)),
                            ('ago', lambda: self.data.close.get(ago=-2, size=3)), ('sma5', lambda: self.sma.get(size=5)),
                            ('agopos', lambda: self.data.close.get(ago=1, size=2)), ('z', lambda: self.data.close.get(size=0)),
                            ('dt', lambda: self.data.datetime.get(size=2))):
                try:
                    g = f(); out.append('%s=%s:%s' % (name, type(g).__name__, list(g)))
                except Exception as e:
                    out.append('%s=EXC %s' % (name, type(e).__name__))
            print(len(self), ' '.join(out))
MODES = ((1,1,0),(0,1,0),(0,0,0),(1,0,0),(0,1,1),(0,1,-1),(0,1,-2),(1,1,1))
''' + _LOOP

READ_SCRIPT = _HEAD + r'''
    def next(self):
        if len(self) in (1, 2, 4):
            out = []
            for ago in (-1, -3, -6):
                try: out.append(self.data.close[ago])
                except Exception as e: out.append(type(e).__name__)
            print(len(self), out, self.data.buflen(), self.data.close.buflen())
MODES = ((0,0,0),(1,0,0))
''' + _LOOP

ARRAY_SCRIPT = _HEAD + r'''
    def next(self):
        if len(self) in (1, 2, 5, 9):
            print(len(self), len(self.data.close.array), float(self.data.close.array[-1]),
                  len(self.sma.array), len(self.sma.lines.sma.array), len(self.data.datetime.array))
MODES = ((1,1,0),(0,1,0),(0,0,0),(0,1,-2),(0,1,-1),(1,1,-1),(1,0,-2))
''' + _LOOP

RING_SCRIPT = _HEAD + r'''
    def next(self):
        if len(self) in (4, 5, 9):
            print(len(self), len(self.sma.array), self.sma.buflen(), list(self.sma.get(size=2)),
                  self.data.buflen(), self.sma[-1], self.sma[-3])
MODES = ((0,1,1),(1,1,1),(0,1,2))
''' + _LOOP

# upstream's output of GET_SCRIPT
CONTAINER_SCRIPT = _HEAD + r'''
    def next(self):
        if len(self) in (1, 3, 4, 10):
            d, s = self.data.close, self.sma.lines.sma
            out = []
            for f in (lambda: d.array if len(d.array) < 6 else len(d.array), lambda: s.array if len(s.array) < 6 else len(s.array),
                      lambda: [d.array[0], d.array[-1]], lambda: list(d.array)[:2], lambda: repr(s.array[0]),
                      lambda: d.getzero(), lambda: d.getzero(2, 3), lambda: d.getzero(-2, 2), lambda: d.getzeroval(),
                      lambda: d.getzeroval(3), lambda: d.getzeroval(-1), lambda: s.getzero(0, 4), lambda: repr(s.getzeroval(2))):
                try: out.append(str(f()))
                except Exception as e: out.append('EXC ' + type(e).__name__)
            print(len(self), ' | '.join(out))
MODES = ((1,1,0),(0,1,0),(0,0,0),(1,0,0),(0,1,1),(0,1,-1),(0,0,1))
''' + _LOOP

GET_EXPECTED = '''MODE 1 1 0
1 c10=array:[] c3=array:[] ago=array:[3644.41, 3610.07, 3570.17] sma5=array:[] agopos=array:[3604.33, 3614.34] z=array:[] dt=array:[]
2 c10=array:[] c3=array:[] ago=array:[] sma5=array:[] agopos=array:[3614.34, 3652.46] z=array:[] dt=array:[732313.9999999999, 732314.9999999999]
4 c10=array:[] c3=array:[3614.34, 3652.46, 3650.24] ago=array:[] sma5=array:[] agopos=array:[3650.24, 3666.99] z=array:[] dt=array:[732315.9999999999, 732316.9999999999]
6 c10=array:[] c3=array:[3650.24, 3666.99, 3671.78] ago=array:[3614.34, 3652.46, 3650.24] sma5=array:[nan, 3623.7100000000005, 3639.013333333334, 3656.563333333333, 3663.0033333333336] agopos=array:[3671.78, 3644.94] z=array:[] dt=array:[732317.9999999999, 732320.9999999999]
12 c10=array:[3652.46, 3650.24, 3666.99, 3671.78, 3644.94, 3668.61, 3670.2, 3629.25, 3644.41, 3610.07] c3=array:[3629.25, 3644.41, 3610.07] ago=array:[3668.61, 3670.2, 3629.25] sma5=array:[3661.7766666666666, 3661.25, 3656.02, 3647.9533333333334, 3627.91] agopos=array:[3610.07, 3570.17] z=array:[] dt=array:[732327.9999999999, 732328.9999999999]
MODE 0 1 0
1 c10=array:[] c3=array:[] ago=array:[3644.41, 3610.07, 3570.17] sma5=array:[nan] agopos=array:[3604.33, 3614.34] z=array:[] dt=array:[]
2 c10=array:[] c3=array:[] ago=array:[] sma5=array:[nan, nan] agopos=array:[3614.34, 3652.46] z=array:[] dt=array:[732313.9999999999, 732314.9999999999]
4 c10=array:[] c3=array:[3614.34, 3652.46, 3650.24] ago=array:[] sma5=array:[3639.013333333334] agopos=array:[3650.24, 3666.99] z=array:[] dt=array:[732315.9999999999, 732316.9999999999]
6 c10=array:[] c3=array:[3650.24, 3666.99, 3671.78] ago=array:[3614.34, 3652.46, 3650.24] sma5=array:[nan, 3623.7100000000005, 3639.013333333334, 3656.563333333333, 3663.0033333333336] agopos=array:[3671.78, 3644.94] z=array:[] dt=array:[732317.9999999999, 732320.9999999999]
12 c10=array:[3652.46, 3650.24, 3666.99, 3671.78, 3644.94, 3668.61, 3670.2, 3629.25, 3644.41, 3610.07] c3=array:[3629.25, 3644.41, 3610.07] ago=array:[3668.61, 3670.2, 3629.25] sma5=array:[3661.7766666666666, 3661.25, 3656.02, 3647.9533333333334, 3627.91] agopos=array:[3610.07, 3570.17] z=array:[] dt=array:[732327.9999999999, 732328.9999999999]
MODE 0 0 0
1 c10=array:[3604.33] c3=array:[3604.33] ago=array:[] sma5=array:[nan] agopos=array:[3604.33] z=array:[] dt=array:[732313.9999999999]
2 c10=array:[3604.33, 3614.34] c3=array:[3614.34] ago=array:[] sma5=array:[nan, nan] agopos=array:[3614.34] z=array:[] dt=array:[732313.9999999999, 732314.9999999999]
4 c10=array:[3604.33, 3614.34, 3652.46, 3650.24] c3=array:[3614.34, 3652.46, 3650.24] ago=array:[] sma5=array:[3639.013333333334] agopos=array:[3650.24] z=array:[] dt=array:[732315.9999999999, 732316.9999999999]
6 c10=array:[3652.46, 3650.24, 3666.99, 3671.78] c3=array:[3650.24, 3666.99, 3671.78] ago=array:[3614.34, 3652.46, 3650.24] sma5=array:[nan, 3623.7100000000005, 3639.013333333334, 3656.563333333333, 3663.0033333333336] agopos=array:[3671.78] z=array:[] dt=array:[732317.9999999999, 732320.9999999999]
12 c10=array:[3652.46, 3650.24, 3666.99, 3671.78, 3644.94, 3668.61, 3670.2, 3629.25, 3644.41, 3610.07] c3=array:[3629.25, 3644.41, 3610.07] ago=array:[3668.61, 3670.2, 3629.25] sma5=array:[3661.7766666666666, 3661.25, 3656.02, 3647.9533333333334, 3627.91] agopos=array:[3610.07] z=array:[] dt=array:[732327.9999999999, 732328.9999999999]
MODE 1 0 0
1 c10=array:[3604.33] c3=array:[3604.33] ago=array:[] sma5=array:[nan] agopos=array:[3604.33] z=array:[] dt=array:[732313.9999999999]
2 c10=array:[3604.33, 3614.34] c3=array:[3614.34] ago=array:[] sma5=array:[nan, nan] agopos=array:[3614.34] z=array:[] dt=array:[732313.9999999999, 732314.9999999999]
4 c10=array:[3604.33, 3614.34, 3652.46, 3650.24] c3=array:[3614.34, 3652.46, 3650.24] ago=array:[] sma5=array:[3639.013333333334] agopos=array:[3650.24] z=array:[] dt=array:[732315.9999999999, 732316.9999999999]
6 c10=array:[3652.46, 3650.24, 3666.99, 3671.78] c3=array:[3650.24, 3666.99, 3671.78] ago=array:[3614.34, 3652.46, 3650.24] sma5=array:[nan, 3623.7100000000005, 3639.013333333334, 3656.563333333333, 3663.0033333333336] agopos=array:[3671.78] z=array:[] dt=array:[732317.9999999999, 732320.9999999999]
12 c10=array:[3652.46, 3650.24, 3666.99, 3671.78, 3644.94, 3668.61, 3670.2, 3629.25, 3644.41, 3610.07] c3=array:[3629.25, 3644.41, 3610.07] ago=array:[3668.61, 3670.2, 3629.25] sma5=array:[3661.7766666666666, 3661.25, 3656.02, 3647.9533333333334, 3627.91] agopos=array:[3610.07] z=array:[] dt=array:[732327.9999999999, 732328.9999999999]
MODE 0 1 1
1 c10=EXC ValueError c3=EXC ValueError ago=EXC ValueError sma5=EXC ValueError agopos=list:[3604.33] z=list:[] dt=EXC ValueError
2 c10=EXC ValueError c3=EXC ValueError ago=EXC ValueError sma5=EXC ValueError agopos=list:[3614.34] z=list:[] dt=list:[732313.9999999999, 732314.9999999999]
4 c10=EXC ValueError c3=list:[3614.34, 3652.46, 3650.24] ago=EXC ValueError sma5=EXC ValueError agopos=list:[3650.24] z=list:[] dt=list:[732315.9999999999, 732316.9999999999]
6 c10=EXC ValueError c3=list:[3650.24, 3666.99, 3671.78] ago=EXC ValueError sma5=EXC ValueError agopos=list:[3671.78] z=list:[] dt=list:[732317.9999999999, 732320.9999999999]
12 c10=EXC ValueError c3=list:[3629.25, 3644.41, 3610.07] ago=EXC ValueError sma5=EXC ValueError agopos=list:[3610.07] z=list:[] dt=list:[732327.9999999999, 732328.9999999999]
MODE 0 1 -1
1 c10=array:[] c3=array:[] ago=array:[3644.41, 3610.07, 3570.17] sma5=array:[nan] agopos=array:[3604.33, 3614.34] z=array:[] dt=array:[]
2 c10=array:[] c3=array:[] ago=array:[] sma5=array:[nan, nan] agopos=array:[3614.34, 3652.46] z=array:[] dt=array:[732313.9999999999, 732314.9999999999]
4 c10=array:[] c3=array:[3614.34, 3652.46, 3650.24] ago=array:[] sma5=array:[3639.013333333334] agopos=array:[3650.24, 3666.99] z=array:[] dt=array:[732315.9999999999, 732316.9999999999]
6 c10=array:[] c3=array:[3650.24, 3666.99, 3671.78] ago=array:[3614.34, 3652.46, 3650.24] sma5=array:[nan, 3623.7100000000005, 3639.013333333334, 3656.563333333333, 3663.0033333333336] agopos=array:[3671.78, 3644.94] z=array:[] dt=array:[732317.9999999999, 732320.9999999999]
12 c10=array:[3652.46, 3650.24, 3666.99, 3671.78, 3644.94, 3668.61, 3670.2, 3629.25, 3644.41, 3610.07] c3=array:[3629.25, 3644.41, 3610.07] ago=array:[3668.61, 3670.2, 3629.25] sma5=array:[3661.7766666666666, 3661.25, 3656.02, 3647.9533333333334, 3627.91] agopos=array:[3610.07, 3570.17] z=array:[] dt=array:[732327.9999999999, 732328.9999999999]
MODE 0 1 -2
1 c10=array:[] c3=array:[] ago=array:[3644.41, 3610.07, 3570.17] sma5=array:[nan] agopos=array:[3604.33, 3614.34] z=array:[] dt=array:[]
2 c10=array:[] c3=array:[] ago=array:[] sma5=array:[nan, nan] agopos=array:[3614.34, 3652.46] z=array:[] dt=array:[732313.9999999999, 732314.9999999999]
4 c10=array:[] c3=array:[3614.34, 3652.46, 3650.24] ago=array:[] sma5=array:[3639.013333333334] agopos=array:[3650.24, 3666.99] z=array:[] dt=array:[732315.9999999999, 732316.9999999999]
6 c10=array:[] c3=array:[3650.24, 3666.99, 3671.78] ago=array:[3614.34, 3652.46, 3650.24] sma5=array:[nan, 3623.7100000000005, 3639.013333333334, 3656.563333333333, 3663.0033333333336] agopos=array:[3671.78, 3644.94] z=array:[] dt=array:[732317.9999999999, 732320.9999999999]
12 c10=array:[3652.46, 3650.24, 3666.99, 3671.78, 3644.94, 3668.61, 3670.2, 3629.25, 3644.41, 3610.07] c3=array:[3629.25, 3644.41, 3610.07] ago=array:[3668.61, 3670.2, 3629.25] sma5=array:[3661.7766666666666, 3661.25, 3656.02, 3647.9533333333334, 3627.91] agopos=array:[3610.07, 3570.17] z=array:[] dt=array:[732327.9999999999, 732328.9999999999]
MODE 1 1 1
1 c10=EXC ValueError c3=EXC ValueError ago=EXC ValueError sma5=EXC ValueError agopos=list:[3604.33] z=list:[] dt=EXC ValueError
2 c10=EXC ValueError c3=EXC ValueError ago=EXC ValueError sma5=EXC ValueError agopos=list:[3614.34] z=list:[] dt=list:[732313.9999999999, 732314.9999999999]
4 c10=EXC ValueError c3=list:[3614.34, 3652.46, 3650.24] ago=EXC ValueError sma5=EXC ValueError agopos=list:[3650.24] z=list:[] dt=list:[732315.9999999999, 732316.9999999999]
6 c10=EXC ValueError c3=list:[3650.24, 3666.99, 3671.78] ago=EXC ValueError sma5=EXC ValueError agopos=list:[3671.78] z=list:[] dt=list:[732317.9999999999, 732320.9999999999]
12 c10=EXC ValueError c3=list:[3629.25, 3644.41, 3610.07] ago=EXC ValueError sma5=EXC ValueError agopos=list:[3610.07] z=list:[] dt=list:[732327.9999999999, 732328.9999999999]'''

# upstream's output of READ_SCRIPT
READ_EXPECTED = '''MODE 0 0 0
1 [3604.33, 'IndexError', 'IndexError'] 1 1
2 [3604.33, 3604.33, 'IndexError'] 2 2
4 [3652.46, 3604.33, 3614.34] 4 4
MODE 1 0 0
1 [3604.33, 'IndexError', 'IndexError'] 1 1
2 [3604.33, 3604.33, 'IndexError'] 2 2
4 [3652.46, 3604.33, 3614.34] 4 4'''


# upstream's output of ARRAY_SCRIPT
ARRAY_EXPECTED = '''MODE 1 1 0
1 14 3593.22 14 14 14
2 14 3593.22 14 14 14
5 14 3593.22 14 14 14
9 14 3593.22 14 14 14
MODE 0 1 0
1 14 3593.22 1 1 14
2 14 3593.22 2 2 14
5 14 3593.22 5 5 14
9 14 3593.22 9 9 14
MODE 0 0 0
1 1 3604.33 1 1 1
2 2 3614.34 2 2 2
5 5 3666.99 5 5 5
9 9 3670.2 9 9 9
MODE 0 1 -2
1 14 3593.22 1 1 14
2 14 3593.22 2 2 14
5 14 3593.22 5 5 14
9 14 3593.22 9 9 14
MODE 0 1 -1
1 14 3593.22 1 1 14
2 14 3593.22 2 2 14
5 14 3593.22 5 5 14
9 14 3593.22 9 9 14
MODE 1 1 -1
1 14 3593.22 1 1 14
2 14 3593.22 2 2 14
5 14 3593.22 5 5 14
9 14 3593.22 9 9 14
MODE 1 0 -2
1 1 3604.33 1 1 1
2 2 3614.34 2 2 2
5 5 3666.99 5 5 5
9 9 3670.2 9 9 9'''


# upstream's output of RING_SCRIPT
RING_EXPECTED = '''MODE 0 1 1
4 3 3 [3623.7100000000005, 3639.013333333334] 3 3623.7100000000005 3639.013333333334
5 3 3 [3639.013333333334, 3656.563333333333] 3 3639.013333333334 3656.563333333333
9 3 3 [3661.7766666666666, 3661.25] 3 3661.7766666666666 3661.25
MODE 1 1 1
4 3 3 [3623.7100000000005, 3639.013333333334] 3 3623.7100000000005 3639.013333333334
5 3 3 [3639.013333333334, 3656.563333333333] 3 3639.013333333334 3656.563333333333
9 3 3 [3661.7766666666666, 3661.25] 3 3661.7766666666666 3661.25
MODE 0 1 2
4 3 3 [3623.7100000000005, 3639.013333333334] 3 3623.7100000000005 3639.013333333334
5 3 3 [3639.013333333334, 3656.563333333333] 3 3639.013333333334 3656.563333333333
9 3 3 [3661.7766666666666, 3661.25] 3 3661.7766666666666 3661.25'''


CONTAINER_EXPECTED = '''MODE 1 1 0
1 14 | 14 | [3604.33, 3593.22] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24, 3666.99]) | array('d') | 3604.33 | 3650.24 | 3593.22 | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | 3623.7100000000005
3 14 | 14 | [3604.33, 3593.22] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24, 3666.99]) | array('d') | 3604.33 | 3650.24 | 3593.22 | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | 3623.7100000000005
4 14 | 14 | [3604.33, 3593.22] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24, 3666.99]) | array('d') | 3604.33 | 3650.24 | 3593.22 | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | 3623.7100000000005
10 14 | 14 | [3604.33, 3593.22] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24, 3666.99]) | array('d') | 3604.33 | 3650.24 | 3593.22 | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | 3623.7100000000005
MODE 0 1 0
1 14 | array('d', [nan]) | [3604.33, 3593.22] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24, 3666.99]) | array('d') | 3604.33 | 3650.24 | 3593.22 | array('d', [nan]) | EXC IndexError
3 14 | array('d', [nan, nan, 3623.7100000000005]) | [3604.33, 3593.22] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24, 3666.99]) | array('d') | 3604.33 | 3650.24 | 3593.22 | array('d', [nan, nan, 3623.7100000000005]) | 3623.7100000000005
4 14 | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | [3604.33, 3593.22] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24, 3666.99]) | array('d') | 3604.33 | 3650.24 | 3593.22 | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | 3623.7100000000005
10 14 | 10 | [3604.33, 3593.22] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24, 3666.99]) | array('d') | 3604.33 | 3650.24 | 3593.22 | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | 3623.7100000000005
MODE 0 0 0
1 array('d', [3604.33]) | array('d', [nan]) | [3604.33, 3604.33] | [3604.33] | nan | array('d', [3604.33]) | array('d') | array('d') | 3604.33 | EXC IndexError | 3604.33 | array('d', [nan]) | EXC IndexError
3 array('d', [3604.33, 3614.34, 3652.46]) | array('d', [nan, nan, 3623.7100000000005]) | [3604.33, 3652.46] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46]) | array('d') | 3604.33 | EXC IndexError | 3652.46 | array('d', [nan, nan, 3623.7100000000005]) | 3623.7100000000005
4 array('d', [3604.33, 3614.34, 3652.46, 3650.24]) | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | [3604.33, 3650.24] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24]) | array('d') | 3604.33 | 3650.24 | 3650.24 | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | 3623.7100000000005
10 10 | 10 | [3604.33, 3629.25] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24, 3666.99]) | array('d') | 3604.33 | 3650.24 | 3629.25 | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | 3623.7100000000005
MODE 1 0 0
1 array('d', [3604.33]) | array('d', [nan]) | [3604.33, 3604.33] | [3604.33] | nan | array('d', [3604.33]) | array('d') | array('d') | 3604.33 | EXC IndexError | 3604.33 | array('d', [nan]) | EXC IndexError
3 array('d', [3604.33, 3614.34, 3652.46]) | array('d', [nan, nan, 3623.7100000000005]) | [3604.33, 3652.46] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46]) | array('d') | 3604.33 | EXC IndexError | 3652.46 | array('d', [nan, nan, 3623.7100000000005]) | 3623.7100000000005
4 array('d', [3604.33, 3614.34, 3652.46, 3650.24]) | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | [3604.33, 3650.24] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24]) | array('d') | 3604.33 | 3650.24 | 3650.24 | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | 3623.7100000000005
10 10 | 10 | [3604.33, 3629.25] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24, 3666.99]) | array('d') | 3604.33 | 3650.24 | 3629.25 | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | 3623.7100000000005
MODE 0 1 1
1 deque([3604.33], maxlen=3) | deque([nan], maxlen=3) | [3604.33, 3604.33] | [3604.33] | nan | [3604.33] | [] | EXC ValueError | 3604.33 | EXC IndexError | 3604.33 | [nan] | EXC IndexError
3 deque([3604.33, 3614.34, 3652.46], maxlen=3) | deque([nan, nan, 3623.7100000000005], maxlen=3) | [3604.33, 3652.46] | [3604.33, 3614.34] | nan | [3604.33] | [3652.46] | EXC ValueError | 3604.33 | EXC IndexError | 3652.46 | [nan, nan, 3623.7100000000005] | 3623.7100000000005
4 deque([3614.34, 3652.46, 3650.24], maxlen=3) | deque([nan, 3623.7100000000005, 3639.013333333334], maxlen=3) | [3614.34, 3650.24] | [3614.34, 3652.46] | nan | [3614.34] | [3650.24] | EXC ValueError | 3614.34 | EXC IndexError | 3650.24 | [nan, 3623.7100000000005, 3639.013333333334] | 3639.013333333334
10 deque([3668.61, 3670.2, 3629.25], maxlen=3) | deque([3661.7766666666666, 3661.25, 3656.02], maxlen=3) | [3668.61, 3629.25] | [3668.61, 3670.2] | 3661.7766666666666 | [3668.61] | [3629.25] | EXC ValueError | 3668.61 | EXC IndexError | 3629.25 | [3661.7766666666666, 3661.25, 3656.02] | 3656.02
MODE 0 1 -1
1 14 | array('d', [nan]) | [3604.33, 3593.22] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24, 3666.99]) | array('d') | 3604.33 | 3650.24 | 3593.22 | array('d', [nan]) | EXC IndexError
3 14 | array('d', [nan, nan, 3623.7100000000005]) | [3604.33, 3593.22] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24, 3666.99]) | array('d') | 3604.33 | 3650.24 | 3593.22 | array('d', [nan, nan, 3623.7100000000005]) | 3623.7100000000005
4 14 | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | [3604.33, 3593.22] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24, 3666.99]) | array('d') | 3604.33 | 3650.24 | 3593.22 | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | 3623.7100000000005
10 14 | 10 | [3604.33, 3593.22] | [3604.33, 3614.34] | nan | array('d', [3604.33]) | array('d', [3652.46, 3650.24, 3666.99]) | array('d') | 3604.33 | 3650.24 | 3593.22 | array('d', [nan, nan, 3623.7100000000005, 3639.013333333334]) | 3623.7100000000005
MODE 0 0 1
1 deque([3604.33], maxlen=3) | deque([nan], maxlen=3) | [3604.33, 3604.33] | [3604.33] | nan | [3604.33] | [] | EXC ValueError | 3604.33 | EXC IndexError | 3604.33 | [nan] | EXC IndexError
3 deque([3604.33, 3614.34, 3652.46], maxlen=3) | deque([nan, nan, 3623.7100000000005], maxlen=3) | [3604.33, 3652.46] | [3604.33, 3614.34] | nan | [3604.33] | [3652.46] | EXC ValueError | 3604.33 | EXC IndexError | 3652.46 | [nan, nan, 3623.7100000000005] | 3623.7100000000005
4 deque([3614.34, 3652.46, 3650.24], maxlen=3) | deque([nan, 3623.7100000000005, 3639.013333333334], maxlen=3) | [3614.34, 3650.24] | [3614.34, 3652.46] | nan | [3614.34] | [3650.24] | EXC ValueError | 3614.34 | EXC IndexError | 3650.24 | [nan, 3623.7100000000005, 3639.013333333334] | 3639.013333333334
10 deque([3668.61, 3670.2, 3629.25], maxlen=3) | deque([3661.7766666666666, 3661.25, 3656.02], maxlen=3) | [3668.61, 3629.25] | [3668.61, 3670.2] | 3661.7766666666666 | [3668.61] | [3629.25] | EXC ValueError | 3668.61 | EXC IndexError | 3629.25 | [3661.7766666666666, 3661.25, 3656.02] | 3656.02'''


@pytest.mark.parametrize('script, expected', [(GET_SCRIPT, GET_EXPECTED),
                                              (READ_SCRIPT, READ_EXPECTED),
                                              (ARRAY_SCRIPT, ARRAY_EXPECTED),
                                              (RING_SCRIPT, RING_EXPECTED),
                                              (CONTAINER_SCRIPT, CONTAINER_EXPECTED)],
                         ids=['get', 'reads-without-preload', 'array-length', 'rings',
                              'array-and-getzero'])
def test_as_upstream_in_every_mode(script, expected):
    got = printed_lines(script, DATA=str(DATAS / '2006-day-001.txt'))
    want = expected.splitlines()
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g == w
