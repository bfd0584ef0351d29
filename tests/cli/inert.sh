# SPDX-License-Identifier: MIT
# Text from the data is inert in every output. A router log's model and
# provider names are whatever a client sends, an events label whatever its
# author writes: the shared list tests/data/hostile-strings.json goes
# through ingest, reports, charts, dashboards and bundles, and independent
# readers (Python's csv, json, html.parser and xml modules, gnuplot itself)
# check that no formula, markup, command or control character survives.

HOSTILE=$DATA/hostile-strings.json

# hostile_log FILE: OpenRouter generation records, one per hostile string as
# the model (served by DeepInfra) and one as the provider (of openai/gpt-5).
hostile_log() {
	"$PYTHON" - "$HOSTILE" "$PWD/pwned" >"$1" <<'PY'
import json, sys
strings = [s.replace('PWNED', sys.argv[2]) for s in json.load(open(sys.argv[1]))['strings']]
n = 0
for i, s in enumerate(strings):
    for model, provider in ((s, 'DeepInfra'), ('openai/gpt-5', s)):
        n += 1
        print(json.dumps({'data': {'id': 'gen-h%d' % n, 'model': model, 'provider_name': provider,
            'created_at': '2026-03-%02dT10:00:00Z' % (2 + n % 7),
            'tokens_prompt': 100 + n, 'tokens_completion': 10,
            'native_tokens_prompt': 100 + n, 'native_tokens_completion': 10, 'total_cost': 0.001}}))
PY
}

# check KIND FILE...: the independent reader of one output kind (see below).
check() {
	"$PYTHON" - "$HOSTILE" "$PWD/pwned" "$@" <<'PY' || fail "$1 check failed on ${2-}"
import csv, html.parser, json, re, sys, xml.etree.ElementTree as ET
strings = [s.replace('PWNED', sys.argv[2]) for s in json.load(open(sys.argv[1]))['strings']]
kind, files = sys.argv[3], sys.argv[4:]
control = re.compile(rb'[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]')
formula = re.compile(r"^'*[=+\-@\t\r]")

def bad(why):
    sys.stderr.write('%s: %s\n' % (kind, why))
    sys.exit(1)

if kind == 'terminal':
    for f in files:
        data = open(f, 'rb').read()
        m = control.search(data)
        if m:
            bad('%s: a control character %r at byte %d' % (f, m.group(), m.start()))
elif kind == 'csv':
    # Text columns never start like a formula; number columns stay numbers;
    # the text, its guard quote removed, is a name the log gave.
    text_cols = {'group', 'model'}
    seen = set()
    for f in files:
        rows = list(csv.DictReader(open(f, newline='', encoding='utf-8')))
        for r in rows:
            for k, v in r.items():
                if k in text_cols:
                    if re.match(r'^[=+\-@\t\r]', v):
                        bad('%s: %s field %r would run as a formula' % (f, k, v))
                    seen.add(v[1:] if re.match(r"^'+[=+\-@\t\r]", v) else v)
                elif v and not re.match(r'^[+-]?[0-9]+(\.[0-9]+)?$|^[0-9]{4}-|^$', v):
                    bad('%s: column %s is not a number or date: %r' % (f, k, v))
    wanted = {s for s in strings if not control.search(s.encode())}
    if not wanted & seen:
        bad('no hostile name reached %s' % files)
    for s in seen:
        if s not in wanted and '/' not in s and s not in ('unknown', 'unattributed', 'deepinfra', 'DeepInfra') and not s.startswith('outside-top'):
            bad('a name that is not in the log: %r' % s)
elif kind == 'json':
    for f in files:
        doc = json.load(open(f))
        names = {r.get('group') for r in doc.get('rows', [])}
        if not names & set(strings):
            bad('%s holds none of the names as they were' % f)
elif kind == 'html':
    class Page(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.text = []
        def handle_starttag(self, tag, attrs):
            if tag == 'script':
                bad('a <script> element')
            for name, value in attrs:
                if name.startswith('on'):
                    bad('an event handler attribute %s' % name)
                if value and 'javascript:' in value.lower():
                    bad('a javascript: URL')
        def handle_data(self, data):
            self.text.append(data)
    for f in files:
        p = Page()
        p.feed(open(f, encoding='utf-8').read())
        shown = ''.join(p.text)
        if '<script>alert(1)</script>' not in shown:
            bad('%s does not show the name <script>alert(1)</script> as text' % f)
elif kind == 'svg':
    for f in files:
        root = ET.parse(f).getroot()
        for e in root.iter():
            if e.tag.endswith('script') and 'alert' in (e.text or ''):
                bad('%s: a script element from the data' % f)
            for name in e.attrib:
                if name.lower().startswith('on'):
                    bad('%s: an event handler attribute %s' % (f, name))
else:
    bad('no such check')
PY
}

no_command_ran() {
	[ ! -e pwned ] || fail "a string from the data ran a command"
	[ ! -e pwned_MACRO ] || fail "a string from the data ran a macro"
}

hostile_names_from_logs_are_inert() {
	hostile_log h.jsonl
	expect 1 --db h.db ingest h.jsonl
	check terminal out err
	contains err "model name contains a control character"
	contains err "provider or model name is not UTF-8 text on one line"
	expect 0 --db h.db report share --source logs --by model --period week -o models.csv
	expect 0 --db h.db report share --source logs --by provider --period week -o providers.csv
	expect 0 --db h.db report change --source logs --by model --period week -o change.csv
	check csv models.csv providers.csv change.csv
	expect 0 --db h.db report share --source logs --by model --format json -o models.json
	check json models.json
	# The table for a terminal shows them safely; TSV keeps one field per name.
	expect 0 --db h.db report share --source logs --by model --format table
	check terminal out err
	expect 0 --db h.db report share --source logs --by model -o models.tsv
	awk -F'\t' 'NR == 1 { n = NF } NF != n { exit 1 }' models.tsv ||
		fail "a name split a TSV row into more fields"
	expect 0 --db h.db status
	check terminal out err
	expect 0 --db h.db reference unmapped
	check terminal out err
	# A page and a bundle of those names: escaped HTML, SVG, data files.
	printf '%s\n' 'title = <script>alert(3)</script> =1+1' \
		'view models report share --source logs --by model --period week' \
		'view providers report share --source logs --by provider --period week' \
		'view top chart top --source logs --top 40 --period week' >h.dash
	expect 0 --db h.db dashboard ./h.dash -o site
	check html site/index.html
	check svg site/top.svg
	check csv site/models.csv site/providers.csv site/top.csv
	expect 0 --db h.db bundle --dashboard ./h.dash -o pub
	check csv pub/models.csv
	expect 0 bundle --verify pub
	# A reader who redraws the chart runs nothing either.
	redraws_identically pub top
	no_command_ran
}

hostile_event_labels_are_inert() {
	expect 0 --db t.db ingest -q --as-of 2026-03-01 "$FIXTURE"
	"$PYTHON" - "$HOSTILE" "$PWD/pwned" >ev.csv <<'PY'
import csv, json, sys
strings = [s.replace('PWNED', sys.argv[2]) for s in json.load(open(sys.argv[1]))['strings']]
w = csv.writer(sys.stdout, lineterminator='\n')
w.writerow(['date', 'label', 'model', 'source'])
one_line = [s for s in strings if not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in s) and len(s.encode()) <= 60]
import datetime
commands = 0
for i, s in enumerate(one_line):
    # The command strings spread over 2025, the first alone at the start of the
    # axis, so some are surely labelled; the others crowd two weeks of 2026, where
    # some are left out (only counted in the .gp).
    if 'touch ' in s:
        day = (datetime.date(2025, 3, 5) + datetime.timedelta(days=45 * commands)).isoformat()
        commands += 1
    else:
        day = '2026-02-%02d' % (9 + i % 14)
    w.writerow([day, s, 'a/b', 'https://example.org'])
PY
	expect 0 --db t.db chart share --events=ev.csv -o c
	no_command_ran
	check svg c/share.svg
	contains c/share.svg "touch $PWD/pwned"
	redraws_identically c share
	no_command_ran
}

TEST 'hostile model and provider names are inert in CSV, JSON, HTML, SVG, gnuplot files and on the terminal' hostile_names_from_logs_are_inert
TEST 'hostile release labels run nothing in gnuplot, at chart time or when a reader redraws' hostile_event_labels_are_inert
