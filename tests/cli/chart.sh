# SPDX-License-Identifier: MIT
# Charts: the files, what they say, how they are drawn, what a failure leaves.

chart_files_and_labels() {
	expect 0 --db t.db ingest "$SAMPLE"
	expect 0 --db t.db chart share --by author-country --period week -o charts
	for f in share.png share.svg share.gp share.dat; do [ -s charts/$f ] || fail "no $f"; done
	[ "$(head -c 8 charts/share.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
		fail "share.png is not a PNG"
	v=$("$TOKENSHARE" --version | cut -d' ' -f2)
	m=$("$TOKENSHARE" --db t.db report share --format json | jq -r .meta.mapping.version)
	for text in "Share of OpenRouter tokens by the model maker's country" \
	            "Per ISO week, 2024-12-30 to 2026-10-11." \
	            "Source: OpenRouter (openrouter.ai/rankings), as of 2026-09-28 to 2026-10-10. CC BY 4.0." \
	            "Rest = every other group, unknown and unattributed included." \
	            "Open circle: a week with days missing or not final." \
	            "Dotted lines: model releases (headline releases of the built-in events.csv)." \
	            "Mapping $m." "tokenshare $v." "100%" "Jan 2026"; do
		draws charts/share.svg "$text"
	done
	# The two groups that matter and the rest are labelled at their line ends with
	# the last week's share to one decimal, computed here from the report.
	expect 0 --db t.db report share --groups CN,US
	for g in CN US rest; do
		v=$(field out 2026-W41 $g share)
		label=$(awk -v g=$g -v v="$v" 'BEGIN { printf "%s %.1f%%", g == "rest" ? "Rest" : g, v + 0.00001 }')
		svg_text charts/share.svg | grep -qx -- "$label" || fail "no end label '$label'"
	done
	# No legend box: nothing but those labels names the lines.
	svg_text charts/share.svg | grep -q 'China (CN)' && fail "a legend is drawn"
	ls -a charts | grep -q '^\.tokenshare-chart' && fail "work directory left behind"
	true
}

chart_data_matches_the_report_and_breaks_at_gaps() {
	# A sampled series: 2026-W03, W07 and W08 (adjacent), W11.
	awk -F, 'NR == 1 || ($1 >= "2026-01-12" && $1 <= "2026-01-18") ||
	         ($1 >= "2026-02-09" && $1 <= "2026-02-22") ||
	         ($1 >= "2026-03-09" && $1 <= "2026-03-15")' "$SAMPLE" >gappy.csv
	expect 0 --db t.db ingest gappy.csv
	expect 0 --db t.db chart share -o c
	expect 0 --db t.db report share --groups CN,US
	mv out week.csv
	# Every week of the report is a data line, with the CN, US and rest shares of the report.
	grep -v '^#' c/share.dat | awk 'NF' >lines
	[ "$(wc -l <lines)" = "$(tail -n +2 week.csv | cut -d, -f1 | sort -u | wc -l)" ] ||
		fail "not one line per week"
	while read -r x period days len provisional cn us rest; do
		[ "$cn" = "$(field week.csv "$period" CN share)" ] || fail "$period CN differs"
		[ "$us" = "$(field week.csv "$period" US share)" ] || fail "$period US differs"
		[ "$rest" = "$(field week.csv "$period" rest share)" ] || fail "$period rest differs"
		[ "$provisional" = 0 ] || fail "$period is marked provisional"
	done <lines
	# Only 2026-W07 and 2026-W08 are adjacent; every other pair is split by a blank line.
	blocks=$(grep -v '^#' c/share.dat | awk 'BEGIN { n = 1 } NF == 0 { n++ } END { print n }')
	[ "$blocks" = "$(($(wc -l <lines) - 1))" ] || fail "$blocks line segments"
	grep -v '^#' c/share.dat | grep -A1 '2026-W07' | grep -q '2026-W08' ||
		fail "2026-W07 and W08 are not joined"
	# Sampled data gets markers and says so.
	draws c/share.svg "Sampled: 4 weeks with data; lines break where weeks are missing."
	grep -q 'with points lc rgb .* pt 7' c/share.gp || fail "no point markers on a sampled series"
}

gnuplot_redraws_identical_svg() {
	expect 0 --db t.db ingest "$SAMPLE"
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
	expect 0 --db t.db ingest "$SAMPLE"
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
	expect 0 --db t.db chart share --top 9 --period day --groups CN,US,outside-top-9 -o c
	draws c/share.svg "Only each day's 9 largest models count by group."
	draws c/share.svg "as of an unrecorded date"
	svg_text c/share.svg | grep -q '^outside-top-9 [0-9.]*%$' || fail "no outside-top-9 label"
}

TEST 'the chart is a PNG and an SVG with title, axes, line-end labels, citation, mapping and version' chart_files_and_labels
TEST 'the chart data equals the report and breaks lines between non-adjacent weeks' chart_data_matches_the_report_and_breaks_at_gaps
TEST 'gnuplot on the written script redraws the same SVG, and charts are reproducible' gnuplot_redraws_identical_svg
TEST 'a failing or missing gnuplot replaces no chart file and leaves no work files' failing_gnuplot_replaces_nothing
TEST 'a top-N chart shows the group outside the top N' top_n_chart_shows_outside_group

TEST 'the stacked chart draws one bar per period whose groups stack to 100' stacked_chart_stacks_to_100
stacked_chart_stacks_to_100() {
	expect 0 --db t.db ingest "$SAMPLE"
	expect 0 --db t.db chart stacked --period month --groups all -o c
	for f in stacked.png stacked.svg stacked.gp stacked.dat; do [ -s c/$f ] || fail "no $f"; done
	draws c/stacked.svg "Share of OpenRouter tokens by the model maker's country (stacked to 100%)"
	draws c/stacked.svg "Per month, 2025-01-01 to 2026-10-31."
	draws c/stacked.svg "Source: OpenRouter (openrouter.ai/rankings), as of 2026-09-28 to 2026-10-10."
	# Every data line's groups add up to 100 within the rounding of its columns.
	grep -v '^#' c/stacked.dat | awk 'NF { s = 0; for (i = 6; i <= NF; i++) s += $i;
		if (s < 99.999 || s > 100.001) { print $2, s; bad = 1 } } END { exit bad }' ||
		fail "a month does not stack to 100"
	[ "$(grep -v '^#' c/stacked.dat | awk 'NF' | wc -l)" -eq 22 ] || fail "not 22 months (2025-01..2026-10)"
	# By default: CN, US and the rest, labelled at the last bar.
	expect 0 --db t.db chart stacked --period month -o d
	[ "$(grep '^# x' d/stacked.dat | awk -F' [|] ' '{ print $6, $7, $8 }')" = "CN US rest" ] ||
		fail "the default groups are not CN, US, rest"
	draws d/stacked.svg "CN "
	redraws_identically d stacked
}

release_markers_stand_at_each_release_inside_the_axis() {
	expect 0 --db t.db ingest "$SAMPLE"
	printf 'date,label,model,source\n2025-01-20,R1 here,deepseek/deepseek-r1,https://x\n2024-06-01,Before the axis,a/b,https://x\n2030-01-01,After the axis,a/b,https://x\n2026-02-11,GLM-5,z-ai/glm-5,https://x\n2026-02-12,MiniMax M2.5,minimax/minimax-m2.5,https://x\n' >ev.csv
	expect 0 --db t.db chart share --events=ev.csv -o c
	# Noon UTC of each release day, computed here by Python, not by tokenshare.
	noon() { "$PYTHON" -c "import calendar,sys; y,m,d=map(int,sys.argv[1].split('-')); print(calendar.timegm((y,m,d,12,0,0)))" "$1"; }
	for day in 2025-01-20 2026-02-11; do
		contains c/share.gp "from $(noon $day), graph 0 to $(noon $day), screen"
	done
	# Releases a day apart share one line and one label.
	lacks c/share.gp "from $(noon 2026-02-12), graph 0"
	[ "$(grep -c '^set arrow' c/share.gp)" = 2 ] || fail "not two release lines"
	for label in "R1 here" "GLM-5, MiniMax M2.5"; do
		svg_text c/share.svg | grep -qx -- "$label" || fail "no label $label"
	done
	lacks c/share.gp "Before the axis"
	lacks c/share.gp "After the axis"
	draws c/share.svg "Dotted lines: model releases (ev.csv)."
	redraws_identically c share
	expect 2 --db t.db chart share --events none -o plain
	contains err "unexpected argument 'none': --events takes its value after '='"
	expect 0 --db t.db chart share --events=none -o plain
	lacks plain/share.gp "set arrow"
	lacks plain/share.svg "Dotted lines"
}

bad_events_file_is_refused_with_file_and_line() {
	expect 0 --db t.db ingest "$SAMPLE"
	printf 'date,label,model,source\n2025-13-01,Bad month,a/b,x\n2025-01-20,,a/b,x\n2025-01-21,"two\nlines",a/b,x\n' >ev.csv
	expect 2 --db t.db chart share --events=ev.csv -o c
	contains err "ev.csv:2: the date is not YYYY-MM-DD"
	contains err "ev.csv:3: the label is empty"
	contains err "ev.csv:4: the label is not UTF-8 text on one line"
	[ -e c ] && fail "a refused chart wrote files"
	printf 'day,what\n2025-01-01,x\n' >hdr.csv
	expect 2 --db t.db chart share --events=hdr.csv -o c
	contains err "hdr.csv:1: expected the header date,label,model,source"
	expect 2 --db t.db chart share --events=missing.csv -o c
	contains err "missing.csv: cannot read the events"
}

label_starting_with_a_quote_is_drawn() {
	# gnuplot's '' escape fails where a string opens with a quote or two quotes
	# meet: such labels once made the chart fail (exit 5).
	expect 0 --db t.db ingest "$FIXTURE"
	printf "date,label,model,source\n2025-03-05,'Quoted' release,a/b,https://x\n2025-11-01,two '' quotes',a/b,https://x\n" >ev.csv
	expect 0 --db t.db chart share --events=ev.csv -o c
	svg_text c/share.svg | grep -qx "'Quoted' release" || fail "the first label is not drawn as written"
	svg_text c/share.svg | grep -qx "two '' quotes'" || fail "the second label is not drawn as written"
	redraws_identically c share
}
TEST 'release labels that open with a quote or hold two together are drawn as written' label_starting_with_a_quote_is_drawn

built_in_events_are_dated_labelled_and_sourced() {
	# Read by Python's csv module: every row a real date in order, a label,
	# a model id and at least one https source; the headline rows are those the
	# rule of data/events-notes.md names.
	"$PYTHON" - "$SRCDIR/data/events.csv" <<'PY' || fail "data/events.csv: $(cat why)"
import csv, datetime, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
why = open('why', 'w')
assert list(rows[0].keys()) == ['date', 'label', 'model', 'headline', 'source'], rows[0].keys()
days = [datetime.date.fromisoformat(r['date']) for r in rows]
if days != sorted(days): why.write('not sorted by date'); sys.exit(1)
for n, r in enumerate(rows, 2):
    if not r['label'] or '/' not in r['model'] or not r['source'].startswith('https://'):
        why.write('line %d is incomplete' % n); sys.exit(1)
for name in ('DeepSeek R1', 'MiniMax M2.5', 'GLM-5', 'Kimi K2.5'):
    if name not in [r['label'] for r in rows]: why.write('no ' + name); sys.exit(1)
head = [r['label'] for r in rows if r['headline'] == '1']
if head != ['Claude 3.7 Sonnet', 'Claude Sonnet 4', 'Grok Code Fast 1', 'MiniMax M2.5', 'DeepSeek V4']:
    why.write('headline rows: %r' % head); sys.exit(1)
PY
	expect 0 --db t.db ingest "$SAMPLE"
	# The default marks the headline releases only; a bare --events all of them.
	expect 0 --db t.db chart share -o c
	[ "$(grep -c '^set arrow' c/share.gp)" = 5 ] || fail "the default does not mark 5 releases"
	svg_text c/share.svg | grep -qx "DeepSeek R1" && fail "the default marks a release outside the list"
	expect 0 --db t.db chart share --size wide --events -o all
	svg_text all/share.svg | grep -qx "DeepSeek R1" || fail "--events does not mark DeepSeek R1"
	draws all/share.svg "Dotted lines: model releases (built-in events.csv)."
}

TEST 'release markers stand at noon of each release day inside the axis, near ones merged' release_markers_stand_at_each_release_inside_the_axis
TEST 'a bad events file is refused with file and line and writes nothing' bad_events_file_is_refused_with_file_and_line
TEST 'the built-in events are dated, labelled, sourced and include the issue s releases' built_in_events_are_dated_labelled_and_sourced

provider_country_split_is_charted_from_router_logs() {
	expect 1 --db t.db ingest "$DATA/genlogs-1500.jsonl"    # 22 lines are broken on purpose
	expect 0 --db t.db chart stacked --source logs --by provider-country --period month -o c
	expect 0 --db t.db report share --source logs --by provider-country --period month \
		--groups CN,US
	mv out month.csv
	grep -v '^#' c/stacked.dat | awk 'NF' >lines
	# A month without Chinese-served traffic has no CN row: its bar part is 0.
	while read -r x period days len provisional cn us rest; do
		[ "$cn" = "$(share_or_zero month.csv "$period" CN)" ] || fail "$period CN differs"
		[ "$us" = "$(share_or_zero month.csv "$period" US)" ] || fail "$period US differs"
	done <lines
	[ "$(wc -l <lines)" = "$(tail -n +2 month.csv | cut -d, -f1 | sort -u | wc -l)" ] ||
		fail "not one bar per month"
	draws c/stacked.svg "Share of router tokens by the serving provider's country"
	draws c/stacked.svg "Own router logs (openrouter-generation), every request"
	draws c/stacked.svg "Source: own router logs (openrouter-generation). Rest"
	lacks c/stacked.svg "CC BY 4.0"
	expect 2 --db t.db chart share --source logs --by model -o m
	contains err "charts are drawn for the country views only"
}
TEST 'the provider-country split is charted from router logs with their own source line' provider_country_split_is_charted_from_router_logs

top_chart_bars_are_the_last_period_of_the_model_report() {
	expect 0 --db t.db ingest "$SAMPLE"
	expect 0 --db t.db chart top --top 9 --period week --to 2026-02-22 -o c
	expect 0 --db t.db report share --by model --top 9 --period week --to 2026-02-22
	last=$(tail -n 1 out | cut -d, -f1)
	[ "$last" = 2026-W08 ] || fail "the report ends in $last"
	grep "^$last," out >rows
	# One bar per row of the last period, in the report's order, the outside bar last,
	# each with the report's share, named by its family's display name (the rule of
	# model-families.csv applied here by Python) and its maker's country from
	# authors.csv (no model of this week has an override).
	"$PYTHON" - rows c/top.dat "$REFDIR" <<'PY' ||
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1])))
rows = [r for r in rows if not r[4].startswith('outside-')] + [r for r in rows if r[4].startswith('outside-')]
bars = [l.rstrip('\n').split('\t') for l in open(sys.argv[2]) if not l.startswith('#')]
ref = sys.argv[3]
country = {a['slug']: a['country'] for a in csv.DictReader(open(ref + '/authors.csv'))}
overrides = [o['model_prefix'] for o in csv.DictReader(open(ref + '/model-overrides.csv'))]
fam = {f['model']: f for f in csv.DictReader(open(ref + '/model-families.csv'))}
def name(slug):
    rule = re.sub(r'-20\d{6}$', '', slug.lstrip('~').split(':')[0].lower())
    f = fam.get(rule)
    if f and f['family']:
        f = fam[f['family']]
    return f['name'] if f else slug
assert len(bars) == len(rows) == 10, (len(bars), len(rows))
for i, (r, b) in enumerate(zip(rows, bars), 1):
    assert b[0] == str(i) and b[2] == r[6], (b, r)
    if r[4].startswith('outside-'):
        assert b[1] == '"All other models"' and b[3] == '4', b
        continue
    assert not any(r[4].startswith(p) for p in overrides), r[4]
    c = country.get(r[4].split('/')[0], '')
    want = '"%s (%s)"' % (name(r[4]), c) if c else '"%s"' % name(r[4])
    assert b[1] == want, (b[1], want)
    assert b[3] == {'CN': '0', 'US': '1', '': '3'}.get(c, '2'), (b, c)
PY
		fail "the bars are not the report's last week"
	draws c/top.svg "The 9 largest models on OpenRouter, ISO week 2026-W08"
	draws c/top.svg "All other models"
	draws c/top.svg "Source: OpenRouter (openrouter.ai/rankings), as of 2026-09-28. CC BY 4.0."
	redraws_identically c top
	expect 2 --db t.db chart top --by provider -o d
	contains err "the top chart is of models"
}
TEST 'the top chart has one bar per model of the last period, as the report and the mapping say' top_chart_bars_are_the_last_period_of_the_model_report

compare_chart_puts_token_and_dollar_shares_side_by_side() {
	expect 0 --db t.db ingest "$SAMPLE"
	expect 0 --db t.db prices load "$DATA/openrouter-models.2026-05-07.json" --date 2026-05-07
	expect 0 --db t.db chart compare --prices 2026-05-07 -o c
	expect 0 --db t.db report share
	mv out tokens.csv
	expect 0 --db t.db report share --measure cost --prices 2026-05-07
	mv out dollars.csv
	# Block 0 of the data is the token report, block 1 the dollar report (a
	# group absent from a period is 0 there).
	awk 'BEGIN { b = 0 } /^$/ { blank++; next } { if (blank >= 2) b = 1; blank = 0 }
	     !/^#/ && NF { print b, $2, $6, $7 }' c/compare.dat >lines
	[ "$(grep -c '^0 ' lines)" = "$(tail -n +2 tokens.csv | cut -d, -f1 | sort -u | wc -l)" ] ||
		fail "block 0 is not one line per week"
	[ "$(grep -c '^1 ' lines)" = "$(tail -n +2 dollars.csv | cut -d, -f1 | sort -u | wc -l)" ] ||
		fail "block 1 is not one line per week"
	while read -r block period cn us; do
		f=tokens.csv
		[ "$block" = 1 ] && f=dollars.csv
		[ "$cn" = "$(share_or_zero $f "$period" CN)" ] || fail "$f $period CN differs"
		[ "$us" = "$(share_or_zero $f "$period" US)" ] || fail "$f $period US differs"
	done <lines
	draws c/compare.svg "Share of OpenRouter tokens and of dollars by the model maker's country"
	draws c/compare.svg "Dollars: tokens at OpenRouter /models prices of 2026-05-07"
	svg_text c/compare.svg | grep -qx Tokens || fail "the token panel is not named"
	svg_text c/compare.svg | grep -qx Dollars || fail "the dollar panel is not named"
	redraws_identically c compare
	# On a portrait image the panels stand one above the other.
	expect 0 --db t.db chart compare --prices 2026-05-07 --size phone -o p
	contains p/compare.gp "size 640,800"
	redraws_identically p compare
	# Rankings have no dollars without a price sheet.
	expect 2 --db t.db chart compare -o d
	contains err "--prices DATE"
}
TEST 'the compare chart puts the token and the dollar shares side by side, as the reports say' compare_chart_puts_token_and_dollar_shares_side_by_side
