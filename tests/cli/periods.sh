# SPDX-License-Identifier: MIT
# Quarters and years (issue step 8, item 2): report share and report change
# by --period quarter and year, and --from/--to given as 2026-Q3 or 2026,
# checked against the independent share oracle (tests/oracle/share.py),
# which cuts quarters and years with Python's datetime.

TEST 'quarterly and yearly shares equal the oracle, partial ones counted by their days' quarters_and_years_match_oracle
quarters_and_years_match_oracle() {
	expect 0 --db t.db ingest -q "$SAMPLE"
	for kind in quarter year; do
		"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --period $kind >want.csv
		expect 0 --db t.db report share --period $kind
		same want.csv out
		"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --period $kind --groups CN,US >want.csv
		expect 0 --db t.db report share --period $kind --groups CN,US
		same want.csv out
	done
	# Labels and days, by hand: the sample ends on 2026-10-09, nine days into Q4.
	expect 0 --db t.db report share --period quarter --groups CN,US
	contains out '2026-Q3,2026-07-01,2026-09-30,92,'
	contains out '2026-Q4,2026-10-01,2026-12-31,9,'
	expect 0 --db t.db report share --period year --groups CN,US
	contains out '2025,2025-01-01,2025-12-31,'
	# A partial quarter is listed in the JSON meta as a partial week or month
	# is: those whose days (in the oracle's table) fall short of their length.
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --period quarter >want.csv
	expect 0 --db t.db report share --period quarter --format json
	"$PYTHON" - want.csv out <<'PY' || fail "the partial quarters are not the short ones"
import csv, datetime, json, sys
d = datetime.date.fromisoformat
want = sorted({r['period'] for r in csv.DictReader(open(sys.argv[1]))
               if int(r['days']) < (d(r['end']) - d(r['start'])).days + 1})
got = json.load(open(sys.argv[2]))['meta']['coverage']['partial_periods']
assert got == want and '2026-Q4' in got, (got, want)
PY
}

TEST '--from and --to take a quarter or a year, from its first day to its last' bounds_take_quarters_and_years
bounds_take_quarters_and_years() {
	expect 0 --db t.db ingest -q "$SAMPLE"
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --period month --from 2025-04-01 --to 2025-12-31 >want.csv
	expect 0 --db t.db report share --period month --from 2025-Q2 --to 2025
	same want.csv out
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --period quarter --from 2026-01-01 --to 2026-09-30 >want.csv
	expect 0 --db t.db report share --period quarter --from 2026 --to 2026-Q3
	same want.csv out
	expect 2 --db t.db report share --from 2026-Q5
	contains err "--from '2026-Q5' is not a day (YYYY-MM-DD), an ISO week (YYYY-Www), a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY)"
	expect 2 --db t.db report share --to 26
	contains err "--to '26' is not a day"
	expect 2 --db t.db report share --period decade
	contains err "--period 'decade' is not day, week, month, quarter or year"
}

TEST 'quarter over quarter and year over year change equal Python working from the oracle table' change_by_quarter_matches
change_by_quarter_matches() {
	expect 0 --db t.db ingest -q "$SAMPLE"
	for kind in quarter year; do
		"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --period $kind >share.csv
		"$PYTHON" "$SRCDIR/tests/oracle/change.py" share.csv $kind >want.csv
		expect 0 --db t.db report change --period $kind
		same want.csv out
	done
	# 2026-Q3 against 2025-Q3 (the same quarter a year before) is there.
	expect 0 --db t.db report change --period quarter
	grep -q '^2026-Q3,2026-07-01,2026-09-30,CN,.*,2026-04-01,[-+][0-9.]*,[-+][0-9.]*,2025-07-01,[-+]' out ||
		fail "2026-Q3 CN lacks its changes: $(grep '^2026-Q3' out)"
	# --base takes a quarter label.
	expect 0 --db t.db report change --period quarter --base 2025-Q3 --to 2026-Q3
	contains out '2025-Q3'
	contains out '2026-Q3'
}
