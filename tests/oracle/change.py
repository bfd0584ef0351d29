#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The change CSV the rules in tokenshare(1) give, worked out independently
from a share CSV (the share oracle's, tests/oracle/share.py).

For each row: the period before (the day, week or month before; the
quarter three months before; the year before) and a year before (364
days for days and weeks, the same month, quarter or year a calendar year
earlier), each with the share change in points and the tokens' change in
percent, rounded half away from zero to four decimals; empty cells where
that period has no data.

Usage: change.py SHARE-CSV day|week|month|quarter|year
"""
import csv
import datetime
import sys


def e4(s):
    return int(s.replace('.', ''))


def signed(v):
    return ('-' if v < 0 else '+' if v > 0 else '') + '%d.%04d' % divmod(abs(v), 10000)


def pct(now, then):
    num = (now - then) * 1000000
    q = (abs(num) * 2 + then) // (2 * then)   # half away from zero
    return signed(q if num >= 0 else -q)


def months_back(d, n):
    m = d.month - n
    return d.replace(year=d.year + (m - 1) // 12, month=(m - 1) % 12 + 1)


def previous(kind, start):
    d = datetime.date.fromisoformat(start)
    if kind in ('day', 'week'):
        return (d - datetime.timedelta(1 if kind == 'day' else 7)).isoformat()
    return months_back(d, {'month': 1, 'quarter': 3, 'year': 12}[kind]).isoformat()


def year_ago(kind, start):
    d = datetime.date.fromisoformat(start)
    if kind in ('day', 'week'):
        return (d - datetime.timedelta(364)).isoformat()
    return d.replace(year=d.year - 1).isoformat()


def main():
    rows = list(csv.DictReader(open(sys.argv[1])))
    kind = sys.argv[2]
    by = {(r['start'], r['group']): r for r in rows}
    starts = {r['start'] for r in rows}
    out = csv.writer(sys.stdout, lineterminator='\n')
    out.writerow(['period', 'start', 'end', 'group', 'tokens', 'share', 'previous_start',
                  'share_change_pp', 'tokens_change_pct', 'year_ago_start',
                  'share_change_yoy_pp', 'tokens_change_yoy_pct'])
    for r in rows:
        cells = []
        for then in (previous(kind, r['start']), year_ago(kind, r['start'])):
            if then not in starts:
                cells += ['', '', '']
                continue
            old = by.get((then, r['group']), {'tokens': '0', 'share': '0.0000'})
            cells += [then, signed(e4(r['share']) - e4(old['share'])),
                      pct(int(r['tokens']), int(old['tokens'])) if int(old['tokens']) else '']
        out.writerow([r['period'], r['start'], r['end'], r['group'], r['tokens'],
                      r['share']] + cells)


if __name__ == '__main__':
    main()
