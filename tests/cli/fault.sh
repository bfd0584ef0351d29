# SPDX-License-Identifier: MIT
# Fault injection (tests/fault/inject.c, loaded with LD_PRELOAD): the Nth
# write, fsync or read on a file fails, and every later one, as a full or
# failing disk does. Swept over N for each pipeline: every run ends (no
# hang), with status 0 or a message and a status, never a crash; the
# database passes integrity_check; a clean re-run gives the exact result.
#
# TOKENSHARE_FAULT_SHIM is the shim's path (tests/meson.build). A build
# that keeps the shim from interposing (a statically linked sanitizer
# runtime defines read and write itself) skips the sweep: exit 77.

SHIM=${TOKENSHARE_FAULT_SHIM:?}
POINTS=${TOKENSHARE_FAULT_POINTS:-7}     # values of N per kind of call
# The shim is loaded before an ASan runtime linked as a library.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"

# The runs are scripts (run.sh) that call tokenshare through $TSF, which
# loads the shim only into tokenshare, not into the shell.
TSF=$WORK/ts-faulted
cat >"$TSF" <<EOF
#!/bin/sh
LD_PRELOAD=\${FAULT_PRELOAD:-} exec "$TOKENSHARE" "\$@"
EOF
chmod +x "$TSF"

# Sourced by the run scripts of daemons: stop_daemon PID sends SIGTERM and
# requires the end within 5 s (else kill -9, status 124), with PID's status;
# await_sql DB SQL VALUE TRIES waits (0.1 s a try) for a query's value.
DAEMON_LIB=$WORK/daemon.sh
cat >"$DAEMON_LIB" <<'EOF'
stop_daemon() {
	kill -TERM "$1" 2>/dev/null
	for i in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.05; done
	if kill -0 "$1" 2>/dev/null; then
		kill -9 "$1"
		echo "did not stop within 5 s of SIGTERM" >&2
		exit 124
	fi
	wait "$1"
}
await_sql() {
	for i in $(seq "$4"); do
		[ "$(sqlite3 "$1" "$2" 2>/dev/null)" = "$3" ] && return 0
		sleep 0.1
	done
	return 1
}
EOF

# faulted SPEC: ./run.sh with the shim failing SPEC (OP:N), at most 60 s;
# its status in $status, stdout and stderr in f.out and f.err.
faulted() {
	set +e
	FAULT_PRELOAD=$SHIM TOKENSHARE_FAULT=$1 timeout -k 5 60 ./run.sh >f.out 2>f.err </dev/null
	status=$?
	set -e
}

# counted OP: how many OP calls ./run.sh makes with no fault.
counted() {
	rm -f counts
	FAULT_PRELOAD=$SHIM TOKENSHARE_FAULT_COUNT=$PWD/counts ./run.sh >/dev/null 2>&1 </dev/null || true
	awk -v op="$1" '$1 == op { n += $2 } END { print n + 0 }' counts
}

# points COUNT: up to $POINTS values of N spread over 1..COUNT, first and
# last included.
points() {
	awk -v n="$1" -v k="$POINTS" 'BEGIN {
		if (n <= k) { for (i = 1; i <= n; i++) print i; exit }
		for (i = 0; i < k; i++) print 1 + int(i * (n - 1) / (k - 1)) }' | sort -un
}

# ended_well WHAT: the faulted run ended by itself, not by a signal or a
# sanitizer, and a failure said something.
ended_well() {
	[ $status -ne 124 ] && [ $status -ne 137 ] || fail "$1 hung ($spec)"
	[ $status -lt 128 ] || { cat f.err >&2; fail "$1 died of signal $((status - 128)) ($spec)"; }
	if grep -qE 'Sanitizer|runtime error' f.err; then
		cat f.err >&2
		fail "$1: sanitizer report ($spec)"
	fi
	[ $status -eq 0 ] || [ -s f.err ] || fail "$1 failed silently with status $status ($spec)"
}

integrity_ok() {
	[ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ] || fail "$1 is corrupt after $spec"
}

# shim_interposes: the shim sees this build's calls (else skip the case).
shim_interposes() {
	mkdir probe
	cd probe
	printf '#!/bin/sh\nexec "%s" --db p.db ingest -q "%s"\n' "$TSF" "$FIXTURE" >run.sh
	chmod +x run.sh
	n=$(counted read)
	cd ..
	if [ "$n" -eq 0 ]; then
		echo "SKIP: the fault shim cannot interpose in this build"
		exit 77
	fi
}

# sweep NAME [once]: base/run.sh is the run, base/ its starting state. For
# each kind of call and each N, restores base/ into run/, runs it faulted,
# and checks the run ended well and the database is sound; then NAME_result
# must give what a run with no fault gave (want/).
#   Sticky faults (a full disk): the check follows a clean re-run.
#   once: each call fails once (an error that passes), and a daemon that got
#   past its start must retry, so the faulted run alone gives the exact
#   result; one that could not start says so and is started again clean.
#   Most runs must get past the fault.
sweep() {
	shim_interposes
	cp -a base want
	(cd want && ./run.sh >/dev/null 2>&1 && "$1_result") || fail "$1: the run with no fault failed"
	runs=0
	retried=0
	for op in write fsync read; do
		rm -rf run && cp -a base run
		total=$(cd run && counted $op)
		for n in $(points "$total"); do
			rm -rf run && cp -a base run
			spec=$op:$n
			if [ "${2:-}" = once ]; then
				[ $op = write ] && spec=$spec:ENOSPC:once || spec=$spec:EIO:once
			fi
			cd run
			faulted "$spec"
			ended_well "$1"
			[ ! -f t.db ] || integrity_ok t.db
			if [ "${2:-}" = once ] && [ $status -eq 0 ]; then
				retried=$((retried + 1))
			else
				./run.sh >clean.out 2>clean.err ||
					{ cat clean.err >&2; fail "$1: the clean re-run after $spec failed"; }
			fi
			"$1_result"
			for f in ../want/result/*; do
				cmp -s "$f" "result/${f##*/}" ||
					{ diff -u "$f" "result/${f##*/}" | head -20 >&2
					  fail "$1: after $spec, ${f##*/} differs"; }
			done
			cd ..
			runs=$((runs + 1))
		done
		echo "$1: $op: $total calls, failed at $(points "$total" | tr '\n' ' ')"
	done
	echo "$1: $runs faulted runs ended well and gave the exact result"
	if [ "${2:-}" = once ]; then
		echo "$1: $retried of them by retrying"
		[ $retried -gt $((runs / 2)) ] || fail "$1: most runs did not get past the fault"
	fi
}

write_script() {
	cat >"$1"
	chmod +x "$1"
}

# report_result: the weekly share and the stored rankings, as result/.
report_result() {
	mkdir -p result
	"$TOKENSHARE" --db t.db report share --by author-country >result/share.csv
	sqlite3 t.db 'SELECT day, as_of, rows FROM rank_day ORDER BY day' >result/days
	sqlite3 t.db 'SELECT coalesce(sum(requests), 0), coalesce(sum(prompt_tokens + completion_tokens), 0), coalesce(sum(cost_micro), 0) FROM usage_day' \
		>result/usage
}

ingest_rankings_result() { report_result; }
ingest_rankings_survives_faults() {
	mkdir base
	write_script base/run.sh <<EOF
#!/bin/sh
exec "$TSF" --db t.db ingest "$SAMPLE"
EOF
	sweep ingest_rankings
}

ingest_logs_result() { report_result; "$TOKENSHARE" --db t.db report share --source logs >result/logs.csv; }
ingest_logs_survives_faults() {
	mkdir base
	cp "$DATA/genlogs-1500.jsonl" base/app.log
	gzip -c "$DATA/openrouter-generation.example.json" >base/gen.json.gz
	"$TOKENSHARE" --db base/t.db ingest -q "$DATA/litellm-spend-logs.example.json"
	write_script base/run.sh <<EOF
#!/bin/sh
"$TSF" --db t.db ingest app.log gen.json.gz
st=\$?
# app.log has 22 bad lines: status 1 is the expected one.
[ \$st -ne 1 ] || exit 0
exit \$st
EOF
	sweep ingest_logs
}

# follow_base: base/ holds rankings, the first 700 lines of a log in
# app.log and the rest in rest.log, to be appended while it is followed.
follow_base() {
	mkdir base
	head -n 700 "$DATA/genlogs-1500.jsonl" >base/app.log
	tail -n +701 "$DATA/genlogs-1500.jsonl" >base/rest.log
	"$TOKENSHARE" --db base/t.db ingest -q "$FIXTURE"
}

# follow: reads the log, then its growth; stopped by SIGTERM. The clean
# re-run is a plain ingest, which resumes where follow left the file.
follow_result() { ingest_logs_result; }
follow_survives_faults() {
	follow_base
	write_script base/run.sh <<EOF
#!/bin/sh
. "$DAEMON_LIB"
# A clean run is the plain ingest of the whole log; a faulted one follows it.
if [ -z "\${TOKENSHARE_FAULT:-}" ] && [ -z "\${TOKENSHARE_FAULT_COUNT:-}" ]; then
	cat rest.log >>app.log && : >rest.log
	"$TSF" --db t.db ingest -q app.log
	st=\$?
	[ \$st -ne 1 ] || exit 0     # the log's 22 bad lines
	exit \$st
fi
"$TSF" --db t.db ingest --follow --interval 50 app.log &
pid=\$!
sleep 0.7
cat rest.log >>app.log && : >rest.log
sleep 0.7
# It must end within 5 s of SIGTERM, whatever failed.
stop_daemon \$pid
EOF
	sweep follow
}

# follow with an error that passes: follow retries and misses nothing.
follow_retry_result() { ingest_logs_result; }
follow_retries_transient_faults() {
	follow_base
	"$TOKENSHARE" --db all.db ingest -q "$DATA/genlogs-1500.jsonl" 2>/dev/null || true
	all=$(sqlite3 all.db 'SELECT sum(requests) FROM usage_day')
	write_script base/run.sh <<EOF
#!/bin/sh
. "$DAEMON_LIB"
"$TSF" --db t.db ingest --follow --interval 50 app.log &
pid=\$!
sleep 0.7
cat rest.log >>app.log
# Time for a retry after a failed batch, then the end of the file.
await_sql t.db 'SELECT coalesce(sum(requests), 0) FROM usage_day' $all 100
stop_daemon \$pid
EOF
	sweep follow_retry once
}

# collect: follows a log and polls the fake OpenRouter; an error that
# passes is retried (the follow at once, the poll at its next interval).
collect_retry_result() { ingest_logs_result; }
collect_retries_transient_faults() {
	. "$SRCDIR/tests/cli/fakeapi.sh"
	serve
	mkdir base
	cp "$DATA/genlogs-1500.jsonl" base/app.log
	"$TOKENSHARE" --db all.db ingest -q "$DATA/genlogs-1500.jsonl" 2>/dev/null || true
	all=$(sqlite3 all.db 'SELECT sum(requests) FROM usage_day')
	printf '%s\n' "database = t.db" "api_base = $API" "rankings_start = 2026-10-01" \
		"rankings_interval = 1" "providers_interval = 0" "models_interval = 0" \
		"follow_interval = 50ms" "follow = app.log" >base/tokenshare.conf
	write_script base/run.sh <<EOF
#!/bin/sh
. "$DAEMON_LIB"
"$TSF" collect --config tokenshare.conf &
pid=\$!
# Until every request and every day to 2026-11-23 is stored (or 15 s).
await_sql t.db 'SELECT coalesce(sum(requests), 0) FROM usage_day' $all 100 &&
	await_sql t.db 'SELECT count(*) FROM rank_day' 54 50
stop_daemon \$pid
EOF
	sweep collect_retry once
}

reference_load_result() { report_result; }
reference_load_survives_faults() {
	mkdir base base/fixed
	"$TOKENSHARE" --db base/t.db ingest -q "$FIXTURE"
	cp "$REFDIR"/*.csv base/fixed/
	sed -i 's/^qwen,\("[^"]*"\),CN,/qwen,\1,,/' base/fixed/authors.csv
	write_script base/run.sh <<EOF
#!/bin/sh
exec "$TSF" --db t.db reference load fixed
EOF
	sweep reference_load
}

# dashboard and bundle: the old output in out/ stays whole or is replaced
# whole; no work directory is left beside it.
render_result() {
	mkdir -p result
	for f in $(cd out && find . -type f | sort); do
		cp "out/$f" "result/$(echo "$f" | tr / _)"
	done
	(cd out && find . | sort) >result/listing
	ls -a | grep '^\.tokenshare' >result/leftovers || true
	[ ! -s result/leftovers ] || { cat result/leftovers >&2; fail "a work directory was left"; }
}

dashboard_result() { render_result; }
dashboard_survives_faults() {
	mkdir base
	"$TOKENSHARE" --db base/t.db ingest -q --as-of 2026-09-28 "$FIXTURE"
	(cd base && "$TOKENSHARE" --db t.db dashboard weekly-share -o out >/dev/null)
	write_script base/run.sh <<EOF
#!/bin/sh
exec "$TSF" --db t.db dashboard weekly-share -o out
EOF
	sweep dashboard
}

bundle_result() { render_result; "$TOKENSHARE" bundle --verify out >result/verify; }
bundle_survives_faults() {
	mkdir base
	"$TOKENSHARE" --db base/t.db ingest -q --as-of 2026-09-28 "$FIXTURE"
	write_script base/run.sh <<EOF
#!/bin/sh
# A bundle is made once: the clean run keeps one a faulted run made whole
# (and bundle_result checks it is the same).
[ -n "\${TOKENSHARE_FAULT:-}" ] || [ ! -d out ] || exit 0
exec "$TSF" --db t.db bundle --dashboard weekly-share -o out
EOF
	sweep bundle
}

# poll: against the local fake OpenRouter, rankings since 2026-06-01 and
# the provider and model snapshots.
poll_result() { report_result; sqlite3 t.db 'SELECT count(*) FROM provider_snapshot' >result/snapshots; }
poll_survives_faults() {
	. "$SRCDIR/tests/cli/fakeapi.sh"
	serve
	mkdir base
	write_script base/run.sh <<EOF
#!/bin/sh
exec "$TSF" --db t.db poll --api-base "$API" --rankings-start 2026-06-01 rankings providers models
EOF
	sweep poll
}

TEST 'ingest of rankings ends well at every failing write, fsync and read, and a re-run is exact' ingest_rankings_survives_faults
TEST 'ingest of logs and a gzip ends well at every failing write, fsync and read, and a re-run is exact' ingest_logs_survives_faults
TEST 'ingest --follow ends well or stops on SIGTERM at every failing call, and a re-run is exact' follow_survives_faults
TEST 'poll ends well at every failing write, fsync and read, and a re-run is exact' poll_survives_faults
TEST 'ingest --follow retries a write, fsync or read that fails once and stores every request once' follow_retries_transient_faults
TEST 'collect retries a write, fsync or read that fails once, and stores every request and day once' collect_retries_transient_faults
TEST 'reference load ends well at every failing write, fsync and read, and a re-run is exact' reference_load_survives_faults
TEST 'a dashboard re-rendered under failing calls is the old one or the new one, never a mix' dashboard_survives_faults
TEST 'a bundle made under failing calls is not made or is made whole and verifies' bundle_survives_faults
