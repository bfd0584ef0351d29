# SPDX-License-Identifier: MIT
# Citations that hold (step 8, item 4): a bundle says what it is made of, from
# which days and under which licence, in text, BibTeX and CITATION.cff; every
# CSV carries a CSVW sidecar that fits its cells; a bundle is as readable as
# the umask says. The expected values come from Python reading the sample and
# the files, from pybtex and PyYAML parsing them, and from the official CFF
# 1.2.0 schema (tests/data/cff-1.2.0.schema.json) through python3-jsonschema.

# Debian's python3: python3-yaml, python3-jsonschema and python3-pybtex.
DEBPY=/usr/bin/python3

need_modules() {
	$DEBPY -c "import yaml, jsonschema, pybtex" 2>/dev/null ||
		fail "python3-yaml, python3-jsonschema and python3-pybtex are needed: run contrib/setup-debian"
}

# range_of CSV: "FIRST LAST DAYS MISSING,..." of a rankings CSV, as Python counts them.
range_of() {
	$DEBPY - "$1" <<'PY'
import csv, datetime, sys
days = sorted({datetime.date.fromisoformat(r['date']) for r in csv.DictReader(open(sys.argv[1]))})
first, last = days[0], days[-1]
have = set(days)
missing = [str(first + datetime.timedelta(i)) for i in range((last - first).days)
           if first + datetime.timedelta(i) not in have]
print(first, last, len(days), ','.join(missing))
PY
}

citation_states_range_coverage_licence_and_changes() {
	expect 0 --db t.db ingest -q "$SAMPLE"
	expect 0 --db t.db bundle --dashboard weekly-share -o b
	read -r first last days missing <<EOF
$(range_of "$SAMPLE")
EOF
	[ "$first $last $days $missing" = "2025-01-01 2026-10-09 645 2025-06-15,2025-07-15" ] ||
		fail "the sample is not what SOURCES.md says: $first $last $days $missing"
	n_missing=$(echo "$missing" | tr ',' '\n' | grep -c .)
	contains b/CITATION "Data: $first to $last (UTC days): $days days with data, $n_missing missing ($(echo "$missing" | sed 's/,/, /g'))."
	contains b/CITATION "as of 2026-09-28 to 2026-10-10"
	contains b/CITATION "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
	contains b/CITATION "Aggregated and relabelled by tokenshare (changes were made)"
	v=$("$TOKENSHARE" --db t.db report share --format json | jq -r .meta.mapping.version)
	contains b/CITATION "Mapping: $v"
	contains b/CITATION "Made with: tokenshare $("$TOKENSHARE" --version | awk '{print $NF}')."
	contains b/CITATION "data $first to $last, as of"
	contains b/METHOD.md "The data runs from $first to $last (UTC days), $n_missing days missing in between."
	# The BibTeX entry is in the text and in CITATION.bib, both listed in the manifest.
	contains b/CITATION "$(head -n 1 b/CITATION.bib)"
	for f in CITATION CITATION.bib CITATION.cff; do
		grep -qE "^[0-9a-f]{64}  $f\$" b/MANIFEST || fail "$f is not in the MANIFEST"
	done
	expect 0 bundle --verify b
	# Three weeks a year apart: the whole periods between them are missing too.
	expect 0 --db f.db ingest -q --as-of 2026-03-01 "$FIXTURE"
	expect 0 --db f.db bundle --dashboard weekly-share -o f
	want=$($DEBPY - "$FIXTURE" <<'PY'
import csv, datetime, sys
days = sorted({datetime.date.fromisoformat(r['date']) for r in csv.DictReader(open(sys.argv[1]))})
spans, one = [], datetime.timedelta(1)
for a, b in zip(days, days[1:]):
    if b - a > one:
        spans.append(str(a + one) if b - a == 2 * one else '%s to %s' % (a + one, b - one))
gap = (days[-1] - days[0]).days + 1 - len(days)
print('Data: %s to %s (UTC days): %d days with data, %d missing (%s).' % (
    days[0], days[-1], len(days), gap, ', '.join(spans)))
PY
)
	contains f/CITATION "$want"
}
TEST 'a bundle cites its data range, days with data and missing, the licence URL and the changes made' citation_states_range_coverage_licence_and_changes

# check_cff FILE LICENCE: FILE holds the CFF 1.2.0 required keys with values
# of the right types, validates against the official schema, and names
# LICENCE (or none when LICENCE is "-").
check_cff() {
	$DEBPY - "$1" "$2" "$SRCDIR/tests/data/cff-1.2.0.schema.json" <<'PY' || fail "$1 is not valid CFF 1.2.0"
import datetime, json, re, sys, yaml, jsonschema
path, licence, schema_path = sys.argv[1:]
cff = yaml.safe_load(open(path, encoding='utf-8'))
schema = json.load(open(schema_path))
problems = []
def need(ok, why):
    if not ok:
        problems.append(why)
for key in ('cff-version', 'message', 'title', 'authors'):
    need(key in cff, 'no ' + key)
need(cff.get('cff-version') == '1.2.0', 'cff-version is not the string 1.2.0')
for key in ('message', 'title'):
    need(isinstance(cff.get(key), str) and cff[key].strip(), key + ' is not a non-empty string')
authors = cff.get('authors')
need(isinstance(authors, list) and authors, 'authors is not a non-empty list')
for a in authors or []:
    need(isinstance(a, dict) and any(isinstance(a.get(k), str) and a[k] for k in ('name', 'family-names')),
         'an author has neither name nor family-names: %r' % (a,))
need(cff.get('type') == 'dataset', 'type is not dataset')
released = cff.get('date-released')
need(isinstance(released, str) and re.fullmatch(r'\d{4}-\d{2}-\d{2}', released), 'date-released is not an ISO date string')
try:
    datetime.date.fromisoformat(released)
except (TypeError, ValueError):
    problems.append('date-released is no date: %r' % (released,))
spdx = set(schema['definitions']['license-enum']['enum'])
if licence == '-':
    need('license' not in cff, 'a licence is claimed: %r' % cff.get('license'))
else:
    need(cff.get('license') == licence, 'license is %r, not %s' % (cff.get('license'), licence))
for ref in cff.get('references', []):
    lic = ref.get('license')
    need(lic is None or lic in spdx, 'a reference licence is no SPDX id: %r' % lic)
need(cff.get('license') is None or cff['license'] in spdx, 'license is no SPDX id')
for e in jsonschema.Draft7Validator(schema).iter_errors(cff):
    problems.append('schema: %s at %s' % (e.message, '/'.join(map(str, e.path))))
for p in problems:
    print(path + ': ' + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
}

cff_holds_the_required_keys() {
	need_modules
	expect 0 --db t.db ingest -q "$SAMPLE"
	expect 0 --db t.db bundle --dashboard weekly-share -o b
	check_cff b/CITATION.cff CC-BY-4.0
	$DEBPY - b/CITATION.cff <<'PY' || fail "CITATION.cff does not credit OpenRouter's rankings"
import sys, yaml
cff = yaml.safe_load(open(sys.argv[1]))
src = [r for r in cff['references'] if r['type'] == 'data']
assert len(src) == 1 and src[0]['authors'] == [{'name': 'OpenRouter'}], src
assert src[0]['license'] == 'CC-BY-4.0' and src[0]['url'] == 'https://openrouter.ai/rankings', src
assert 'changes were made' in src[0]['notes'] and '2025-01-01 to 2026-10-09' in src[0]['notes'], src
assert cff['date-released'] == '2026-10-10', cff['date-released']   # the newest as-of
assert cff['title'] == 'Weekly share of OpenRouter tokens: models from China, the US and elsewhere'
PY
	# Own router logs are nobody's CC BY data: no licence is claimed for them.
	expect 1 --db l.db ingest "$DATA/genlogs-1500.jsonl"    # 22 lines are broken on purpose
	expect 0 --db l.db bundle --dashboard own-traffic -o logs
	check_cff logs/CITATION.cff -
	lacks logs/CITATION.cff "CC-BY"
	# The check fails on a file that misses a required key.
	grep -v '^message:' b/CITATION.cff >broken.cff
	if (check_cff broken.cff CC-BY-4.0) 2>err; then fail "a CFF without message passed"; fi
	contains err "no message"
}
TEST 'CITATION.cff carries the CFF 1.2 required keys with valid values and passes the official schema' cff_holds_the_required_keys

hostile_title_is_escaped_in_yaml_and_bibtex() {
	need_modules
	expect 0 --db t.db ingest -q "$SAMPLE"
	# Every character YAML or BibTeX treats specially, a tab, ESC, U+0085 and non-ASCII.
	printf 'title = Q "x" \\b {c} } 100%% & $5 _x ~y ^z: \047s\047 \303\251 \344\270\255\t\033[31m \302\205 end\ndescription = d: "x" {y}\nview s report share --period month\n' >h.dash
	expect 0 --db t.db bundle --dashboard h.dash -o b
	$DEBPY - b h.dash <<'PY' || fail "the title did not survive YAML or BibTeX"
import re, sys, yaml
from pybtex.database import parse_file
bundle, dash = sys.argv[1:]
title = open(dash, encoding='utf-8').readline()[len('title = '):].rstrip('\n')
cff = yaml.safe_load(open(bundle + '/CITATION.cff', encoding='utf-8'))
assert cff['title'] == title, (cff['title'], title)
assert cff['abstract'] == 'd: "x" {y}', cff['abstract']
entries = parse_file(bundle + '/CITATION.bib', 'bibtex').entries
assert len(entries) == 1, entries
field = next(iter(entries.values())).fields['title']
assert field.startswith('{') and field.endswith('}'), field
# pybtex parsed the entry (braces balance); undo our commands, and find no
# special character left raw.
commands = {'textbackslash': '\\', 'textbraceleft': '{', 'textbraceright': '}',
            'textasciitilde': '~', 'textasciicircum': '^'}
def decode(m):
    if m.group(1):
        return commands[m.group(1)]
    if m.group(2):
        return m.group(2)
    raise AssertionError('raw %r in %r' % (m.group(3), field))
text = re.sub(r'\\(' + '|'.join(commands) + r')\{\}|\\([%#$&_])|([{}\\%#$&_~^])', decode, field[1:-1])
want = ''.join(' ' if ord(ch) < 0x20 or 0x7f <= ord(ch) < 0xa0 else ch for ch in title)
assert ' '.join(text.split()) == ' '.join(want.split()), (text, want)
PY
	# The text citation shows the control characters inert.
	if LC_ALL=C grep -q "$(printf '\033')" b/CITATION; then fail "ESC reached CITATION"; fi
	contains b/CITATION '\x1b[31m'
}
TEST 'a title with quotes, braces, percent, controls and UTF-8 reads back exactly from CITATION.cff and CITATION.bib' hostile_title_is_escaped_in_yaml_and_bibtex

# check_csvw DIR: every CSV under DIR has a CSVW sidecar whose columns are its
# header and whose datatypes fit every cell; every sidecar has its CSV.
check_csvw() {
	$PYTHON - "$1" <<'PY' || fail "the CSVW sidecars of $1 do not fit their CSVs"
import csv, datetime, glob, json, os, re, sys
root = sys.argv[1]
problems = []
csvs = sorted(glob.glob(root + '/**/*.csv', recursive=True))
sidecars = sorted(glob.glob(root + '/**/*.csv-metadata.json', recursive=True))
if not csvs:
    problems.append('no CSV')
if sorted(s[:-len('-metadata.json')] for s in sidecars) != csvs:
    problems.append('sidecars and CSVs do not pair up')
fits = {
    'integer': lambda v: re.fullmatch(r'[+-]?[0-9]+', v) and int(v) is not None,
    'decimal': lambda v: re.fullmatch(r'[+-]?[0-9]+(\.[0-9]+)?', v) and float(v) is not None,
    'date': lambda v: datetime.date.fromisoformat(v) and re.fullmatch(r'\d{4}-\d{2}-\d{2}', v),
    'string': lambda v: True,
}
units = {'tokens': 'tokens', 'share': 'percent', 'days': 'days', 'share_change_pp': 'percentage points'}
for path in csvs:
    try:
        meta = json.load(open(path + '-metadata.json', encoding='utf-8'))
    except (OSError, ValueError) as e:
        problems.append('%s: no sidecar: %s' % (path, e))
        continue
    rows = list(csv.reader(open(path, encoding='utf-8', newline='')))
    cols = meta['tableSchema']['columns']
    if meta.get('@context') != 'http://www.w3.org/ns/csvw':
        problems.append(path + ': no CSVW context')
    if meta.get('url') != os.path.basename(path):
        problems.append(path + ': url is ' + repr(meta.get('url')))
    for key in ('dc:title', 'dc:source', 'dc:license'):
        if key not in meta and '/mapping/' not in path:
            problems.append(path + ': no ' + key)
    if [c['name'] for c in cols] != rows[0] or [c['titles'] for c in cols] != rows[0]:
        problems.append('%s: columns %s, header %s' % (path, [c['name'] for c in cols], rows[0]))
        continue
    for c in cols:
        if c['name'] in units and c.get('schema:unitText') != units[c['name']]:
            problems.append('%s: %s has no unit %s' % (path, c['name'], units[c['name']]))
    for n, row in enumerate(rows[1:], 2):
        for c, v in zip(cols, row):
            try:
                ok = v == '' or fits[c['datatype']](v)
            except ValueError:
                ok = False
            if not ok:
                problems.append('%s:%d: %s %r is no %s' % (path, n, c['name'], v, c['datatype']))
                break
typed = [c['datatype'] for s in sidecars for c in json.load(open(s))['tableSchema']['columns']]
for t in ('integer', 'decimal', 'date', 'string'):
    if t not in typed:
        problems.append('no column is ' + t)
for p in problems[:20]:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
}

every_csv_has_a_fitting_csvw_sidecar() {
	expect 0 --db t.db ingest -q "$SAMPLE"
	expect 0 --db t.db bundle --dashboard weekly-share -o b
	check_csvw b
	jq -e '."dc:license"."@id" == "https://creativecommons.org/licenses/by/4.0/" and
	       ."dc:created" == "2026-10-10" and ."dc:temporal" == "2025-01-01/2026-10-09" and
	       (."dc:source" | contains("changes were made"))' b/share-week.csv-metadata.json >/dev/null ||
		fail "share-week's sidecar lacks licence, as-of, range or source"
	expect 0 --db t.db bundle --dashboard market-overview -o m
	check_csvw m
	# A dashboard's CSVs too, and a dashboard with sidecars can be rendered over.
	expect 0 --db t.db dashboard weekly-share -o site
	check_csvw site
	expect 0 --db t.db dashboard weekly-share -o site
	# The check fails when a sidecar's column does not fit its cells.
	sed -i '0,/"datatype": "string"/s//"datatype": "integer"/' site/share.csv-metadata.json
	if (check_csvw site) 2>err; then fail "a string column typed integer passed"; fi
	contains err "is no integer"
}
TEST 'every CSV of a bundle and a dashboard has a CSVW sidecar whose columns are its header and fit its cells' every_csv_has_a_fitting_csvw_sidecar

# 2026-12-04: a bundle directory was found mode 0700, so a web server
# running as another user could not read it; it must follow the umask.
bundle_follows_the_umask() {
	[ "$(id -u)" = 0 ] && command -v su >/dev/null || { echo "note: needs root and su; skipped" >&2; return 0; }
	chmod 755 .
	su nobody -s /bin/sh -c "test -x '$PWD'" ||
		{ echo "note: this directory is not reachable by nobody; skipped" >&2; return 0; }
	expect 0 --db t.db ingest -q "$FIXTURE"
	(umask 022 && expect 0 --db t.db bundle --dashboard weekly-share -o open)
	(umask 077 && expect 0 --db t.db bundle --dashboard weekly-share -o closed)
	[ -d open/mapping ] && [ -s open/mapping/mapping.md ] || fail "no mapping/ in the bundle"
	# Another user reads every file and lists every directory of the 022 bundle.
	su nobody -s /bin/sh -c "find open -type d -exec ls {} + >/dev/null &&
		find open -type f -exec cat {} + >/dev/null" 2>err ||
		{ cat err >&2; fail "nobody cannot read the bundle made under umask 022"; }
	[ "$(find open | wc -l)" -gt 50 ] || fail "the bundle is too small to be the whole"
	# Under 077 nothing is open to others, and nobody reads nothing.
	others=$(find closed -perm /077 | head -n 3)
	[ -z "$others" ] || fail "under umask 077 these are open to others: $others"
	if su nobody -s /bin/sh -c "cat closed/CITATION" >/dev/null 2>&1; then
		fail "nobody reads a bundle made under umask 077"
	fi
	# 0777 and 0666 less the umask: what any file made under 022 gets.
	[ "$(stat -c %a open open/mapping open/CITATION)" = "$(printf '755\n755\n644')" ] ||
		fail "modes under 022: $(stat -c '%a %n' open open/mapping open/CITATION)"
}
TEST 'a bundle made under umask 022 is read whole by another user, and one under 077 by nobody else' bundle_follows_the_umask
