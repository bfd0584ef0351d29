#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""An independent implementation of tokenshare's share report, for tests.

usage: share.py RANKINGS.csv REFDIR [--period day|week|month|quarter|year] [--top N]
                [--from DATE] [--to DATE] [--known-at DATE] [--groups G,...]
                [--by author-country|family|weights-origin]

Reads rankings CSV (date,model_permaslug,total_tokens[,as_of]) and the
reference tables, and prints the CSV that 'tokenshare report share' must
print with the same options, computed with Python's datetime and integers.
It shares no code with tokenshare, only the written rules (the README of
data/reference, model-families-notes.md and tokenshare(1)).
"""
import argparse
import collections
import csv
import datetime
import re
import sys


def load_mapping(refdir, known_at='9999-99-99'):
    """Countries of authors and overrides; a fact public after known_at is unknown."""
    def known(r):
        return not r.get('known_since') or r['known_since'] <= known_at
    authors = {r['slug']: r['country'] if known(r) else ''
               for r in csv.DictReader(open(refdir + '/authors.csv'))}
    overrides = [(r['model_prefix'], r['author_country'] if known(r) else '')
                 for r in csv.DictReader(open(refdir + '/model-overrides.csv'))]
    return authors, overrides


def group_of(model, authors, overrides):
    if model == 'other':
        return 'unattributed'
    if model.startswith('~'):
        model = model[1:]
    best = None
    for prefix, country in overrides:
        if model.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, country)
    if best is not None:
        return best[1] or 'unknown'
    if '/' not in model:
        return 'unknown'
    return authors.get(model.split('/', 1)[0].lower()) or 'unknown'


def family_of(model, families):
    """The family rule: no '~', no ':variant', no trailing -20YYMMDD; then the table's fold."""
    if model == 'other':
        return 'unattributed'
    rule = re.sub(r'-20[0-9]{6}$', '', model.lstrip('~').split(':')[0].lower())
    row = families.get(rule)
    return row['family'] if row and row['family'] else rule


def weights_of(model, weights):
    """Longest model-weights.csv prefix of the lower-case id without '~' and ':variant'."""
    name = model.lstrip('~').split(':')[0].lower()
    best = ''
    for prefix in weights:
        if name.startswith(prefix) and len(prefix) > len(best):
            best = prefix
    return weights.get(best, '') if best else ''


def period_of(day, kind):
    if kind == 'day':
        return day.isoformat(), day, day
    if kind == 'week':
        y, w, wd = day.isocalendar()
        start = day - datetime.timedelta(days=wd - 1)
        return '%04d-W%02d' % (y, w), start, start + datetime.timedelta(days=6)
    if kind == 'year':
        return '%04d' % day.year, datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    if kind == 'quarter':
        q = (day.month - 1) // 3 + 1
        start = datetime.date(day.year, 3 * q - 2, 1)
        nxt = datetime.date(day.year + 1, 1, 1) if q == 4 else datetime.date(day.year, 3 * q + 1, 1)
        return '%04d-Q%d' % (day.year, q), start, nxt - datetime.timedelta(days=1)
    start = day.replace(day=1)
    nxt = (start + datetime.timedelta(days=32)).replace(day=1)
    return '%04d-%02d' % (day.year, day.month), start, nxt - datetime.timedelta(days=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('rankings')
    ap.add_argument('refdir')
    ap.add_argument('--period', default='week',
                    choices=['day', 'week', 'month', 'quarter', 'year'])
    ap.add_argument('--top', type=int, default=0)
    ap.add_argument('--from', dest='from_', default='0000-00-00')
    ap.add_argument('--to', default='9999-99-99')
    ap.add_argument('--known-at', default='9999-99-99')
    ap.add_argument('--groups', default=None)
    ap.add_argument('--by', default='author-country')
    a = ap.parse_args()
    authors, overrides = load_mapping(a.refdir, a.known_at)
    families = {r['model']: r for r in csv.DictReader(open(a.refdir + '/model-families.csv'))}
    weights = {r['model_prefix']: r['weights']
               for r in csv.DictReader(open(a.refdir + '/model-weights.csv'))}

    def label_of(m):
        if a.by == 'family':
            return family_of(m, families)
        country = group_of(m, authors, overrides)
        if a.by == 'author-country' or m == 'other':
            return country
        w = weights_of(m, weights)      # weights-origin
        if not w:
            return 'unknown'
        if w == 'closed':
            return 'closed'
        return {'CN': 'open-CN', 'unknown': 'open-unknown'}.get(country, 'open-rest')
    kept = a.groups.split(',') if a.groups else None
    periods = {}
    for r in csv.DictReader(open(a.rankings)):
        if not (a.from_ <= r['date'] <= a.to):
            continue
        day = datetime.date.fromisoformat(r['date'])
        label, start, end = period_of(day, a.period)
        p = periods.setdefault(label, {'start': start, 'end': end, 'days': set(),
                                       'models': collections.Counter()})
        p['days'].add(day)
        p['models'][r['model_permaslug']] += int(r['total_tokens'])
    out = csv.writer(sys.stdout, lineterminator='\n')
    out.writerow(['period', 'start', 'end', 'days', 'group', 'tokens', 'share'])
    for label in sorted(periods, key=lambda k: periods[k]['start']):
        p = periods[label]
        total = sum(p['models'].values())
        inside = None
        if a.top:
            ranked = sorted((m for m in p['models'] if m != 'other'),
                            key=lambda m: (-p['models'][m], m))
            inside = set(ranked[:a.top])
        groups = collections.Counter()
        for m, t in p['models'].items():
            if inside is not None and m not in inside:
                groups['outside-top-%d' % a.top] += t
            else:
                g = label_of(m)
                groups[g if kept is None or g in kept else 'rest'] += t
                continue
            if kept is not None and 'outside-top-%d' % a.top not in kept:
                groups['rest'] += groups.pop('outside-top-%d' % a.top)
        for g, t in sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])):
            e4 = (t * 2000000 + total) // (2 * total) if total else 0
            out.writerow([label, p['start'].isoformat(), p['end'].isoformat(), len(p['days']),
                          g, t, '%d.%04d' % (e4 // 10000, e4 % 10000)])


if __name__ == '__main__':
    main()
