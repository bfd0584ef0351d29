#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
The house plan as a check: reads the #include "..." lines of the program's
sources and fails on an edge that crosses the plan or closes a circle, and
on a C file over 500 lines.

A module is foo.c with its foo.h. Including a header that has no .c of its
own (a private header shared by several files) is an edge to every .c that
implements a function it declares. Headers of types only are modules of
their own.

Usage: layers.py ROOT          check the tree at ROOT (exit 1 on a breach)
       layers.py ROOT --graph  print the module edges
"""
import os
import re
import sys

# The plan, in one place (ARCHITECTURE.md explains it). A room is a folder;
# a file belongs to the longest room that is a prefix of its path. Each room
# names the rooms it may include; its own room and its sub-rooms always.
PLAN = {
    'core': [],                                   # plain utilities
    'mapping': ['core'],                          # the country mapping: tables, lookups
    'store': ['core', 'mapping'],                 # every table, every SQL statement
    'collector': ['core', 'mapping', 'store'],    # sources: rankings, logs, pollers
    'reporter': ['core', 'mapping', 'store'],     # reports: views, charts, publishing
    'cmd': ['core', 'mapping', 'store', 'collector', 'reporter'],  # the commands: wiring
    'tokenshare.c': ['core', 'cmd'],              # main
}
# Folders that are not the program.
SKIP = {'tests', 'bench', 'contrib', 'doc', 'data', 'schema', 'dashboards'}
MAX_LINES = 500     # a C file is one concern you can read in one sitting

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
PROTO = re.compile(r'\b([A-Za-z_]\w*)\s*\([^;{]*\)\s*(?:__attribute__\s*\(\(.*\)\))?\s*;', re.S)
DEFINITION = r'^[A-Za-z_][^;]*\b{}\s*\('


def room_of(path):
    top = path.split('/')[0]
    return top if top in PLAN else None


def sources(root):
    out = []
    for dirpath, dirs, files in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        dirs[:] = sorted(d for d in dirs
                         if not d.startswith(('.', '_')) and
                         not (rel == '.' and d in SKIP))
        for f in sorted(files):
            if f.endswith(('.c', '.h')):
                p = os.path.normpath(os.path.join(rel, f))
                if room_of(p):
                    out.append(p)
    return out


def read(root, path):
    with open(os.path.join(root, path), encoding='utf-8', errors='replace') as fp:
        return fp.read()


def implementers(root, header, files, cache):
    """The .c files that define a function the private header declares."""
    text = re.sub(r'/\*.*?\*/|//[^\n]*', '', read(root, header), flags=re.S)
    names = {m.group(1) for m in PROTO.finditer(text)} - {'__attribute__', 'format'}
    found = set()
    for c in files:
        if not c.endswith('.c'):
            continue
        body = cache.setdefault(c, read(root, c))
        if any(re.search(DEFINITION.format(re.escape(n)), body, re.M) for n in names):
            found.add(c[:-2])
    return found


def graph(root):
    files = sources(root)
    have = set(files)
    cache = {}
    private = {}
    edges = {}      # module -> {module: (file, line)}
    for f in files:
        mod = f[:-2]
        edges.setdefault(mod, {})
        for n, line in enumerate(read(root, f).splitlines(), 1):
            m = INCLUDE.match(line)
            if not m or m.group(1) not in have:
                continue            # config.h and the like: generated, no module
            h = m.group(1)
            target = {h[:-2]}
            if h.endswith('.h') and h[:-2] + '.c' not in have:
                if h not in private:
                    private[h] = implementers(root, h, files, cache) or {h[:-2]}
                target = private[h]
            for t in target:
                if t != mod:
                    edges[mod].setdefault(t, (f, n))
    return edges


def allowed(src_room, dst_room):
    return dst_room == src_room or dst_room in PLAN[src_room]


def circles(edges):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    edges = graph(root)
    if '--graph' in sys.argv:
        for a in sorted(edges):
            for b in sorted(edges[a]):
                print(f'{a} -> {b}')
        return 0
    bad = 0
    for a in sorted(edges):
        for b, (f, n) in sorted(edges[a].items()):
            ra, rb = room_of(a + '.c'), room_of(b + '.c')
            if not allowed(ra, rb):
                print(f'{f}:{n}: {ra} must not include {rb} ({b})')
                bad += 1
    for f in sources(root):
        n = read(root, f).count('\n')
        if f.endswith('.c') and n > MAX_LINES:
            print(f'{f}: {n} lines; the plan allows {MAX_LINES} (split it by concern)')
            bad += 1
    for comp in circles(edges):
        # Show one file:line per edge of the circle, so it can be cut.
        where = [f'{a} -> {b} ({edges[a][b][0]}:{edges[a][b][1]})'
                 for a in comp for b in sorted(edges[a]) if b in comp]
        print('circle: ' + '; '.join(where))
        bad += 1
    if bad:
        print(f'{bad} breach(es) of the house plan (tests/layers.py, ARCHITECTURE.md)')
        return 1
    print(f'{len(edges)} modules, no breach of the plan')
    return 0


if __name__ == '__main__':
    sys.exit(main())
