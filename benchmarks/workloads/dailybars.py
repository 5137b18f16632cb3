"""Daily bars made of the reference workload's minute bars (no backtrader import:
benchmark drivers use it before they run either side)."""
import datetime
import os


def daily_file(minute_csv: str) -> str:
    """The daily file beside ``minute_csv``, written on first use line by line (its
    making must not show in the run's peak memory)."""
    out = minute_csv[:-4] + '.daily.csv'
    if not os.path.exists(out):
        day = datetime.date(1800, 1, 1)
        one = datetime.timedelta(days=1)
        tmp = out + '.tmp'
        with open(minute_csv) as src, open(tmp, 'w') as dst:
            next(src)
            dst.write('Date,Open,High,Low,Close,Volume,OpenInterest\n')
            for line in src:
                dst.write(day.isoformat() + line[line.index(','):])
                day += one
        os.replace(tmp, out)
    return out
