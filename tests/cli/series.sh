# SPDX-License-Identifier: MIT
# The whole real series (issue 6): its figures, days as they were known
# (provisional, incomplete), labels as they were known (--known-at), model
# families, --groups and --labels. Expected values come from the issue's
# text, from hand computation, or from the Python oracle (tests/oracle).

# A real day of the series under another as-of, or cut short: the fixtures
# for what the shipped series does not have.
day_rows() {
	head -1 "$SAMPLE"
	grep "^$1," "$SAMPLE"
}

the_full_series_reproduces_the_issue_s_figures() {
	expect 0 --db t.db ingest "$SAMPLE"
	contains out "645 days (645 new"
	expect 0 --db t.db report share --period week
	# Mapping-independent: totals and the 'other' row, as the issue states them.
	for want in 2025-W40:5380323659290:6.0615 2026-W14:27005556400914:5.7118 \
	            2026-W30:58041497415980:7.0761; do
		p=${want%%:*} rest=${want#*:} total=${rest%%:*} una=${rest#*:}
		got=$(awk -F, -v p="$p" '$1 == p { t += $6 } END { printf "%.0f", t }' out)
		[ "$got" = "$total" ] || fail "$p total $got, the issue says $total"
		[ "$(field out "$p" unattributed share)" = "$una" ] || fail "$p unattributed share"
	done
	[ "$(field out 2025-W24 CN days)" = 6 ] || fail "2025-W24 should have 6 days (2025-06-15 missing)"
	expect 0 --db t.db report share --format json
	jq -e '.meta.coverage.provisional_days == [] and .meta.coverage.incomplete_days == []' out \
		>/dev/null || fail "a day of the shipped series is flagged"
	# Every day keeps its own as-of time (fetched-at.tsv), not one for the file.
	[ "$(sql t.db "SELECT count(DISTINCT as_of) FROM rank_day")" = \
	  "$(tail -n +2 "$SRCDIR/data/samples/fetched-at.tsv" | cut -f2 | cut -c1-19 | sort -u | wc -l)" ] ||
		fail "the days do not keep their own as-of times"
	[ "$(sql t.db "SELECT as_of FROM rank_day WHERE day = '2026-10-09'")" = \
	  "$(date -u -d 2026-10-10T00:30:31Z +%s)" ] || fail "2026-10-09 is not as of its fetch"
}

a_live_day_is_provisional_until_the_full_day_restates_it() {
	# 2026-10-08 as fetched at noon of that day: half its tokens, not yet final.
	day_rows 2026-10-08 | awk -F, -v OFS=, 'NR > 1 { $3 = sprintf("%.0f", ($3 - $3 % 2) / 2); $4 = "2026-10-08T12:00:00Z" } 1' >live.csv
	expect 0 --db t.db ingest live.csv
	# At the day's first line in the file.
	contains err "live.csv:2: 2026-10-08 is provisional: as of 2026-10-08T12:00:00Z, before the day ended"
	expect 0 --db t.db report share --format json
	jq -e '.meta.coverage.provisional_days == ["2026-10-08"]' out >/dev/null ||
		fail "the live day is not listed as provisional"
	jq -e '[.rows[] | select(.period == "2026-W41") | .days] | unique == [0]' out >/dev/null ||
		fail "the live day counts as a full day"
	expect 0 --db t.db report coverage
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 {
		print $c["days"], $c["missing_days"], $c["provisional_days"], $c["incomplete_days"] }' out >got
	[ "$(cat got)" = "0 6 1 0" ] || fail "coverage of 2026-W41: $(cat got) (days missing provisional incomplete)"
	expect 0 --db t.db chart share -o c
	grep -v '^#' c/share.dat | awk 'NF { print $5 }' | grep -qx 1 || fail "the chart data does not mark it"
	contains c/share.gp "pt 12"
	draws c/share.svg "Diamond: a week holding a provisional (live) day."
	# The whole day, fetched after it ended, replaces it as a restatement.
	day_rows 2026-10-08 >full.csv
	expect 0 --db t.db ingest full.csv
	contains out "1 restated"
	expect 0 --db t.db report share --format json
	jq -e '.meta.coverage.provisional_days == []' out >/dev/null || fail "still provisional"
	[ "$(sql t.db "SELECT count(*) FROM restatement WHERE day = '2026-10-08'")" -gt 0 ] ||
		fail "no restatement recorded"
}

a_truncated_or_other_less_day_is_incomplete() {
	day_rows 2026-10-07 | head -31 >cut.csv                 # 30 model rows, no 'other'
	day_rows 2026-10-06 | grep -v ',other,' >no-other.csv   # 50 model rows, no 'other'
	expect 0 --db t.db ingest cut.csv no-other.csv
	contains err "cut.csv:2: 2026-10-07 is incomplete: 30 model rows (a full day has 50) and no 'other' row"
	contains err "2026-10-06 is incomplete: 50 model rows (a full day has 50) and no 'other' row"
	expect 0 --db t.db report coverage
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 {
		print $c["days"], $c["missing_days"], $c["provisional_days"], $c["incomplete_days"] }' out >got
	[ "$(cat got)" = "0 5 0 2" ] || fail "coverage of 2026-W41: $(cat got) (days missing provisional incomplete)"
	expect 0 --db t.db report share --format json
	jq -e '.meta.coverage.incomplete_days == ["2026-10-06", "2026-10-07"]' out >/dev/null ||
		fail "the incomplete days are not listed"
	day_rows 2026-10-07 >full.csv
	expect 0 --db t.db ingest full.csv
	contains out "1 restated"
	expect 0 --db t.db report share --format json
	jq -e '.meta.coverage.incomplete_days == ["2026-10-06"]' out >/dev/null ||
		fail "the complete copy did not restate 2026-10-07"
}

labels_follow_what_was_public_on_the_known_at_day() {
	# openrouter/pony-alpha was revealed as Z.ai's GLM-5 on 2026-02-11
	# (model-overrides.csv known_since). Hand-computed: 100 of 500 tokens.
	printf 'date,model_permaslug,total_tokens\n2026-02-10,openrouter/pony-alpha,100\n2026-02-10,openai/gpt-5,300\n2026-02-10,other,100\n' >day.csv
	expect 0 --db t.db ingest --as-of 2026-02-11T01:00:00Z day.csv
	expect 0 --db t.db report share --period day --known-at 2026-02-10
	[ "$(field out 2026-02-10 unknown share)" = 20.0000 ] || fail "before the reveal it is not unknown"
	grep -q "^2026-02-10,.*,CN," out && fail "before the reveal CN has a share"
	expect 0 --db t.db report share --period day --known-at 2026-02-11
	[ "$(field out 2026-02-10 CN share)" = 20.0000 ] || fail "after the reveal it is not CN"
	expect 0 --db t.db report share --period day
	[ "$(field out 2026-02-10 CN share)" = 20.0000 ] || fail "today's tables do not say CN"
	expect 0 --db t.db report share --period day --known-at 2026-02-10 --format json
	jq -e '.meta.known_at == "2026-02-10"' out >/dev/null || fail "the JSON does not name it"
	expect 0 --db t.db chart share --period day --known-at 2026-02-10 -o c
	draws c/share.svg "Labels as known on 2026-02-10."
	expect 2 --db t.db report share --known-at 2026-02-30
	contains err "--known-at '2026-02-30' is not a date"
	# A dashboard and a bundle label every view as known on that day.
	expect 0 --db t.db bundle --dashboard weekly-share --known-at 2026-02-10 -o b
	contains b/MANIFEST "tokenshare bundle --dashboard weekly-share --known-at 2026-02-10"
	contains b/METHOD.md "## Labels as known on 2026-02-10"
}

press_figures_hold_with_the_labels_known_in_february() {
	# Step 1's top-9 figures of 2026-W07/W08 (National Business Daily) were
	# computed with what was known then: today's tables as of 2026-02-25 agree.
	expect 0 --db t.db ingest "$FIXTURE"
	expect 0 --db t.db report share --top 9 --known-at 2026-02-25
	for want in 2026-W07:CN:4119001453500 2026-W07:US:2933113147344 \
	            2026-W08:CN:5154859366493 2026-W08:US:3153835284609; do
		p=${want%%:*} rest=${want#*:} g=${rest%%:*} v=${rest#*:}
		[ "$(field out "$p" "$g" tokens)" = "$v" ] || fail "$p $g top-9 tokens differ"
	done
	expect 0 --db t.db report share --known-at 2026-02-25
	mv out got.csv
	"$PYTHON" "$ORACLE" "$FIXTURE" "$REFDIR" --known-at 2026-02-25 >want.csv
	same want.csv got.csv
}

families_fold_versions_and_sum_to_100() {
	expect 0 --db t.db ingest "$SAMPLE"
	for p in week month; do
		expect 0 --db t.db report share --by family --period $p
		mv out got.csv
		"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --by family --period $p >want.csv
		same want.csv got.csv
		awk -F, 'NR > 1 { s[$1] += $7 } END { for (k in s) if (s[k] < 99.999 || s[k] > 100.001) exit 1 }' got.csv ||
			fail "--by family shares do not sum to 100 per $p"
	done
	# The issue's example: dated versions and the :free variant are one family.
	grep -c '^2026-08,.*,deepseek/deepseek-v4-flash,' got.csv | grep -qx 1 || fail "V4 Flash is not one family"
	grep -q 'deepseek-v4-flash-2026' got.csv && fail "a dated version is its own family"
	# Display names only where asked, in a column of their own.
	expect 0 --db t.db report share --by family --period month --labels names --from 2026-08-01
	[ "$(head -1 out)" = "period,start,end,days,group,name,tokens,share" ] || fail "no name column"
	grep -q '^2026-08,.*,deepseek/deepseek-v4-flash,DeepSeek V4 Flash,' out || fail "no display name"
}

groups_keep_some_and_fold_the_rest() {
	expect 0 --db t.db ingest "$SAMPLE"
	expect 0 --db t.db report share --groups CN,US
	mv out kept.csv
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --groups CN,US >want.csv
	same want.csv kept.csv
	[ "$(tail -n +2 kept.csv | cut -d, -f5 | sort -u | tr '\n' ' ')" = "CN US rest " ] ||
		fail "groups other than CN, US and rest"
	expect 0 --db t.db report share --groups all
	mv out all.csv
	expect 0 --db t.db report share
	same out all.csv
	expect 0 --db t.db report share --by weights-origin
	mv out wo.csv
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --by weights-origin >want.csv
	same want.csv wo.csv
	expect 0 --db t.db report share --groups CN,US --labels names --period month --from 2026-09-01 --to 2026-09-30
	grep -q '^2026-09,2026-09-01,2026-09-30,30,CN,China,' out || fail "CN is not named China"
	grep -q ',rest,Rest,' out || fail "rest is not named"
	expect 2 --db t.db report share --groups CN,rest
	contains err "'rest' is the group the others fold into"
	expect 2 --db t.db report share --groups CN,,US
	expect 2 --db t.db report share --groups CN,CN
	expect 2 --db t.db report share --labels full
	contains err "--labels 'full' is not codes or names"
}

chart_sizes_are_presets_or_pixels() {
	expect 0 --db t.db ingest "$FIXTURE"
	expect 0 --db t.db chart share --size phone --title "A title of mine" --subtitle "Mine too" -o p
	contains p/share.gp "size 640,800"
	draws p/share.svg "A title of mine"
	draws p/share.svg "Mine too"
	expect 0 --db t.db chart stacked --size 900x900 -o q
	contains q/stacked.gp "size 900,900"
	for bad in 100x100 tiny 900x 5000x800; do
		expect 2 --db t.db chart share --size "$bad" -o r
		contains err "--size '$bad' is not WxH"
	done
	[ -e r ] && fail "a refused chart wrote files"
	true
}

TEST 'the full series reproduces the issue s figures, each day with its own as-of' the_full_series_reproduces_the_issue_s_figures
TEST 'a live day is provisional until the full day restates it' a_live_day_is_provisional_until_the_full_day_restates_it
TEST 'a truncated or other-less day is incomplete until a complete copy restates it' a_truncated_or_other_less_day_is_incomplete
TEST 'labels follow what was public on the --known-at day' labels_follow_what_was_public_on_the_known_at_day
TEST 'the February 2026 press figures hold with the labels known then' press_figures_hold_with_the_labels_known_in_february
TEST 'families fold dated versions and variants and their shares sum to 100' families_fold_versions_and_sum_to_100
TEST 'groups keep the listed ones and fold the rest, as the oracle does' groups_keep_some_and_fold_the_rest
TEST 'chart sizes are presets or pixels, with titles of one s own' chart_sizes_are_presets_or_pixels
