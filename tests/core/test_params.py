"""Parameters without a metaclass: declaration forms, inheritance, helpers,
keyword consumption and errors (values checked against upstream behaviour:
PYTHONPATH=.oracle introspection of Strategy subclasses' params).

Unknown keywords: by default they do what they do upstream (dropped where
upstream's base ``__init__`` swallows them, else a ``TypeError``); strict mode
always raises ``ParameterError`` naming the valid parameters. Every built-in
class is compared with upstream in tests/compat/test_tolerance_oracle.py."""
from __future__ import annotations

import pytest

import backtrader as bt
from backtrader.core.errors import ParameterError
from backtrader.metabase import ParamsBase


class Base(ParamsBase):
    params = (('a', 1), ('b', 'x'))


class Child(Base):
    params = dict(b='y', c=3.0)


class Other(ParamsBase):
    params = (('d', None), ('a', 10))


class Multi(Child, Other):
    pass


def test_declaration_forms_and_inheritance_order():
    assert list(Base.params._getkeys()) == ['a', 'b']
    assert Child.params._getitems() == {'a': 1, 'b': 'y', 'c': 3.0}.items()
    assert list(Child.params._getkeys()) == ['a', 'b', 'c']
    assert Child.params._getdefaults() == [1, 'y', 3.0]
    assert Child.params._gettuple() == (('a', 1), ('b', 'y'), ('c', 3.0))


def test_multiple_inheritance_merges_bases():
    keys = list(Multi.params._getkeys())
    assert keys[:3] == ['a', 'b', 'c'] and 'd' in keys


def test_instance_values_and_helpers():
    obj = Child(a=5)
    assert obj.p is obj.params
    assert obj.p.a == 5 and obj.p.b == 'y'
    assert obj.p._getkwargs() == {'a': 5, 'b': 'y', 'c': 3.0}
    assert obj.p._getvalues() == [5, 'y', 3.0]
    assert obj.p.notdefault('a') and obj.p.isdefault('b')
    assert obj.p._get('zz', 7) == 7


def test_unknown_keyword_names_valid_ones():
    with pytest.raises(ParameterError) as exc:
        Child(perod=3)
    msg = str(exc.value)
    assert 'perod' in msg and 'a, b, c' in msg
    assert isinstance(exc.value, TypeError)


def test_unknown_keyword_on_indicator_names_params():
    class S(bt.Strategy):
        def __init__(self):
            bt.ind.SMA(perod=10)

    cer = bt.Cerebro()
    cer.adddata(_tiny_feed())
    cer.addstrategy(S)
    with pytest.raises(ParameterError) as exc:
        cer.run()
    assert "'perod'" in str(exc.value) and 'period' in str(exc.value)


def test_unknown_keywords_default_mode_as_upstream():
    # feeds, strategies, indicators and observers without an __init__ of their
    # own swallow them (upstream's base __init__ does)
    feed = _tiny_feed(buffered=True, apikey='k')
    seen = []

    class Ind(bt.Indicator):
        lines = ('x',)

        def next(self):
            self.lines.x[0] = 1.0

    class TakesThem(bt.Indicator):
        lines = ('x',)

        def __init__(self, **kwargs):
            seen.append(sorted(kwargs))

    class S(bt.Strategy):
        def __init__(self):
            Ind(self.data, colour='red')
            TakesThem(self.data, colour='red')

    class NoInit(bt.Strategy):
        params = (('a', 1),)

    cer = bt.Cerebro()
    cer.adddata(feed)
    cer.addstrategy(S)
    cer.addstrategy(NoInit, a=2, verbose=True)
    cer.addobserver(bt.observers.Broker, style='line')
    strats = cer.run()
    assert strats[1].p.a == 2 and seen == [['colour']]


@pytest.mark.parametrize('make', [
    lambda: bt.ind.SMA(perod=10),                  # an __init__ of its own upstream
    lambda: _OwnInit(extra=1),                     # the user's __init__ cannot take it
])
def test_unknown_keywords_default_mode_type_error(make):
    class S(bt.Strategy):
        def __init__(self):
            make()

    cer = bt.Cerebro()
    cer.adddata(_tiny_feed())
    cer.addstrategy(S)
    with pytest.raises(TypeError):
        cer.run()


class _OwnInit(bt.Indicator):
    lines = ('x',)

    def __init__(self):
        pass


def test_strict_mode_unknown_keywords_name_valid_ones():
    with bt.strict_mode():
        with pytest.raises(ParameterError) as exc:
            _tiny_feed(buffered=True)
    assert "'buffered'" in str(exc.value) and 'dataname' in str(exc.value)

    class S(bt.Strategy):
        params = (('fast', 5),)

    for add in (lambda c: c.addstrategy(S, fsat=3),
                lambda c: (c.addstrategy(S), c.addobserver(bt.observers.Broker, style=1))):
        cer = bt.Cerebro(strict=True)
        cer.adddata(_tiny_feed())
        add(cer)
        with pytest.raises(ParameterError) as exc:
            cer.run()
        assert 'unknown parameter' in str(exc.value) and 'valid parameters' in str(exc.value)


def test_init_receives_leftover_args():
    class WithInit(ParamsBase):
        params = (('k', 0),)

        def __init__(self, extra, flag=False):
            self.extra, self.flag = extra, flag

    obj = WithInit(4, k=2, flag=True)
    assert (obj.extra, obj.flag, obj.p.k) == (4, True, 2)


def test_frompackages_visible_to_subclasses():
    # mirrors upstream's test_metaclass: names from frompackages are usable in
    # subclasses' __init__
    class Holder(ParamsBase):
        frompackages = (('math', ('factorial',)),)

        def __init__(self):
            self.range = factorial(4)  # noqa: F821  (injected by frompackages)

    class Sub(Holder):
        pass

    assert Sub().range == 24


def test_params_pickle_roundtrip():
    import pickle
    obj = Child(a=9)
    clone = pickle.loads(pickle.dumps(obj.p))
    assert clone._getkwargs() == obj.p._getkwargs()


def _tiny_feed(**kwargs):
    import io
    text = 'Date,Open,High,Low,Close,Volume,OpenInterest\n' + ''.join(
        '2006-01-%02d,1,2,0.5,1.5,10,0\n' % d for d in range(2, 20))
    return bt.feeds.BacktraderCSVData(dataname=io.StringIO(text), **kwargs)
