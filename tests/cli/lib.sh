# SPDX-License-Identifier: MIT
# Helpers for the CLI tests, sourced by run.sh. Every helper fails the case
# (exit 1) with a message saying what differed.

DATA=$SRCDIR/tests/data
SAMPLE=$SRCDIR/data/samples/rankings-daily.csv
FIXTURE=$DATA/openrouter-rankings-daily.sample.csv
ORACLE=$SRCDIR/tests/oracle/share.py
REFDIR=$SRCDIR/data/reference
PYTHON=${PYTHON:-python3}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# ts ARGS...: run tokenshare; its status is in $status, output in out/err files.
ts() {
	set +e
	"$TOKENSHARE" "$@" >out 2>err
	status=$?
	set -e
}

# expect STATUS ARGS...: run tokenshare and require that exit status.
expect() {
	want=$1
	shift
	ts "$@"
	if [ "$status" -ne "$want" ]; then
		echo "--- stdout" >&2; cat out >&2
		echo "--- stderr" >&2; cat err >&2
		fail "tokenshare $* exited $status, expected $want"
	fi
}

# wait_for FILE TEXT [SECONDS]: up to SECONDS (10) for TEXT to appear in FILE.
wait_for() {
	for _ in $(seq $((${3:-10} * 20))); do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	cat "$1" >&2
	fail "$1 never showed: $2"
}

# same FILE1 FILE2: byte-identical.
same() {
	cmp -s "$1" "$2" || { diff -u "$1" "$2" | head -40 >&2; fail "$1 and $2 differ"; }
}

# contains FILE TEXT: FILE has TEXT (fixed string).
contains() {
	grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 does not contain: $2"; }
}

lacks() {
	if grep -qF -- "$2" "$1"; then cat "$1" >&2; fail "$1 contains: $2"; fi
}

# share_or_zero FILE PERIOD GROUP: the share of a share CSV, 0.0000 when the
# group has no row in that period (as the chart data has it).
share_or_zero() {
	awk -F, -v p="$2" -v g="$3" '$1 == p && $5 == g { s = $7 } END { print s ? s : "0.0000" }' "$1"
}

# svg_text SVG: every text the SVG draws, one per line, as Python's XML
# parser reads it (entities decoded, tspans joined).
svg_text() {
	"$PYTHON" - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
for e in ET.parse(sys.argv[1]).getroot().iter('{http://www.w3.org/2000/svg}text'):
    t = ''.join(e.itertext()).strip()
    if t:
        print(t)
PY
}

# draws SVG TEXT: the SVG draws TEXT, maybe wrapped over several lines.
draws() {
	svg_text "$1" | tr '\n' ' ' | grep -qF -- "$2" || fail "$1 does not draw: $2"
}

# redraws_identically DIR STEM: gnuplot alone, given STEM.gp and STEM.dat in
# another directory, draws the same STEM.svg.
redraws_identically() {
	mkdir -p redraw-"$2"
	cp "$1/$2.gp" "$1/$2.dat" redraw-"$2"/
	(cd redraw-"$2" && LC_ALL=C gnuplot "$2.gp") || fail "gnuplot failed on $2.gp"
	same "$1/$2.svg" redraw-"$2/$2.svg"
}

# dump DB: the database's content as SQL text (sqlite3, not tokenshare).
dump() {
	sqlite3 "$1" .dump
}

# field FILE PERIOD GROUP COLUMN: one value of a share CSV.
field() {
	awk -F, -v p="$2" -v g="$3" -v c="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$1 == p && $5 == g { print $col[c]; found = 1 }
		END { if (!found) exit 1 }' "$1" || fail "$1: no row for $2 $3"
}

# sql DB QUERY: one value via the sqlite3 shell.
sql() {
	sqlite3 "$1" "$2"
}

# to_api CSV [AS_OF]: the rows as a Data API response (pretty-printed).
to_api() {
	"$PYTHON" - "$@" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
dates = sorted({r['date'] for r in rows})
meta = {'as_of': sys.argv[2] if len(sys.argv) > 2 else None, 'version': 'v1',
        'start_date': dates[0], 'end_date': dates[-1]}
print(json.dumps({'data': [{'date': r['date'], 'model_permaslug': r['model_permaslug'],
                            'total_tokens': r['total_tokens']} for r in rows],
                  'meta': meta}, indent=2))
PY
}

# to_archive CSV DAY DIR: the rows of DAY as an archived day file DIR/DAY.json.
to_archive() {
	"$PYTHON" - "$@" <<'PY'
import csv, json, sys
src, day, out = sys.argv[1:4]
rows = [r for r in csv.DictReader(open(src)) if r['date'] == day]
doc = {'date': day, 'fetched_at': '2026-09-28T03:00:00.123456+00:00', 'as_of': None,
       'data': [{'date': r['date'], 'model_permaslug': r['model_permaslug'],
                 'total_tokens': r['total_tokens']} for r in rows]}
json.dump(doc, open('%s/%s.json' % (out, day), 'w'), indent=1)
PY
}

# days_of CSV: the distinct dates of a rankings CSV.
days_of() {
	tail -n +2 "$1" | cut -d, -f1 | sort -u
}

# as_truth REPORT: a weekly author-country report in the generator's truth
# columns (week_start,tokens_cn,tokens_us,tokens_other), other = not CN/US.
as_truth() {
	"$PYTHON" - "$1" <<'PY'
import csv, collections, sys
weeks = collections.OrderedDict()
for r in csv.DictReader(open(sys.argv[1])):
    w = weeks.setdefault(r['start'], collections.Counter())
    w[r['group'] if r['group'] in ('CN', 'US') else 'other'] += int(r['tokens'])
print('week_start,tokens_cn,tokens_us,tokens_other')
for k, w in weeks.items():
    print('%s,%d,%d,%d' % (k, w['CN'], w['US'], w['other']))
PY
}
