"""Names of capabilities this version does not provide: importable,
subclassable, and raising ``NotImplementedError`` naming the capability and
what to use instead when instantiated."""
from __future__ import annotations

import types

import pytest

import backtrader as bt
from backtrader.unavailable import (ALTERNATIVES, PENDING_FEEDS, Unavailable, fill_missing,
                                    unavailable)

# (object, words the message must contain besides the name)
PLACEHOLDERS = [
    (bt.stores.VCStore, 'VisualChart live'),
    (bt.brokers.VCBroker, 'VisualChart live'),
    (bt.feeds.VCData, 'VisualChart live'), (bt.feeds.MetaVCData, 'VisualChart live'),
]


@pytest.mark.parametrize('cls,words', PLACEHOLDERS, ids=lambda x: getattr(x, '__name__', x))
def test_instantiating_raises_naming_the_capability(cls, words):
    assert isinstance(cls, type) and issubclass(cls, Unavailable)
    with pytest.raises(NotImplementedError) as exc:
        cls(1, 2, key='value')
    msg = str(exc.value)
    assert msg.startswith(cls.__name__ + ' is not available in this version of backtrader')
    assert words in msg
    assert msg.endswith('Instead, %s.' % ALTERNATIVES[cls._bt_area])
    assert cls.__doc__ and 'Not available in this version' in cls.__doc__


def test_subclass_instantiation_names_the_placeholder():
    # (a placeholder made here: the real ones go away as capabilities arrive)
    class MyThing(unavailable('Thing', 'doing things', 'things', __name__)):
        def __init__(self):
            pass

    with pytest.raises(NotImplementedError,
                       match=r'^MyThing \(subclass of Thing\) is not available in '):
        MyThing()


def test_placeholders_live_at_upstream_paths():
    assert bt.tradingcal.TradingCalendar.__module__ == 'backtrader.tradingcal'
    assert bt.studies.contrib.fractal.Fractal.__module__ == 'backtrader.studies.contrib.fractal'
    assert bt.stores.vcstore.VCStore.__module__ == 'backtrader.stores.vcstore'
    assert bt.brokers.vcbroker.VCBroker.__module__ == 'backtrader.brokers.vcbroker'
    assert bt.feeds.Chainer.__module__ == 'backtrader.feeds.chainer'
    assert bt.feeds.RollOver.__module__ == 'backtrader.feeds.rollover'


def test_fill_missing_never_shadows_a_real_name():
    mod = types.ModuleType('fake_feeds')
    mod.Chainer = real = type('Chainer', (), {})
    fill_missing(mod, {'Chainer': ('chaining', 'x'), 'RollOver': ('rolling', 'x'),
                       'Alias': ('=', 'RollOver')})
    assert mod.Chainer is real
    assert issubclass(mod.RollOver, Unavailable) and mod.Alias is mod.RollOver
    assert mod.RollOver.__module__ == 'fake_feeds'


def test_pending_feeds_are_installed_only_when_absent():
    for name in PENDING_FEEDS:
        obj = getattr(bt.feeds, name)
        assert isinstance(obj, type)
    # real feeds are untouched
    assert not issubclass(bt.feeds.GenericCSVData, Unavailable)


def test_factory():
    cls = unavailable('Thing', 'doing things', 'plotting', __name__)
    assert cls.__name__ == 'Thing' and cls.__module__ == __name__
    assert cls.unavailable_reason() == 'doing things; instead, ' + ALTERNATIVES['plotting']
    with pytest.raises(NotImplementedError) as exc:
        cls()
    assert str(exc.value) == ('Thing is not available in this version of backtrader (doing '
                              'things). Instead, %s.' % ALTERNATIVES['plotting'])
