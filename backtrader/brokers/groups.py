"""Order groups of the simulated broker: OCO groups and brackets.

OCO: every order starts in a group of its own; ``oco=other`` puts it in
``other``'s group. The first OCO event of a group (a fill, even partial, a
cancel, an expiry, a margin call of any member) uses the group up: the other
members still pending are canceled, and orders joining later form a new
group without the earlier members (as upstream). Orders nobody joins are not
recorded as groups at all.

Brackets: orders with a ``parent`` (or ``transmit=False``) wait under their
parent's reference until one with ``transmit=True`` sends the whole group.
When the parent fills, its children become active at the next broker cycle;
when a member ends otherwise (or a child fills) the others are canceled.
"""
from __future__ import annotations

import collections
from typing import Any, Optional

__all__ = ['OrderGroups']


class OrderGroups:
    """OCO and bracket bookkeeping of one broker run. The broker's hooks
    (``_ocoize``, ``_ococheck``, ``_take_children``, ``_bracketize``) call
    these; ``broker`` gets the cancels and notifications."""

    __slots__ = ('broker', 'byref', 'ocos', 'ocol', 'ocogone', 'brackets', 'pchildren',
                 'toactivate')

    def __init__(self, broker: Any) -> None:
        self.broker = broker
        self.byref = {}             # ref -> order, every order made by the broker
        self.ocos = {}              # ref -> head ref of its OCO group
        self.ocol = {}              # head ref -> refs of the group (until used up)
        self.ocogone = set()        # pending refs whose own group is used up
        self.brackets = {}          # parent ref -> [parent, children...] transmitted
        self.pchildren = collections.defaultdict(collections.deque)   # waiting to transmit
        self.toactivate = collections.deque()      # children due at the next cycle

    # -- OCO ------------------------------------------------------------------------------
    def join(self, order, oco) -> None:
        """Register ``order`` and, with ``oco``, put it in ``oco``'s group."""
        oref = order.ref
        self.byref[oref] = order
        if oco is None:
            return
        head = self.ocos.get(oco.ref)
        if head is None:
            # oco was alone so far: its own group, unless already used up
            head = oco.ref
            self.ocos[head] = head
            group = self.ocol[head] = [] if head in self.ocogone else [head]
        else:
            group = self.ocol.get(head)
            if group is None:
                group = self.ocol[head] = []
        self.ocos[oref] = head
        group.append(oref)

    def use_up(self, order, pending) -> None:
        """An OCO event of ``order``: the other members of its group still in
        ``pending`` are canceled (newest in the queue first; their brackets
        are left alone) and the group is used up."""
        head = self.ocos.get(order.ref)
        if head is None:
            # its single group is used up. Only an order still pending (a
            # partial fill) must then be kept out of a group later named
            # after it: a finished order is never pending again, so a group
            # holding it cancels nothing more (and the set stays small)
            if order.alive():
                self.ocogone.add(order.ref)
            else:
                self.ocogone.discard(order.ref)
            return
        group = self.ocol.pop(head, None)
        if not group:
            return
        notify = self.broker.notify
        for i in range(len(pending) - 1, -1, -1):
            o = pending[i]
            if o is not None and o is not order and o.ref in group:
                del pending[i]
                o.cancel()
                notify(o)

    # -- brackets -------------------------------------------------------------------------
    def parent_ref(self, order) -> Optional[int]:
        """The reference ``order`` waits under (its own without a parent);
        None when its parent is unknown (the order is rejected)."""
        if order.parent is None:
            return order.ref
        oref = order.ref
        pref = getattr(order.parent, 'ref', oref)
        if oref != pref and pref not in self.pchildren:
            order.reject()
            self.broker._notify_group(order, bracket=False)
            return None
        return pref

    def queue(self, order, pref: int) -> list:
        """Queue ``order`` under ``pref``; returns the orders to transmit now
        (the whole group once an order with ``transmit=True`` arrives)."""
        pc = self.pchildren[pref]
        pc.append(order)
        if not order.transmit:
            return []
        group = list(pc)
        if len(group) > 1 or order.parent is not None:
            self.brackets[pref] = group
        del self.pchildren[pref]
        return group

    def settle(self, order, cancel: bool = False) -> bool:
        """``order`` filled (``cancel`` False) or ended: a filled parent's
        children become active next cycle; otherwise the other members go.
        False if ``order`` is in no bracket."""
        brackets = self.brackets
        oref = order.ref
        pref = getattr(order.parent, 'ref', oref)
        pc = brackets.get(pref)
        if not pc:
            return False
        if cancel or oref != pref:
            # parent died or a child finished: every other member goes (the
            # call is made for each member, as upstream's; a member no longer
            # pending is left as it is)
            brackets.pop(pref, None)
            cancel_order = self.broker.cancel
            for o in pc:
                cancel_order(o, bracket=True)
        else:
            # parent executed: children become active next cycle
            self.toactivate.extend(pc[1:])
            brackets[pref] = pc[1:]
        return True

    def activate_due(self) -> None:
        toactivate = self.toactivate
        while toactivate:
            toactivate.popleft().activate()
