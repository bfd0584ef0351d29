# SPDX-License-Identifier: MIT
# The collector (tokenshare poll, tokenshare collect) against a local fake
# OpenRouter (tests/http/fake_openrouter.py), started per case on a free
# port of 127.0.0.1: no test reaches the internet. The clock's day is fixed
# with TOKENSHARE_NOW (2026-11-24T12:00:00Z), so "yesterday" is 2026-11-23.

. "$SRCDIR/tests/cli/fakeapi.sh"

# expect_poll STATUS ARGS...: tokenshare poll against the fake, on t.db.
expect_poll() {
	want_status=$1
	shift
	expect "$want_status" --db t.db poll --api-base "$API" "$@"
}

# rankings_dump DB: the stored rankings (what a fetch may or may not change).
rankings_dump() {
	sqlite3 "$1" "SELECT day, model, tokens FROM rank_row ORDER BY day, model;
	              SELECT day, as_of, rows FROM rank_day ORDER BY day;"
}

# same_sums DB FROM TO: the stored tokens per day equal the server's answers,
# asked for 366 days at a time (the API's limit).
same_sums() {
	"$PYTHON" - "$API" "$KEY" "$2" "$3" >want <<'PY'
import datetime, json, sys, urllib.request
api, key, a, b = sys.argv[1:5]
a, b = datetime.date.fromisoformat(a), datetime.date.fromisoformat(b)
days = {}
while a <= b:
    e = min(b, a + datetime.timedelta(365))
    req = urllib.request.Request("%s/datasets/rankings-daily?start_date=%s&end_date=%s" % (api, a, e),
                                 headers={"Authorization": "Bearer " + key})
    for r in json.load(urllib.request.urlopen(req))["data"]:
        days[r["date"]] = days.get(r["date"], 0) + int(r["total_tokens"])
    a = e + datetime.timedelta(1)
for d in sorted(days): print("%s|%d" % (d, days[d]))
PY
	sqlite3 "$1" "SELECT day, sum(tokens) FROM rank_row WHERE day BETWEEN '$2' AND '$3'
	              GROUP BY day ORDER BY day" >got
	[ -s want ] || fail "the fake server gave no rows"
	same want got
}

TEST 'poll backfills more than 366 days in requests of at most 366 days' poll_backfills
poll_backfills() {
	serve
	expect_poll 0 rankings
	[ "$(requests /datasets)" -eq 2 ] || fail "expected 2 requests, saw $(requests /datasets)"
	"$PYTHON" - "$FAKEDIR/requests.jsonl" <<'PY'
import datetime, json, sys
spans = []
for line in open(sys.argv[1]):
    q = json.loads(line)["query"]
    a, b = (datetime.date.fromisoformat(q[k]) for k in ("start_date", "end_date"))
    spans.append((a, b))
assert all((b - a).days + 1 <= 366 for a, b in spans), spans
assert spans[0][0] == datetime.date(2025, 1, 1) and spans[-1][1] == datetime.date(2026, 11, 23), spans
assert all(spans[i][1] + datetime.timedelta(1) == spans[i + 1][0] for i in range(len(spans) - 1)), spans
PY
	[ "$(sql t.db 'SELECT count(*) FROM rank_day')" -eq 692 ] || fail "not 692 days"
	[ "$(sql t.db "SELECT count(*) FROM rank_day WHERE day >= '2026-11-24'")" -eq 0 ] ||
		fail "today (live) was stored"
	same_sums t.db 2025-01-01 2026-11-23
	expect 0 --db t.db status
	lacks out "missing"
	contains out "source rankings"
}

TEST 'a second poll fetches only the days that may still change' poll_refetch
poll_refetch() {
	serve
	expect_poll 0 rankings
	: >"$FAKEDIR/requests.jsonl"
	expect_poll 0 rankings --rankings-refetch 3
	[ "$(requests /datasets)" -eq 1 ] || fail "expected 1 request"
	contains "$FAKEDIR/requests.jsonl" '"start_date": "2026-11-21", "end_date": "2026-11-23"'
}

TEST 'a day restated between two polls is stored with a restatement' poll_restated
poll_restated() {
	serve
	expect_poll 0 rankings
	scenario '{"overrides": [{"date": "2026-11-22", "model_permaslug": "openai/gpt-5-2025-08-07", "total_tokens": "123456"}]}'
	expect_poll 0 rankings
	contains out "restated 2026-11-22 openai/gpt-5-2025-08-07"
	[ "$(sql t.db "SELECT tokens FROM rank_row WHERE day = '2026-11-22' AND model = 'openai/gpt-5-2025-08-07'")" = 123456 ] ||
		fail "the new value was not stored"
	expect 0 --db t.db report restatements
	contains out "2026-11-22,openai/gpt-5-2025-08-07,"
	[ "$(wc -l <out)" -eq 2 ] || fail "expected exactly one restatement"
	same_sums t.db 2026-11-20 2026-11-23
}

TEST 'a 429 with Retry-After is waited for, then the fetch succeeds' poll_429
poll_429() {
	serve '{"faults": [{"path": "/api/v1/datasets/rankings-daily", "status": 429, "headers": {"Retry-After": "2"}}]}'
	expect_poll 0 rankings --rankings-start 2026-11-01
	"$PYTHON" - "$FAKEDIR/requests.jsonl" <<'PY'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
assert [x["status"] for x in r] == [429, 200], r
assert r[1]["t"] - r[0]["t"] >= 2.0, "did not wait for Retry-After: %.2f s" % (r[1]["t"] - r[0]["t"])
PY
	contains err "HTTP 429; attempt 1, trying again in 2.0 s (Retry-After)"
	[ "$(sql t.db 'SELECT count(*) FROM rank_day')" -eq 23 ] || fail "not 23 days"
}

TEST 'a 500 then success stores the fetch once' poll_500
poll_500() {
	serve '{"faults": [{"path": "/api/v1/datasets/rankings-daily", "status": 500}]}'
	expect_poll 0 rankings --rankings-start 2026-11-01
	contains err "HTTP 500; attempt 1, trying again"
	[ "$(requests /datasets)" -eq 2 ] || fail "expected 2 requests"
	same_sums t.db 2026-11-01 2026-11-23
}

# fails_clean STATUS MESSAGE SCENARIO ARGS...: after a good poll, a poll
# that meets SCENARIO fails with STATUS and MESSAGE and stores nothing.
fails_clean() {
	fail_status=$1 message=$2
	shift 2
	expect_poll 0 rankings --rankings-start 2026-11-01
	scenario "$1"
	shift
	rankings_dump t.db >before
	expect_poll "$fail_status" "$@"
	cp err poll.err
	contains err "$message"
	contains err "nothing stored"
	rankings_dump t.db >after
	same before after
	expect 0 --db t.db status
	contains out "last error"
	contains out "$message"
}

TEST 'a timeout ends with status 3 and stores nothing' poll_timeout
poll_timeout() {
	serve
	fails_clean 3 "Timeout was reached" \
		'{"faults": [{"path": "/api/v1/datasets/rankings-daily", "delay": 4, "count": 9}]}' \
		rankings --rankings-start 2026-10-01 \
		--http-timeout 1 --http-budget 3
}

TEST 'a body over the limit ends with status 7 and stores nothing' poll_too_large
poll_too_large() {
	serve
	fails_clean 7 "the response is larger than 1048576 bytes" \
		'{"faults": [{"path": "/api/v1/datasets/rankings-daily", "size": 3000000}]}' rankings \
		--rankings-start 2026-10-01 --http-max-body 1MiB
}

TEST 'invalid JSON ends with status 7 and stores nothing' poll_invalid_json
poll_invalid_json() {
	serve
	fails_clean 7 "not a usable rankings-daily answer" \
		'{"faults": [{"path": "/api/v1/datasets/rankings-daily",
		              "raw": "{\"data\": [\n{\"date\": \"2026-10-01\",\n"}]}' \
		rankings --rankings-start 2026-10-01
	contains poll.err "rankings-daily?start_date=2026-10-01&end_date=2026-10-31:3: invalid JSON"
}

TEST 'an expired key ends with status 6 and stores nothing' poll_denied
poll_denied() {
	serve
	expect_poll 0 rankings --rankings-start 2026-11-01
	rankings_dump t.db >before
	(TOKENSHARE_API_KEY=sk-or-v1-expired expect_poll 6 rankings --rankings-start 2026-10-01)
	contains err "HTTP 401 (the API key was refused"
	[ "$(requests /datasets)" -eq 2 ] || fail "a refused key was tried again"
	rankings_dump t.db >after
	same before after
	# A normal key is not a management key: /activity answers 403.
	(TOKENSHARE_MANAGEMENT_KEY=$KEY expect_poll 6 activity)
	contains err "HTTP 403 (the management key was refused"
}

TEST 'a failure after the first window keeps it and exits 1; the next poll fills the rest' poll_partial
poll_partial() {
	serve '{"faults": [{"path": "/api/v1/datasets/rankings-daily", "after": 1, "status": 503, "count": 99}]}'
	expect_poll 1 rankings --http-budget 2
	[ "$(sql t.db 'SELECT count(*) FROM rank_day')" -eq 366 ] || fail "the first window is not whole"
	scenario '{}'
	expect_poll 0 rankings
	[ "$(sql t.db 'SELECT count(*) FROM rank_day')" -eq 692 ] || fail "the gap was not filled"
	same_sums t.db 2025-01-01 2026-11-23
}

TEST 'the daily request limit stops a backfill with status 1' poll_day_limit
poll_day_limit() {
	serve
	expect_poll 1 rankings --rate-per-day 1
	contains err "rate_per_day"
	[ "$(requests /datasets)" -eq 1 ] || fail "the limit was passed"
	[ "$(sql t.db 'SELECT count(*) FROM rank_day')" -eq 366 ] || fail "the first window is not whole"
}

TEST 'a request waits when the minute limit is reached' poll_minute_limit
poll_minute_limit() {
	serve
	expect_poll 0 providers      # creates the database
	now=$(date +%s)
	sql t.db "INSERT INTO http_request (api, at) VALUES ('data', $now - 57)"
	start=$("$PYTHON" -c 'import time; print(time.time())')
	expect_poll 0 rankings --rankings-start 2026-11-20 --rate-per-minute 1
	contains err "reach rate_per_minute; waiting"
	"$PYTHON" - "$FAKEDIR/requests.jsonl" "$start" <<'PY'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1]) if "rankings" in l]
assert r[0]["t"] - float(sys.argv[2]) >= 2.0, "did not wait"
PY
}

TEST 'providers and models are stored as snapshots of the day' poll_snapshots
poll_snapshots() {
	serve
	expect_poll 0 providers models
	# The same content as the shipped snapshot of 2026-05-07 is not stored twice.
	contains err "providers: 81 providers, the same as a stored snapshot"
	[ "$(sql t.db "SELECT count(*) FROM provider_snapshot")" -eq 1 ] || fail "stored twice"
	# A change is a snapshot of the day.
	"$PYTHON" - "$SRCDIR/data/reference/openrouter-providers.2026-05-07.json" "$FAKEDIR/prov.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["data"][0]["headquarters"] = "ZZ"
json.dump(d, open(sys.argv[2], "w"))
PY
	scenario '{"providers_file": "prov.json"}'
	expect_poll 0 providers
	[ "$(sql t.db "SELECT count(*) FROM provider_snapshot WHERE taken_on = '2026-11-24'")" -eq 1 ] ||
		fail "no provider snapshot of the day"
	[ "$(sql t.db "SELECT count(*) FROM provider_entity e JOIN provider_snapshot s ON s.id = e.snapshot_id WHERE taken_on = '2026-11-24' AND headquarters = 'ZZ'")" -eq 1 ] ||
		fail "the changed row is not in the snapshot"
	want=$("$PYTHON" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["data"]))' \
		"$DATA/openrouter-models.2026-05-07.json")
	[ "$(sql t.db "SELECT count(*) FROM model_price JOIN model_snapshot s ON s.id = snapshot_id WHERE taken_on = '2026-11-24'")" -eq "$want" ] ||
		fail "not $want prices"
	[ "$(sql t.db "SELECT prompt || ' ' || completion FROM model_price WHERE model = 'deepseek/deepseek-v3.2'")" = \
	  "$("$PYTHON" -c 'import json,sys; m=[m for m in json.load(open(sys.argv[1]))["data"] if m["id"] == "deepseek/deepseek-v3.2"][0]; print(m["pricing"]["prompt"], m["pricing"]["completion"])' "$DATA/openrouter-models.2026-05-07.json")" ] ||
		fail "the price of deepseek/deepseek-v3.2 differs"
	# Unchanged prices add no snapshot on a later day.
	(TOKENSHARE_NOW=$((TOKENSHARE_NOW + 86400)) expect_poll 0 models)
	[ "$(sql t.db 'SELECT count(*) FROM model_snapshot')" -eq 1 ] || fail "an unchanged table was stored again"
	contains err "prices unchanged since 2026-11-24"
}

TEST 'activity is fetched with the management key into the log tables' poll_activity
poll_activity() {
	serve
	(TOKENSHARE_MANAGEMENT_KEY=$MKEY expect_poll 0 activity)
	want=$("$PYTHON" -c 'import json,sys; print(sum(r["requests"] for r in json.load(open(sys.argv[1]))["data"]))' \
		"$DATA/openrouter-activity.example.json")
	[ "$(sql t.db "SELECT sum(d.requests) FROM usage_day d JOIN log_source s ON s.id = d.source_id WHERE s.name = 'openrouter-activity'")" -eq "$want" ] ||
		fail "not $want requests"
	# Fetched again, the days replace themselves: nothing counted twice.
	(TOKENSHARE_MANAGEMENT_KEY=$MKEY expect_poll 0 activity)
	[ "$(sql t.db "SELECT sum(d.requests) FROM usage_day d JOIN log_source s ON s.id = d.source_id WHERE s.name = 'openrouter-activity'")" -eq "$want" ] ||
		fail "counted twice"
}

TEST 'a key file readable by others is refused; mode 0600 is used' poll_key_file
poll_key_file() {
	serve
	unset TOKENSHARE_API_KEY
	printf '%s\n' "$KEY" >key
	chmod 644 key
	expect_poll 2 rankings --api-key-file key --rankings-start 2026-11-20
	contains err "key: the key file may be read by group or others (mode 0644)"
	[ ! -e t.db ] || [ "$(requests)" -eq 0 ] || fail "a request was made"
	chmod 600 key
	expect_poll 0 rankings --api-key-file key --rankings-start 2026-11-20
}

TEST 'a configuration error names the file and the line' poll_config_error
poll_config_error() {
	printf 'database = t.db\n# comment\nrankings_interval = 3 weeks\nno_such_thing = 1\n' >bad.conf
	expect 2 --db t.db poll rankings --config bad.conf
	contains err "bad.conf:3: rankings_interval '3 weeks'"
	contains err "bad.conf:4: unknown setting 'no_such_thing'"
	expect 2 --db t.db poll rankings --config missing.conf
	contains err "missing.conf: cannot read"
	expect 2 --db t.db poll nowhere
	[ ! -e t.db ] || fail "a usage error created the database"
}

TEST 'status lists the days missing between the first and last stored day' status_gaps
status_gaps() {
	expect 0 --db t.db ingest "$FIXTURE"
	expect 0 --db t.db status
	contains out "missing: 2025-03-10 to 2026-02-08 (336 days)"
	contains out "336 days missing in the collected range"
}

# The key in any form: the test greps every file of the case for it.
no_key_anywhere() {
	for k in "$KEY" "$MKEY"; do
		if grep -rlaF -- "$k" . --exclude=key --exclude=mkey --exclude-dir=fake; then
			fail "the key appears in the files above"
		fi
	done
}

TEST 'a key given to the collector appears in no log line, database row or output file' key_never_written
key_never_written() {
	serve
	export TOKENSHARE_MANAGEMENT_KEY=$MKEY
	expect 0 -v --db t.db poll --api-base "$API" all
	cat out err >poll.log
	(TOKENSHARE_API_KEY=wrong-$KEY expect 6 -v --db t.db poll --api-base "$API" rankings
	 cat out err >>poll.log)
	expect_poll 0 --check
	cat out >>poll.log
	expect 0 --db t.db status
	cat out >status.txt
	expect 0 --db t.db report share --source rankings -o share.csv
	expect 0 --db t.db report share --source openrouter-activity --format json -o act.json
	sqlite3 t.db .dump >dump.sql
	no_key_anywhere
	contains poll.log "rankings"
}

# daemon_conf FILE FOLLOW...: a configuration for the daemon under test.
daemon_conf() {
	out_file=$1
	shift
	{
		echo "database = $PWD/d.db"
		echo "api_base = $API"
		echo "rankings_start = 2026-11-01"
		echo "follow_interval = 50ms"
		for f in "$@"; do echo "follow = $PWD/$f"; done
	} >"$out_file.tmp"
	mv "$out_file.tmp" "$out_file"
}

TEST 'the daemon keeps its config on a broken SIGHUP, applies a good one, and exits 0 on SIGTERM' daemon_reload
daemon_reload() {
	serve
	head -n 500 "$DATA/genlogs-1500.jsonl" >a.log
	: >b.log
	daemon_conf tokenshare.conf a.log
	"$TOKENSHARE" collect --config tokenshare.conf </dev/null >daemon.out 2>daemon.err &
	pid=$!
	CLEANUP_PIDS="$CLEANUP_PIDS $pid"
	wait_for daemon.err "collecting into"
	wait_for daemon.err "rankings: 2026-11-01 to 2026-11-23"
	# A broken file: logged as file:line, the daemon goes on as it was.
	{ cat tokenshare.conf; echo "follow_interval = soon"; } >broken.conf.tmp
	mv broken.conf.tmp tokenshare.conf
	kill -HUP $pid
	wait_for daemon.err "tokenshare.conf:6: follow_interval 'soon'"
	wait_for daemon.err "keeping the running one"
	kill -0 $pid || fail "the daemon died on a broken configuration"
	sed -n '501,1000p' "$DATA/genlogs-1500.jsonl" >>a.log
	# A good file that follows a second log as well: applied.
	daemon_conf tokenshare.conf a.log b.log
	kill -HUP $pid
	wait_for daemon.err "the new configuration is in force"
	sed -n '1001,1500p' "$DATA/genlogs-1500.jsonl" >>b.log
	# Wait until both files are read to their end, then stop.
	size_a=$(wc -c <a.log) size_b=$(wc -c <b.log)
	for _ in $(seq 200); do
		done_a=$(sqlite3 d.db "SELECT offset FROM input_file WHERE path = '$PWD/a.log'" 2>/dev/null || true)
		done_b=$(sqlite3 d.db "SELECT offset FROM input_file WHERE path = '$PWD/b.log'" 2>/dev/null || true)
		[ "$done_a" = "$size_a" ] && [ "$done_b" = "$size_b" ] && break
		sleep 0.05
	done
	kill -TERM $pid
	set +e
	wait $pid
	status=$?
	set -e
	[ "$status" -eq 0 ] || { cat daemon.err >&2; fail "the daemon exited $status on SIGTERM"; }
	contains daemon.err "stopping"
	# Nothing lost: the counts equal the generator's truth, the reloads included.
	expect 0 --db d.db report share --source logs
	as_truth out >got.csv
	cut -d, -f1-4 "$DATA/genlogs-1500.truth.csv" >want.csv
	same want.csv got.csv
	[ "$(sql d.db 'SELECT count(*) FROM rank_day')" -eq 23 ] || fail "rankings were not collected"
	no_key_anywhere
}

# 2026-12-02: offline, poll all retried a refused connection (or a DNS
# failure) for about ten minutes per source, and its lines said neither
# which source nor which URL.
offline_poll_fails_fast_and_says_where() {
	export TOKENSHARE_API_KEY=$KEY
	start=$(date +%s)
	expect 3 --db t.db poll all --api-base http://127.0.0.1:1/api/v1
	[ $(($(date +%s) - start)) -lt 20 ] || fail "an unreachable server was retried"
	contains err "rankings: GET http://127.0.0.1:1/api/v1/datasets/rankings-daily?start_date="
	contains err "providers: GET http://127.0.0.1:1/api/v1/providers"
	lacks err "attempt 2"
}

# 2026-12-02: the time budget was per source: three of them, three budgets.
one_time_budget_per_poll_run() {
	serve '{"faults": [{"count": 100000, "status": 503}]}'
	start=$(date +%s)
	expect_poll 3 all --http-budget 4s
	took=$(($(date +%s) - start))
	[ $took -le 8 ] || fail "poll all took $took s with a 4 s budget"
	contains err "rankings: GET $API/datasets/rankings-daily"
	contains err "HTTP 503; attempt 1, trying again"
	# What is left of the budget when providers' turn comes: less than 4 s.
	grep -E "providers: GET $API/providers: (HTTP 503 \(gave up after [0-9]+ attempts?: the [0-3]s budget|not tried: this run's time budget)" err ||
		{ cat err >&2; fail "providers did not get what was left of the run's budget"; }
}

http_elsewhere_is_refused() {
	expect 2 --db t.db poll rankings --api-base http://openrouter.ai/api/v1
	contains err "may use http:// only for this machine"
	expect 2 --db t.db poll rankings --api-base http://localhost@evil.example/api/v1
	contains err "may use http:// only for this machine"
}

# 2026-12-02: a FIFO given as the key file hung poll.
fifo_key_file_is_refused() {
	unset TOKENSHARE_API_KEY
	mkfifo key
	chmod 600 key
	set +e
	timeout 10 "$TOKENSHARE" --db t.db poll rankings --api-key-file key >out 2>err
	status=$?
	set -e
	[ $status -ne 124 ] || fail "poll hung on a FIFO key file"
	[ $status -eq 2 ] || fail "poll exited $status"
	contains err "key: the key file is not a regular file"
}

# 2026-12-02: collect with nothing to collect started and looked alive; and
# a core dump of the daemon could hold its key.
collect_needs_a_source_and_dumps_no_core() {
	unset TOKENSHARE_API_KEY
	printf 'database = %s/d.db\n' "$PWD" >none.conf
	expect 2 collect --config none.conf
	contains err "nothing to collect"
	: >app.log
	printf 'database = %s/d.db\nfollow = %s/app.log\nproviders_interval = 0\nmodels_interval = 0\n' \
		"$PWD" "$PWD" >one.conf
	"$TOKENSHARE" collect --config one.conf </dev/null >daemon.out 2>daemon.err &
	pid=$!
	CLEANUP_PIDS="$CLEANUP_PIDS $pid"
	wait_for daemon.err "collecting into"
	grep -q '^Max core file size *0 *0 ' /proc/$pid/limits ||
		{ cat /proc/$pid/limits >&2; fail "the daemon may dump core"; }
	kill -TERM $pid
	wait $pid || fail "the daemon did not stop cleanly"
}

TEST 'offline, poll fails at once for each source and names the source and URL' offline_poll_fails_fast_and_says_where
TEST 'one poll run has one time budget for all its sources' one_time_budget_per_poll_run
TEST 'plain http is refused for any server but this machine' http_elsewhere_is_refused
TEST 'a FIFO as the key file is refused, not waited on' fifo_key_file_is_refused
TEST 'collect with nothing to collect is refused, and the daemon dumps no core' collect_needs_a_source_and_dumps_no_core
