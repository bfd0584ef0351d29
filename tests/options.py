#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
One option table speaks for every command: for each command, the options the
parser accepts, the options -h lists, the man page's lists and the bash, zsh
and fish completions are the same set, and nothing else appears in any.

Usage: options.py TOKENSHARE BUILD_DOC_DIR SOURCE_ROOT

The parser is probed from outside (an option it does not know is refused
with "unknown option"); the completions are run in real shells (bash and
fish ask the completion for '--'; zsh checks the script and its specs).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ts, docdir, root = sys.argv[1:4]
work = tempfile.mkdtemp(prefix='options-')
env = dict(os.environ, HOME=work, XDG_STATE_HOME=work, TOKENSHARE_DB=os.path.join(work, 'x.db'),
           TOKENSHARE_CONF=os.path.join(work, 'none.conf'), LC_ALL='C')
failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL: ' + msg)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=60, **kw)


def commands():
    out = run([ts, '--help']).stdout
    block = out.split('Commands:\n', 1)[1].split('\n\n', 1)[0]
    return [line.split()[0] for line in block.splitlines() if line.strip()
            and line.split()[0] != 'help']


GLOBALS = {'db', 'quiet', 'verbose', 'help'}
LONG = re.compile(r'^  (?:-(\w), )?\s*--([a-z][a-z0-9-]*)', re.M)


def from_help(cmd):
    r = run([ts, cmd, '--help'])
    if r.returncode != 0:
        fail(f'{cmd} --help exits {r.returncode}')
    opts = r.stdout.split('\nOptions:\n', 1)[1]
    return {m.group(2) for m in LONG.finditer(opts)}, r.stdout


def from_man(cmd, text):
    sect = text.split('# OPTIONS BY COMMAND', 1)[1].split('\n# ', 1)[0]
    m = re.search(r'^\*%s\*\n(.*?)(?=^\*[a-z]+\*\n|\Z)' % re.escape(cmd), sect, re.M | re.S)
    if not m:
        fail(f'the man page has no option list for {cmd}')
        return set()
    return set(re.findall(r'^\t(?:\*-\w\*, )?\*--([a-z][a-z0-9-]*)\*', m.group(1), re.M))


def from_bash(cmd, script):
    prog = (f'source {script}; COMP_WORDS=(tokenshare {cmd} --); COMP_CWORD=2; _tokenshare; '
            'printf "%s\\n" "${COMPREPLY[@]}"')
    r = run(['bash', '-c', prog])
    return {w[2:].rstrip('=') for w in r.stdout.split() if w.startswith('--')}


def from_fish(cmd, script):
    r = run(['fish', '--no-config', '-c', f'source {script}; complete -C"tokenshare {cmd} --"'])
    return {line.split('\t')[0][2:].rstrip('=') for line in r.stdout.splitlines()
            if line.startswith('--')}


def from_zsh(cmd, text):
    m = re.search(r'^\t\t%s\)\n(.*?)^\t\t\t;;' % re.escape(cmd), text, re.M | re.S)
    if not m:
        fail(f'the zsh completion has no case for {cmd}')
        return set()
    spec = m.group(1)
    return set(re.findall(r"--([a-z][a-z0-9-]*)=?(?:-)?[\[}]", spec))


def accepted(cmd, opt, kind):
    """True unless the parser refuses --opt as unknown."""
    args = [ts, cmd, f'--{opt}=x' if kind != 'flag' else f'--{opt}', '--help']
    r = run(args, cwd=work)
    return 'unknown option' not in r.stderr


def main():
    man_full = open(os.path.join(docdir, 'tokenshare.1.full.scd'), encoding='utf-8').read()
    bash = os.path.join(docdir, 'tokenshare')
    fish = os.path.join(docdir, 'tokenshare.fish')
    zsh_path = os.path.join(docdir, '_tokenshare')
    zsh = open(zsh_path, encoding='utf-8').read()
    if shutil.which('zsh'):
        r = run(['zsh', '-n', zsh_path])
        if r.returncode:
            fail('zsh -n _tokenshare: ' + r.stderr.strip())
    else:
        fail('zsh is not installed (contrib/setup-debian installs it)')
    if not shutil.which('fish'):
        fail('fish is not installed (contrib/setup-debian installs it)')
    gen_list = run([os.path.join(docdir, 'tokenshare-gen'), 'list']).stdout
    table = {}
    for line in gen_list.splitlines():
        cmd, opt, short, kind, words = line.split('\t')
        table.setdefault(cmd, {})
        if opt != '(operands)':
            table[cmd][opt[2:]] = (short, kind, words.split())
    every = set()
    for cmd in commands():
        want = set(table.get(cmd, {}))
        if not want:
            fail(f'{cmd}: no option table')
            continue
        every |= want
        seen = {}
        seen['-h'], help_text = from_help(cmd)
        seen['man'] = from_man(cmd, man_full) | GLOBALS   # the globals: once, in GLOBAL OPTIONS
        seen['bash'] = from_bash(cmd, bash)
        if shutil.which('fish'):
            seen['fish'] = from_fish(cmd, fish)
        seen['zsh'] = from_zsh(cmd, zsh)
        for where, got in seen.items():
            if got != want:
                fail(f'{cmd}: {where} lists {sorted(got - want)} that the table lacks and '
                     f'lacks {sorted(want - got)}')
        for opt, (short, kind, words) in sorted(table[cmd].items()):
            if not accepted(cmd, opt, kind):
                fail(f'{cmd}: the parser refuses --{opt}, which the table lists')
            if short != '-':
                r = run([ts, cmd, f'-{short}'] + (['x'] if kind == 'value' else []) + ['--help'],
                        cwd=work)
                if 'unknown option' in r.stderr:
                    fail(f'{cmd}: the parser refuses -{short}')
            # Every completion word of a value is a value the parser takes.
            for w in words:
                r = run([ts, cmd, f'--{opt}={w}', '--help'], cwd=work)
                if r.returncode != 0:
                    fail(f'{cmd}: --{opt}={w} (a completion word) is refused: {r.stderr.strip()}')
        # And the parser refuses what no table lists.
        r = run([ts, cmd, '--no-such-option', '--help'], cwd=work)
        if 'unknown option' not in r.stderr:
            fail(f'{cmd}: --no-such-option is not refused as unknown')
        if cmd == 'dashboard':
            names = re.search(r'Dashboards: (.*), or the path', help_text).group(1).split(', ')
            ops = [line.split('\t')[4] for line in gen_list.splitlines()
                   if line.startswith('dashboard\t(operands)')][0].split()
            if sorted(names) != sorted(ops):
                fail(f'dashboard operands {ops} are not the built-in dashboards {names}')
    # The globals have their own section of the man page.
    glob = man_full.split('# GLOBAL OPTIONS', 1)[1].split('\n# ', 1)[0]
    for name in GLOBALS:
        if f'*--{name}*' not in glob:
            fail(f'tokenshare(1) GLOBAL OPTIONS lacks --{name}')
    # The hand-written man text names no option that no command has.
    hand = open(os.path.join(root, 'doc', 'tokenshare.1.scd'), encoding='utf-8').read()
    named = set(re.findall(r'\*--([a-z][a-z0-9-]*)\*', hand))
    stray = named - every - {'version'}
    if stray:
        fail(f'tokenshare(1) names options no command has: {sorted(stray)}')
    shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f'{len(failures)} disagreement(s) between the option tables and what is shown')
        return 1
    print(f'{len(table)} commands: parser, -h, man page, bash, zsh and fish agree')
    return 0


if __name__ == '__main__':
    sys.exit(main())
