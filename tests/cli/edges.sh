# SPDX-License-Identifier: MIT
# Wrong numbers from edge cases: inputs that grow, restate, overlap or come
# with odd bytes must still give the exact figures (expected values come
# from jq, the sqlite3 shell or a fresh ingest of the same rows).

# day_sums DB DATASET: "day|model|requests|tokens" per stored day and model.
day_sums() {
	sqlite3 -separator '|' "$1" "
		SELECT d.day, m.slug, sum(d.requests), sum(d.prompt_tokens + d.completion_tokens)
		FROM usage_day d JOIN model_dim m ON m.id = d.model_id
		JOIN log_source s ON s.id = d.source_id WHERE s.name = '$2'
		GROUP BY d.day, m.slug ORDER BY d.day, m.slug"
}

# 2026-12-02: a grown activity JSON-lines file was resumed at its old
# offset, and its new rows replaced the whole stored day.
grown_activity_file_keeps_whole_days() {
	jq -c '.data[]' "$DATA/openrouter-activity.example.json" >all.jsonl
	head -n 2 all.jsonl >act.jsonl
	expect 0 --db t.db ingest act.jsonl
	tail -n +3 all.jsonl >>act.jsonl
	expect 0 --db t.db ingest act.jsonl
	expect 0 --db fresh.db ingest all.jsonl
	day_sums fresh.db openrouter-activity >want
	day_sums t.db openrouter-activity >got
	[ "$(wc -l <want)" -eq 5 ] || fail "the fixture has 5 rows"
	same want got
}

TEST 'a grown activity JSON-lines file keeps every row of its days' grown_activity_file_keeps_whole_days

# 2026-12-02: a record of 9e18 tokens was stored (clamped or negative),
# took its period's whole share, and broke every later batch of its cell.
implausible_counts_are_rejected() {
	{
		echo '{"id":"a","object":"chat.completion","created":1767225600,"model":"openai/gpt-5","usage":{"prompt_tokens":10,"completion_tokens":5}}'
		echo '{"id":"b","object":"chat.completion","created":1767225601,"model":"openai/gpt-5","usage":{"prompt_tokens":9000000000000000000,"completion_tokens":5}}'
		echo '{"id":"c","object":"chat.completion","created":1767225602,"model":"openai/gpt-5","usage":{"prompt_tokens":100000000,"completion_tokens":100000000}}'
		echo '{"id":"d","object":"chat.completion","created":1767225603,"model":"openai/gpt-5","usage":{"prompt_tokens":100000001,"completion_tokens":1}}'
	} >huge.jsonl
	expect 1 --db t.db ingest huge.jsonl
	contains err "huge.jsonl:2: more than 100000000 tokens per request: not a plausible count"
	contains err "huge.jsonl:4: more than 100000000 tokens per request"
	contains out "4 lines, 2 records: 2 counted, 0 already seen, 0 not requests, 2 rejected"
	[ "$(sqlite3 t.db 'SELECT sum(prompt_tokens), sum(completion_tokens) FROM usage_day')" = "100000010|100000005" ] ||
		fail "not exactly the two plausible records"
	# A daily row may hold many requests: its bound is per request.
	jq -c '.data[0] | .requests = 3 | .prompt_tokens = 300000000 | .completion_tokens = 0' \
		"$DATA/openrouter-activity.example.json" >ok.jsonl
	expect 0 --db t.db ingest ok.jsonl
	jq -c '.data[0] | .requests = 3 | .prompt_tokens = 300000001' \
		"$DATA/openrouter-activity.example.json" >bad.jsonl
	expect 1 --db t.db ingest bad.jsonl
	contains err "bad.jsonl:1: more than 100000000 tokens per request"
	# Later batches of the same cell still store.
	echo '{"id":"e","object":"chat.completion","created":1767225604,"model":"openai/gpt-5","usage":{"prompt_tokens":1,"completion_tokens":1}}' >more.jsonl
	expect 0 --db t.db ingest more.jsonl
	expect 0 --db t.db report share --source openai-chat --period day
	contains out "2026-01-01,2026-01-01,2026-01-01,1,US,200000017,100.0000"
}

TEST 'a log record with more tokens than a request can hold is rejected at its line, the rest counted' implausible_counts_are_rejected

# chat N FIRST: N chat.completion lines from id FIRST on, a minute apart.
chat() {
	"$PYTHON" - "$1" "$2" <<'PY'
import sys
n, first = int(sys.argv[1]), int(sys.argv[2])
for i in range(first, first + n):
    print('{"id":"c%d","object":"chat.completion","created":%d,"model":"openai/gpt-5",'
          '"usage":{"prompt_tokens":10,"completion_tokens":5}}' % (i, 1767225600 + 60 * i))
PY
}

requests_in() {
	sqlite3 "$1" 'SELECT coalesce(sum(requests), 0) FROM usage_day'
}

# 2026-12-02: a NUL byte in the first 64 KiB made a log "rankings" (refused,
# and every later append never read); a byte-order mark lost the first
# record; ten text lines first (LiteLLM's banner on the same stdout) got the
# file refused whole; gzip on standard input was read as text.
odd_bytes_around_records_lose_nothing() {
	chat 3 0 >crash.log
	head -c 70000 /dev/zero >>crash.log        # a power loss mid-append
	chat 2 3 >>crash.log
	expect 1 --db a.db ingest crash.log
	contains err "crash.log:4: 70000 NUL bytes (a crash while the file was written leaves them) skipped"
	[ "$(requests_in a.db)" = 5 ] || fail "records around the NUL bytes were lost"
	{ head -c 100 /dev/zero; chat 2 10; } >nulfirst.log
	expect 1 --db b.db ingest nulfirst.log
	[ "$(requests_in b.db)" = 2 ] || fail "a log starting with NUL bytes was not read"
	{ printf '\357\273\277'; chat 3 20; } >bom.log
	expect 0 --db c.db ingest bom.log
	[ "$(requests_in c.db)" = 3 ] || fail "the record after the byte-order mark was lost"
	{ for i in $(seq 12); do echo "INFO: Uvicorn running on http://0.0.0.0:4000 ($i)"; done
	  chat 4 30; } >banner.log
	expect 1 --db d.db ingest banner.log
	contains err "banner.log:1: not JSON"
	contains out "16 lines, 4 records: 4 counted"
	[ "$(requests_in d.db)" = 4 ] || fail "the records after the banner were not counted"
	chat 50 40 | gzip >g.jsonl.gz
	expect 0 --db e.db ingest - <g.jsonl.gz
	[ "$(requests_in e.db)" = 50 ] || fail "gzip on standard input was not inflated"
	gzip -c "$FIXTURE" | "$TOKENSHARE" --db f.db ingest -q --as-of 2026-03-01 - ||
		fail "gzip rankings on standard input"
	[ "$(sqlite3 f.db 'SELECT count(*) FROM rank_row')" = "$(($(wc -l <"$FIXTURE") - 1))" ] ||
		fail "not every gzip rankings row"
}

TEST 'NUL bytes, a byte-order mark, a banner or gzip on standard input lose no record' odd_bytes_around_records_lose_nothing

# 2026-12-02: a 117 KB .gz holding one huge document took 2.47 GB to read.
gzip_bomb_is_refused_in_bounded_memory() {
	"$PYTHON" - <<'PY'
import gzip
rec = b'{"id":"gen-%d","model":"a/b","created_at":"2026-03-02T10:00:00Z","tokens_prompt":1,"tokens_completion":1}'
with gzip.open('bomb.json.gz', 'wb', 9) as f:
    f.write(b'{"data":[\n')
    f.write(b',\n'.join(rec % i for i in range(700000)))
    f.write(b']}\n')
PY
	expect 1 --db t.db ingest bomb.json.gz
	contains err "bomb.json.gz: larger than 64 MiB; split it"
	[ ! -e t.db ] || [ "$(requests_in t.db)" = 0 ] || fail "part of the bomb was stored"
}

TEST 'a gzip bomb of one huge document is refused before it is parsed' gzip_bomb_is_refused_in_bounded_memory

# 2026-12-02: a Langfuse generation exported while running was counted with
# its partial usage, and the final export's values dropped as a duplicate.
langfuse_counts_a_generation_once_it_ended() {
	f=$DATA/langfuse-observations.example.json
	jq '.data |= map(if .type == "GENERATION" then .endTime = null | .usageDetails.output = 1 else . end)' \
		"$f" >running.json
	expect 0 --db t.db ingest running.json
	contains out "in progress (counted once an export shows them ended)"
	[ "$(requests_in t.db)" = 0 ] || fail "a running generation was counted"
	expect 0 --db t.db ingest "$f"
	expect 0 --db fresh.db ingest "$f"
	[ "$(sqlite3 t.db 'SELECT sum(prompt_tokens), sum(completion_tokens) FROM usage_day')" = \
	  "$(sqlite3 fresh.db 'SELECT sum(prompt_tokens), sum(completion_tokens) FROM usage_day')" ] ||
		fail "not the same counts as the final export alone"
}

TEST 'a Langfuse generation caught in progress is counted with its final values once it ended' langfuse_counts_a_generation_once_it_ended

# broadcast_span GEN_ID: an OpenRouter Broadcast span (OTLP JSON) of the
# generation fixture's request, naming its generation id.
broadcast_span() {
	jq --arg id "$1" '.resourceSpans[0].scopeSpans[0].spans[0].attributes +=
		[{"key": "gen_ai.response.id", "value": {"stringValue": $id}}]' \
		"$DATA/openrouter-broadcast-otlp.example.json"
}

# 2026-12-02: --source logs counted a request twice when its generation
# record and its Broadcast span (or chat completion) were both ingested.
one_request_in_two_datasets_is_counted_once() {
	gen=$DATA/openrouter-generation.example.json
	id=$(jq -r .data.id "$gen")
	broadcast_span "$id" >span.json
	jq --arg id "$id" '.id = $id' "$DATA/openrouter-chat-completion.example.json" >chat.json
	expect 0 --db t.db ingest "$gen"
	expect 0 --db t.db ingest span.json chat.json
	contains out "span.json: otlp"
	contains out "1 already seen"
	[ "$(requests_in t.db)" = 1 ] || fail "one request counted $(requests_in t.db) times"
	# Daily activity totals have no ids: their overlap with requests is shown.
	expect 0 --db t.db ingest "$DATA/openrouter-activity.example.json"
	expect 0 --db t.db report share --source logs
	contains err "openrouter-activity (daily totals) and openrouter-generation (requests) both hold 1 of the same days"
	# In the other order, the first dataset to deliver it counts it.
	expect 0 --db u.db ingest span.json
	expect 0 --db u.db ingest "$gen" chat.json
	[ "$(requests_in u.db)" = 1 ] || fail "one request counted $(requests_in u.db) times"
	# A span without a generation id is a request of its own.
	expect 0 --db u.db ingest "$DATA/openrouter-broadcast-otlp.example.json"
	[ "$(requests_in u.db)" = 2 ] || fail "a span without a generation id was taken for another"
}

# A database of schema 4 holds keys of the old rule: read again after the
# upgrade, its files are still counted once.
old_database_keeps_counting_once() {
	gunzip -c "$DATA/schema4-openrouter-logs.db.gz" >old.db
	[ "$(sqlite3 old.db 'PRAGMA user_version')" = 4 ] || fail "the fixture is not schema 4"
	head -300 "$DATA/genlogs-1500.jsonl" >genlogs-300.jsonl
	cp "$DATA/openrouter-generation.example.json" "$DATA/openrouter-chat-completion.example.json" .
	expect 1 --db old.db ingest genlogs-300.jsonl openrouter-generation.example.json \
		openrouter-chat-completion.example.json
	contains out "genlogs-300.jsonl: openrouter-generation, 300 lines, 294 records: 0 counted"
	[ "$(requests_in old.db)" = 280 ] || fail "re-read after the upgrade: $(requests_in old.db) requests"
	[ "$(sqlite3 old.db "SELECT value FROM setting WHERE key = 'dedup.legacy_gen_keys'")" = 1 ] ||
		fail "the old keys were not marked"
	# New requests of the old database still count, once.
	sed -n '301,400p' "$DATA/genlogs-1500.jsonl" >more.jsonl
	ts --db old.db ingest more.jsonl
	cp more.jsonl again.jsonl
	ts --db old.db ingest again.jsonl
	contains out "0 counted"
	expect 1 --db fresh.db ingest genlogs-300.jsonl more.jsonl openrouter-generation.example.json \
		openrouter-chat-completion.example.json
	[ "$(requests_in old.db)" = "$(requests_in fresh.db)" ] || fail "the upgraded and a fresh database differ"
}

TEST 'one OpenRouter request delivered by two datasets is counted once' one_request_in_two_datasets_is_counted_once
TEST 'a database of schema 4 upgraded to shared generation ids still counts each request once' old_database_keeps_counting_once
