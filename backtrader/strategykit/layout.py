"""Which per-bar hooks a strategy's cycle calls (``lay_out``), decided once
per run from what the strategy, its analyzers and observers override: nothing
is called for a hook nobody overrides."""
from __future__ import annotations

import itertools

from ..analyzers.base import Analyzer
from ..brokers.base import capabilities_of
from ..lines.iterator import LineIterator
from .hooks import StrategyHooks

__all__ = ['lay_out', 'observers_flat', 'hook_overridden', 'hook_live']


def hook_overridden(obj, name: str, base) -> bool:
    """``name`` of ``obj``'s class is not ``base``'s (a subclass overrides it)."""
    return getattr(type(obj), name) is not getattr(base, name)


def hook_live(obj, name: str, base) -> bool:
    """``hook_overridden``, or the hook set on the instance itself."""
    return name in obj.__dict__ or hook_overridden(obj, name, base)


def observers_flat(strat) -> list:
    """The strategy's observers, the per-data lists flattened."""
    out = []
    for o in strat._lineiterators[LineIterator.ObsType]:
        out.extend(o if isinstance(o, list) else [o])
    return out


def lay_out(strat) -> None:
    """Decide once which per-bar hooks need calling: nothing is done for a
    hook nobody overrides. Bound methods are kept ready in lists on the
    strategy (again when an analyzer is added in ``start``)."""
    # analyzers computing from the broker's history take no per-bar calls
    analyzers = [a for a in itertools.chain(strat._slavesanalyzers, strat.analyzers)
                 if not getattr(a, '_bt_bar_free', False)]

    def pick(a, name):
        # without children the public hook can be called directly
        return getattr(a, name if not a._children else '_' + name)

    def listeners(name):
        return [pick(a, name) for a in analyzers
                if a._children or hook_overridden(a, name, Analyzer)]

    strat._an_order = listeners('notify_order')
    strat._an_trade = listeners('notify_trade')
    strat._an_cash = listeners('notify_cashvalue')
    strat._an_fund = listeners('notify_fund')
    stepped = [a for a in analyzers if a._needs_bar_calls()]
    plain = [a for a in stepped if not a._children and
             all(getattr(type(a), h) is getattr(Analyzer, h)
                 for h in ('_next', '_nextstart', '_prenext'))]
    strat._an_next = [a.next if a in plain else a._next for a in stepped]
    strat._an_nextstart = [a.nextstart if a in plain else a._nextstart for a in stepped]
    strat._an_prenext = [a.prenext if a in plain else a._prenext for a in stepped]
    strat._st_cash = hook_overridden(strat, 'notify_cashvalue', StrategyHooks)
    strat._st_fund = hook_overridden(strat, 'notify_fund', StrategyHooks)
    strat._has_values = bool(strat._an_cash or strat._an_fund or strat._st_cash
                             or strat._st_fund)
    broker = strat.broker
    caps = capabilities_of(broker)
    strat._broker_fast = caps.figures
    strat._plain_orders = caps.orders
    obs = [o for o in observers_flat(strat) if not getattr(o, '_bt_bar_free', False)]

    def obs_call(o):
        bare = o._plain_next and not any(o._lineiterators)
        return o.next if bare else o._next
    strat._obs_always = [obs_call(o) for o in obs if not o._notification_driven]
    strat._obs_events = _event_calls([o for o in obs if o._notification_driven], obs_call)
    strat._obs_flat = obs
    strat._followers = list(strat._followerclocks.values())
    # nothing but the strategy itself to step: the shorter cycle
    strat._bare = not (strat._has_values or strat._an_next or strat._followers
                       or strat._obs_always or strat._obs_events or strat._an_order
                       or strat._an_trade)
    # the broker keeps one Position object per data for a whole run
    strat._pos0 = broker._reserve_position(strat.datas[0]) \
        if caps.positions and strat.datas else None
    if strat._pos0 is not None:
        strat.__dict__['position'] = strat._pos0


def _event_calls(observers: list, obs_call) -> list:
    """The per-bar calls of the notification-driven ``observers``
    (``obs_call(o)``: the call of one). Shortcut: the instances of a class
    declaring ``_bt_group_next`` in its own body (``first._bt_group_next(all)``:
    one call standing for the ``next`` of several instances) that take a
    plain ``next`` call are called through one call per class, where the
    first of them stood."""
    calls, groups = [], {}          # class -> (its place in calls, its instances)
    for o in observers:
        cls = type(o)
        if '_bt_group_next' in cls.__dict__ and obs_call(o) == o.next:
            if cls in groups:
                groups[cls][1].append(o)
                continue
            groups[cls] = (len(calls), [o])
            calls.append(None)
        else:
            calls.append(obs_call(o))
    for place, members in groups.values():
        calls[place] = members[0]._bt_group_next(members) if len(members) > 1 \
            else members[0].next
    return calls
