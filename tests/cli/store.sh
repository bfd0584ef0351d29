# SPDX-License-Identifier: MIT
# The database file: where it is, what it must be, what is refused.

location_order() {
	mkdir -p state
	XDG_STATE_HOME=$PWD/state "$TOKENSHARE" ingest -q "$FIXTURE" 2>/dev/null ||
		fail "ingest into the XDG state directory failed"
	[ -f state/tokenshare/tokenshare.db ] || fail "no database under XDG_STATE_HOME"
	"$TOKENSHARE" ingest -q "$FIXTURE" 2>/dev/null || fail "ingest with HOME only failed"
	[ -f .local/state/tokenshare/tokenshare.db ] || fail "no database under HOME"
	TOKENSHARE_DB=$PWD/env.db XDG_STATE_HOME=$PWD/state "$TOKENSHARE" ingest -q "$FIXTURE" \
		2>/dev/null || fail "ingest into TOKENSHARE_DB failed"
	[ -f env.db ] || fail "TOKENSHARE_DB ignored"
	TOKENSHARE_DB=$PWD/env.db "$TOKENSHARE" --db flag.db ingest -q "$FIXTURE" 2>/dev/null ||
		fail "ingest with --db failed"
	[ -f flag.db ] || fail "--db ignored"
	TOKENSHARE_DB=$PWD/env.db "$TOKENSHARE" report share --db flag.db >/dev/null ||
		fail "--db after the subcommand ignored"
}

newer_schema_is_refused() {
	expect 0 --db t.db ingest "$FIXTURE"
	sqlite3 t.db 'PRAGMA user_version = 99'
	dump t.db >before.sql
	expect 4 --db t.db report share
	contains err "t.db: written by a newer tokenshare (schema version 99"
	contains err "upgrade tokenshare"
	expect 4 --db t.db ingest "$FIXTURE"
	dump t.db >after.sql
	same before.sql after.sql
}

foreign_files_are_refused() {
	sqlite3 other.db 'CREATE TABLE x (y); INSERT INTO x VALUES (1)'
	expect 4 --db other.db ingest "$FIXTURE"
	contains err "an SQLite database, but not a tokenshare one"
	[ "$(sql other.db 'SELECT count(*) FROM sqlite_schema')" = 1 ] || fail "touched it"
	cp "$FIXTURE" text.db
	expect 4 --db text.db report share
	contains err "text.db: not a database"
	same "$FIXTURE" text.db
}

reports_need_an_existing_database() {
	expect 4 --db missing.db report share
	contains err "missing.db: no database here yet"
	[ ! -e missing.db ] || fail "a report created a database"
}

schema_is_versioned() {
	expect 0 --db t.db ingest "$FIXTURE"
	[ "$(sql t.db 'PRAGMA user_version')" -ge 1 ] || fail "no schema version"
	[ "$(sql t.db 'PRAGMA application_id')" = 1953198952 ] || fail "no application id"
	[ "$(sql t.db 'PRAGMA journal_mode')" = wal ] || fail "not in WAL mode"
}

TEST 'the database is --db, else TOKENSHARE_DB, else under XDG_STATE_HOME or HOME' location_order
TEST 'a database from a newer tokenshare is refused and left alone' newer_schema_is_refused
TEST 'another SQLite database or a non-database file is refused and left alone' foreign_files_are_refused
TEST 'a report on a missing database fails without creating one' reports_need_an_existing_database
TEST 'a new database records its schema version and application id and uses WAL' schema_is_versioned

# 2026-12-02: two first commands on a new database both migrated it ("table
# batch already exists"), or one read the header half before and half after
# the other's migration ("not a tokenshare database"): 4 runs of 20 lost.
first_commands_race_safely() {
	for round in 1 2 3; do
		rm -rf "race$round"
		mkdir "race$round"
		for i in $(seq 20); do
			if [ $((i % 2)) = 0 ]; then
				set -- ingest -q --as-of 2026-01-01 "$FIXTURE"
			else
				set -- reference load "$REFDIR"
			fi
			("$TOKENSHARE" --db "race$round/r.db" "$@" >/dev/null 2>"race$round/err.$i"
			 echo $? >"race$round/status.$i") &
		done
		wait
		for i in $(seq 20); do
			[ "$(cat "race$round/status.$i")" = 0 ] ||
				{ cat "race$round/err.$i" >&2; fail "round $round, command $i failed"; }
		done
		[ "$(sqlite3 "race$round/r.db" 'PRAGMA user_version')" -gt 0 ] || fail "no schema"
	done
}
TEST 'twenty first commands at once on a new database all succeed' first_commands_race_safely

# 2026-12-02: a read-only database in a directory the reader may not write
# (an archived copy, another user's state) could not be reported on: WAL
# needs its -shm file beside it.
read_only_place_is_readable() {
	[ "$(id -u)" = 0 ] && command -v su >/dev/null || { echo "note: needs root and su; skipped" >&2; return 0; }
	chmod 755 .
	su nobody -s /bin/sh -c "test -x '$TOKENSHARE' && test -r '$FIXTURE'" ||
		{ echo "note: the build is not reachable by nobody; skipped" >&2; return 0; }
	mkdir ro
	expect 0 --db ro/t.db ingest -q --as-of 2026-03-01 "$FIXTURE"
	expect 0 --db ro/t.db report share -o want.csv
	chmod 555 ro && chmod 444 ro/t.db
	su nobody -s /bin/sh -c "'$TOKENSHARE' --db ro/t.db report share" >got.csv 2>err ||
		{ cat err >&2; fail "the read-only database could not be reported on"; }
	same want.csv got.csv
	[ ! -e ro/t.db-shm ] || fail "a file was created beside it"
}
TEST 'a read-only database in a directory one may not write is reported on' read_only_place_is_readable
