# SPDX-License-Identifier: MIT
# Reference tables: coverage of the shipped sample, corrected mappings,
# checks on what is loaded.

every_sample_author_is_mapped() {
	# Author = text before the first '/', leading '~' stripped; 'other' has none.
	tail -n +2 "$SAMPLE" | cut -d, -f2 | grep -v '^other$' | sed 's/^~//; s/\/.*//' |
		sort -u >authors-in-sample
	tail -n +2 "$REFDIR/authors.csv" | cut -d, -f1 | sed 's/^~//' | sort -u >authors-mapped
	comm -23 authors-in-sample authors-mapped >missing
	[ ! -s missing ] || { cat missing >&2; fail "author slugs missing from authors.csv"; }
	expect 0 --db t.db ingest "$SAMPLE"
	expect 0 --db t.db reference unmapped
	# What is left are models named without a country, largest first: the
	# models the oracle's reading of the tables labels unknown.
	"$PYTHON" - "$SAMPLE" "$REFDIR" out "$SRCDIR/tests/oracle" <<'PY' || fail "reference unmapped: $(cat why)"
import collections, csv, sys
sys.path.insert(0, sys.argv[4])
from share import load_mapping, group_of
authors, overrides = load_mapping(sys.argv[2])
tokens = collections.Counter()
for r in csv.DictReader(open(sys.argv[1])):
    if group_of(r['model_permaslug'], authors, overrides) == 'unknown':
        tokens[r['model_permaslug']] += int(r['total_tokens'])
want = [m for m, t in sorted(tokens.items(), key=lambda kv: (-kv[1], kv[0]))]
lines = [l.rstrip('\n').split('\t') for l in open(sys.argv[3])]
got = [l[0] for l in lines]
why = open('why', 'w')
if got != want or any(len(l) != 3 or not l[2].startswith('country not known') for l in lines):
    why.write('%r, not %r' % (got[:5], want[:5])); sys.exit(1)
PY
}

corrected_mapping_relabels_history() {
	expect 0 --db t.db ingest "$FIXTURE"
	expect 0 --db t.db report share
	mv out before.csv
	old=$(field before.csv 2026-W07 CN tokens)
	mkdir fixed
	cp "$REFDIR"/*.csv fixed/
	# Pretend Qwen's country was unknown after all.
	sed -i 's/^qwen,\("[^"]*"\),CN,/qwen,\1,,/' fixed/authors.csv
	grep -q '^qwen,"Qwen team, Alibaba Group (Alibaba Cloud)",,' fixed/authors.csv || fail "edit"
	expect 0 --db t.db reference load fixed
	contains out "is now active"
	expect 0 --db t.db report share
	mv out after.csv
	new=$(field after.csv 2026-W07 CN tokens)
	qwen=$(awk -F, '$1 >= "2026-02-09" && $1 <= "2026-02-15" && $2 ~ /^qwen\// { t += $3 } END { printf "%.0f", t }' "$FIXTURE")
	[ "$qwen" -gt 0 ] || fail "no qwen tokens in 2026-W07"
	[ "$((old - new))" = "$qwen" ] || fail "CN fell by $((old - new)), qwen had $qwen"
	expect 0 --db t.db report share --format json
	jq -e --arg o fixed '.meta.mapping.origin | endswith($o)' out >/dev/null || fail "origin"
	# The previous mapping is still there, and can be used or restored.
	v=$("$TOKENSHARE" --db t.db reference list | sed -n '1s/^. \([0-9a-f]*\) .*/\1/p')
	[ -n "$v" ] || fail "reference list shows no first version"
	expect 0 --db t.db report share --mapping "$v"
	same before.csv out
	expect 0 --db t.db reference load --built-in
	expect 0 --db t.db report share
	same before.csv out
}

bad_reference_tables_are_rejected() {
	expect 0 --db t.db ingest "$FIXTURE"
	mkdir bad
	cp "$REFDIR"/*.csv bad/
	sed -i 's/^deepseek,\(.*\),CN,both,/deepseek,\1,China,both,/' bad/authors.csv
	line=$(grep -n '^deepseek,' bad/authors.csv | cut -d: -f1)
	printf 'openai,dup,US,lab,,,\n' >>bad/authors.csv
	dump t.db >before.sql
	expect 1 --db t.db reference load bad
	contains err "bad/authors.csv:$line: country \"China\": must be empty (unknown) or an ISO 3166-1 alpha-2 code"
	contains err "bad/authors.csv:$(wc -l <bad/authors.csv): slug \"openai\" appears a second time"
	contains err "nothing was loaded"
	dump t.db >after.sql
	same before.sql after.sql
	expect 1 --db t.db reference load /nonexistent
	contains err "/nonexistent/authors.csv: cannot read"
}

mapping_version_ignores_spelling() {
	expect 0 --db t.db ingest "$FIXTURE"
	mkdir crlf
	for f in "$REFDIR"/*.csv; do
		{ head -1 "$f"; tail -n +2 "$f" | sort -r; } | sed 's/$/\r/' >crlf/"$(basename "$f")"
	done
	expect 0 --db t.db reference load crlf
	contains out "was already active"
}

TEST 'every author slug in the shipped sample is in the reference tables' every_sample_author_is_mapped
TEST 'a corrected mapping relabels all history without re-ingesting' corrected_mapping_relabels_history
TEST 'reference tables with bad values are rejected at their line' bad_reference_tables_are_rejected
TEST 'the mapping version depends on content, not row order or line ends' mapping_version_ignores_spelling
