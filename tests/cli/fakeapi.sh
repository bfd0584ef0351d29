# SPDX-License-Identifier: MIT
# The local fake OpenRouter (tests/http/fake_openrouter.py) for the tests
# that poll: started per case on a free port of 127.0.0.1, so no test
# reaches the internet. The clock's day is fixed with TOKENSHARE_NOW
# (2026-11-24T12:00:00Z), so "yesterday" is 2026-11-23. Sourced by the
# test files that use it.

FAKE=$SRCDIR/tests/http/fake_openrouter.py
export TOKENSHARE_NOW=1795521600
KEY=sk-or-v1-test-0a1b2c3d4e5f60718293a4b5c6d7e8f9
MKEY=sk-or-v1-mgmt-f9e8d7c6b5a4938271605f4e3d2c1b0a

# serve [SCENARIO-JSON]: starts the fake server; sets API and FAKEDIR.
serve() {
	FAKEDIR=$PWD/fake
	mkdir -p "$FAKEDIR"
	printf '%s\n' "${1:-{\}}" | "$PYTHON" -c '
import json, sys
s = json.load(sys.stdin)
s.setdefault("key", sys.argv[1]); s.setdefault("management_key", sys.argv[2])
json.dump(s, open(sys.argv[3], "w"))' "$KEY" "$MKEY" "$FAKEDIR/scenario.json"
	"$PYTHON" "$FAKE" --dir "$FAKEDIR" </dev/null >"$FAKEDIR/server.out" 2>"$FAKEDIR/server.err" &
	CLEANUP_PIDS="$CLEANUP_PIDS $!"
	for _ in $(seq 100); do
		[ -s "$FAKEDIR/port" ] && break
		sleep 0.05
	done
	[ -s "$FAKEDIR/port" ] || fail "the fake server did not start: $(cat "$FAKEDIR/server.err")"
	API=http://127.0.0.1:$(cat "$FAKEDIR/port")/api/v1
	export TOKENSHARE_API_KEY=$KEY
}

# scenario JSON: what the fake server does from its next request on.
scenario() {
	printf '%s\n' "$1" | "$PYTHON" -c '
import json, sys
s = json.load(sys.stdin)
s.setdefault("key", sys.argv[1]); s.setdefault("management_key", sys.argv[2])
json.dump(s, open(sys.argv[3] + ".tmp", "w"))' "$KEY" "$MKEY" "$FAKEDIR/scenario.json"
	mv "$FAKEDIR/scenario.json.tmp" "$FAKEDIR/scenario.json"
}

# requests [PATH-SUFFIX]: how many requests the fake server saw (for that path).
requests() {
	grep -c "\"path\": \"/api/v1${1:-}" "$FAKEDIR/requests.jsonl" || true
}
