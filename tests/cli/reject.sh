# SPDX-License-Identifier: MIT
# Bad input: a clear file:line reason, exit status 1, and a database that is
# exactly as it was (compared with the sqlite3 shell's dump).

# reject FILE TEXT: ingesting FILE into a database holding the fixture fails
# with TEXT on stderr and leaves the database unchanged.
reject() {
	[ -e t.db ] || expect 0 --db t.db ingest --as-of 2026-03-01 "$FIXTURE"
	dump t.db >before.sql
	expect 1 --db t.db ingest "$1"
	contains err "$2"
	contains err "nothing was stored"
	dump t.db >after.sql
	same before.sql after.sql
}

truncated_json() {
	to_api "$FIXTURE" >full.json
	head -c 5000 full.json >cut.json
	line=$(wc -l <cut.json)
	reject cut.json "cut.json:$((line + 1)): invalid JSON:"
}

non_numeric_token_count_csv() {
	head -1 "$FIXTURE" >bad.csv
	grep '^2026-02-10,' "$FIXTURE" >>bad.csv
	sed -i '7s/,[0-9]*$/,12e9/' bad.csv
	reject bad.csv 'bad.csv:7: total_tokens "12e9": not a whole number of decimal digits'
}

non_numeric_token_count_json() {
	head -1 "$FIXTURE" >one.csv
	grep '^2026-02-10,' "$FIXTURE" >>one.csv
	to_api one.csv >api.json
	"$PYTHON" -c '
import json
d = json.load(open("api.json"))
d["data"][3]["total_tokens"] = "n/a"
open("bad.json", "w").write(json.dumps(d, indent=2))'
	# The fourth row object opens on the fourth line that is just "    {".
	line=$(grep -n '^    {$' bad.json | sed -n 4p | cut -d: -f1)
	reject bad.json "bad.json:$line: total_tokens \"n/a\": not a whole number"
}

negative_and_fractional_counts() {
	head -1 "$FIXTURE" >bad.csv
	echo '2026-02-10,a/b,-5' >>bad.csv
	echo '2026-02-10,a/c,5.0' >>bad.csv
	echo '2026-02-10,a/d,' >>bad.csv
	reject bad.csv 'bad.csv:2: total_tokens "-5"'
	contains err 'bad.csv:3: total_tokens "5.0"'
	contains err 'bad.csv:4: total_tokens "": empty'
}

unknown_date_format() {
	head -1 "$FIXTURE" >bad.csv
	grep '^2026-02-10,' "$FIXTURE" | sed '4s/^2026-02-10/02\/10\/2026/' >>bad.csv
	reject bad.csv 'bad.csv:5: date "02/10/2026" is not a calendar date in the form YYYY-MM-DD'
	printf 'date,model_permaslug,total_tokens\n2026-02-30,a/b,1\n2026-2-1,a/b,1\n' >bad2.csv
	reject bad2.csv 'bad2.csv:2: date "2026-02-30"'
	contains err 'bad2.csv:3: date "2026-2-1"'
}

empty_file() {
	: >empty.csv
	reject empty.csv "empty.csv:1: empty file"
	printf '\n  \n' >blank.json
	reject blank.json "blank.json:1: empty file"
}

binary_file() {
	head -c 3000 "$TOKENSHARE" >blob.bin
	reject blob.bin "blob.bin:"
	contains err "binary data (a NUL byte at offset"
	printf 'date,model_permaslug,total_tokens\n2026-02-10,a/\377b,1\n' >latin.csv
	reject latin.csv "latin.csv:1: not UTF-8 text"
}

not_rankings_at_all() {
	echo '{"choices": []}' >chat.json
	reject chat.json "chat.json:1: not rankings, and not a record of any log format tokenshare reads"
	printf 'a,b,c\n1,2,3\n' >other.csv
	reject other.csv "other.csv:1: not a rankings file"
}

one_bad_file_stores_nothing() {
	: >t0
	expect 0 --db t.db ingest --as-of 2026-03-01 "$FIXTURE"
	dump t.db >before.sql
	head -1 "$FIXTURE" >good.csv
	grep '^2025-03-03,' "$FIXTURE" | sed 's/,[0-9]*$/,1/' >>good.csv
	printf 'date,model_permaslug,total_tokens\n2026-02-10,a/b,x\n' >bad.csv
	expect 1 --db t.db ingest good.csv bad.csv
	contains err "bad.csv:2:"
	dump t.db >after.sql
	same before.sql after.sql
	# 2026-12-02: a file named but missing let the others be stored.
	chat='{"id":"c1","object":"chat.completion","created":1767225600,"model":"a/b","usage":{"prompt_tokens":1,"completion_tokens":1}}'
	echo "$chat" >good.jsonl
	expect 1 --db t.db ingest good.csv good.jsonl missing.csv
	contains err "missing.csv: cannot open: No such file or directory"
	contains err "1 of 3 inputs could not be read; nothing was stored"
	dump t.db >after.sql
	same before.sql after.sql
}

# 2026-12-02: a repeated header column silently took the last of the two;
# dates from 1900 to 9999 were stored (the rankings begin on 2025-01-01);
# an as-of of 2062 was accepted and then blocked every real ingest.
impossible_headers_dates_and_as_of_are_rejected() {
	printf 'date,model_permaslug,total_tokens,total_tokens\n2026-02-10,a/b,5,7\n' >twice.csv
	reject twice.csv 'twice.csv:1: the header names the column "total_tokens" twice'
	printf 'date,model_permaslug,total_tokens\n2024-12-31,a/b,5\n' >early.csv
	reject early.csv 'early.csv:2: date "2024-12-31" is before 2025-01-01, where OpenRouter'"'"'s rankings begin'
	printf 'date,model_permaslug,total_tokens\n9999-12-31,a/b,5\n' >late.csv
	reject late.csv 'late.csv:2: date "9999-12-31" is in the future'
	cat >future.json <<'JSON'
{"date": "2026-02-10", "fetched_at": "2062-03-02T00:00:00Z",
 "data": [{"date": "2026-02-10", "model_permaslug": "a/b", "total_tokens": "5"}]}
JSON
	reject future.json "future.json:2: as of 2062-03-02T00:00:00Z, which is in the future"
	expect 2 --db t.db ingest --as-of 2062-03-02 "$FIXTURE"
	contains err "--as-of '2062-03-02' is in the future"
}

# 2026-12-02: an input without as-of replaced a day that had one, and the
# citation lost its date.
undated_input_keeps_a_dated_day() {
	expect 0 --db t.db ingest -q --as-of 2026-03-01 "$FIXTURE"
	grep '^2026-02-10,' "$FIXTURE" | sed '1i date,model_permaslug,total_tokens' |
		sed 's/,\([0-9]*\)$/,1\1/' >undated.csv
	stored() { sqlite3 t.db 'SELECT * FROM rank_day; SELECT * FROM rank_row; SELECT * FROM restatement'; }
	stored >before
	expect 0 --db t.db ingest undated.csv
	contains err "2026-02-10: kept the stored day (as of 2026-03-01T00:00:00Z); this input differs but states no as-of time"
	stored >after
	same before after
	# Dated, the same input restates the day.
	expect 0 --db t.db ingest --as-of 2026-03-02 undated.csv
	contains out "1 restated"
	[ "$(sql t.db "SELECT as_of FROM rank_day WHERE day = '2026-02-10'")" = "$(date -u -d 2026-03-02 +%s)" ] ||
		fail "the dated input did not replace the day"
}

# 2026-12-02: an empty Data API answer was stored silently, no day warned of.
empty_answer_is_not_silent() {
	printf '{"data": [], "meta": {"as_of": "2026-03-03T02:00:00Z", "version": "v1"}}\n' >empty.json
	expect 0 --db t.db ingest empty.json
	contains err "empty.json: the response holds no rows: no day is stored from it"
	printf '{"data": [], "meta": {"as_of": "2026-03-03T02:00:00Z", "start_date": "2026-03-01", "end_date": "2026-03-02"}}\n' >range.json
	expect 0 --db t.db ingest range.json
	contains err "meta covers 2026-03-01 but no row has that date"
	contains err "meta covers 2026-03-02 but no row has that date"
}

# 2026-12-03 (found by fuzzing): a meta range reaching 4052 warned about
# every one of its 740 000 days, one line each, for minutes.
far_meta_range_warns_in_bounds() {
	printf '{"data": [{"date": "2026-03-01", "model_permaslug": "a/b", "total_tokens": "5"}],
	  "meta": {"as_of": "2026-03-03T02:00:00Z", "start_date": "2024-03-01", "end_date": "4052-03-02"}}\n' >far.json
	TOKENSHARE_NOW=1772668800 expect 0 --db t.db ingest far.json    # 2026-03-05
	# Days from 2025-01-01 (where rankings begin) to today: 429, one missing the row.
	[ "$(grep -c 'no row has that date' err)" -eq 31 ] || { cat err >&2; fail "not 31 days named"; }
	contains err "meta covers 2025-01-01 but no row has that date"
	contains err "far.json: and 397 more days in meta's range without rows"
	lacks err "2024-"
	lacks err "2026-03-06"
}

too_large_counts() {
	printf 'date,model_permaslug,total_tokens\n2026-02-10,a/b,1000000000000000\n' >max.csv
	expect 0 --db t.db ingest max.csv
	[ "$(sql t.db 'SELECT tokens FROM rank_row')" = 1000000000000000 ] || fail "max not stored"
	printf 'date,model_permaslug,total_tokens\n2026-02-11,a/b,1000000000000001\n' >big.csv
	reject big.csv 'big.csv:2: total_tokens "1000000000000001" is larger than 1000000000000000, more than a model can plausibly serve in a day'
	# 2026-12-02: 9e18 was stored and took the whole share of its week.
	printf 'date,model_permaslug,total_tokens\n2026-02-11,a/b,9000000000000000000\n' >huge.csv
	reject huge.csv 'huge.csv:2: total_tokens "9000000000000000000" is larger than'
}

rows_outside_the_api_range() {
	cat >range.json <<'JSON'
{"data": [
  {"date": "2026-03-01", "model_permaslug": "a/b", "total_tokens": "5"},
  {"date": "2026-03-09", "model_permaslug": "a/b", "total_tokens": "5"}
 ],
 "meta": {"as_of": "2026-03-03T02:00:00.000Z", "version": "v1",
          "start_date": "2026-03-01", "end_date": "2026-03-02"}}
JSON
	reject range.json "range.json:3: date 2026-03-09 is outside meta.start_date..end_date"
}

many_problems_are_counted_and_capped() {
	head -1 "$FIXTURE" >bad.csv
	i=0
	while [ $i -lt 30 ]; do echo "2026-02-10,m/$i,x$i" >>bad.csv; i=$((i + 1)); done
	reject bad.csv "bad.csv: 10 more problems not shown"
	contains err "rejected: 30 problems in the input"
	[ "$(grep -c '^bad.csv:[0-9]*: total_tokens' err)" = 20 ] || fail "expected 20 kept messages"
}

TEST 'truncated JSON is rejected at its line and nothing is stored' truncated_json
TEST 'a non-numeric token count in CSV is rejected at its line' non_numeric_token_count_csv
TEST 'a non-numeric token count in JSON is rejected at the line of its row' non_numeric_token_count_json
TEST 'negative, fractional and empty token counts are rejected' negative_and_fractional_counts
TEST 'a date in another format or not on the calendar is rejected' unknown_date_format
TEST 'an empty file is rejected' empty_file
TEST 'a binary or non-UTF-8 file is rejected' binary_file
TEST 'JSON or CSV that is not rankings is rejected' not_rankings_at_all
TEST 'one bad file among good ones stores nothing at all' one_bad_file_stores_nothing
TEST 'counts up to 10^15 tokens per model and day are stored and larger ones rejected' too_large_counts
TEST 'API rows outside the response date range are rejected' rows_outside_the_api_range
TEST 'a repeated header column, a date outside the rankings or a future as-of is rejected' impossible_headers_dates_and_as_of_are_rejected
TEST 'an input without an as-of time does not replace a day that has one' undated_input_keeps_a_dated_day
TEST 'an empty Data API answer warns that no day is stored' empty_answer_is_not_silent
TEST 'a meta range of two thousand years names a bounded number of days without rows' far_meta_range_warns_in_bounds
TEST 'every problem is counted and the first 20 are shown' many_problems_are_counted_and_capped

rejected_input_creates_no_database() {
	# 2026-11-24: a rejected first ingest left an empty database behind, and
	# the next report failed with "no reference mapping loaded".
	printf 'date,model_permaslug,total_tokens\n2026-02-10,a/b,x\n' >bad.csv
	expect 1 --db new.db ingest bad.csv
	[ ! -e new.db ] || fail "a rejected ingest created the database"
	expect 4 --db new.db report share
	contains err "no database here yet"
}

TEST 'a rejected ingest into a new database creates no database' rejected_input_creates_no_database
