# SPDX-License-Identifier: MIT
# ingest --follow: tail -F semantics, and exactly once under kill -9.

GEN=$DATA/genlogs-1500.jsonl
GEN_TRUTH=$DATA/genlogs-1500.truth.csv

follower_start() {
	"$TOKENSHARE" --db f.db ingest --follow --interval 20 -q "$@" </dev/null >/dev/null \
		2>>follow.err &
	follower=$!
	CLEANUP_PIDS="$CLEANUP_PIDS $follower"
}

follower_kill() {
	kill -9 "$follower" 2>/dev/null || true
	wait "$follower" 2>/dev/null || true
}

# converged: the stored weekly sums equal the truth (waits up to 60 s).
converged() {
	cut -d, -f1-4 "$GEN_TRUTH" >want.csv
	i=0
	while [ $i -lt 600 ]; do
		if "$TOKENSHARE" --db f.db report share --source logs >rep.csv 2>/dev/null; then
			as_truth rep.csv >got.csv
			cmp -s want.csv got.csv && return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	diff -u want.csv got.csv | head -20 >&2
	return 1
}

# plan SEED: "first last kill split pause" per piece of GEN (awk's seeded
# rand): lines first..last, kill the follower after them, split the first
# line in two writes, pause hundredths of a second.
plan() {
	awk -v seed="$1" -v n="$(wc -l <"$GEN")" 'BEGIN {
		srand(seed); at = 1; kills = 0; pieces = 0
		while (at <= n) {
			k = 1 + int(rand() * 60); if (at + k - 1 > n) k = n - at + 1
			kill = (kills < 20 && rand() < 0.6) ? 1 : 0; kills += kill
			print at, at + k - 1, kill, (rand() < 0.3 ? 1 : 0), int(rand() * 4)
			at += k
		}
		while (kills++ < 20) print 0, 0, 1, 0, 1
	}'
}

follow_survives_kill_and_rotation() {
	: >app.log
	follower_start app.log
	rotated=0
	plan 20261124 >plan.txt
	half=$(($(wc -l <"$GEN") / 2))
	while read -r first last kill split pause; do
		if [ "$first" -gt 0 ]; then
			if [ "$split" = 1 ]; then
				# One write stops mid-line; the rest of the line follows.
				line=$(sed -n "${first}p" "$GEN")
				printf '%s' "$(printf '%s' "$line" | cut -c1-60)" >>app.log
				sleep 0.03
				printf '%s\n' "$(printf '%s' "$line" | cut -c61-)" >>app.log
				[ "$first" -lt "$last" ] && sed -n "$((first + 1)),${last}p" "$GEN" >>app.log
			else
				sed -n "${first},${last}p" "$GEN" >>app.log
			fi
			if [ $rotated = 0 ] && [ "$last" -ge "$half" ]; then
				mv app.log app.log.1
				: >app.log
				rotated=1
			fi
		fi
		sleep "0.0$pause"
		if [ "$kill" = 1 ]; then
			follower_kill
			sleep 0.02
			follower_start app.log
		fi
	done <plan.txt
	[ $rotated = 1 ] || fail "the plan never rotated"
	[ "$(awk '$3 == 1' plan.txt | wc -l)" = 20 ] || fail "the plan does not kill 20 times"
	converged || fail "the report never reached the truth"
	kill -TERM "$follower"
	wait "$follower" || fail "SIGTERM did not exit 0"
	# Nothing is counted twice: as many ids stored as unique requests.
	[ "$(sql f.db 'SELECT count(*) FROM seen_request')" = 1417 ] || fail "stored ids"
}

follow_survives_copytruncate() {
	head -400 "$GEN" >app.log
	follower_start app.log
	sleep 0.3
	follower_kill
	# While nobody follows: more lines, then logrotate's copytruncate.
	sed -n '401,900p' "$GEN" >>app.log
	cp app.log app.log.1
	: >app.log
	tail -n +901 "$GEN" >>app.log
	follower_start app.log
	converged || fail "the report never reached the truth"
	# And truncated again while it follows.
	cp app.log app.log.2
	: >app.log
	sleep 0.2
	kill -TERM "$follower"
	wait "$follower" || fail "SIGTERM did not exit 0"
	converged || fail "the report changed"
}

# 2026-12-03: a read from the start of a file (after a truncation, or again
# after a failed first batch) went on from where the descriptor was, the
# old end of the file, so lines written after a copytruncate were lost.
follow_reads_a_truncated_file_from_its_start() {
	head -900 "$GEN" >app.log
	follower_start app.log
	wait_lines app.log 900
	cp app.log app.log.1
	: >app.log
	sed -n '901,1000p' "$GEN" >>app.log
	wait_lines app.log 100
	kill -TERM "$follower"
	wait "$follower" || fail "SIGTERM did not exit 0"
	head -1000 "$GEN" >whole.log
	"$TOKENSHARE" --db w.db ingest -q whole.log 2>/dev/null || true
	want=$(sql w.db 'SELECT sum(requests) FROM usage_day')
	[ "$(sql f.db 'SELECT sum(requests) FROM usage_day')" = "$want" ] ||
		fail "not every request of the truncated file was counted"
}

# wait_lines NAME N: up to 10 s for the follower to have read N lines of NAME.
wait_lines() {
	i=0
	until [ "$(sql f.db "SELECT lines FROM input_file WHERE path LIKE '%/$1'" 2>/dev/null)" = "$2" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "$1: the follower did not read $2 lines"
		sleep 0.1
	done
}

follow_waits_for_a_file() {
	follower_start later.log
	sleep 0.2
	head -200 "$GEN" >later.log
	i=0
	until [ "$(sql f.db "SELECT count(*) FROM input_file WHERE path LIKE '%later.log'" 2>/dev/null)" = 1 ] &&
	      [ "$(sql f.db "SELECT lines FROM input_file WHERE path LIKE '%later.log'")" = 200 ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "the file that appeared was not read"
		sleep 0.1
	done
	kill -INT "$follower"
	wait "$follower" || fail "SIGINT did not exit 0"
}

follow_needs_files() {
	expect 2 --db f.db ingest --follow -
	contains err "--follow needs files"
	expect 2 --db f.db ingest --follow --interval 1 x.log
	contains err "--interval"
}

TEST 'following a log survives 20 kills and a rotation and counts every request once' follow_survives_kill_and_rotation
TEST 'following a log survives copytruncate while stopped and while running' follow_survives_copytruncate
TEST 'a file truncated in place while followed is read from its start, even when shorter than before' follow_reads_a_truncated_file_from_its_start
TEST 'a followed file that does not exist yet is read when it appears' follow_waits_for_a_file
TEST 'follow reads files, not standard input, at a sane interval' follow_needs_files
