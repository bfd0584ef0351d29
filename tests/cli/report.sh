# SPDX-License-Identifier: MIT
# The share report's format: columns, sorting, JSON, atomic output.

sample_db() {
	expect 0 --db t.db ingest "$SAMPLE"
}

csv_has_exactly_the_columns() {
	sample_db
	expect 0 --db t.db report share
	[ "$(head -1 out)" = "period,start,end,days,group,tokens,share" ] || fail "header"
	awk -F, 'NR > 1 && NF != 7 { exit 1 }' out || fail "a row without 7 fields"
	# Sorted by period, then tokens descending, then group.
	tail -n +2 out | sort -t, -k2,2 -k6,6nr -k5,5 -c || fail "rows not in the stated order"
	grep -q '^2025-W03,2025-01-13,2025-01-19,7,' out || fail "2025-W03 not labelled"
}

shares_sum_to_100_and_tokens_to_the_total() {
	sample_db
	for p in day week month; do
		expect 0 --db t.db report share --period $p
		awk -F, 'NR > 1 { s[$1] += $7 } END { for (k in s) if (s[k] < 99.9990 || s[k] > 100.0010) { print k, s[k]; exit 1 } }' out ||
			fail "$p shares do not sum to 100"
		got=$(awk -F, 'NR > 1 { t += $6 } END { printf "%.0f", t }' out)
		want=$(awk -F, 'NR > 1 { t += $3 } END { printf "%.0f", t }' "$SAMPLE")
		[ "$got" = "$want" ] || fail "$p token total $got, raw total $want"
	done
}

partial_periods_are_visible() {
	sample_db
	expect 0 --db t.db report share
	# 2025-06-15 and 2025-07-15 are missing upstream (data/samples/SOURCES.md);
	# the series starts on a Wednesday (2025-01-01) and ends on a Friday.
	[ "$(field out 2025-W24 CN days)" = 6 ] || fail "2025-W24 should have 6 days"
	[ "$(field out 2025-W29 CN days)" = 6 ] || fail "2025-W29 should have 6 days"
	[ "$(field out 2025-W01 CN days)" = 5 ] || fail "2025-W01 should have 5 days"
	[ "$(field out 2026-W41 CN days)" = 5 ] || fail "2026-W41 should have 5 days"
	expect 0 --db t.db report share --format json
	jq -e '.meta.coverage.missing_days == ["2024-12-30", "2024-12-31", "2025-06-15", "2025-07-15", "2026-10-10", "2026-10-11"]' out >/dev/null ||
		fail "missing days not listed"
	jq -e '.meta.coverage.partial_periods == ["2025-W01", "2025-W24", "2025-W29", "2026-W41"]' out >/dev/null ||
		fail "partial weeks not listed"
	expect 0 --db t.db report share --period day --from 2025-06-13 --to 2025-06-16
	[ "$(cut -d, -f1 out | sort -u | tr '\n' ' ')" = "2025-06-13 2025-06-14 2025-06-16 period " ] ||
		fail "a missing day got rows"
}

json_rows_equal_csv_rows() {
	sample_db
	for args in "" "--top 9" "--period month"; do
		# shellcheck disable=SC2086
		expect 0 --db t.db report share $args
		mv out rows.csv
		# shellcheck disable=SC2086
		expect 0 --db t.db report share --format json $args
		jq -r '.rows[] | [.period, .start, .end, .days, .group, .tokens, .share] | @csv' out |
			tr -d '"' >json.csv
		# jq prints 4-decimal shares in shortest form (43.12 for 43.1200); normalise both.
		awk -F, -v OFS=, '{ $7 = sprintf("%.4f", $7); print }' json.csv >a
		tail -n +2 rows.csv | awk -F, -v OFS=, '{ $7 = sprintf("%.4f", $7); print }' >b
		same a b
	done
}

json_meta_describes_the_numbers() {
	sample_db
	expect 0 --db t.db report share --format json --top 9
	jq -e '.meta.format == "tokenshare-share" and .meta.format_version == 1' out >/dev/null ||
		fail "format version"
	jq -e '.meta.mapping.version | test("^[0-9a-f]{12}$")' out >/dev/null || fail "mapping version"
	jq -e '.meta.source.citation == "Source: OpenRouter (openrouter.ai/rankings), as of 2026-09-28 to 2026-10-10"' out >/dev/null ||
		fail "citation"
	jq -e '.meta.source.licence == "CC BY 4.0"' out >/dev/null || fail "licence"
	jq -e '.meta.period_rule | test("ISO 8601 week, Monday")' out >/dev/null || fail "period rule"
	jq -e '.meta.top == 9 and .meta.by == "author-country"' out >/dev/null || fail "method"
	v=$(jq -r .meta.mapping.version out)
	expect 0 --db t.db reference show
	contains out "mapping $v"
}

output_file_is_written_atomically() {
	sample_db
	expect 0 --db t.db report share -o week.csv
	[ ! -s out ] || fail "-o also wrote to stdout"
	expect 0 --db t.db report share
	same out week.csv
	ls -a | grep -q '^\.week\.csv\.' && fail "a temporary file was left"
	# A directory we cannot write: the old file must survive untouched.
	mkdir ro
	cp week.csv ro/week.csv
	chmod 555 ro
	if [ "$(id -u)" != 0 ]; then
		expect 5 --db t.db report share --period day -o ro/week.csv
		same week.csv ro/week.csv
	fi
	expect 5 --db t.db report share -o no/such/dir/week.csv
	contains err "no/such/dir/week.csv: cannot write there: No such file or directory"
	chmod 755 ro
}

from_and_to_are_checked() {
	sample_db
	expect 2 --db t.db report share --from 2026-13-01
	contains err "--from '2026-13-01' is not a day (YYYY-MM-DD)"
	expect 2 --db t.db report share --from 2026-02-01 --to 2026-01-01
	contains err "--from is after --to"
	expect 2 --db t.db report share --top 0
	expect 2 --db t.db report share --top x9
	expect 2 --db t.db report share --period fortnight
	expect 2 --db t.db report share --by planet
	expect 0 --db t.db report share --from 2030-01-01
	contains err "no rankings data in the requested range"
	[ "$(cat out)" = "period,start,end,days,group,tokens,share" ] || fail "empty report"
}

TEST 'the CSV has exactly the seven columns in the stated order' csv_has_exactly_the_columns
TEST 'shares sum to 100 per period and tokens to the raw total' shares_sum_to_100_and_tokens_to_the_total
TEST 'periods with missing days show their day count and are listed' partial_periods_are_visible
TEST 'the JSON rows are the CSV rows' json_rows_equal_csv_rows
TEST 'the JSON meta names format, mapping, citation, period rule and method' json_meta_describes_the_numbers
TEST 'an output file is replaced whole or not at all' output_file_is_written_atomically
TEST 'bad report options are usage errors and an empty range warns' from_and_to_are_checked

TEST 'weeks and months bound --from and --to as their first and last days' weeks_and_months_bound_the_range
weeks_and_months_bound_the_range() {
	expect 0 --db t.db ingest -q "$SAMPLE"
	expect 0 --db t.db report share --period month --from 2026-01-01 --to 2026-09-30
	mv out days.csv
	expect 0 --db t.db report share --period month --from 2026-01 --to 2026-09
	same days.csv out
	expect 0 --db t.db report share --from 2026-09-14 --to 2026-10-04
	mv out days.csv
	expect 0 --db t.db report share --from 2026-W38 --to 2026-W40
	same days.csv out
	expect 2 --db t.db report share --from 2026-13
	contains err "--from '2026-13' is not a day (YYYY-MM-DD), an ISO week (YYYY-Www), a month (YYYY-MM), a quarter"
	expect 2 --db t.db report share --to 2025-W53
	contains err "--to '2025-W53' is not a day"
}

TEST 'TSV, JSON and the terminal table hold the CSV rows, and -o says the format by its extension' formats_hold_the_same_rows
formats_hold_the_same_rows() {
	expect 0 --db t.db ingest -q "$SAMPLE"
	for what in share "change --movers 3" coverage; do
		expect 0 --db t.db report $what --period month -o r.csv
		expect 0 --db t.db report $what --period month -o r.tsv
		expect 0 --db t.db report $what --period month --format table
		mv out r.table
		"$PYTHON" - r.csv r.tsv r.table <<'PY' || fail "report $what: a format lost or changed a cell"
import csv, re, sys
want = list(csv.reader(open(sys.argv[1], newline='')))
tsv = [line.rstrip('\n').split('\t') for line in open(sys.argv[2])]
assert tsv == want, (tsv[:3], want[:3])
# The table: the same cells, at least two spaces apart (an empty cell is blank),
# four-decimal numbers rounded half away from zero to one decimal, sign kept.
from decimal import Decimal, ROUND_HALF_UP
def eyes(c):
    m = re.fullmatch(r'([-+]?)([0-9]+\.[0-9]{4})', c)
    if not m:
        return c
    return m.group(1) + str(Decimal(m.group(2)).quantize(Decimal('0.1'), ROUND_HALF_UP))
table = [re.split(r'  +', line.strip()) for line in open(sys.argv[3])]
cells = [[eyes(c) for c in row if c] for row in want]
assert table == cells, (table[:3], cells[:3])
assert any(c.endswith('.0') or re.fullmatch(r'[-+]?[0-9]+\.[0-9]', c) for row in table for c in row)
PY
	done
	# On a terminal (script(1) gives it one) the default is the table; in a pipe, CSV.
	script -qec "$TOKENSHARE --db t.db report share --period month --to 2025-02-28" /dev/null \
		>tty.out </dev/null
	grep -q '^period  *start  *end  *days  *group' tty.out || fail "no table on a terminal: $(cat tty.out)"
	expect 0 --db t.db report share --period month --to 2025-02-28
	head -1 out | grep -q '^period,start,end,days,group' || fail "no CSV in a pipe"
	# -o x.json writes JSON; a format that the extension contradicts is refused.
	expect 0 --db t.db report share --period month -o x.json
	"$PYTHON" -c 'import json, sys; json.load(open("x.json"))' || fail "-o x.json is not JSON"
	expect 2 --db t.db report share --period month -o y.json --format csv
	contains err "-o y.json is a .json file, but --format is csv"
	[ ! -e y.json ] || fail "a refused format wrote y.json"
	expect 2 --db t.db report coverage -o c.json
	contains err "coverage is CSV only"
}

# wide_oracle LONG-CSV: the wide table tokenshare(1) describes, pivoted
# from the independent oracle's long table.
wide_oracle() {
	"$PYTHON" - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
total, periods, share = {}, [], {}
for r in rows:
    total[r['group']] = total.get(r['group'], 0) + int(r['tokens'])
    if not periods or periods[-1][0] != r['period']:
        periods.append((r['period'], r['start'], r['end'], r['days']))
    share[r['period'], r['group']] = r['share']
first = {'CN': 0, 'US': 1}
groups = sorted(total, key=lambda g: (first.get(g, 2), -total[g], g))
out = csv.writer(sys.stdout, lineterminator='\n')
out.writerow(['period', 'start', 'end', 'days'] + groups)
for p in periods:
    out.writerow(list(p) + [share.get((p[0], g), '0.0000') for g in groups])
PY
}

TEST 'the wide table has one share column per group, CN and US first, zeros filled, as the oracle pivoted' wide_table_pivots_the_shares
wide_table_pivots_the_shares() {
	expect 0 --db t.db ingest -q "$SAMPLE"
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --period month --from 2026-01-01 --to 2026-09-30 >long.csv
	wide_oracle long.csv >want.csv
	expect 0 --db t.db report share --wide --period month --from 2026-01 --to 2026-09
	same want.csv out
	head -1 out | grep -q '^period,start,end,days,CN,US,' || fail "CN and US are not first"
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --period month --groups CN,US >long.csv
	wide_oracle long.csv >want.csv
	expect 0 --db t.db report share --wide --period month --groups CN,US
	same want.csv out
	expect 2 --db t.db report share --wide --format json
	contains err "--wide is a table"
	expect 2 --db t.db report change --wide
	contains err "--wide goes with report share"
}
