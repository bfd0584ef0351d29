# SPDX-License-Identifier: MIT
# report change (issue 4): period-over-period and year-over-year change per
# group, and the top movers, checked against Python working from the
# independent share oracle's table (tests/oracle/share.py, then
# tests/oracle/change.py).

# change_oracle SHARE-CSV KIND: the change CSV the rules in tokenshare(1) give.
change_oracle() {
	"$PYTHON" "$SRCDIR/tests/oracle/change.py" "$1" "$2"
}

TEST 'month over month and year over year change equal an independent computation' change_matches_oracle
change_matches_oracle() {
	expect 0 --db t.db ingest "$SAMPLE"
	for kind in month day; do
		"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --period $kind >share.csv
		change_oracle share.csv $kind >want.csv
		expect 0 --db t.db report change --period $kind
		same want.csv out
	done
	# The sample has 2025-09 and 2026-09: a year-over-year value exists.
	expect 0 --db t.db report change --period month
	grep -q '^2026-09,2026-09-01,2026-09-30,CN,.*,2026-08-01,[-+][0-9.]*,[-+][0-9.]*,2025-09-01,[-+]' out ||
		fail "2026-09 CN lacks its changes: $(grep '^2026-09' out)"
}

TEST 'the top movers are the last period groups whose share moved most' movers_are_largest
movers_are_largest() {
	expect 0 --db t.db ingest "$SAMPLE"
	expect 0 --db t.db report change --by model --period day --movers 3
	[ "$(tail -n +2 out | wc -l)" -eq 3 ] || fail "not 3 movers"
	mv out movers.csv
	expect 0 --db t.db report change --by model --period day
	last=$(tail -n 1 "$SAMPLE" | cut -d, -f1)
	"$PYTHON" - movers.csv out "$last" <<'PY'
import csv, sys
movers = [r['group'] for r in csv.DictReader(open(sys.argv[1]))]
rows = [r for r in csv.DictReader(open(sys.argv[2])) if r['period'] == sys.argv[3] and r['share_change_pp']]
rows.sort(key=lambda r: (-abs(float(r['share_change_pp'])), r['group']))
assert movers == [r['group'] for r in rows[:3]], (movers, [r['group'] for r in rows[:3]])
PY
	# Two weeks a month apart: no previous week, no movers, and it says so.
	awk -F, 'NR == 1 || ($1 >= "2026-01-12" && $1 <= "2026-01-18") ||
	         ($1 >= "2026-02-09" && $1 <= "2026-02-15")' "$SAMPLE" >gappy.csv
	expect 0 --db g.db ingest gappy.csv
	expect 0 --db g.db report change --by model --movers 3
	contains err "has no data: no movers to show"
	expect 2 --db t.db report share --movers 3
}

TEST 'the coverage table equals the independent share tables it summarises' coverage_matches_oracle
coverage_matches_oracle() {
	expect 0 --db t.db ingest "$SAMPLE"
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" >all.csv
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --top 9 >top.csv
	expect 0 --db t.db report coverage --top 9
	"$PYTHON" - all.csv top.csv out <<'PY'
import csv, collections, sys
share = lambda part, total: '%d.%04d' % divmod((part * 2000000 + total) // (2 * total), 10000)
total, unknown, unattr, outside, days = (collections.Counter() for _ in range(5))
for r in csv.DictReader(open(sys.argv[1])):
    total[r['period']] += int(r['tokens'])
    days[r['period']] = int(r['days'])
    unknown[r['period']] += int(r['tokens']) if r['group'] == 'unknown' else 0
    unattr[r['period']] += int(r['tokens']) if r['group'] == 'unattributed' else 0
for r in csv.DictReader(open(sys.argv[2])):
    outside[r['period']] += int(r['tokens']) if r['group'] == 'outside-top-9' else 0
got = list(csv.DictReader(open(sys.argv[3])))
assert [r['period'] for r in got] == list(total), 'periods differ'
for r in got:
    p = r['period']
    want = {'days': str(days[p]), 'missing_days': str(7 - days[p]), 'tokens': str(total[p]),
            'unknown_tokens': str(unknown[p]), 'unknown_share': share(unknown[p], total[p]),
            'unattributed_tokens': str(unattr[p]), 'unattributed_share': share(unattr[p], total[p]),
            'top_n': '9', 'top_n_tokens': str(total[p] - outside[p]),
            'top_n_share': share(total[p] - outside[p], total[p])}
    bad = {k: (r[k], v) for k, v in want.items() if r[k] != v}
    assert not bad, (p, bad)
PY
	expect 2 --db t.db report coverage --format json
}

TEST 'a group name with a comma stays one CSV field in the change table' group_with_comma_is_quoted
group_with_comma_is_quoted() {
	printf '%s\n' \
	  '{"id":"gen-1","created_at":"2026-01-05T10:00:00Z","model":"acme/a,b","provider_name":"OpenAI","tokens_prompt":10,"tokens_completion":5,"total_cost":0.001}' \
	  '{"id":"gen-2","created_at":"2026-01-06T10:00:00Z","model":"openai/gpt-4o","provider_name":"OpenAI","tokens_prompt":30,"tokens_completion":5,"total_cost":0.001}' >log.jsonl
	expect 0 --db t.db ingest log.jsonl
	expect 0 --db t.db report change --source logs --by model --period day
	# Read by Python's csv module: every record has the header's width.
	"$PYTHON" -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
assert all(len(r) == len(rows[0]) for r in rows), rows
assert "acme/a,b" in [r[3] for r in rows], rows' out || fail "the change CSV splits a group"
	# The price list names its origin as one field too.
	cp "$DATA/openrouter-models.2026-05-07.json" 'models, saved.json'
	expect 0 --db t.db prices load 'models, saved.json' --date 2026-05-07
	expect 0 --db t.db prices list
	"$PYTHON" -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
assert all(len(r) == 3 for r in rows) and rows[1][2].endswith("models, saved.json"), rows' out ||
		fail "prices list splits the origin"
}

# base_oracle SHARE-CSV BASE GAINERS LOSERS: the --base table tokenshare(1)
# describes, from the oracle's weekly shares (0 = no limit on that side).
base_oracle() {
	"$PYTHON" - "$@" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
base, gainers, losers = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
e4 = lambda s: int(s.replace('.', ''))
now = [r for r in rows if r['days'] == '7'][-1]['period']     # the last full week
start = {r['period']: r['start'] for r in rows}
groups = {}
for r in rows:
    if r['period'] in (base, now):
        g = groups.setdefault(r['group'], {base: (0, 0), now: (0, 0)})
        g[r['period']] = (int(r['tokens']), e4(r['share']))
def signed(v):
    return ('-' if v < 0 else '+' if v > 0 else '') + '%d.%04d' % divmod(abs(v), 10000)
def pct(a, b):
    num = (a - b) * 1000000
    q = (abs(num) * 2 + b) // (2 * b)
    return signed(q if num >= 0 else -q)
table = sorted(((g[now][1] - g[base][1], name, g) for name, g in groups.items()),
               key=lambda t: (-t[0], t[1]))
if gainers or losers:
    up = [t for t in table if t[0] > 0][:gainers]
    down = [t for t in reversed(table) if t[0] < 0][:losers]
    table = up + down
out = csv.writer(sys.stdout, lineterminator='\n')
out.writerow(['group', 'base_period', 'base_start', 'base_tokens', 'base_share', 'period',
              'start', 'tokens', 'share', 'share_change_pp', 'tokens_change_pct'])
for change, name, g in table:
    (bt, bs), (nt, ns) = g[base], g[now]
    out.writerow([name, base, start[base], bt, '%d.%04d' % divmod(bs, 10000), now, start[now],
                  nt, '%d.%04d' % divmod(ns, 10000), signed(change), pct(nt, bt) if bt else ''])
PY
}

TEST 'a chosen base period gives the gainers and losers since then, as an independent computation does' base_period_gainers_and_losers
base_period_gainers_and_losers() {
	expect 0 --db t.db ingest -q "$SAMPLE"
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --by family >family.csv
	base_oracle family.csv 2026-W33 10 0 >want.csv
	expect 0 --db t.db report change --base 2026-W33 --gainers 10 --by family
	same want.csv out
	# Ten gainers, every one of them up.
	[ "$(tail -n +2 out | wc -l)" = 10 ] || fail "not 10 gainers: $(cat out)"
	tail -n +2 out | awk -F, '$10 !~ /^\+/ { exit 1 }' || fail "a gainer that did not gain"
	# Losers apart, after the gainers, largest loss first; and the whole table.
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" >country.csv
	base_oracle country.csv 2026-W33 2 3 >want.csv
	expect 0 --db t.db report change --base 2026-W33 --gainers 2 --losers 3
	same want.csv out
	base_oracle country.csv 2025-W40 0 0 >want.csv
	expect 0 --db t.db report change --base 2025-W40
	same want.csv out
	# Without --base, --gainers compares with the week before.
	expect 0 --db t.db report change --gainers 3 --format json
	"$PYTHON" - out <<'PY' || fail "the JSON meta does not name the compared weeks"
import json, sys
m = json.load(open(sys.argv[1]))['meta']
assert m['base']['period'] == '2026-W39' and m['compared']['period'] == '2026-W40', m
assert m['gainers'] == 3 and m['losers'] is None
PY
}

TEST 'a base that is not a period of the report, not before it or without data is refused' base_period_errors
base_period_errors() {
	expect 0 --db t.db ingest -q "$SAMPLE"
	expect 2 --db t.db report change --base 2026-09
	contains err "tokenshare report: --base '2026-09' is not a week of the report"
	contains err "Try 'tokenshare report --help'."
	expect 2 --db t.db report change --base 2025-W53
	contains err "is not a week"
	expect 2 --db t.db report change --base 2026-W41
	contains err "not before the compared period 2026-W40"
	expect 2 --db t.db report change --base 2026-W01 --from 2026-03-01
	contains err "the base period 2026-W01 has no data in the range"
	expect 2 --db t.db report change --base 2026-W33 --movers 3
	contains err "--movers ranks the last period's movers"
	expect 2 --db t.db report share --gainers 3
	contains err "--gainers goes with report change"
	expect 2 --db t.db report change --losers 0
	contains err "--losers '0' is not a whole number"
	[ ! -s out ] || fail "a refused comparison wrote: $(cat out)"
}
