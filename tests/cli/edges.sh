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
