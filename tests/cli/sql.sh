# SPDX-License-Identifier: MIT
# The store for SQL users (step 8, item 5): the views of schema/0007_views.sql
# read in Debian's sqlite3 shell give what the reports give, to the token,
# and follow the active mapping. The weekly query is the one printed in
# tokenshare(1), SCHEMA, read from the man page's source.

# The sqlite3 shell's CSV with LF line ends, as the reports write it.
sqlite_csv() {
	db=$1
	shift
	sqlite3 -readonly "$db" '.headers on' '.mode csv' '.separator , "\n"' "$@"
}

# man_query FILE: the weekly share query of tokenshare(1) into FILE.
man_query() {
	awk '/^; @WEEKLY SHARE QUERY@/ { f = 1; next }
		f && /^```/ { if (s) exit; s = 1; next }
		s' "$SRCDIR/doc/tokenshare.1.scd" >"$1"
	n=$(wc -l <"$1")
	[ "$n" -ge 5 ] && [ "$n" -le 10 ] || fail "the man page's query has $n lines, not up to ten"
}

# weekly_query VIEW GROUP MEASURE WHERE DAYS: the man page's query made
# general: any label column, measure and filter of a view; DAYS is the
# query of (iso_week, days) that a report counts in its days column.
weekly_query() {
	cat <<SQL
WITH g AS (SELECT iso_week, week_start, week_end, $2 AS grp, sum($3) AS v
           FROM $1 WHERE $4 GROUP BY 1, 2, 3, 4),
t AS (SELECT iso_week, sum(v) AS total FROM g GROUP BY 1),
d AS ($5),
s AS (SELECT g.*, coalesce(days, 0) AS days, v * 1000 / total * 1000 + v * 1000 % total * 1000 / total
             + (v * 1000 % total * 1000 % total * 2 >= total) AS e4
      FROM g JOIN t USING (iso_week) LEFT JOIN d USING (iso_week))
SELECT iso_week AS period, week_start AS start, week_end AS "end", days, grp AS "group", v AS $3,
       printf('%d.%04d', e4 / 10000, e4 % 10000) AS share
FROM s ORDER BY period, v DESC, "group";
SQL
}

RANK_DAYS="SELECT iso_week, count(*) AS days FROM rankings_days WHERE status = 'final' GROUP BY 1"

# rank_view_is_report DB BY: the rankings view grouped by BY's column is
# report share --by BY, byte for byte.
rank_view_is_report() {
	weekly_query rankings_daily_labelled "$(echo "$2" | tr - _)" tokens 1 "$RANK_DAYS" >q.sql
	sqlite_csv "$1" '.read q.sql' >view.csv
	expect 0 --db "$1" report share --by "$2"
	same view.csv out
}

weekly_query_is_report_share() {
	man_query weekly.sql
	expect 0 --db t.db ingest "$SAMPLE"
	sqlite_csv t.db '.read weekly.sql' >view.csv
	expect 0 --db t.db report share --period week
	same view.csv out
	[ "$(wc -l <out)" -gt 400 ] || fail "the sample gave only $(wc -l <out) rows"
	# Incomplete days count in the tokens, not in the days.
	expect 0 --db f.db ingest "$FIXTURE" "$DATA/openrouter-rankings-daily.example.json"
	[ "$(sql f.db "SELECT count(*) FROM rankings_days WHERE status = 'incomplete'")" -gt 0 ] ||
		fail "the fixture has no incomplete day"
	sqlite_csv f.db '.read weekly.sql' >view.csv
	expect 0 --db f.db report share
	same view.csv out
}

rankings_view_holds_every_row_labelled() {
	expect 0 --db t.db ingest "$SAMPLE"
	[ "$(sql t.db 'SELECT count(*), sum(tokens) FROM rankings_daily_labelled')" = \
	  "$(sql t.db 'SELECT count(*), sum(tokens) FROM rank_row')" ] || fail "rows lost or doubled"
	[ "$(sql t.db "SELECT DISTINCT author_country FROM rankings_daily_labelled WHERE model = 'other'")" = \
	  unattributed ] || fail "the other row is not unattributed"
	[ "$(sql t.db "SELECT DISTINCT mapping_version FROM rankings_daily_labelled")" = \
	  "$(sql t.db "SELECT value FROM setting WHERE key = 'mapping.active'")" ] ||
		fail "the view names another mapping than the active one"
	for by in author-country author lineage-country; do
		rank_view_is_report t.db "$by"
	done
}

views_follow_the_active_mapping() {
	man_query weekly.sql
	expect 0 --db t.db ingest "$SAMPLE"
	model=$(sql t.db "SELECT model FROM rank_row WHERE model LIKE 'deepseek/%' LIMIT 1")
	[ -n "$model" ] || fail "no deepseek model in the fixture"
	[ "$(sql t.db "SELECT author_country FROM model_label WHERE model = '$model'")" = CN ] ||
		fail "$model is not CN under the built-in mapping"
	mkdir moved
	cp "$REFDIR"/*.csv moved/
	# Pretend DeepSeek were French.
	sed -i 's/^deepseek,\([^,]*\),CN,/deepseek,\1,FR,/' moved/authors.csv
	grep -q '^deepseek,[^,]*,FR,' moved/authors.csv || fail "edit"
	# Overrides inside and around openrouter/horizon: the longest prefix wins.
	printf '%s\n' 'openrouter/,,KR,KR,,test,test' 'openrouter/horizon-b,,JP,JP,,test,test' \
		>>moved/model-overrides.csv
	expect 0 --db t.db reference load moved
	[ "$(sql t.db "SELECT group_concat(author_country) FROM (SELECT author_country FROM model_label
	    WHERE model IN ('openrouter/horizon-alpha', 'openrouter/horizon-beta') ORDER BY model)")" = \
	  US,JP ] || fail "the longest override prefix does not win"
	for check in "SELECT DISTINCT author_country FROM rankings_daily_labelled WHERE model = '$model'" \
	             "SELECT author_country FROM model_label WHERE model = '$model'"; do
		[ "$(sql t.db "$check")" = FR ] || fail "not relabelled: $check"
	done
	[ "$(sql t.db 'SELECT origin FROM mapping_active')" = moved ] ||
		fail "mapping_active is $(sql t.db 'SELECT origin FROM mapping_active')"
	sqlite_csv t.db '.read weekly.sql' >view.csv
	expect 0 --db t.db report share
	same view.csv out
	contains view.csv ",FR,"
	rank_view_is_report t.db lineage-country
	expect 0 --db t.db reference load --built-in
	[ "$(sql t.db "SELECT DISTINCT author_country FROM rankings_daily_labelled WHERE model = '$model'")" = \
	  CN ] || fail "not relabelled back"
	sqlite_csv t.db '.read weekly.sql' >view.csv
	expect 0 --db t.db report share
	same view.csv out
}

# log_view_is_report DB SOURCE: every log grouping and measure of the usage
# view is report share --source SOURCE, byte for byte.
log_view_is_report() {
	where=1
	[ "$2" = logs ] || where="source = '$2'"
	days="SELECT iso_week, count(DISTINCT day) AS days FROM usage_daily_labelled WHERE $where GROUP BY 1"
	for by in author-country author lineage-country provider provider-country; do
		for m in tokens requests cost_microusd; do
			weekly_query usage_daily_labelled "$(echo "$by" | tr - _)" "$m" "$where" "$days" >q.sql
			sqlite_csv "$1" '.read q.sql' >view.csv
			expect 0 --db "$1" report share --source "$2" --by "$by" --measure "${m%_microusd}"
			same view.csv out
		done
	done
}

usage_view_is_report_share_logs() {
	for f in genlogs-1500.jsonl openrouter-generation.example.json litellm-spend-logs.example.json \
	         otlp-genai-span.example.json helicone-webhook.example.json \
	         langfuse-observations.example.json openrouter-activity.example.json; do
		ts --db t.db ingest "$DATA/$f"
		[ "$status" -le 1 ] || fail "ingest $f exited $status"
	done
	[ "$(sql t.db 'SELECT sum(requests) FROM usage_daily_labelled')" = \
	  "$(sql t.db 'SELECT sum(requests) FROM usage_day')" ] || fail "rows lost or doubled"
	# Helicone names no provider but OpenRouter: the tables say that is unknown.
	[ "$(sql t.db "SELECT DISTINCT provider FROM usage_daily_labelled WHERE source = 'helicone'")" = \
	  unknown ] || fail "helicone's provider"
	log_view_is_report t.db logs
	log_view_is_report t.db openrouter-generation
	log_view_is_report t.db litellm
}

old_database_gets_the_views() {
	gunzip -c "$DATA/schema4-openrouter-logs.db.gz" >old.db
	expect 0 --db old.db status
	[ "$(sql old.db 'PRAGMA user_version')" -ge 7 ] || fail "not upgraded"
	[ "$(sql old.db 'SELECT count(*) FROM usage_daily_labelled')" -gt 0 ] || fail "no rows"
	log_view_is_report old.db logs
}

TEST 'a ten-line weekly share query over the views in the sqlite3 shell gives exactly report share' weekly_query_is_report_share
TEST 'the rankings view holds every stored row once, labelled as report share groups it' rankings_view_holds_every_row_labelled
TEST 'the views relabel after reference load of a changed mapping and still equal report share' views_follow_the_active_mapping
TEST 'the usage view gives report share of the logs for every grouping, measure and dataset' usage_view_is_report_share_logs
TEST 'a database of an older schema gets the views when it is upgraded' old_database_gets_the_views
