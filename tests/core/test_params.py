"""Parameters without a metaclass: declaration forms, inheritance, helpers,
keyword consumption and errors (values checked against upstream behaviour:
PYTHONPATH=.oracle introspection of Strategy subclasses' params)."""
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


def _tiny_feed():
    import io
    text = 'Date,Open,High,Low,Close,Volume,OpenInterest\n' + ''.join(
        '2006-01-%02d,1,2,0.5,1.5,10,0\n' % d for d in range(2, 20))
    return bt.feeds.BacktraderCSVData(dataname=io.StringIO(text))
