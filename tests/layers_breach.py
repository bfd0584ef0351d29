#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The house plan check fails when it should: on a copy of the tree, a
report file that includes a collector header, then a utility header that
closes a circle, must each make layers.py exit 1 and name the edge.

Usage: layers_breach.py LAYERS.PY SOURCE_ROOT"""
import os
import shutil
import subprocess
import sys
import tempfile

layers, root = sys.argv[1:3]
rooms = ['core', 'mapping', 'store', 'collector', 'reporter', 'cmd']


def copy():
    d = tempfile.mkdtemp(prefix='layers-')
    for r in rooms:
        shutil.copytree(os.path.join(root, r), os.path.join(d, r))
    shutil.copy(os.path.join(root, 'tokenshare.c'), d)
    return d


def check(d, edit_file, line, must_say):
    path = os.path.join(d, edit_file)
    with open(path, encoding='utf-8') as fp:
        text = fp.read()
    with open(path, 'w', encoding='utf-8') as fp:
        fp.write(line + '\n' + text)
    r = subprocess.run([sys.executable, layers, d], capture_output=True, text=True)
    shutil.rmtree(d)
    print(r.stdout)
    if r.returncode != 1 or must_say not in r.stdout:
        sys.exit(f'{edit_file} with {line!r}: exit {r.returncode}, want 1 and "{must_say}"')


# The clean copy passes: the breaches below are what fails it.
d = copy()
if subprocess.run([sys.executable, layers, d], capture_output=True).returncode != 0:
    sys.exit('the unchanged copy of the tree fails the check')
shutil.rmtree(d)
check(copy(), 'reporter/views/share.c', '#include "collector/ingest.h"',
      'reporter/views/share.c:1: reporter must not include collector')
check(copy(), 'core/xalloc.h', '#include "core/strmap.h"', 'circle: ')
print('both breaches fail the check')
