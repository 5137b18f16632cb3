"""``vars(order.executed.exbits[0])`` lists a fill's figures in upstream's
order (what upstream printed for the first fill of an SMA cross on
2006-day-001.txt with a 0.1% commission; the values match the fill's)."""
from backtrader.orderdata import OrderExecutionBit

# upstream's printout of vars(bit), keys in its order
UPSTREAM = {'dt': 732323.9999999999, 'size': 1, 'price': 3667.16, 'closed': 0, 'opened': 1,
            'closedvalue': 0.0, 'openedvalue': 3667.16, 'closedcomm': 0.0,
            'openedcomm': 3.66716, 'value': 3667.16, 'comm': 3.66716, 'pnl': 0.0, 'psize': 1,
            'pprice': 3667.16}


def test_fill_fields_in_upstream_order():
    bit = OrderExecutionBit(732323.9999999999, 1, 3667.16, closed=0, closedvalue=0.0,
                            closedcomm=0.0, opened=1, openedvalue=3667.16,
                            openedcomm=3.66716, pnl=0.0, psize=1, pprice=3667.16)
    assert list(vars(bit).items()) == list(UPSTREAM.items())
    assert str(vars(bit)) == str(UPSTREAM)
