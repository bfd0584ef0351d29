# SPDX-License-Identifier: MIT
# tokenshare demo on the shipped sample.

demo_writes_the_report_set() {
	expect 0 demo -o d
	for f in share-week.csv share-week.json share-week-top9.csv share-month.csv share-month.json \
	         share.png share.svg share-month.png share-month.svg; do
		[ -s d/$f ] || fail "demo did not write $f"
		contains out "wrote d/$f"
	done
	# One week per ISO week in the sample, computed with GNU date, not tokenshare.
	for day in $(days_of "$SAMPLE"); do date -u -d "$day" +%G-W%V; done | sort -u >want-weeks
	tail -n +2 d/share-week.csv | cut -d, -f1 | sort -u >got-weeks
	same want-weeks got-weeks
	[ "$(wc -l <want-weeks)" = 93 ] || fail "the sample should span 93 weeks (2025-W01..2026-W41)"
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" >want.csv
	same want.csv d/share-week.csv
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --top 9 >want9.csv
	same want9.csv d/share-week-top9.csv
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --period month >wantm.csv
	same wantm.csv d/share-month.csv
}

demo_headline_is_the_latest_week() {
	expect 0 demo -o d
	# The last full week (7 days; 2026-W41 has 5), and the first week of the
	# last unbroken run of full weeks with CN above US, found here with awk.
	cn=$(field d/share-week.csv 2026-W40 CN share)
	us=$(field d/share-week.csv 2026-W40 US share)
	# One decimal for a reader, half away from zero (Python's Decimal), then the CSV's four.
	h() { "$PYTHON" -c 'import decimal, sys; print(decimal.Decimal(sys.argv[1]).quantize(decimal.Decimal("0.1"), decimal.ROUND_HALF_UP))' "$1"; }
	contains out "Last full week 2026-W40 (2026-09-28 to 2026-10-04): models from China $(h "$cn") %, from the US $(h "$us") % of all tokens ($cn % and $us % to four decimals"
	since=$(awk -F, 'NR > 1 && $4 == 7 { s[$1, $5] = $7; if (!($1 in seen)) { seen[$1]; w[++n] = $1 } }
		END { for (i = 1; i <= n; i++) { if (s[w[i], "CN"] + 0 > s[w[i], "US"] + 0) { if (!run) run = w[i] } else run = "" }
		      print run }' d/share-week.csv)
	[ "$since" = 2026-W18 ] || fail "the weekly lines should stay crossed from 2026-W18, not $since"
	contains out "China has been above the US in every full week since $since"
	contains out "Source: OpenRouter (openrouter.ai/rankings), as of 2026-09-28 to 2026-10-10"
}

demo_chart_shows_cn_rising() {
	expect 0 demo -o d
	grep -v '^#' d/share.dat | awk 'NF { print $6 }' >cn
	first=$(head -1 cn) last=$(tail -1 cn)
	awk -v a="$first" -v b="$last" 'BEGIN { exit !(b > a + 40) }' ||
		fail "CN share went from $first to $last"
}

demo_starts_fresh_every_time() {
	expect 0 demo -o d
	cp d/share-week.csv first.csv
	sqlite3 d/tokenshare.db "UPDATE rank_row SET tokens = 1"
	expect 0 demo -o d
	same first.csv d/share-week.csv
	contains out "645 days (645 new"
}

TEST 'the demo writes CSV, JSON, top-9 CSV and chart for every week of the sample' demo_writes_the_report_set
TEST 'the demo headline is the last full week, the week CN stayed above US from, and the citation' demo_headline_is_the_latest_week
TEST 'the demo chart shows the Chinese share rising across the sample' demo_chart_shows_cn_rising
TEST 'the demo starts from a fresh database every run' demo_starts_fresh_every_time
