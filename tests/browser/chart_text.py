#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Every chart at every size preset, as a browser draws its text.

Draws the share, stacked, top and compare charts of the shipped series at
each --size preset (and the share and stacked charts with every release
and with display names, the hardest case), opens each SVG in headless Chromium and asks it
for the box of every text element (getBoundingClientRect: the font really
drawn, not tokenshare's estimate of it). Fails if two texts overlap, if a
text leaves the image, or if the direct labels of the two groups that
matter are missing. Then it moves one label onto another in a copy of an
SVG and requires that this is found, so the check itself can fail.

Usage: chart_text.py TOKENSHARE SRCDIR WORKDIR ARTEFACTS
"""
import os
import re
import shutil
import subprocess
import sys

from dashboard import browser

SIZES = ['social', 'square', 'phone', 'wide', '360x480']  # the last: the dashboard page's phone variant
CHARTS = [('share', []), ('stacked', []), ('top', []),
          ('share', ['--events=all', '--labels', 'names']),
          ('stacked', ['--events=all', '--labels', 'names', '--period', 'month']),
          ('compare', ['--prices', '2026-05-07'])]

BOXES = '''
return Array.from(document.querySelectorAll('text')).filter(t => t.textContent.trim())
  .map(t => { const r = t.getBoundingClientRect();
              return [t.textContent, r.left, r.top, r.right, r.bottom]; });
'''
SIZE = 'const s = document.documentElement; return [s.width.baseVal.value, s.height.baseVal.value];'


def overlaps(a, b, slack=0.5):
    return (a[1] < b[3] - slack and b[1] < a[3] - slack and
            a[2] < b[4] - slack and b[2] < a[4] - slack)


def check(drv, svg):
    drv.get('file://' + svg)
    boxes = drv.execute_script(BOXES)
    w, h = drv.execute_script(SIZE)
    problems = []
    for i, a in enumerate(boxes):
        if a[1] < -0.5 or a[2] < -0.5 or a[3] > w + 0.5 or a[4] > h + 0.5:
            problems.append('%s: %r leaves the %gx%g image' % (svg, a[0], w, h))
        for b in boxes[i + 1:]:
            if overlaps(a, b):
                problems.append('%s: %r overlaps %r' % (svg, a[0], b[0]))
    return problems, [b[0] for b in boxes]


def main():
    tokenshare, srcdir, work, artefacts = sys.argv[1:5]
    work = os.path.abspath(work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    db = os.path.join(work, 't.db')
    subprocess.run([tokenshare, '--db', db, '-q', 'ingest',
                    os.path.join(srcdir, 'data/samples/rankings-daily.csv')], check=True)
    subprocess.run([tokenshare, '--db', db, '-q', 'prices', 'load', '--date', '2026-05-07',
                    os.path.join(srcdir, 'tests/data/openrouter-models.2026-05-07.json')],
                   check=True)
    drv = browser()
    failed = False
    try:
        drawn = 0
        for size in SIZES:
            for n, (kind, extra) in enumerate(CHARTS):
                out = os.path.join(work, '%s-%d' % (size, n))
                subprocess.run([tokenshare, '--db', db, '-q', 'chart', kind, '--size', size,
                                '-o', out] + extra, check=True)
                svg = os.path.join(out, kind + '.svg')
                problems, texts = check(drv, svg)
                if kind != 'top':
                    want = ['China ', 'United States '] if '--labels' in extra else ['CN ', 'US ']
                    for w in want:
                        if not any(t.startswith(w) and t.endswith('%') for t in texts):
                            problems.append('%s: no direct label starting %r' % (svg, w))
                for p in problems:
                    print('FAIL: ' + p)
                failed |= bool(problems)
                drawn += 1
        print('%d charts checked, %d sizes' % (drawn, len(SIZES)))
        # The check can fail: put the US end label on the CN one.
        src = os.path.join(work, 'social-0', 'share.svg')
        text = open(src).read()
        label = r'translate\(([\d.]+),([\d.]+)\)([^>]*>\s*<text>(?:<tspan[^>]*>)?%s )'
        cn = re.search(label % 'CN', text)
        us = re.search(label % 'US', text)
        broken = os.path.join(work, 'broken.svg')
        with open(broken, 'w') as f:
            f.write(text[:us.start()] + 'translate(%s,%s)' % (cn.group(1), cn.group(2)) +
                    text[us.start(3):])
        found, _ = check(drv, broken)
        print('a label moved onto another: %s' % (found[0] if found else 'NOT FOUND'))
        failed |= not found
        os.makedirs(artefacts, exist_ok=True)
        for size in SIZES:
            shutil.copy(os.path.join(work, '%s-0' % size, 'share.png'),
                        os.path.join(artefacts, 'chart-share-%s.png' % size))
    finally:
        drv.quit()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
