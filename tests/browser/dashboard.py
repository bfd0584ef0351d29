#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The dashboard page as a reader sees it, in headless Chromium (Debian's
chromium and chromium-driver, driven by Debian's python3-selenium).

Renders the weekly-share dashboard of the shipped sample, loads its
index.html and requires: no console error, no request outside the
dashboard's directory, every chart loaded and visible, every table's numbers
equal to its CSV (read here with Python's csv module, not by tokenshare),
the method and the citation present. Then it breaks a copy of the page four
ways and requires that each break is found, so the check itself can fail.
A full-page screenshot is kept as a test artefact.

Usage: dashboard.py TOKENSHARE SRCDIR WORKDIR ARTEFACTS
"""
import csv
import os
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


PAGE_TABLES = '''
return Array.from(document.querySelectorAll('table[data-csv]')).map(t => ({
  csv: t.dataset.csv, layout: t.dataset.layout,
  head: Array.from(t.tHead.rows[0].cells).map(c => c.textContent),
  rows: Array.from(t.tBodies[0].rows).map(r => Array.from(r.cells).map(
    c => [c.textContent, c.getAttribute('title')]))}));
'''

CHART_STATE = '''
const img = arguments[0];
img.scrollIntoView({block: 'center'});
const r = img.getBoundingClientRect();
const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
const s = getComputedStyle(img);
return {complete: img.complete, natural: img.naturalWidth, width: r.width, height: r.height,
        onTop: top === img, shown: s.display !== 'none' && s.visibility !== 'hidden'};
'''


def check_table(t, d):
    rows = read_csv(os.path.join(d, t['csv']))
    head, body = rows[0], rows[1:]
    name = t['csv']
    if t['layout'] == 'rows':
        if t['head'] != head:
            return ['%s: header %s is not %s' % (name, t['head'], head)]
        got = [[c[0] for c in r] for r in t['rows']]
        if got != body:
            bad = next(i for i in range(max(len(got), len(body)))
                       if i >= len(got) or i >= len(body) or got[i] != body[i])
            return ['%s: table row %d differs from the CSV' % (name, bad + 1)]
        return []
    # One row per period, one column per group: each cell the CSV's share,
    # its title the CSV's tokens; no cell for a group absent from a period.
    problems = []
    share = {(r[0], r[4]): (r[6], '%s %s' % (r[5], head[5])) for r in body}
    periods = list(dict.fromkeys(r[0] for r in body))
    groups = t['head'][4:]
    if t['head'][:4] != ['period', 'start', 'end', 'days']:
        problems.append('%s: pivot header %s' % (name, t['head'][:4]))
    if sorted(groups) != sorted(set(r[4] for r in body)):
        problems.append('%s: groups %s are not the CSV groups' % (name, groups))
    if [r[0][0] for r in t['rows']] != periods:
        problems.append('%s: periods differ from the CSV' % name)
    seen = 0
    for r in t['rows']:
        period = r[0][0]
        for g, (text, title) in zip(groups, r[4:]):
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
    if seen != len(body):
        problems.append('%s: %d of %d CSV rows shown' % (name, seen, len(body)))
    return problems


def check(drv, d, shot=None):
    """Every problem a reader of d/index.html would meet."""
    problems = []
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
            import json
            url = json.loads(msg)['message']['params']['request']['url']
            if not url.startswith('file://' + d + '/'):
                problems.append('request outside the dashboard: ' + url)
    charts = drv.find_elements('css selector', 'img.chart')
    if len(charts) != 3:
        problems.append('%d charts on the page, expected 3' % len(charts))
    for img in charts:
        st = drv.execute_script(CHART_STATE, img)
        src = img.get_attribute('src')
        if not (st['complete'] and st['natural'] > 0):
            problems.append('chart %s did not load' % src)
        elif not (st['shown'] and st['onTop'] and st['width'] > 600 and st['height'] > 300):
            problems.append('chart %s is not visible: %s' % (src, st))
    tables = drv.execute_script(PAGE_TABLES)
    if len(tables) != 7:
        problems.append('%d tables on the page, expected 7' % len(tables))
    for t in tables:
        problems += check_table(t, d)
    text = drv.find_element('tag name', 'footer').text
    for want in ('Caveats', 'OpenRouter is one router', 'Mapping version',
                 'CC BY 4.0', 'as of 2026-09-28'):
        if want not in text:
            problems.append('the method or citation lacks: ' + want)
    # A phone and a desktop: the page never scrolls sideways (a table may,
    # inside its own box).
    for w in (375, 1400):
        drv.set_window_size(w, 1000)
        wide, inner = drv.execute_script(
            'return [document.documentElement.scrollWidth, window.innerWidth]')
        if wide > inner:
            problems.append('at %d px the page is %d px wide: it scrolls sideways' % (w, wide))
    drv.set_window_size(1280, 1600)
    if shot:
        h = drv.execute_script('return document.documentElement.scrollHeight')
        drv.set_window_size(1280, min(h, 20000))
        drv.execute_script('window.scrollTo(0, 0)')
        drv.save_screenshot(shot)
        drv.set_window_size(1280, 1600)
    return problems


def main():
    tokenshare, srcdir, work, artefacts = sys.argv[1:5]
    work = os.path.abspath(work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    os.makedirs(artefacts, exist_ok=True)
    db = os.path.join(work, 't.db')
    good = os.path.join(work, 'weekly-share')
    subprocess.run([tokenshare, '--db', db, '-q', 'ingest',
                    os.path.join(srcdir, 'data/samples/rankings-daily.csv')], check=True)
    subprocess.run([tokenshare, '--db', db, '-q', 'dashboard', 'weekly-share', '-o', good],
                   check=True)
    drv = browser()
    failed = False
    try:
        shot = os.path.join(os.path.abspath(artefacts), 'dashboard-weekly-share.png')
        problems = check(drv, good, shot)
        for p in problems:
            print('FAIL: ' + p)
        failed = bool(problems)
        print('screenshot: ' + shot)
        # Each break must be found: the check is able to fail.
        page = open(os.path.join(good, 'index.html')).read()
        breaks = {
            'a changed share': lambda d, p: p.replace('>43.1221<', '>43.1222<', 1),
            'a missing chart': lambda d, p: os.remove(os.path.join(d, 'share.svg')) or p,
            'a request to the network':
                lambda d, p: p.replace('</main>', '<img src="http://127.0.0.1:9/x.png"></main>'),
            'a script error': lambda d, p: p.replace('</body>', '<script>nope()</script></body>'),
        }
        for name, brk in breaks.items():
            d = os.path.join(work, name.replace(' ', '-'))
            shutil.copytree(good, d)
            with open(os.path.join(d, 'index.html'), 'w') as f:
                f.write(brk(d, page))
            found = check(drv, d)
            print("%s: found (%s)" % (name, found[0] if found else "nothing"))
            if not found:
                print('FAIL: the check did not notice %s' % name)
                failed = True
    finally:
        drv.quit()
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
