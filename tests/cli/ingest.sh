# SPDX-License-Identifier: MIT
# Ingesting rankings: the three input shapes, idempotence, order, restatements.

published_weekly_shares() {
	expect 0 --db t.db ingest "$FIXTURE"
	expect 0 --db t.db report share --by author-country --period week
	mv out week.csv
	# Figures stated in the issue for this fixture (tokenshare issue 1).
	for want in 2025-W10:CN:10.4347 2026-W07:CN:43.1221 2026-W08:CN:44.7161 \
	            2025-W10:US:81.7871 2026-W07:US:50.0223 2026-W08:US:48.5665 \
	            2025-W10:unattributed:3.5414 2026-W07:unattributed:5.8534 \
	            2026-W08:unattributed:5.9081; do
		p=${want%%:*} rest=${want#*:} g=${rest%%:*} v=${rest#*:}
		got=$(field week.csv "$p" "$g" share)
		[ "$got" = "$v" ] || fail "$p $g share is $got, expected $v"
	done
}

press_method_top9() {
	expect 0 --db t.db ingest "$FIXTURE"
	expect 0 --db t.db report share --top 9
	mv out top.csv
	# National Business Daily: CN 4.12 T vs US 2.94 T in 2026-W07, CN 5.16 T in W08.
	for want in 2026-W07:CN:4119001453500 2026-W07:US:2933113147344 \
	            2026-W08:CN:5154859366493 2026-W08:US:3153835284609; do
		p=${want%%:*} rest=${want#*:} g=${rest%%:*} v=${rest#*:}
		got=$(field top.csv "$p" "$g" tokens)
		[ "$got" = "$v" ] || fail "$p $g top-9 tokens are $got, expected $v"
	done
	# Everything else, 'other' included, is one group, so shares still add up.
	field top.csv 2026-W07 outside-top-9 tokens >/dev/null
}

reports_equal_independent_computation() {
	expect 0 --db t.db ingest "$SAMPLE"
	for args in "--period week" "--period day" "--period month" "--top 9" \
	            "--period month --top 3" "--from 2025-06-10 --to 2026-02-17" \
	            "--period day --top 1 --from 2026-09-15" "--period week --to 2025-03-05"; do
		# shellcheck disable=SC2086
		expect 0 --db t.db report share $args
		# shellcheck disable=SC2086
		"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" $args >want.csv
		cmp -s out want.csv || { diff -u want.csv out | head -20 >&2; fail "report share $args"; }
	done
}

three_shapes_store_the_same_rows() {
	to_api "$FIXTURE" 2026-03-03T02:00:00.000Z >api.json
	mkdir days
	for d in $(days_of "$FIXTURE"); do to_archive "$FIXTURE" "$d" days; done
	expect 0 --db csv.db ingest --as-of 2026-03-03T02:00:00Z "$FIXTURE"
	expect 0 --db api.db ingest api.json
	expect 0 --db arc.db ingest --as-of 2026-03-03T02:00:00Z days/*.json
	for db in csv api arc; do
		sql $db.db "SELECT day, model, tokens FROM rank_row ORDER BY day, model" >$db.rows
		expect 0 --db $db.db report share --format json
		mv out $db.report
	done
	same csv.rows api.rows
	same csv.rows arc.rows
	same csv.report api.report
	same csv.report arc.report
	[ "$(wc -l <csv.rows)" -eq 1071 ] || fail "expected 1071 stored rows"
}

format_is_detected_and_can_be_forced() {
	to_api "$FIXTURE" >api.json
	expect 0 --db t.db ingest -n api.json
	expect 0 --db t.db ingest -n --format rankings-api api.json
	# Forcing the wrong format is an error about that format, not a guess.
	expect 1 --db t.db ingest --format rankings-csv api.json
	contains err "api.json:1: expected a header line naming date,model_permaslug,total_tokens"
	expect 2 --db t.db ingest --format xml api.json
	contains err "unknown format 'xml'"
}

standard_input_is_read_with_a_dash() {
	"$TOKENSHARE" --db t.db ingest - <"$FIXTURE" >out 2>err || fail "ingest - failed"
	contains out "1071 rows, 21 days (21 new"
	contains err "<stdin>: the input states no as-of time"
}

ingesting_twice_changes_nothing() {
	expect 0 --db t.db ingest "$SAMPLE"
	expect 0 --db t.db report share
	mv out first.csv
	dump t.db | grep -v '^INSERT INTO batch' >first.sql
	expect 0 --db t.db ingest "$SAMPLE"
	contains out "645 days (0 new, 645 unchanged, 0 restated with 0 changed rows)"
	expect 0 --db t.db report share
	same first.csv out
	[ "$(sql t.db 'SELECT count(*) FROM restatement')" = 0 ] || fail "restatements recorded"
	dump t.db | grep -v '^INSERT INTO batch' >second.sql
	same first.sql second.sql
}

any_order_gives_identical_reports() {
	# Split the sample into three files and ingest them in two orders, in
	# both the C and a German locale (decimal comma).
	head -1 "$SAMPLE" >h
	awk -F, 'NR > 1 && $1 < "2025-07-01"' "$SAMPLE" | cat h - >a.csv
	awk -F, 'NR > 1 && $1 >= "2025-07-01" && $1 < "2026-03-01"' "$SAMPLE" | cat h - >b.csv
	awk -F, 'NR > 1 && $1 >= "2026-03-01"' "$SAMPLE" | cat h - >c.csv
	expect 0 --db one.db ingest a.csv b.csv c.csv
	expect 0 --db two.db ingest c.csv
	expect 0 --db two.db ingest a.csv
	expect 0 --db two.db ingest b.csv
	for fmt in csv json; do
		expect 0 --db one.db report share --format $fmt
		mv out one.$fmt
		expect 0 --db two.db report share --format $fmt
		same one.$fmt out
		if locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
			LC_ALL=de_DE.UTF-8 "$TOKENSHARE" --db two.db report share --format $fmt >de.$fmt
			same one.$fmt de.$fmt
		elif [ "${TOKENSHARE_REQUIRE_LOCALES:-0}" = 1 ]; then
			fail "the de_DE.UTF-8 locale is missing (locale-gen de_DE.UTF-8)"
		fi
	done
}

changed_values_are_restatements() {
	expect 0 --db t.db ingest --as-of 2026-03-01 "$FIXTURE"
	# Change two values of one day and one of another.
	awk -F, -v OFS=, '
		$1 == "2026-02-10" && $2 == "deepseek/deepseek-v3.2-20251201" { $3 = sprintf("%.0f", $3 + 1000) }
		$1 == "2026-02-10" && $2 == "other" { $3 = sprintf("%.0f", $3 - 7) }
		$1 == "2025-03-05" && $2 == "google/gemini-2.0-flash-001" { $3 = 1 }
		{ print }' "$FIXTURE" >changed.csv
	[ "$(diff "$FIXTURE" changed.csv | grep -c '^>')" = 3 ] || fail "fixture edit did not change 3 rows"
	expect 0 --db t.db ingest --as-of 2026-03-02 changed.csv
	contains out "21 days (0 new, 19 unchanged, 2 restated with 3 changed rows)"
	contains out "restated 2026-02-10 other:"
	[ "$(sql t.db 'SELECT count(*) FROM restatement')" = 3 ] || fail "expected 3 restatements"
	expect 0 --db t.db report restatements
	[ "$(wc -l <out)" = 4 ] || fail "report restatements: expected 3 rows"
	contains out "2025-03-05,google/gemini-2.0-flash-001,"
	# The report now reflects the new values, and re-ingesting them again is quiet.
	expect 0 --db t.db ingest --as-of 2026-03-02 changed.csv
	[ "$(sql t.db 'SELECT count(*) FROM restatement')" = 3 ] || fail "restated twice"
}

a_model_leaving_the_top_is_a_restatement() {
	head -1 "$FIXTURE" >one.csv
	grep '^2026-02-10,' "$FIXTURE" >>one.csv
	expect 0 --db t.db ingest one.csv
	grep -v 'deepseek/deepseek-v3.2-20251201' one.csv >less.csv
	expect 0 --db t.db ingest less.csv
	[ "$(sql t.db "SELECT count(*) FROM restatement WHERE new_tokens IS NULL AND model = 'deepseek/deepseek-v3.2-20251201'")" = 1 ] ||
		fail "the vanished row is not recorded"
	[ "$(sql t.db "SELECT count(*) FROM rank_row WHERE day = '2026-02-10'")" = 50 ] ||
		fail "the day was not replaced as a whole"
}

older_data_does_not_overwrite_newer() {
	head -1 "$FIXTURE" >one.csv
	grep '^2026-02-10,' "$FIXTURE" >>one.csv
	sed 's/,other,\([0-9]*\)$/,other,1/' one.csv >old.csv
	expect 0 --db t.db ingest --as-of 2026-03-10 one.csv
	expect 0 --db t.db ingest --as-of 2026-03-01 old.csv
	contains err "kept the stored day"
	contains out "1 kept because the stored data is newer"
	[ "$(sql t.db 'SELECT count(*) FROM restatement')" = 0 ] || fail "stale data restated a day"
}

as_of_dates_reach_the_citation() {
	to_api "$FIXTURE" 2026-03-03T02:00:00.000Z >api.json
	expect 0 --db api.db ingest api.json
	expect 0 --db api.db report share --format json
	contains out '"citation": "Source: OpenRouter (openrouter.ai/rankings), as of 2026-03-03"'
	mkdir days
	to_archive "$FIXTURE" 2026-02-10 days
	expect 0 --db arc.db ingest days/2026-02-10.json
	expect 0 --db arc.db report share --format json
	contains out '"as_of_last": "2026-09-28T03:00:00Z"'
	expect 0 --db csv.db ingest "$FIXTURE"
	contains err "states no as-of time"
	expect 0 --db csv.db report share --format json
	contains out 'as of an unrecorded date'
}

# with_as_of CSV: the rows with an as_of column, each day's fetched at 03:00
# UTC the day after it (the same time in two spellings); prints day|epoch.
with_as_of() {
	"$PYTHON" - "$1" >days.want <<'PY'
import csv, datetime, sys
rows = list(csv.DictReader(open(sys.argv[1])))
out = csv.writer(open("asof.csv", "w", newline=""), lineterminator="\n")
out.writerow(["as_of", "date", "model_permaslug", "total_tokens"])
seen = {}
for i, r in enumerate(rows):
    d = datetime.date.fromisoformat(r["date"])
    t = datetime.datetime(d.year, d.month, d.day, 3, tzinfo=datetime.timezone.utc) + datetime.timedelta(days=1)
    stamp = t.strftime("%Y-%m-%dT%H:%M:%SZ") if i % 2 else t.strftime("%Y-%m-%d %H:%M:%S.123+00:00")
    out.writerow([stamp, r["date"], r["model_permaslug"], r["total_tokens"]])
    seen[r["date"]] = int(t.timestamp())
for d in sorted(seen): print("%s|%d" % (d, seen[d]))
PY
}

csv_as_of_column_dates_each_day() {
	with_as_of "$FIXTURE"
	expect 0 --db t.db ingest asof.csv
	lacks err "no as-of"
	sql t.db 'SELECT day, as_of FROM rank_day ORDER BY day' >days.got
	same days.want days.got
	expect 0 --db t.db report share --format json
	contains out '"as_of_first": "2025-03-04T03:00:00Z"'
	contains out '"as_of_last": "2026-02-23T03:00:00Z"'
	# --as-of wins over the column, as over an archived day's own.
	expect 0 --db o.db ingest --as-of 2026-09-28 asof.csv
	[ "$(sql o.db 'SELECT DISTINCT as_of FROM rank_day')" = 1790553600 ] || fail "--as-of did not win"
	# A cell that is not a time is an error at its line; nothing is stored.
	sed '3s/^[^,]*,/yesterday,/' asof.csv >bad.csv
	expect 1 --db b.db ingest bad.csv
	contains err 'bad.csv:3: as_of "yesterday" is not an ISO 8601 time'
	[ ! -e b.db ] || [ "$(sql b.db 'SELECT count(*) FROM rank_row')" = 0 ] || fail "stored"
	sed '3s/^[^,]*,/2099-01-01T00:00:00Z,/' asof.csv >future.csv
	expect 1 --db f.db ingest future.csv
	contains err "future.csv:3: as of 2099-01-01T00:00:00Z, which is in the future"
}

one_day_twice_with_different_values_is_rejected() {
	head -1 "$FIXTURE" >a.csv
	grep '^2026-02-10,' "$FIXTURE" >>a.csv
	sed 's/,other,\([0-9]*\)$/,other,5/' a.csv >b.csv
	cp a.csv same.csv
	expect 0 --db t.db ingest a.csv same.csv
	contains out "51 rows"
	expect 1 --db t2.db ingest a.csv b.csv
	contains err "b.csv:52: 2026-02-10 other has 5 tokens here but"
	contains err "at a.csv:52"
	[ ! -e t2.db ] || [ "$(sql t2.db 'SELECT count(*) FROM rank_row')" = 0 ] || fail "stored"
}

TEST 'weekly shares of the fixture equal the published figures' published_weekly_shares
TEST 'the press method with the top 9 reproduces the published token totals' press_method_top9
TEST 'every report equals an independent computation from the raw rows' reports_equal_independent_computation
TEST 'the API response, archived days and CSV store the same rows' three_shapes_store_the_same_rows
TEST 'the format is detected and --format overrides it' format_is_detected_and_can_be_forced
TEST 'a dash reads standard input' standard_input_is_read_with_a_dash
TEST 'ingesting the same file twice changes nothing' ingesting_twice_changes_nothing
TEST 'files ingested in any order and any locale give byte-identical reports' any_order_gives_identical_reports
TEST 'each changed value is recorded as one restatement' changed_values_are_restatements
TEST 'a model that leaves the top 50 is restated as absent' a_model_leaving_the_top_is_a_restatement
TEST 'data with an older as-of time does not overwrite newer stored data' older_data_does_not_overwrite_newer
TEST 'the as-of time of each input shape reaches the citation' as_of_dates_reach_the_citation
TEST 'a CSV with an as_of column gives each day its own as-of time, and --as-of wins over it' csv_as_of_column_dates_each_day
TEST 'one day given twice with different values in a batch is rejected' one_day_twice_with_different_values_is_rejected

api_example_fixture() {
	expect 0 --db t.db ingest "$DATA/openrouter-rankings-daily.example.json"
	contains out "8 rows, 2 days (2 new"
	expect 0 --db t.db report share --period day --format json
	contains out "as of 2026-03-03"
	# 2026-03-01: anthropic 512340118822 + x-ai 401227730015 are the US tokens.
	jq -e '.rows[] | select(.period == "2026-03-01" and .group == "US") | .tokens == 913567848837' out >/dev/null ||
		fail "US tokens on 2026-03-01"
}

TEST 'the Data API example fixture ingests with its as-of date' api_example_fixture
