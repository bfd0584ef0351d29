# SPDX-License-Identifier: MIT
# Error paths that end: a database that fails in the middle of a pipeline
# ends it with a message and an exit status (or, in a daemon, a logged
# retry), never a hang; the batches committed before the failure are exact.

# chat_log N: N chat.completion records, one a minute from 2026-01-01 UTC,
# each 10 + 5 tokens (ids chatcmpl-0 ...).
chat_log() {
	"$PYTHON" - "$1" <<'PY'
import sys
t0 = 1767225600
for i in range(int(sys.argv[1])):
    print('{"id":"chatcmpl-%d","object":"chat.completion","created":%d,'
          '"model":"deepseek/deepseek-v3.2","usage":{"prompt_tokens":10,'
          '"completion_tokens":5}}' % (i, t0 + 60 * i))
PY
}

# requests_stored DB: the requests counted in the database (sqlite3 shell).
requests_stored() {
	sqlite3 "$1" 'SELECT coalesce(sum(requests), 0) FROM usage_day'
}

# fail_ids_from DB DAYS: every request id of day 2026-01-01 + DAYS and later
# fails to be recorded, as a full disk would fail it (a trigger; the first
# records of a batch are stored before it fires).
fail_ids_from() {
	sqlite3 "$1" "CREATE TRIGGER boom BEFORE INSERT ON seen_request
		WHEN NEW.key >= $(((20454 + $2) << 46))
		BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END;"
}

# await_requests DB N: up to 20 s for DB to hold N requests; 1 if it did not.
await_requests() {
	for _ in $(seq 400); do
		[ "$(requests_stored "$1" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.05
	done
	return 1
}

# start_collect N: runs collect with ./tokenshare.conf on c.db in the
# background ($pid) and waits up to 20 s for it to have stored N requests.
start_collect() {
	"$TOKENSHARE" collect --config tokenshare.conf </dev/null >collect.out 2>collect.err &
	pid=$!
	CLEANUP_PIDS="$CLEANUP_PIDS $pid"
	await_requests c.db "$1" || fail "collect did not read the log"
}

integrity_ok() {
	[ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ] || fail "$1 is corrupt"
}

# 2026-12-02: a database error in the second batch of a log file left the
# writer waiting for a chunk the parser had dropped: ingest never ended.
db_error_mid_file_ends_ingest() {
	chat_log 200000 >big.log
	expect 0 --db t.db ingest -q "$DATA/openai-chat-completion.example.json"
	fail_ids_from t.db 46    # records 66240.. are in the second batch of 65536
	set +e
	timeout 60 "$TOKENSHARE" --db t.db ingest big.log >out 2>err
	status=$?
	set -e
	[ $status -ne 124 ] || fail "ingest hung on a database error"
	[ $status -eq 4 ] || { cat err >&2; fail "ingest exited $status, expected 4"; }
	contains err "disk full (test)"
	contains err "big.log: the database failed; the last batch was not stored"
	integrity_ok t.db
	# The first batch is committed whole, with the position it reached.
	[ "$(requests_stored t.db)" -eq $((65536 + 1)) ] || fail "not exactly the first batch stored"
	sqlite3 t.db 'DROP TRIGGER boom'
	expect 0 --db t.db ingest big.log
	contains out "134464 counted, 0 already seen"
	[ "$(requests_stored t.db)" -eq 200001 ] || fail "the re-run is not exact"
}

# wait_count FILE TEXT N: up to 30 s for TEXT to appear N times in FILE.
wait_count() {
	for _ in $(seq 600); do
		[ "$(grep -cF -- "$2" "$1" 2>/dev/null)" -ge "$3" ] && return 0
		sleep 0.05
	done
	return 1
}

# stops_within PID SECONDS: SIGTERM ends PID with status 0 within SECONDS.
stops_within() {
	kill -TERM "$1"
	for _ in $(seq $(($2 * 20))); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -9 "$1"
		fail "still running $2 s after SIGTERM"
	fi
	set +e
	wait "$1"
	st=$?
	set -e
	[ $st -eq 0 ] || fail "exited $st on SIGTERM"
}

db_error_mid_file_is_retried_by_follow() {
	chat_log 200000 >app.log
	expect 0 --db f.db ingest -q "$DATA/openai-chat-completion.example.json"
	fail_ids_from f.db 46
	"$TOKENSHARE" --db f.db ingest --follow --interval 100 app.log </dev/null >/dev/null 2>follow.err &
	pid=$!
	CLEANUP_PIDS="$CLEANUP_PIDS $pid"
	wait_for follow.err "disk full (test)" 20
	# It keeps trying at every look, and answers SIGTERM.
	wait_count follow.err "disk full (test)" 2 || fail "the follower did not try again"
	stops_within $pid 5
	integrity_ok f.db
	[ "$(requests_stored f.db)" -eq $((65536 + 1)) ] || fail "not exactly the first batch stored"
	sqlite3 f.db 'DROP TRIGGER boom'
	"$TOKENSHARE" --db f.db ingest --follow --interval 100 app.log </dev/null >/dev/null 2>follow2.err &
	pid=$!
	CLEANUP_PIDS="$CLEANUP_PIDS $pid"
	await_requests f.db 200001 || true
	stops_within $pid 5
	[ "$(requests_stored f.db)" -eq 200001 ] || fail "the follower did not converge"
}

db_error_mid_file_keeps_collect_alive() {
	chat_log 200000 >app.log
	expect 0 --db c.db ingest -q "$DATA/openai-chat-completion.example.json"
	fail_ids_from c.db 46
	printf 'database = %s\nproviders_interval = 0\nmodels_interval = 0\nrankings_interval = 0\nfollow_interval = 100ms\nfollow = %s\n' \
		"$PWD/c.db" "$PWD/app.log" >tokenshare.conf
	"$TOKENSHARE" collect --config tokenshare.conf </dev/null >collect.out 2>collect.err &
	pid=$!
	CLEANUP_PIDS="$CLEANUP_PIDS $pid"
	wait_for collect.err "disk full (test)" 20
	wait_count collect.err "disk full (test)" 2 || fail "collect did not try again"
	stops_within $pid 5
	contains collect.err "stopping"
	integrity_ok c.db
	[ "$(requests_stored c.db)" -eq $((65536 + 1)) ] || fail "not exactly the first batch stored"
}

TEST 'a database error in the middle of a log file ends ingest with status 4, the batches before it kept' db_error_mid_file_ends_ingest
TEST 'a database error in the middle of a followed file is logged and retried, and SIGTERM still ends the follower' db_error_mid_file_is_retried_by_follow
TEST 'a database error in the middle of a followed file leaves collect retrying and answering SIGTERM' db_error_mid_file_keeps_collect_alive

# week_total CSV PERIOD: the tokens of a period in a share CSV (awk).
week_total() {
	awk -F, -v p="$2" '$1 == p { t += $6 } END { printf "%d\n", t }' "$1"
}

# gnuplot_that_ingests DB: a gnuplot whose first run first stores a new
# week of rankings into DB (a collector committing while a page renders).
gnuplot_that_ingests() {
	grep '^2026-02-22,' "$FIXTURE" | sed 's/^2026-02-22,/2026-02-23,/' >late.csv
	sed -i '1i date,model_permaslug,total_tokens' late.csv
	cat >gnuplot-ingests <<SH
#!/bin/sh
if [ ! -e "$PWD/ingested" ]; then
	: >"$PWD/ingested"
	"$TOKENSHARE" --db "$PWD/$1" ingest -q --as-of 2026-03-01 "$PWD/late.csv" || exit 99
fi
exec gnuplot "\$@"
SH
	chmod +x gnuplot-ingests
}

# 2026-12-02: each view of a dashboard read the database anew, so a
# collector committing during the render gave views that disagree (a week
# in one view and absent from another) and ids that indexed past arrays.
dashboard_reads_one_snapshot() {
	expect 0 --db t.db ingest -q --as-of 2026-03-01 "$FIXTURE"
	gnuplot_that_ingests t.db
	TOKENSHARE_GNUPLOT=$PWD/gnuplot-ingests expect 0 --db t.db dashboard weekly-share -o site
	[ -e ingested ] || fail "the wrapper did not run"
	# The new week is in the database now, but in no view of the page.
	expect 0 --db t.db report share -o now.csv
	grep -q '^2026-W09,' now.csv || fail "the late week was not stored"
	for f in site/*.csv; do
		if grep -q '^2026-W09,' "$f"; then fail "$f shows the week stored during the render"; fi
	done
	last=$(tail -n 1 site/share-week.csv | cut -d, -f1)
	[ "$(week_total site/top-week.csv "$last")" = "$(week_total site/share-week.csv "$last")" ] ||
		fail "the top chart and the share table disagree on $last"
	# A bundle likewise: the day after arrives during its render.
	rm ingested
	sed -i 's/^2026-02-23,/2026-02-24,/' late.csv
	TOKENSHARE_GNUPLOT=$PWD/gnuplot-ingests expect 0 --db t.db bundle --dashboard weekly-share -o pub
	[ -e ingested ] || fail "the wrapper did not run"
	last=$(tail -n 1 pub/share-week.csv | cut -d, -f1,4)
	[ "$last" = "2026-W09,1" ] || fail "the bundle does not start from the stored state ($last)"
	[ "$(week_total pub/top-week.csv 2026-W09)" = "$(week_total pub/share-week.csv 2026-W09)" ] ||
		fail "the bundle's top chart and share table disagree"
	expect 0 bundle --verify pub
}

# corrupt_usage DB: a usage row that names a model id no table holds.
corrupt_usage() {
	sqlite3 "$1" "INSERT INTO usage_day SELECT source_id, day, 999999, provider_id, requests,
		prompt_tokens, completion_tokens, reasoning_tokens, cached_tokens, cost_micro,
		cost_requests FROM usage_day LIMIT 1" || fail "cannot damage the database"
}

dangling_ids_are_a_corrupt_database() {
	expect 1 --db t.db ingest -q "$DATA/genlogs-1500.jsonl"
	corrupt_usage t.db
	expect 4 --db t.db report share --source logs
	contains err "corrupt database"
	expect 4 --db t.db report share --source logs --by model --top 3
	# A cell blob that is not varints, read by a time-zone report.
	expect 1 --db z.db ingest -q "$DATA/genlogs-1500.jsonl"
	sqlite3 z.db "UPDATE usage_q SET cells = x'ffffffffffffffffffffff'
		WHERE bucket = (SELECT min(bucket) FROM usage_q)"
	expect 4 --db z.db report share --source logs --tz Asia/Shanghai
	contains err "corrupt"
	# A cell naming a model id that does not exist (varints 0x7f... = 127).
	expect 1 --db y.db ingest -q "$DATA/genlogs-1500.jsonl"
	sqlite3 y.db "UPDATE usage_q SET cells = x'ff7f0101010101010101'
		WHERE bucket = (SELECT min(bucket) FROM usage_q)"
	expect 4 --db y.db report share --source logs --tz Asia/Shanghai --by model
	contains err "corrupt database"
}

TEST 'a dashboard and a bundle rendered while data arrives show one state of the database in every view' dashboard_reads_one_snapshot
TEST 'a usage row or cell naming a model that does not exist is a corrupt database, exit 4, not a crash' dangling_ids_are_a_corrupt_database

# 2026-12-02: a daemon waiting for another process's write lock (a busy
# timeout of 10 s, again at every try) did not answer SIGTERM in time.
sigterm_is_answered_while_another_holds_the_lock() {
	chat_log 3000 >all.log
	head -n 1000 all.log >app.log
	printf 'database = %s\nproviders_interval = 0\nmodels_interval = 0\nfollow_interval = 100ms\nfollow = %s\n' \
		"$PWD/c.db" "$PWD/app.log" >tokenshare.conf
	start_collect 1000
	# Another writer takes the lock and keeps it; new lines arrive meanwhile.
	mkfifo hold
	(sqlite3 c.db <hold >/dev/null 2>&1) &
	CLEANUP_PIDS="$CLEANUP_PIDS $!"
	exec 7>hold
	echo "BEGIN IMMEDIATE; INSERT INTO setting VALUES ('lock', 'held');" >&7
	sleep 0.3
	tail -n +1001 all.log >>app.log
	sleep 1.5       # collect now waits for the lock
	stops_within $pid 5
	exec 7>&-
	sleep 0.2
	integrity_ok c.db
	[ "$(requests_stored c.db)" = 1000 ] || fail "something was stored under another's lock"
	# Started again, it reads the rest: nothing was lost.
	"$TOKENSHARE" collect --config tokenshare.conf </dev/null >collect2.out 2>collect2.err &
	pid=$!
	CLEANUP_PIDS="$CLEANUP_PIDS $pid"
	await_requests c.db 3000 || true
	stops_within $pid 5
	[ "$(requests_stored c.db)" = 3000 ] || fail "the second run did not read the rest"
}

TEST 'the daemon answers SIGTERM within 5 s while another process holds the write lock' sigterm_is_answered_while_another_holds_the_lock

# same_week_totals DIR CSV...: every week has the same total tokens in
# each of the share CSVs of DIR (views of one state of the database).
same_week_totals() {
	dir=$1
	shift
	for f in "$@"; do
		awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "tokens") c = i; next }
		         { t[$1] += $c } END { for (p in t) printf "%s %d\n", p, t[p] }' "$dir/$f" |
			sort >"$dir.$f.totals"
	done
	first=$1
	shift
	for f in "$@"; do
		cmp -s "$dir.$first.totals" "$dir.$f.totals" ||
			{ diff "$dir.$first.totals" "$dir.$f.totals" >&2
			  fail "$dir: $first and $f disagree on a week's total"; }
	done
}

# The daemon at work (following a growing log, polling the fake OpenRouter)
# while reports, dashboards and bundles are rendered from the same file.
concurrent_renders_agree() {
	. "$SRCDIR/tests/cli/fakeapi.sh"
	serve
	chat_log 20000 >all.log
	head -n 2000 all.log >app.log
	printf '%s\n' "database = $PWD/c.db" "api_base = $API" "rankings_start = 2026-10-01" \
		"rankings_interval = 2" "providers_interval = 0" "models_interval = 0" \
		"follow_interval = 100ms" "follow = $PWD/app.log" >tokenshare.conf
	start_collect 2000
	# The log grows by 600 lines every 0.2 s while the renders run.
	(
		n=2000
		while [ $n -lt 20000 ]; do
			sed -n "$((n + 1)),$((n + 600))p" all.log >>app.log
			n=$((n + 600))
			sleep 0.2
		done
	) &
	grower=$!
	CLEANUP_PIDS="$CLEANUP_PIDS $grower"
	views='maker-country-week.csv server-country-week.csv server-entity-week.csv provider-week.csv'
	i=0
	while [ $i -lt 5 ]; do
		i=$((i + 1))
		expect 0 --db c.db report share --source logs --by provider
		expect 0 --db c.db dashboard own-traffic -o site
		same_week_totals site $views
		expect 0 --db c.db dashboard weekly-share -o ranks
		expect 0 --db c.db bundle --dashboard own-traffic -o pub$i
		expect 0 bundle --verify pub$i
		same_week_totals pub$i $views
	done
	wait $grower
	await_requests c.db 20000 || true
	stops_within $pid 5
	lacks collect.err "error"
	integrity_ok c.db
	[ "$(requests_stored c.db)" = 20000 ] || fail "not every request stored once"
	[ "$(sql c.db 'SELECT count(*) FROM rank_day')" -gt 0 ] || fail "nothing was polled"
	# The last bundle saw more than the first: the data did move under them.
	[ "$(cat pub1.maker-country-week.csv.totals)" != "$(cat pub5.maker-country-week.csv.totals)" ] ||
		fail "the log did not grow during the renders"
}

TEST 'collect following a log and polling while reports, dashboards and bundles render, and every view agrees' concurrent_renders_agree

# SIGTERM while a request is in flight: the transfer is abandoned at once.
sigterm_is_answered_during_a_slow_answer() {
	. "$SRCDIR/tests/cli/fakeapi.sh"
	serve '{"faults": [{"path": "/api/v1/datasets/rankings-daily", "delay": 60, "count": 9}]}'
	printf '%s\n' "database = $PWD/c.db" "api_base = $API" "rankings_start = 2026-10-01" \
		"providers_interval = 0" "models_interval = 0" >tokenshare.conf
	"$TOKENSHARE" collect --config tokenshare.conf </dev/null >collect.out 2>collect.err &
	pid=$!
	CLEANUP_PIDS="$CLEANUP_PIDS $pid"
	for _ in $(seq 200); do
		n=$(requests /datasets 2>/dev/null)
		[ "${n:-0}" -ge 1 ] && break
		sleep 0.05
	done
	[ "${n:-0}" -ge 1 ] || fail "collect did not ask for the rankings"
	sleep 0.5
	stops_within $pid 5
	integrity_ok c.db
	[ "$(sql c.db 'SELECT count(*) FROM rank_day')" -eq 0 ] || fail "something of it was stored"
}

TEST 'the daemon answers SIGTERM within 5 s while an answer is slow to come' sigterm_is_answered_during_a_slow_answer
