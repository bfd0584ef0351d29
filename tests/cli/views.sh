# SPDX-License-Identifier: MIT
# The --by views (issue 4): every view of the same data sums to the same
# totals, each view groups as its rule says, checked against the stored rows
# and the raw files by independent Python.

RANK_VIEWS="author-country lineage-country author model variant weights family weights-origin"
LOG_VIEWS="$RANK_VIEWS provider provider-country provider-entity-country"

# check_view REPORT TOTALS PERIOD: shares sum to 100 per period within the
# rounding of its rows (each row at most 0.00005 off), and tokens to TOTALS
# ("period,tokens" lines computed from the stored rows by sqlite + Python).
check_view() {
	"$PYTHON" - "$1" "$2" <<'PY' || fail "$3: $(cat view.err)"
import csv, collections, sys
shares, tokens, rows = collections.Counter(), collections.Counter(), collections.Counter()
for r in csv.DictReader(open(sys.argv[1])):
    whole, frac = r['share'].split('.')
    shares[r['period']] += int(whole) * 10000 + int(frac)
    tokens[r['period']] += int(r['tokens'])
    rows[r['period']] += 1
want = {p: int(t) for p, t in csv.reader(open(sys.argv[2]))}
err = open('view.err', 'w')
if dict(tokens) != want:
    err.write('token totals differ: %s' % sorted(set(tokens.items()) ^ set(want.items()))[:4]); sys.exit(1)
for p, s in shares.items():
    if abs(s - 1000000) * 2 > rows[p]:
        err.write('%s: shares sum to %d e-4 over %d rows' % (p, s, rows[p])); sys.exit(1)
PY
}

# period_totals DB QUERY PERIOD: "period,tokens" from "day|tokens" rows.
period_totals() {
	sqlite3 "$1" "$2" | "$PYTHON" -c '
import collections, datetime, sys
kind = sys.argv[1]
out = collections.Counter()
for line in sys.stdin:
    day, t = line.strip().split("|")
    d = datetime.date.fromisoformat(day)
    if kind == "day": key = day
    elif kind == "month": key = day[:7]
    else:
        y, w, _ = d.isocalendar(); key = "%d-W%02d" % (y, w)
    out[key] += int(t)
for k in sorted(out): print("%s,%d" % (k, out[k]))' "$3"
}

TEST 'every rankings view sums to 100 per period and its tokens to the stored totals' rankings_views_add_up
rankings_views_add_up() {
	expect 0 --db t.db ingest "$SAMPLE"
	for p in day week month; do
		period_totals t.db "SELECT day, sum(tokens) FROM rank_row GROUP BY day" $p >totals
		for by in $RANK_VIEWS; do
			expect 0 --db t.db report share --by "$by" --period $p
			check_view out totals "$by $p"
		done
		expect 0 --db t.db report share --groups CN,US --period $p
		check_view out totals "--groups CN,US $p"
	done
}

TEST 'every log view sums to 100 per period and its tokens to the stored totals' log_views_add_up
log_views_add_up() {
	expect 1 --db t.db ingest "$DATA/genlogs-1500.jsonl"    # 22 lines are broken on purpose
	for p in day week month; do
		period_totals t.db "SELECT date(day * 86400, 'unixepoch'), sum(prompt_tokens + completion_tokens) FROM usage_day GROUP BY day" $p >totals
		for by in $LOG_VIEWS; do
			expect 0 --db t.db report share --source logs --by "$by" --period $p
			check_view out totals "$by $p"
		done
	done
}

TEST 'the variant view splits paid, free and other variants as the model ids say' variant_view_follows_ids
variant_view_follows_ids() {
	expect 0 --db t.db ingest "$SAMPLE"
	expect 0 --db t.db report share --by variant --period month
	"$PYTHON" - "$SAMPLE" out <<'PY'
import csv, collections, sys
want = collections.Counter()
for r in csv.DictReader(open(sys.argv[1])):
    m = r['model_permaslug']
    g = 'unattributed' if m == 'other' else 'paid' if ':' not in m else \
        'free' if m.endswith(':free') else 'variant'
    want[(r['date'][:7], g)] += int(r['total_tokens'])
got = {(r['period'], r['group']): int(r['tokens']) for r in csv.DictReader(open(sys.argv[2]))}
assert got == dict(want), sorted(set(got.items()) ^ set(want.items()))[:5]
assert any(g == 'free' for _, g in got), 'no free rows in the sample'
PY
}

TEST 'the lineage view reports its difference to the author view' lineage_view_reports_difference
lineage_view_reports_difference() {
	expect 0 --db t.db ingest "$SAMPLE"
	expect 0 --db t.db report share --by author-country --period month --format json
	mv out author.json
	expect 0 --db t.db report share --by lineage-country --period month --format json
	"$PYTHON" - author.json out <<'PY'
import json, sys
a, l = (json.load(open(f)) for f in sys.argv[1:3])
share = lambda doc: {(r['period'], r['group']): round(r['share'] * 10000) for r in doc['rows']}
sa, sl = share(a), share(l)
want = sorted((p, g, sl.get((p, g), 0) - sa.get((p, g), 0))
              for p, g in set(sa) | set(sl) if sl.get((p, g), 0) != sa.get((p, g), 0))
diff = l['meta']['difference_to_author_country']
got = sorted((d['period'], d['group'], round(d['difference'] * 10000)) for d in diff)
assert got == want, (got[:4], want[:4])
assert got, 'no period differs: the sample has DeepSeek-based US models'
# Fine-tunes of Chinese base models move tokens to CN, never away from it.
assert all(d >= 0 for p, g, d in got if g == 'CN'), got
assert 'lineage' in l['meta']['groups']
PY
}

TEST 'a --by name outside the list is a usage error naming every view' unknown_view_is_usage_error
unknown_view_is_usage_error() {
	expect 2 --db t.db report share --by country
	for by in $LOG_VIEWS; do
		contains err "$by"
	done
}

TEST 'the weights view classes each model as model-weights.csv says' weights_view_follows_table
weights_view_follows_table() {
	expect 0 --db t.db ingest "$SAMPLE"
	expect 0 --db t.db report share --by weights --period month
	"$PYTHON" - "$SAMPLE" "$REFDIR/model-weights.csv" out <<'PY'
import csv, collections, sys
table = {r['model_prefix']: r['weights'] for r in csv.DictReader(open(sys.argv[2]))}
def weights(m):
    m = m.lstrip('~').split(':')[0].lower()
    best = max((p for p in table if m.startswith(p)), key=len, default=None)
    return table[best] if best is not None and table[best] else 'unknown'
want = collections.Counter()
for r in csv.DictReader(open(sys.argv[1])):
    m = r['model_permaslug']
    want[(r['date'][:7], 'unattributed' if m == 'other' else weights(m))] += int(r['total_tokens'])
got = {(r['period'], r['group']): int(r['tokens']) for r in csv.DictReader(open(sys.argv[3]))}
assert got == dict(want), sorted(set(got.items()) ^ set(want.items()))[:5]
assert {g for _, g in got} >= {'open', 'closed'}
PY
}

TEST 'a weights value other than open, closed or empty is rejected with its line' weights_table_is_checked
weights_table_is_checked() {
	cp -r "$REFDIR" ref
	printf 'zzz/,maybe,,https://example.org\n' >>ref/model-weights.csv
	expect 1 --db t.db reference load ref
	contains err "ref/model-weights.csv:"
	contains err "must be open, closed or empty (unknown)"
	printf 'model_prefix,weights,notes,source\nzzz/,open,,\n' >ref/model-weights.csv
	expect 1 --db t.db reference load ref
	contains err "must not be empty"
}
