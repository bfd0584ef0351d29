#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The dashboard page as a reader sees it, in headless Chromium (Debian's
chromium and chromium-driver, driven by Debian's python3-selenium), at a
phone's, a tablet's and a desktop's width (375, 768, 1400 px).

Renders the weekly-share dashboard of the shipped series and requires, at
each width: no console error, no request outside the dashboard's directory,
nothing wider than the viewport, the headline block first and on the first
screen, every chart drawn at a legible size (the phone variant on the
phone), and no serious or critical violation found by axe-core (npm, loaded
into the page). Everywhere: the headline's figures, every hover value, every
"numbers in this chart" table and every table's cells equal what Python
computes from the CSV and .dat files beside the page (read here with the
csv module, not by tokenshare); a series switch hides its line and shows it
again; the page and its files stay under 2 MB. Then it breaks copies of the
page and requires that each break is found, so the check itself can fail.
Screenshots at the three widths are kept as test artefacts.

Usage: dashboard.py TOKENSHARE SRCDIR WORKDIR ARTEFACTS
"""
import csv
import datetime
import json
import os
import re
import shutil
import subprocess
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = os.environ.get('TOKENSHARE_CHROMIUM', '/usr/bin/chromium')
DRIVER = os.environ.get('TOKENSHARE_CHROMEDRIVER', '/usr/bin/chromedriver')


def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
              '--hide-scrollbars', '--window-size=1280,1600', '--lang=en-US',
              '--allow-file-access-from-files'):
        opts.add_argument(a)
    opts.set_capability('goog:loggingPrefs', {'browser': 'ALL', 'performance': 'ALL'})
    return webdriver.Chrome(service=Service(DRIVER), options=opts)


def read_csv(path):
    with open(path, newline='') as f:
        return list(csv.reader(f))


def e4(text):
    whole, _, frac = text.lstrip('-').partition('.')
    v = int(whole) * 10000 + int((frac + '0000')[:4])
    return -v if text.startswith('-') else v


def tenths(v, sign=False):
    t = (abs(v) + 500) // 1000
    s = '\u2212' if v < 0 and t else '+' if sign and t else ''
    return '%s%d.%d' % (s, t // 10, t % 10)


def share_e4(part, whole):
    """part/whole in 1/10000 %, half up (the rounding tokenshare(1) states)."""
    return (part * 2000000 + whole) // (2 * whole)


def days_between(a, b):
    return (datetime.date.fromisoformat(b) - datetime.date.fromisoformat(a)).days + 1


PAGE_TABLES = """
return Array.from(document.querySelectorAll('table[data-csv]')).map(t => ({
  csv: t.dataset.csv, layout: t.dataset.layout, from: +t.dataset.from,
  head: Array.from(t.tHead.rows[0].cells).map(c => c.textContent),
  rows: Array.from(t.tBodies[0].rows).map(r => Array.from(r.cells).map(
    c => [c.textContent, c.getAttribute('title')]))}));
"""

DAT_TABLES = """
return Array.from(document.querySelectorAll('table[data-dat]')).map(t => ({
  dat: t.dataset.dat,
  rows: Array.from(t.tBodies[0].rows).map(r => Array.from(r.cells).map(c => c.textContent))}));
"""

HOVERS = """
return Array.from(document.querySelectorAll('figure.chart')).map(f => ({
  wide: Array.from(f.querySelectorAll('.wide .hover rect title')).map(t => t.textContent),
  narrow: Array.from(f.querySelectorAll('.narrow .hover rect title')).map(t => t.textContent)}));
"""

HEADLINE = """
const h = document.querySelector('main').firstElementChild;
const f = h.querySelector('.figures');
return {id: h.id, top: h.getBoundingClientRect().top, bottom: h.getBoundingClientRect().bottom,
        screen: window.innerHeight, csv: f && f.dataset.csv, period: f && f.dataset.period,
        figures: Array.from(h.querySelectorAll('.figure')).map(g => ({
          group: g.dataset.group, share: g.dataset.share,
          big: g.querySelector('.big').textContent,
          deltas: Array.from(g.querySelectorAll('.delta')).map(d => [d.dataset.base,
            +d.dataset.changeE4, d.textContent])})),
        since: h.querySelector('.cross').dataset.since};
"""

# The boxes of what a reader sees: every drawn chart, and anything past the right edge.
LAYOUT = """
const w = window.innerWidth;
const charts = Array.from(document.querySelectorAll('svg.plot')).filter(
  s => s.getBoundingClientRect().width > 0).map(s => {
    const r = s.getBoundingClientRect();
    return [s.closest('div').className, r.left, r.right, r.width,
            s.viewBox.baseVal.width];});
const outside = Array.from(document.querySelectorAll('body *')).filter(e => {
  if (e.closest('.scroll') || e.closest('.vh')) return false;
  const r = e.getBoundingClientRect();
  return r.width > 0 && (r.right > w + 0.5 || r.left < -0.5);
}).slice(0, 3).map(e => e.tagName + '.' + e.className);
return {scroll: document.documentElement.scrollWidth, inner: w, charts: charts,
        outside: outside};
"""

AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(
  r => done(r.violations.map(v => [v.id, v.impact, v.nodes.length, v.help])),
  e => done([['axe-error', 'critical', 0, String(e)]]));
"""


# Each built-in dashboard: its database (rankings or router logs), the stems
# of its charts in page order, and what its method and citation must say.
DASHBOARDS = [
    ('weekly-share', 'rankings', ['share', 'stacked-month', 'top-week'],
     ['Caveats', 'OpenRouter is one router', 'Mapping version', 'CC BY 4.0']),
    ('market-overview', 'rankings', ['stacked-month', 'top-month'],
     ['Caveats', 'Mapping version', 'CC BY 4.0']),
    ('own-traffic', 'logs', ['server-country', 'maker-country'],
     ['Caveats', 'Mapping version', 'own router logs']),
]


def check_table(t, d):
    rows = read_csv(os.path.join(d, t['csv']))
    head, body = rows[0], rows[1:]
    name = t['csv']
    shown = body[t['from'] - 1:]
    periods = list(dict.fromkeys(r[0] for r in body))
    last = periods[-12:]
    if list(dict.fromkeys(r[0] for r in shown)) != last:
        return ['%s: the table does not show the last %d periods of the CSV' % (name, len(last))]
    if t['layout'] == 'rows':
        if t['head'] != head:
            return ['%s: header %s is not %s' % (name, t['head'], head)]
        got = [[c[0] for c in r] for r in t['rows']]
        if got != shown:
            return ['%s: the table rows differ from the CSV rows' % name]
        return []
    # One row per period, one column per group (CN, US first): each cell the
    # CSV's share, its title the CSV's tokens; empty for a group not in a period.
    problems = []
    share = {(r[0], r[4]): (r[6], '%s %s' % (r[5], head[5])) for r in shown}
    groups = t['head'][2:]
    if t['head'][:2] != ['period', 'days']:
        problems.append('%s: pivot header %s' % (name, t['head'][:2]))
    if sorted(groups) != sorted(set(r[4] for r in shown)):
        problems.append('%s: groups %s are not the CSV groups' % (name, groups))
    first = [g for g in ('CN', 'US') if g in groups]
    if groups[:len(first)] != first:
        problems.append('%s: CN and US are not the first columns: %s' % (name, groups))
    span = {r[0]: ('%s to %s' % (r[1], r[2]), r[3]) for r in shown}
    seen = 0
    for r in t['rows']:
        period = r[0][0]
        if (r[0][1], r[1][0]) != span.get(period):
            problems.append('%s: %s has span/days %s' % (name, period, (r[0][1], r[1][0])))
        for g, (text, title) in zip(groups, r[2:]):
            want = share.get((period, g))
            if want is None:
                if text != '':
                    problems.append('%s: %s %s shows %s, the CSV has no row' %
                                    (name, period, g, text))
            elif (text, title) != want:
                problems.append('%s: %s %s shows %s (%s), the CSV says %s (%s)' %
                                (name, period, g, text, title, want[0], want[1]))
            else:
                seen += 1
    if seen != len(shown):
        problems.append('%s: %d of %d CSV rows shown' % (name, seen, len(shown)))
    return problems


def read_dat(path):
    """Rows of a chart's .dat: lines/stacked (period, days, values) or top (model, share)."""
    rows, names = [], None
    for line in open(path):
        line = line.rstrip('\n')
        if line.startswith('# x '):
            names = line[2:].split(' | ')[5:]
        if not line or line.startswith('#'):
            continue
        if names is None:
            f = line.split('\t')
            rows.append([f[0], f[1].strip('"'), f[2]])
        else:
            f = line.split()
            rows.append([f[1], f[2]] + ['' if v == 'NaN' else v for v in f[5:]])
    return names, rows


def expected_hovers(d, stem):
    """What the hover bands of chart stem must say: each period's shares
    of the chart's series (CN, US, rest) as its CSV has them."""
    rows = read_csv(os.path.join(d, stem + '.csv'))[1:]
    names, dat = read_dat(os.path.join(d, stem + '.dat'))
    share = {(r[0], r[4]): r[6] for r in rows}
    span = {r[0]: days_between(r[1], r[2]) for r in rows}
    out = []
    for r in dat:
        period, days = r[0], int(r[1])
        # A series with no row in a period had none of it: 0 %.
        parts = ['%s %s %%' % ('Rest' if n == 'rest' else n, share.get((period, n), '0.0000'))
                 for n in names]
        text = '%s: %s' % (period, ' | '.join(parts))
        if days < span[period]:
            text += ' (%d of %d days)' % (days, span[period])
        out.append(text)
    return out


def check_headline(h, d):
    problems = []
    if h['id'] != 'headline':
        return ['the page does not open with the headline block (first: %s)' % h['id']]
    rows = read_csv(os.path.join(d, h['csv']))[1:]
    periods = list(dict.fromkeys(r[0] for r in rows))
    info = {r[0]: r for r in rows}
    full = [p for p in periods if int(info[p][3]) == days_between(info[p][1], info[p][2])]
    last = full[-1]
    share = {(r[0], r[4]): r[6] for r in rows}
    if h['period'] != last:
        problems.append('headline period %s, the last full one is %s' % (h['period'], last))
    prev = periods[periods.index(last) - 1]
    start = datetime.date.fromisoformat(info[last][1])
    # A year before: 52 weeks, or the same month.
    before = (start - datetime.timedelta(364) if '-W' in last
              else start.replace(year=start.year - 1))
    year = next((p for p in periods if info[p][1] == str(before)), None)
    bases = [b for b in (prev, year) if b]
    for fig in h['figures']:
        g = fig['group']
        now = share.get((last, g), '0.0000')
        if fig['share'] != now or fig['big'] != tenths(e4(now)) + '\u202f%':
            problems.append('headline %s shows %s (%s), the CSV says %s' %
                            (g, fig['big'], fig['share'], now))
        if len(fig['deltas']) != len(bases):
            problems.append('headline %s compares with %s, not %s' %
                            (g, [x[0] for x in fig['deltas']], bases))
        for base, (got_base, change, text) in zip(bases, fig['deltas']):
            want = e4(now) - e4(share.get((base, g), '0.0000'))
            if got_base != base or change != want or not text.startswith(tenths(want, True)):
                problems.append('headline %s change vs %s: %s %s, want %s %d' %
                                (g, base, got_base, text, base, want))
    lead = 'CN' if e4(share[(last, 'CN')]) > e4(share[(last, 'US')]) else 'US'
    other = 'US' if lead == 'CN' else 'CN'
    since = last
    for p in reversed(full[:full.index(last)]):
        if e4(share.get((p, lead), '0')) <= e4(share.get((p, other), '0')):
            break
        since = p
    if h['since'] != since:
        problems.append('headline says ahead since %s, the CSV says %s' % (h['since'], since))
    return problems


def expected_bars(d, stem):
    """What the hover bands of top chart stem must say: its .dat's bars."""
    _, dat = read_dat(os.path.join(d, stem + '.dat'))
    return ['%d. %s: %s %%' % (i + 1, r[1], r[2]) for i, r in enumerate(dat)]


def check(drv, d, shots=None, axe=None, dash=None):
    """Every problem a reader of d/index.html (dashboard dash, see
    DASHBOARDS) would meet."""
    name, charts, footer = dash or DASHBOARDS[0][:1] + DASHBOARDS[0][2:]
    problems = []
    drv.set_window_size(1400, 1000)
    drv.get_log('browser')
    drv.get_log('performance')
    drv.get('file://' + os.path.join(d, 'index.html'))
    drv.execute_script('return document.readyState')
    for e in drv.get_log('browser'):
        if e['level'] in ('SEVERE', 'WARNING'):
            problems.append('console: ' + e['message'])
    for e in drv.get_log('performance'):
        msg = e['message']
        if '"Network.requestWillBeSent"' in msg:
            url = json.loads(msg)['message']['params']['request']['url']
            if not url.startswith('file://' + d + '/'):
                problems.append('request outside the dashboard: ' + url)
    problems += check_headline(drv.execute_script(HEADLINE), d)
    for t in drv.execute_script(PAGE_TABLES):
        problems += check_table(t, d)
    dats = drv.execute_script(DAT_TABLES)
    if len(dats) != len(charts):
        problems.append('%d chart tables on the page, expected %d' % (len(dats), len(charts)))
    for t in dats:
        names, want = read_dat(os.path.join(d, t['dat']))
        got = [r[1:] if names is None else r for r in t['rows']]
        want = [r[1:] if names is None else r for r in want]
        if got != want:
            problems.append('%s: the chart table differs from the .dat' % t['dat'])
    hovers = drv.execute_script(HOVERS)
    if len(hovers) != len(charts):
        problems.append('%d charts on the page, expected %d' % (len(hovers), len(charts)))
    for stem, got in zip(charts, hovers):
        want = expected_bars(d, stem) if stem.startswith('top') else expected_hovers(d, stem)
        for kind in ('wide', 'narrow'):
            if got[kind] != want:
                bad = next((i for i, (a, b) in enumerate(zip(got[kind], want)) if a != b),
                           min(len(want), len(got[kind])))
                problems.append('chart %s (%s): hover %d says %r, the CSV %r' % (
                    stem, kind, bad, (got[kind] + [None])[bad], (want + [None])[bad]))
    # A series switch hides the series' line and brings it back.
    boxes = drv.find_elements('css selector', 'figure.chart .toggles .t0')
    if name == 'weekly-share' and not boxes:
        problems.append('the line chart has no series switch')
    for box in boxes[:1]:
        line = 'figure.chart .wide svg g.s0'
        shown = 'return getComputedStyle(document.querySelector(arguments[0])).display'
        drv.execute_script('arguments[0].scrollIntoView({block: "center"})', box)
        box.click()
        off = drv.execute_script(shown, line)
        box.click()
        on = drv.execute_script(shown, line)
        if (off, on) != ('none', 'inline'):
            problems.append('the first switch left its line %s, then %s' % (off, on))
    text = drv.find_element('tag name', 'footer').text
    for want in footer:
        if want not in text:
            problems.append('the method or citation lacks: ' + want)
    size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
    if size > 2 << 20:
        problems.append('the page and its files take %d bytes, over 2 MB' % size)
    for w in (375, 768, 1400):
        drv.set_window_size(w, 900)
        drv.execute_script('window.scrollTo(0, 0)')
        lay = drv.execute_script(LAYOUT)
        if lay['scroll'] > lay['inner'] or lay['outside']:
            problems.append('at %d px the page is %d px wide (%s): it scrolls sideways' %
                            (w, lay['scroll'], ', '.join(lay['outside'])))
        h = drv.execute_script(HEADLINE)
        if h['top'] > h['screen'] * 0.5:
            problems.append('at %d px the headline starts at %d px, not on the first screen' %
                            (w, h['top']))
        variant = 'narrow' if w < 640 else 'wide'
        if len(lay['charts']) != len(charts) or any(c[0] != variant for c in lay['charts']):
            problems.append('at %d px the charts drawn are %s, not %d %s ones' %
                            (w, [c[0] for c in lay['charts']], len(charts), variant))
        for c in lay['charts']:
            # Drawn at least 0.55 times the size it was made at: its tic
            # labels (18 px in a 1200 px chart, 13 px in the phone one) stay
            # over 10 px on the screen.
            if c[3] < c[4] * 0.55:
                problems.append('at %d px a chart of %d px is drawn %d px wide' % (w, c[4], c[3]))
        if axe:
            drv.execute_script(open(axe).read())
            for v in drv.execute_async_script(AXE):
                if v[1] in ('serious', 'critical'):
                    problems.append('axe at %d px: %s (%s, %d elements): %s' % (w, v[0], v[1],
                                                                              v[2], v[3]))
        if shots:
            full = drv.execute_script('return document.documentElement.scrollHeight')
            drv.set_window_size(w, min(full, 16000))
            drv.save_screenshot(os.path.join(shots, 'dashboard-%s-%d.png' % (name, w)))
    drv.set_window_size(1400, 1000)
    return problems


def main():
    tokenshare, srcdir, work, artefacts = sys.argv[1:5]
    work = os.path.abspath(work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    os.makedirs(artefacts, exist_ok=True)
    axe = os.path.join(srcdir, 'tests/browser/node_modules/axe-core/axe.min.js')
    if not os.path.exists(axe):
        print('FAIL: %s is missing: run contrib/setup-debian (npm ci in tests/browser)' % axe)
        sys.exit(1)
    dbs = {'rankings': os.path.join(work, 't.db'), 'logs': os.path.join(work, 'logs.db')}
    subprocess.run([tokenshare, '--db', dbs['rankings'], '-q', 'ingest',
                    os.path.join(srcdir, 'data/samples/rankings-daily.csv')], check=True)
    # The generated log has bad lines on purpose: ingest exits 1 and goes on.
    subprocess.run([tokenshare, '--db', dbs['logs'], '-q', 'ingest',
                    os.path.join(srcdir, 'tests/data/genlogs-1500.jsonl')],
                   stderr=subprocess.DEVNULL)
    for name, source, _, _ in DASHBOARDS:
        subprocess.run([tokenshare, '--db', dbs[source], '-q', 'dashboard', name, '-o',
                        os.path.join(work, name)], check=True)
    good = os.path.join(work, 'weekly-share')
    drv = browser()
    failed = False
    try:
        shots = os.path.abspath(artefacts)
        for name, _, charts, footer in DASHBOARDS:
            problems = check(drv, os.path.join(work, name), shots, axe, (name, charts, footer))
            for p in problems:
                print('FAIL: %s: %s' % (name, p))
            failed |= bool(problems)
            print('%s: %d problems; screenshots: %s/dashboard-%s-{375,768,1400}.png' %
                  (name, len(problems), shots, name))
        # Each break must be found: the check is able to fail.
        page = open(os.path.join(good, 'index.html')).read()
        hover = re.search(r'(<rect [^>]*><title>2026-W40: CN )(\d)', page)
        breaks = {
            'a changed hover value':
                lambda d, p: p[:hover.start(2)] + str((int(hover.group(2)) + 1) % 10) +
                p[hover.end(2):],
            'a headline figure not from the CSV':
                lambda d, p: re.sub(r'(class="big">)\d+', r'\g<1>99', p, count=1),
            'a request to the network':
                lambda d, p: p.replace('</main>', '<img src="http://127.0.0.1:9/x.png" '
                                       'alt="x"></main>'),
            'a script error': lambda d, p: p.replace('</body>', '<script>nope()</script></body>'),
            'a page wider than a phone':
                lambda d, p: p.replace('</main>', '<p style="width:900px">wide</p></main>'),
            'a form field without a label':
                lambda d, p: p.replace('</main>', '<input type="text"></main>'),
        }
        for name, brk in breaks.items():
            d = os.path.join(work, name.replace(' ', '-'))
            shutil.copytree(good, d)
            with open(os.path.join(d, 'index.html'), 'w') as f:
                f.write(brk(d, page))
            found = check(drv, d, None, axe if 'label' in name else None)
            print("%s: found (%s)" % (name, found[0] if found else "nothing"))
            if not found:
                print('FAIL: the check did not notice %s' % name)
                failed = True
    finally:
        drv.quit()
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
