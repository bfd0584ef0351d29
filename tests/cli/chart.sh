# SPDX-License-Identifier: MIT
# Charts: the files, what they say, how they are drawn, what a failure leaves.

chart_files_and_labels() {
	expect 0 --db t.db ingest --as-of 2026-09-28 "$SAMPLE"
	expect 0 --db t.db chart share --by author-country --period week -o charts
	for f in share.png share.svg share.gp share.dat; do [ -s charts/$f ] || fail "no $f"; done
	[ "$(head -c 8 charts/share.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
		fail "share.png is not a PNG"
	v=$("$TOKENSHARE" --version | cut -d' ' -f2)
	m=$("$TOKENSHARE" --db t.db report share --format json | jq -r .meta.mapping.version)
	for text in "Share of OpenRouter tokens by model-author country, per ISO week" \
	            "Source: OpenRouter (openrouter.ai/rankings), as of 2026-09-28. CC BY 4.0." \
	            "Mapping $m." "tokenshare $v." "Share of all tokens (%)" "ISO week (UTC)" \
	            "China (CN)" "United States (US)" "rest of world" "unknown author country" \
	            "unattributed" "partial week"; do
		contains charts/share.svg "$text"
	done
	ls -a charts | grep -q '^\.tokenshare-chart' && fail "work directory left behind"
	true
}

chart_data_matches_the_report_and_breaks_at_gaps() {
	expect 0 --db t.db ingest --as-of 2026-09-28 "$SAMPLE"
	expect 0 --db t.db chart share -o c
	expect 0 --db t.db report share
	mv out week.csv
	# Every week of the report is a data line, with the CN and US shares of the report.
	grep -v '^#' c/share.dat | awk 'NF' >lines
	[ "$(wc -l <lines)" = "$(tail -n +2 week.csv | cut -d, -f1 | sort -u | wc -l)" ] ||
		fail "not one line per week"
	while read -r x period days len cn us rest; do
		[ "$cn" = "$(field week.csv "$period" CN share)" ] || fail "$period CN differs"
		[ "$us" = "$(field week.csv "$period" US share)" ] || fail "$period US differs"
	done <lines
	# Only 2026-W07 and 2026-W08 are adjacent; every other pair is split by a blank line.
	blocks=$(grep -v '^#' c/share.dat | awk 'BEGIN { n = 1 } NF == 0 { n++ } END { print n }')
	[ "$blocks" = "$(($(wc -l <lines) - 1))" ] || fail "$blocks line segments"
	grep -v '^#' c/share.dat | grep -A1 '2026-W07' | grep -q '2026-W08' ||
		fail "2026-W07 and W08 are not joined"
}

gnuplot_redraws_identical_svg() {
	expect 0 --db t.db ingest --as-of 2026-09-28 "$SAMPLE"
	expect 0 --db t.db chart share -o c
	mkdir copy
	cp c/share.gp c/share.dat copy/
	(cd copy && LC_ALL=C gnuplot share.gp) || fail "gnuplot failed on the script"
	same c/share.svg copy/share.svg
	expect 0 --db t.db chart share -o c2
	same c/share.svg c2/share.svg
	same c/share.png c2/share.png
}

failing_gnuplot_replaces_nothing() {
	expect 0 --db t.db ingest --as-of 2026-09-28 "$SAMPLE"
	expect 0 --db t.db chart share -o c
	cp -r c before
	printf '#!/bin/sh\necho "gnuplot: simulated failure" >&2\nexit 1\n' >fake
	chmod +x fake
	TOKENSHARE_GNUPLOT=$PWD/fake "$TOKENSHARE" --db t.db chart share --period month -o c \
		>out 2>err && fail "a failing gnuplot did not fail the chart"
	contains err "simulated failure"
	for f in share.png share.svg share.gp share.dat; do same before/$f c/$f; done
	[ "$(ls -a c | wc -l)" = 6 ] || { ls -a c >&2; fail "leftover files"; }
	TOKENSHARE_GNUPLOT=/nonexistent/gnuplot "$TOKENSHARE" --db t.db chart share -o d \
		>out 2>err && fail "a missing gnuplot did not fail"
	contains err "is gnuplot installed?"
}

top_n_chart_shows_outside_group() {
	expect 0 --db t.db ingest "$FIXTURE"
	expect 0 --db t.db chart share --top 9 --period day -o c
	contains c/share.svg "outside the top 9 (other included)"
	contains c/share.svg "per day (top 9 models per day)"
	contains c/share.svg "as of an unrecorded date"
}

TEST 'the chart is a PNG and an SVG with title, axes, legend, citation, mapping and version' chart_files_and_labels
TEST 'the chart data equals the report and breaks lines between non-adjacent weeks' chart_data_matches_the_report_and_breaks_at_gaps
TEST 'gnuplot on the written script redraws the same SVG, and charts are reproducible' gnuplot_redraws_identical_svg
TEST 'a failing or missing gnuplot replaces no chart file and leaves no work files' failing_gnuplot_replaces_nothing
TEST 'a top-N chart shows the group outside the top N' top_n_chart_shows_outside_group

TEST 'the stacked chart draws one bar per period whose groups stack to 100' stacked_chart_stacks_to_100
stacked_chart_stacks_to_100() {
	expect 0 --db t.db ingest --as-of 2026-09-28 "$SAMPLE"
	expect 0 --db t.db chart stacked --period month -o c
	for f in stacked.png stacked.svg stacked.gp stacked.dat; do [ -s c/$f ] || fail "no $f"; done
	contains c/stacked.svg "Share of OpenRouter tokens by model-author country (stacked to 100%), per month"
	contains c/stacked.svg "Source: OpenRouter (openrouter.ai/rankings), as of 2026-09-28."
	# Every data line's groups add up to 100 within the rounding of its 6 columns.
	grep -v '^#' c/stacked.dat | awk 'NF { s = 0; for (i = 5; i <= NF; i++) s += $i;
		if (s < 99.9997 || s > 100.0003) { print $2, s; bad = 1 } } END { exit bad }' ||
		fail "a month does not stack to 100"
	[ "$(grep -v '^#' c/stacked.dat | awk 'NF' | wc -l)" -eq 21 ] || fail "not 21 months"
	# Redrawn by gnuplot alone, the same SVG.
	mkdir copy
	cp c/stacked.gp c/stacked.dat copy/
	(cd copy && LC_ALL=C gnuplot stacked.gp) || fail "gnuplot failed on the script"
	same c/stacked.svg copy/stacked.svg
	expect 2 --db t.db chart pie -o c
}
