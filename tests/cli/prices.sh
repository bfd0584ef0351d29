# SPDX-License-Identifier: MIT
# The dollar view (issue 4): rankings tokens repriced at dated /models price
# snapshots. The expected figures are computed by hand in the comments, not
# by tokenshare: three models, two price changes, one model never priced.

# sheet FILE X_PROMPT X_COMPLETION Y_PROMPT Y_COMPLETION: a /models response.
sheet() {
	cat >"$1" <<JSON
{"data": [
 {"id": "openai/x-test", "canonical_slug": "openai/x-test",
  "pricing": {"prompt": "$2", "completion": "$3"}},
 {"id": "deepseek/y-test", "canonical_slug": "deepseek/y-test",
  "pricing": {"prompt": "$4", "completion": "$5"}},
 {"id": "deepseek/y-test:free", "canonical_slug": "deepseek/y-test",
  "pricing": {"prompt": "0", "completion": "0"}},
 {"id": "openrouter/auto", "canonical_slug": "openrouter/auto",
  "pricing": {"prompt": "-1", "completion": "-1"}}
]}
JSON
}

# Blended price per token = (3 prompt + 1 completion) / 4, in micro-USD:
#   2026-01-01: x (4, 12) -> 6      y (1, 2) -> 1.25
#   2026-01-10: x (2, 6)  -> 3      y unchanged
#   2026-01-20: x unchanged         y (2, 4) -> 2.5
# mistralai/z-test is in no sheet: unpriced. y-test:free costs nothing.
prices_db() {
	cat >r.csv <<'CSV'
date,model_permaslug,total_tokens
2026-01-05,openai/x-test,1000000
2026-01-05,deepseek/y-test,2000000
2026-01-05,deepseek/y-test:free,1000000
2026-01-05,mistralai/z-test,500000
2026-01-12,openai/x-test,1000000
2026-01-12,deepseek/y-test,4000000
2026-01-21,openai/x-test,2000000
2026-01-21,deepseek/y-test,2000000
CSV
	expect 0 --db t.db ingest --as-of 2026-01-25 r.csv
	sheet s1.json 0.000004 0.000012 0.000001 0.000002
	sheet s2.json 0.000002 0.000006 0.000001 0.000002
	sheet s3.json 0.000002 0.000006 0.000002 0.000004
	expect 0 --db t.db prices load s1.json --date 2026-01-01
	expect 0 --db t.db prices load s2.json --date 2026-01-10
	expect 0 --db t.db prices load s3.json --date 2026-01-20
}

TEST 'tokens repriced at one dated sheet give the hand-computed dollar shares' cost_at_one_date
cost_at_one_date() {
	prices_db
	expect 0 --db t.db report share --measure cost --prices 2026-01-15
	# Sheet of 2026-01-10: x 3, y 1.25 micro-USD a token.
	# W02: x 1e6 * 3 = 3,000,000; y 2e6 * 1.25 = 2,500,000 (+ free 0) -> 54.5455 / 45.4545
	# W03: x 3,000,000; y 4e6 * 1.25 = 5,000,000 -> 37.5000 / 62.5000
	# W04: x 2e6 * 3 = 6,000,000; y 2,500,000 -> 70.5882 / 29.4118
	# days 0: a hand-made day of four rows and no 'other' row is not a full day.
	cat >want <<'CSV'
period,start,end,days,group,cost_microusd,share
2026-W02,2026-01-05,2026-01-11,0,US,3000000,54.5455
2026-W02,2026-01-05,2026-01-11,0,CN,2500000,45.4545
2026-W03,2026-01-12,2026-01-18,0,CN,5000000,62.5000
2026-W03,2026-01-12,2026-01-18,0,US,3000000,37.5000
2026-W04,2026-01-19,2026-01-25,0,US,6000000,70.5882
2026-W04,2026-01-19,2026-01-25,0,CN,2500000,29.4118
CSV
	same want out
	contains err "1 models have no price in the sheet used (mistralai/z-test)"
}

TEST 'tokens repriced at the prices of their own day follow both price changes' cost_as_of_period
cost_as_of_period() {
	prices_db
	expect 0 --db t.db report share --measure cost --prices as-of-period
	# W02 at 2026-01-01: x 1e6 * 6 = 6,000,000; y 2,500,000 -> 70.5882 / 29.4118
	# W03 at 2026-01-10: 37.5000 / 62.5000 as above
	# W04 at 2026-01-20: x 6,000,000; y 2e6 * 2.5 = 5,000,000 -> 54.5455 / 45.4545
	cat >want <<'CSV'
period,start,end,days,group,cost_microusd,share
2026-W02,2026-01-05,2026-01-11,0,US,6000000,70.5882
2026-W02,2026-01-05,2026-01-11,0,CN,2500000,29.4118
2026-W03,2026-01-12,2026-01-18,0,CN,5000000,62.5000
2026-W03,2026-01-12,2026-01-18,0,US,3000000,37.5000
2026-W04,2026-01-19,2026-01-25,0,US,6000000,54.5455
2026-W04,2026-01-19,2026-01-25,0,CN,5000000,45.4545
CSV
	same want out
}

TEST 'an unpriced model shows up as unpriced tokens, never as zero dollars' unpriced_is_reported
unpriced_is_reported() {
	prices_db
	expect 0 --db t.db report share --measure cost --prices 2026-01-15 --by model --format json
	jq -e '.meta.prices.unpriced_models == ["mistralai/z-test"]' out >/dev/null || fail "models"
	jq -e '.meta.prices.unpriced_tokens_by_period == {"2026-W02": 500000}' out >/dev/null ||
		fail "tokens by period"
	jq -e '.meta.prices.sheet == "2026-01-10"' out >/dev/null || fail "sheet"
	jq -e '[.rows[] | select(.group == "mistralai/z-test")] == []' out >/dev/null ||
		fail "the unpriced model has a dollar row"
	# The free variant is priced, at zero.
	jq -e '[.rows[] | select(.group == "deepseek/y-test:free") | .cost_microusd] == [0]' out \
		>/dev/null || fail "the free variant"
}

TEST 'a price date before every sheet, or prices on logs, is refused' prices_refused
prices_refused() {
	prices_db
	expect 2 --db t.db report share --measure cost --prices 2025-12-31
	contains err "no price snapshot on or before that day"
	expect 2 --db t.db report share --measure cost
	contains err "--prices DATE"
	expect 2 --db t.db report share --prices 2026-01-15 --measure cost --source logs
	contains err "router logs keep the cost"
	expect 2 --db t.db report share --measure cost --prices yesterday
}

TEST 'a price file is stored whole or not at all, and the same prices once' prices_load_checked
prices_load_checked() {
	prices_db
	expect 0 --db t.db prices load s2.json --date 2026-01-15
	contains out "the same prices as the snapshot of 2026-01-10"
	printf '{"data": [{"id": "a/b", "pricing": {"prompt": "1"}},\n  {"pricing": {}}]}' >bad.json
	dump t.db >before
	expect 1 --db t.db prices load bad.json --date 2026-01-16
	contains err "bad.json: data[1] has no \"id\" string"
	printf '{"data": [\n' >trunc.json
	expect 1 --db t.db prices load trunc.json --date 2026-01-16
	contains err "trunc.json: line 2: invalid JSON"
	dump t.db >after
	same before after
	expect 0 --db t.db prices list
	[ "$(tail -n +2 out | cut -d, -f1 | tr '\n' ' ')" = "2026-01-01 2026-01-10 2026-01-20 " ] ||
		fail "snapshots: $(cat out)"
}
