# SPDX-License-Identifier: MIT
# Router logs: every fixture format lands in the right model, provider,
# bucket and country; ids are counted once across files, shapes and runs.
# Expected values are read from the fixture files with jq, not from
# tokenshare.

# cell DB DATASET: "bucket model provider requests prompt completion" per
# stored 15-minute cell, decoded by the sqlite3 shell from usage_day (the
# cells' day rollup), one line per (day, model, provider).
day_rows() {
	sqlite3 -separator '|' "$1" "
		SELECT d.day, m.slug, p.name, d.requests, d.prompt_tokens, d.completion_tokens,
		       d.cost_micro, d.cost_requests
		FROM usage_day d JOIN model_dim m ON m.id = d.model_id
		JOIN provider_dim p ON p.id = d.provider_id JOIN log_source s ON s.id = d.source_id
		WHERE s.name = '$2' ORDER BY d.day, m.slug, p.name"
}

# utc_day ISO_OR_EPOCH: days since 1970 (GNU date).
utc_day() {
	case $1 in
	*[!0-9.]*) echo $(($(date -u -d "$1" +%s) / 86400)) ;;
	*) echo $((${1%.*} / 86400)) ;;
	esac
}

# bucket ISO_OR_EPOCH: the 15-minute bucket.
bucket_of() {
	case $1 in
	*[!0-9.]*) echo $(($(date -u -d "$1" +%s) / 900)) ;;
	*) echo $((${1%.*} / 900)) ;;
	esac
}

# group DB DATASET BY DAY: the groups of one UTC day, "group tokens" per line.
groups() {
	"$TOKENSHARE" --db "$1" report share --source "$2" --by "$3" --period day \
		--from "$4" --to "$4" | tail -n +2 | cut -d, -f5,6 | tr , ' '
}

generation_record() {
	f=$DATA/openrouter-generation.example.json
	expect 0 --db t.db ingest "$f"
	contains out "openrouter-generation, 59 lines, 1 records: 1 counted"
	t=$(jq -r .data.created_at "$f")
	# Native (provider tokenizer) counts win over OpenRouter's.
	p=$(jq .data.native_tokens_prompt "$f") c=$(jq .data.native_tokens_completion "$f")
	cost=$(jq '.data.total_cost * 1000000 | round' "$f")
	[ "$(day_rows t.db openrouter-generation)" = "$(utc_day "$t")|$(jq -r .data.model "$f")|DeepInfra|1|$p|$c|$cost|1" ] ||
		{ day_rows t.db openrouter-generation >&2; fail "stored row"; }
	[ "$(sql t.db 'SELECT bucket FROM usage_q')" = "$(bucket_of "$t")" ] || fail "bucket"
	[ "$(sql t.db 'SELECT permaslug FROM model_dim')" = "$(jq -r '.data.provider_responses[0].model_permaslug' "$f")" ] ||
		fail "permaslug"
	d=$(date -u -d "$t" +%F)
	[ "$(groups t.db openrouter-generation author-country "$d")" = "CN $((p + c))" ] || fail "country"
	[ "$(groups t.db openrouter-generation provider "$d")" = "deepinfra $((p + c))" ] || fail "provider"
	[ "$(groups t.db openrouter-generation provider-country "$d")" = "US $((p + c))" ] || fail "provider country"
}

activity_days() {
	f=$DATA/openrouter-activity.example.json
	expect 0 --db t.db ingest "$f"
	contains out "openrouter-activity, 69 lines, 5 records: 5 counted"
	jq -r '.data[] | "\(.date)|\(.model)|\(.provider_name)|\(.requests)|\(.prompt_tokens)|\(.completion_tokens)"' "$f" |
		while IFS='|' read -r d rest; do echo "$(utc_day "$d")|$rest"; done | sort >want
	day_rows t.db openrouter-activity | cut -d'|' -f1-6 | sort >got
	same want got
	[ "$(groups t.db openrouter-activity author-country 2026-03-03)" = "US $(jq '[.data[] | select(.date == "2026-03-03") | .prompt_tokens + .completion_tokens] | add' "$f")" ] ||
		fail "2026-03-03 country"
	# A fetched day again, with one value changed, replaces the stored day.
	jq '.data[0].prompt_tokens += 1000 | .data |= map(select(.model != "qwen/qwen3-coder"))' "$f" >again.json
	expect 0 --db t.db ingest again.json
	day_rows t.db openrouter-activity | grep -q 'qwen/qwen3-coder' && fail "a day was not replaced"
	day_rows t.db openrouter-activity | grep -q "|$(($(jq '.data[0].prompt_tokens' "$f") + 1000))|" ||
		fail "the new value is missing"
}

otlp_spans() {
	f=$DATA/openrouter-broadcast-otlp.example.json
	expect 0 --db t.db ingest "$f"
	contains out "otlp, 135 lines, 1 records: 1 counted"
	nanos=$(jq -r '.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano' "$f")
	[ "$(sql t.db 'SELECT bucket FROM usage_q')" = "$((nanos / 1000000000 / 900))" ] || fail "bucket"
	[ "$(day_rows t.db otlp | cut -d'|' -f2-6)" = "deepseek/deepseek-v3.2|deepinfra|1|2304|311" ] ||
		{ day_rows t.db otlp >&2; fail "broadcast span"; }
	g=$DATA/otlp-genai-span.example.json
	expect 0 --db t.db ingest "$g"
	# A generic app: model without author, provider by its semconv name.
	d=$(date -u -d @$(($(jq -r '.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano' "$g") / 1000000000)) +%F)
	groups t.db otlp model "$d" | grep -q '^gpt-5-mini 307$' || { groups t.db otlp model "$d" >&2; fail "model"; }
	groups t.db otlp author "$d" | grep -q '^openai 307$' || fail "author of gpt-5-mini"
	groups t.db otlp provider "$d" | grep -q '^openai 307$' || fail "provider openai"
}

litellm_shapes_count_once() {
	v1=$DATA/litellm-spend-logs.example.json
	expect 0 --db t.db ingest "$v1"
	contains out "litellm-spend-logs, 90 lines, 2 records: 2 counted"
	# The v2 envelope and the callback payload carry the same request ids.
	expect 0 --db t.db ingest "$DATA/litellm-spend-logs-v2.example.json"
	contains out "2 records: 0 counted, 2 already seen"
	expect 0 --db t.db ingest "$DATA/litellm-generic-api-batch.example.json"
	contains out "1 records: 0 counted, 1 already seen"
	want=$(jq '[.[] | .prompt_tokens + .completion_tokens] | add' "$v1")
	got=$(sql t.db "SELECT sum(prompt_tokens + completion_tokens) FROM usage_day")
	[ "$got" = "$want" ] || fail "litellm tokens $got, want $want"
	d=$(date -u -d "$(jq -r '.[0].startTime' "$v1")" +%F)
	[ "$(groups t.db litellm author-country "$d" | sort)" = "$(printf 'CN 2615\nUS 5516')" ] ||
		{ groups t.db litellm author-country "$d" >&2; fail "countries from model names"; }
	[ "$(groups t.db litellm provider "$d" | sort)" = "$(printf 'anthropic 5516\ndeepseek 2615')" ] ||
		fail "providers from LiteLLM keys"
}

helicone_langfuse_openai() {
	h=$DATA/helicone-webhook.example.json
	cp "$h" hel.json
	touch -d 2026-03-04T10:20:00Z hel.json
	expect 0 --db t.db ingest hel.json
	# No time in the body: the file's time; provider OPENROUTER = unknown host.
	[ "$(sql t.db "SELECT q.bucket FROM usage_q q JOIN log_source s ON s.id = q.source_id WHERE s.name = 'helicone'")" = \
	  "$(bucket_of 2026-03-04T10:20:00Z)" ] || fail "helicone bucket"
	[ "$(groups t.db helicone provider 2026-03-04)" = "unknown 21" ] || fail "helicone provider"
	# The same body again, with another file time: still the same request.
	cp hel.json hel2.json
	touch -d 2026-03-09T00:00:00Z hel2.json
	expect 0 --db t.db ingest hel2.json
	contains out "1 records: 0 counted, 1 already seen"
	l=$DATA/langfuse-observations.example.json
	expect 0 --db t.db ingest "$l"
	d=$(date -u -d "$(jq -r '.data[0].startTime' "$l")" +%F)
	[ "$(groups t.db langfuse author-country "$d")" = "CN $(jq '.data[0].usageDetails.total' "$l")" ] ||
		fail "langfuse"
	o=$DATA/openai-chat-completion.example.json
	r=$DATA/openrouter-chat-completion.example.json
	expect 0 --db t.db ingest "$o" "$r"
	d=$(date -u -d @"$(jq .created "$o")" +%F)
	[ "$(groups t.db openai-chat author "$d")" = "openai $(jq .usage.total_tokens "$o")" ] || fail "openai"
	d=$(date -u -d @"$(jq .created "$r")" +%F)
	[ "$(groups t.db openai-chat provider "$d")" = "novita $(jq .usage.total_tokens "$r")" ] ||
		fail "openrouter completion provider"
}

GEN=$DATA/genlogs-1500.jsonl
GEN_TRUTH=$DATA/genlogs-1500.truth.csv

report_equals_generator_truth() {
	expect 1 --db t.db ingest "$GEN"
	contains out "1500 lines, 1478 records: 1417 counted, 61 already seen, 0 not requests, 22 rejected"
	expect 0 --db t.db report share --source logs --period week
	as_truth out >got.csv
	cut -d, -f1-4 "$GEN_TRUTH" >want.csv
	same want.csv got.csv
}

second_read_changes_nothing() {
	expect 1 --db t.db ingest "$GEN"
	dump t.db | grep -v '^INSERT INTO input_file' >before.sql
	expect 0 --db t.db ingest "$GEN"
	contains out "unchanged since the last read, skipped"
	dump t.db | grep -v '^INSERT INTO input_file' >after.sql
	same before.sql after.sql
	# A copy under another name is read, and every id in it is known already.
	cp "$GEN" copy.jsonl
	expect 1 --db t.db ingest copy.jsonl
	contains out "1478 records: 0 counted, 1478 already seen"
}

ids_counted_once_across_files_and_runs() {
	head -1000 "$GEN" >a.jsonl
	sed -n '500,1500p' "$GEN" >b.jsonl
	expect 1 --db one.db ingest "$GEN"
	expect 1 --db two.db ingest a.jsonl b.jsonl
	expect 0 --db two.db ingest b.jsonl a.jsonl
	contains out "a.jsonl: unchanged since the last read, skipped"
	sort b.jsonl >c.jsonl
	expect 1 --db two.db ingest c.jsonl
	for db in one two; do
		"$TOKENSHARE" --db $db.db report share --source logs --by model >$db.csv
	done
	same one.csv two.csv
	[ "$(sql two.db 'SELECT count(*) FROM seen_request')" = "$(sql one.db 'SELECT count(*) FROM seen_request')" ] ||
		fail "ids"
}

appended_lines_are_read_from_where_the_last_read_stopped() {
	head -700 "$GEN" >grow.jsonl
	expect 1 --db t.db ingest grow.jsonl
	tail -n +701 "$GEN" >>grow.jsonl
	expect 1 --db t.db ingest grow.jsonl
	contains out "grow.jsonl: openrouter-generation, 800 lines"
	expect 0 --db t.db report share --source logs
	as_truth out >got.csv
	cut -d, -f1-4 "$GEN_TRUTH" >want.csv
	same want.csv got.csv
	# A line still being written when a read ends is not cut: it waits.
	head -10 "$GEN" >part.jsonl
	printf '%s' "$(sed -n 11p "$GEN" | head -c 100)" >>part.jsonl
	expect 0 --db p.db ingest part.jsonl
	contains out "10 lines"
}

rejects_are_counted_shown_and_kept() {
	expect 1 --db t.db ingest "$GEN"
	# The generator cut 22 records short or replaced them with text.
	[ "$(grep -c '^.*genlogs-1500.jsonl:[0-9]*: ' err)" = 20 ] || fail "20 rejects shown"
	contains err "genlogs-1500.jsonl: 2 more rejected records not shown"
	contains err "not JSON:"
	expect 0 --db t.db status
	contains out "1478 records, 61 duplicates, 22 rejected"
	[ "$(grep -c '  rejected: ' out)" = 20 ] || fail "status keeps 20 rejects"
	line=$(grep -m1 '  rejected: ' out | sed 's/.*jsonl:\([0-9]*\):.*/\1/')
	sed -n "${line}p" "$GEN" | jq -e . >/dev/null 2>&1 && fail "line $line is valid JSON"
	true
}

wrong_format_stops_early() {
	yes 'this is a log line, not JSON' | head -50 >text.log
	expect 1 --db t.db ingest text.log
	contains err "text.log:1: not a rankings file"
	contains err "(router logs are JSON lines or JSON documents)"
	# JSON, but no log format: the first 10 records decide.
	yes '{"level": "info", "msg": "started"}' | head -50 >json.log
	expect 1 --db t.db ingest json.log
	contains err "json.log: not a log format tokenshare reads (none of the first 10 records is one)"
	[ "$(grep -c '^json.log:' err)" = 10 ] || fail "stopped after 10 records"
	[ "$(sql t.db 'SELECT count(*) FROM usage_day')" = 0 ] || fail "stored something"
	# Noise before the JSON lines does not hide a log.
	{ echo '# export resumed'; head -30 "$GEN"; } >noisy.jsonl
	expect 1 --db t.db ingest noisy.jsonl
	contains out "noisy.jsonl: openrouter-generation, 31 lines"
	expect 1 --db t.db ingest --format litellm-payload "$GEN"
	contains err "this is not litellm-payload: none of the first 10 records could be read"
}

gzip_and_stdin() {
	gzip -c "$GEN" >gen.jsonl.gz
	expect 1 --db gz.db ingest gen.jsonl.gz
	"$TOKENSHARE" --db in.db ingest - <"$GEN" >out 2>err && fail "rejects must give status 1"
	contains out "<stdin>: openrouter-generation, 1500 lines"
	for db in gz in; do
		"$TOKENSHARE" --db $db.db report share --source logs >$db.csv
	done
	same gz.csv in.csv
	# 2026-12-02: status said "read to byte 85122223 of 61100032": a gzip
	# file's position counts what it inflates to.
	expect 0 --db gz.db status
	contains out "read $(wc -c <"$GEN") bytes of its content (uncompressed; the gzip file is $(wc -c <gen.jsonl.gz) bytes)"
}

log_reports_need_logs() {
	expect 1 --db t.db ingest "$GEN"
	expect 2 --db t.db report share --by provider
	contains err "rankings count tokens per model only"
	expect 2 --db t.db report share --source nosuch
	contains err "no log source named 'nosuch'"
	expect 2 --db t.db report share --source logs --tz Mars/Olympus
	contains err "no such time zone"
	expect 0 --db t.db report share --source logs --measure cost --format json
	jq -e '.meta.measure == "cost" and .meta.column == "cost_microusd"' out >/dev/null || fail "meta"
	jq -e '.meta.coverage.requests == 1417 and .meta.coverage.requests_without_cost == 0' out >/dev/null ||
		fail "cost coverage"
	want=$(grep -v '"total_cost":null' "$GEN" | "$PYTHON" -c '
import json, sys
seen = {}
for line in sys.stdin:
    try:
        r = json.loads(line)
    except ValueError:
        continue
    seen[r["id"]] = int(r["total_cost"] * 1e6 + 0.5)
print(sum(seen.values()))')
	got=$(jq '[.rows[].cost_microusd] | add' out)
	[ "$got" = "$want" ] || fail "cost $got, want $want"
}

time_zones_recut_days() {
	expect 1 --db t.db ingest "$GEN"
	# Independent: every record's local day in Asia/Kathmandu (UTC+5:45), by Python.
	"$PYTHON" - "$GEN" >want.csv <<'PY'
import collections, datetime, json, sys, zoneinfo
z = zoneinfo.ZoneInfo('Asia/Kathmandu')
seen, days = set(), collections.Counter()
for line in open(sys.argv[1]):
    try:
        r = json.loads(line)
    except ValueError:
        continue
    if r['id'] in seen:
        continue
    seen.add(r['id'])
    t = datetime.datetime.fromisoformat(r['created_at'].replace('Z', '+00:00'))
    days[t.astimezone(z).date().isoformat()] += r['tokens_prompt'] + r['tokens_completion']
for d in sorted(days):
    print('%s,%d' % (d, days[d]))
PY
	expect 0 --db t.db report share --source logs --period day --by model --tz Asia/Kathmandu
	tail -n +2 out | awk -F, '{ t[$1] += $6 } END { for (d in t) printf "%s,%d\n", d, t[d] }' | sort >got.csv
	same want.csv got.csv
	expect 0 --db t.db report share --source logs --tz Asia/Kathmandu --format json
	contains out "local days in Asia/Kathmandu"
}

TEST 'an OpenRouter generation record lands in its model, provider, bucket and country' generation_record
TEST 'OpenRouter activity rows land per day, and a day fetched again replaces the stored day' activity_days
TEST 'OTLP spans from OpenRouter Broadcast and from an instrumented app are read' otlp_spans
TEST 'LiteLLM spend logs, the v2 envelope and the callback payload count each request once' litellm_shapes_count_once
TEST 'Helicone, Langfuse and chat.completion objects land in the right groups' helicone_langfuse_openai
TEST 'a generated log gives exactly the generator truth' report_equals_generator_truth
TEST 'reading a log a second time changes nothing' second_read_changes_nothing
TEST 'request ids are counted once across files, orders and runs' ids_counted_once_across_files_and_runs
TEST 'lines appended to a log are read from where the last read stopped' appended_lines_are_read_from_where_the_last_read_stopped
TEST 'malformed lines are counted, the first 20 shown and kept, the rest of the file loads' rejects_are_counted_shown_and_kept
TEST 'a file whose first records are not the format stops early and stores nothing' wrong_format_stops_early
TEST 'gzip files and standard input are read like plain files' gzip_and_stdin
TEST 'log reports check their options and measure cost with its coverage' log_reports_need_logs
TEST 'days re-cut to a time zone equal an independent computation' time_zones_recut_days

progress_only_on_a_terminal() {
	expect 1 --db t.db ingest "$GEN"
	grep -q 'MB/s' err && fail "a progress line without a terminal"
	command -v script >/dev/null || fail "script (util-linux) is needed for this test"
	# script gives the command a terminal; its output is the terminal's.
	script -qec "$TOKENSHARE --db t2.db ingest $GEN" /dev/null >tty.out || true
	grep -q 'lines, 1478 records, .* MB/s, 22 rejects' tty.out || { cat tty.out >&2; fail "no progress line"; }
}

TEST 'a progress line appears on a terminal and never in cron' progress_only_on_a_terminal
