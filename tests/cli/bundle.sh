# SPDX-License-Identifier: MIT
# Dashboards and bundles (issue 4): the same database and arguments give the
# same bytes; a bundle moved elsewhere verifies and redraws its charts with
# gnuplot alone; any change to it is found; a bad definition is refused.

bundle_sample() {
	expect 0 --db t.db ingest "$SAMPLE"
}

two_bundles_are_byte_identical() {
	bundle_sample
	expect 0 --db t.db bundle --dashboard weekly-share -o a
	mkdir -p elsewhere/deeper
	expect 0 --db t.db bundle --dashboard weekly-share -o elsewhere/deeper/b
	diff -r a elsewhere/deeper/b >&2 || fail "two bundles of the same data differ"
	# The manifest lists every file but itself, with its sha256 (checked by sha256sum).
	(cd a && grep -E '^[0-9a-f]{64}  ' MANIFEST | sha256sum -c --quiet) ||
		fail "sha256sum disagrees with MANIFEST"
	(cd a && find . -type f ! -name MANIFEST | sed 's|^\./||' | sort) >have
	grep -E '^[0-9a-f]{64}  ' a/MANIFEST | cut -c67- | sort >listed
	same have listed
	contains a/MANIFEST "data as of: 2026-09-28"
	contains a/MANIFEST "command: tokenshare bundle --dashboard weekly-share -o DIR"
	contains a/MANIFEST "schema: "
	contains a/MANIFEST "mapping: $("$TOKENSHARE" --db t.db report share --format json |
		jq -r .meta.mapping.version)"
}

bundle_tables_equal_the_reports() {
	bundle_sample
	expect 0 --db t.db bundle --dashboard weekly-share -o b
	expect 0 --db t.db report share --period week --top 9
	same out b/share-week-top9.csv
	expect 0 --db t.db report change --period week --format json
	same out b/change-week.json
	for f in METHOD.md CITATION dashboard.dash index.html share.csv share.gp share.dat share.svg share.png; do
		[ -s b/$f ] || fail "no $f in the bundle"
	done
	contains b/CITATION "CC BY 4.0"
	contains b/CITATION "as of 2026-09-28"
	contains b/METHOD.md "OpenRouter is one router"
	contains b/METHOD.md "tokenizer"
	contains b/METHOD.md "Free tiers"
	same b/dashboard.dash "$SRCDIR/dashboards/weekly-share.dash"
	# The mapping tables in the bundle load back as the same mapping version.
	expect 0 --db m.db reference load b/mapping
	v=$("$TOKENSHARE" --db t.db report share --format json | jq -r .meta.mapping.version)
	expect 0 --db m.db reference list
	contains out "$v"
}

copied_bundle_verifies_and_gnuplot_redraws_it() {
	bundle_sample
	expect 0 --db t.db bundle --dashboard market-overview -o b
	cp -r b "$PWD/copy"
	expect 0 bundle --verify copy
	contains out "copy: $(grep -cE "^[0-9a-f]{64}  " copy/MANIFEST) files match the manifest"
	for gp in copy/*.gp; do
		stem=$(basename "$gp" .gp)
		rm copy/"$stem".svg
		(cd copy && LC_ALL=C gnuplot "$stem.gp") || fail "gnuplot failed on $stem.gp"
		same b/"$stem".svg copy/"$stem".svg
	done
	expect 0 bundle --verify copy
}

verify_names_a_changed_missing_or_extra_file() {
	bundle_sample
	expect 0 --db t.db bundle --dashboard weekly-share -o b
	cp -r b changed && printf '1' >>changed/share-week.csv
	expect 1 bundle --verify changed
	contains err "share-week.csv"
	cp -r b missing && rm missing/CITATION
	expect 1 bundle --verify missing
	contains err "CITATION"
	cp -r b extra && echo x >extra/notes.txt
	expect 1 bundle --verify extra
	contains err "notes.txt"
	mkdir empty
	expect 1 bundle --verify empty
	contains err "MANIFEST"
	# A manifest naming a file outside the bundle does not vouch for it.
	cp -r b outside && sha256sum t.db | sed 's|  t.db|  ../t.db|' >>outside/MANIFEST
	expect 1 bundle --verify outside
	contains err "../t.db: outside the bundle"
}

existing_directory_is_refused_and_kept() {
	bundle_sample
	mkdir b && echo keep >b/mine.txt
	expect 5 --db t.db bundle --dashboard weekly-share -o b
	contains err "b exists"
	[ "$(ls b)" = mine.txt ] || fail "the existing directory was changed"
	ls -a . | grep -q tokenshare-bundle && fail "a work directory was left behind"
	true
}

failing_gnuplot_leaves_no_bundle() {
	bundle_sample
	printf '#!/bin/sh\nexit 1\n' >fake && chmod +x fake
	TOKENSHARE_GNUPLOT=$PWD/fake "$TOKENSHARE" --db t.db bundle --dashboard weekly-share -o b \
		>out 2>err && fail "a failing gnuplot did not fail the bundle"
	[ -e b ] && fail "a half bundle was left at b"
	ls -a . | grep -q tokenshare-bundle && fail "a work directory was left behind"
	true
}

bad_dashboard_definition_gives_file_and_line() {
	bundle_sample
	printf 'title = t\ndescription = d\nview a report share\nview b report nonsense\n' >bad.dash
	expect 2 --db t.db dashboard bad.dash -o d
	contains err "bad.dash:4:"
	printf 'title = t\ndescription = d\nview a report share --period fortnight\n' >bad2.dash
	expect 2 --db t.db dashboard bad2.dash -o d
	contains err "bad2.dash:3:"
	expect 2 --db t.db dashboard no-such-dashboard -o d
	contains err "weekly-share"
	[ -e d ] && fail "a refused dashboard wrote files"
	true
}

own_dashboard_file_renders() {
	bundle_sample
	printf '# mine\ntitle = Mine\ndescription = Monthly lanes\nview m report share --period month --by weights\n' >mine.dash
	expect 0 --db t.db dashboard mine.dash -o d
	expect 0 --db t.db report share --period month --by weights
	same out d/m.csv
}

tar_bundle_is_reproducible_and_unpacks_to_a_verified_bundle() {
	bundle_sample
	mkdir one two
	expect 0 --db t.db bundle --dashboard weekly-share --tar -o one/weekly.tar
	expect 0 --db t.db bundle --dashboard weekly-share --tar -o two/weekly.tar
	same one/weekly.tar two/weekly.tar
	# tar(1) and Python read it: one directory, owned by root, dated at the as-of.
	(cd one && tar xf weekly.tar) || fail "tar cannot unpack it"
	expect 0 bundle --verify one/weekly
	"$PYTHON" - one/weekly.tar "$SRCDIR/data/samples/fetched-at.tsv" <<'PY' ||
import csv, datetime, sys, tarfile
t = tarfile.open(sys.argv[1])
# The newest as-of of the data: the last fetch of fetched-at.tsv, in whole seconds.
when = max(int(datetime.datetime.fromisoformat(r['fetched_at']).timestamp())
           for r in csv.DictReader(open(sys.argv[2]), delimiter='\t'))
for m in t.getmembers():
    assert m.name == 'weekly' or m.name.startswith('weekly/'), m.name
    assert (m.uid, m.gid, m.mtime) == (0, 0, when), (m.name, m.uid, m.gid, m.mtime)
    assert m.mode == (0o755 if m.isdir() else 0o644), (m.name, oct(m.mode))
names = [m.name for m in t.getmembers()]
assert 'weekly/mapping' in names and names.index('weekly/mapping') < names.index('weekly/mapping/authors.csv')
PY
		fail "the archive's entries are not as promised"
	# The unpacked files are those of a directory bundle, MANIFEST aside.
	expect 0 --db t.db bundle --dashboard weekly-share -o dir
	diff -r -x MANIFEST dir one/weekly >&2 || fail "the tar holds other files"
	contains one/weekly/MANIFEST "command: tokenshare bundle --dashboard weekly-share --tar -o FILE.tar"
	expect 5 --db t.db bundle --dashboard weekly-share --tar -o one/weekly.tar
	ls -a one | grep -q tokenshare-bundle && fail "a work directory was left behind"
	true
}

published_figures_that_would_change_are_listed() {
	bundle_sample
	expect 0 --db t.db bundle --dashboard weekly-share -o b
	mkdir tmp
	export TMPDIR="$PWD/tmp"        # the work directory goes here, not into the shared /tmp
	expect 0 --db t.db report restatements --published b
	[ "$(cat out)" = "file,period,group,column,published,now" ] || fail "a change without new data"
	contains err "0 published figures in 0 files would change"
	# Restate one day of 2026-W07: Kimi K2.5 (CN) gets 100 billion more tokens.
	old=$(awk -F, '$1 == "2026-02-10" && $2 == "moonshotai/kimi-k2.5-0127" { print $3 }' "$SAMPLE")
	{ head -1 "$SAMPLE"
	  grep '^2026-02-10,' "$SAMPLE" |
		sed "s|^2026-02-10,moonshotai/kimi-k2.5-0127,[0-9]*,|2026-02-10,moonshotai/kimi-k2.5-0127,$((old + 100000000000)),|"
	} >day.csv
	expect 0 --db t.db ingest --as-of 2026-10-01 day.csv
	expect 1 --db t.db report restatements --published b
	mv out changes.csv
	contains err "would change (the bundle's mapping: "
	cn_was=$(field b/share-week.csv 2026-W07 CN tokens)
	grep -qx "share-week.csv,2026-W07,CN,tokens,$cn_was,$((cn_was + 100000000000))" changes.csv ||
		fail "the CN tokens of 2026-W07 are not listed with their change"
	# Every listed "now" is what the report says now; only W07, its successor's
	# change and February are touched.
	expect 0 --db t.db report share --period week
	tail -n +2 changes.csv | grep '^share-week.csv,' | while IFS=, read -r f p g col was now; do
		[ "$now" = "$(field out "$p" "$g" "$col")" ] || fail "$p $g $col: now is not $now"
		[ "$was" = "$(field b/share-week.csv "$p" "$g" "$col")" ] || fail "$p $g $col: was"
	done
	[ -z "$(tail -n +2 changes.csv | cut -d, -f2 | grep -vx -e 2026-W07 -e 2026-W08 -e 2026-02)" ] ||
		fail "periods without new data are listed"
	# The bundle itself is untouched, and the check leaves no work files.
	expect 0 bundle --verify b
	[ -z "$(ls tmp)" ] || fail "work files left: $(ls tmp)"
}

published_check_refuses_a_tampered_table() {
	bundle_sample
	expect 0 --db t.db bundle --dashboard weekly-share -o b
	mkdir tmp
	export TMPDIR="$PWD/tmp"
	# A short row read past the end of its fields before: a crash under ASan.
	cp -r b short && sed -i '3s/.*/2025-W03,short/' short/share-week.csv
	expect 1 --db t.db report restatements --published short
	contains err "short/share-week.csv: record 3 has 2 fields, the header 7"
	cp -r b noperiod && sed -i '1s/^period,/when,/' noperiod/share-week.csv
	expect 1 --db t.db report restatements --published noperiod
	contains err "noperiod/share-week.csv:1: no period column"
	[ -z "$(ls tmp)" ] || fail "work files left: $(ls tmp)"
}

logs_dashboard_cites_the_logs_and_names_its_dollars() {
	expect 1 --db t.db ingest "$DATA/genlogs-1500.jsonl"    # 22 lines are broken on purpose
	expect 0 --db t.db bundle --dashboard own-traffic -o b
	expect 0 --db t.db report share --source logs --by provider-country --period week
	same out b/server-country-week.csv
	contains b/CITATION "Source: own router logs (openrouter-generation)"
	lacks b/CITATION "openrouter.ai/rankings"
	lacks b/CITATION "CC BY"
	last=$(tail -n 1 out | cut -d, -f3)
	contains b/CITATION "$last (the last day in the logs)"
	contains b/MANIFEST "data as of: $last (the last day in the logs)"
	contains b/METHOD.md "\`cost-country-week\`: the cost the router charged"
	lacks b/METHOD.md "rankings-daily dataset"
	expect 0 --db t.db bundle --dashboard own-traffic -o b2
	diff -r b b2 >&2 || fail "two bundles of the logs differ"
	# A dollar view of the rankings names its price sheet.
	expect 0 --db r.db ingest "$SAMPLE"
	printf 'title = D\nview usd report share --measure cost --prices 2026-05-07\n' >usd.dash
	expect 0 --db r.db prices load "$DATA/openrouter-models.2026-05-07.json" --date 2026-05-07
	expect 0 --db r.db bundle --dashboard usd.dash -o u
	contains u/METHOD.md "\`usd\`: the price snapshot in force on 2026-05-07"
	contains u/CITATION "CC BY 4.0"
	# The compare chart as a view: both tables behind it (its groups: CN, US
	# and the rest, as every chart), both on the page.
	printf 'title = C\nview cmp chart compare --period month --prices 2026-05-07\n' >cmp.dash
	expect 0 --db r.db dashboard cmp.dash -o c
	expect 0 --db r.db report share --period month --groups CN,US
	same out c/cmp.csv
	expect 0 --db r.db report share --period month --measure cost --prices 2026-05-07 --groups CN,US
	same out c/cmp-dollars.csv
	contains c/index.html 'data-csv="cmp.csv"'
	contains c/index.html 'data-csv="cmp-dollars.csv"'
	contains c/index.html '<img src="cmp.svg"'
}

TEST 'two bundles of the same database and arguments are byte-identical, manifest included' two_bundles_are_byte_identical
TEST 'the bundle tables are the reports, with method, citation and loadable mapping' bundle_tables_equal_the_reports
TEST 'a copied bundle verifies and gnuplot alone redraws identical SVGs inside it' copied_bundle_verifies_and_gnuplot_redraws_it
TEST 'bundle --verify names a changed, a missing and an extra file' verify_names_a_changed_missing_or_extra_file
TEST 'an existing directory is refused and left as it was' existing_directory_is_refused_and_kept
TEST 'a failing gnuplot leaves no bundle and no work directory' failing_gnuplot_leaves_no_bundle
TEST 'a bad dashboard definition is refused with file and line' bad_dashboard_definition_gives_file_and_line
TEST 'a dashboard file of ones own renders its views' own_dashboard_file_renders
TEST 'a tar bundle is byte-identical wherever it is made and unpacks to a verified bundle' tar_bundle_is_reproducible_and_unpacks_to_a_verified_bundle
TEST 'report restatements --published lists every figure of a bundle the data now changes' published_figures_that_would_change_are_listed
TEST 'a dashboard of router logs cites the logs, dates them by their last day and names its dollars' logs_dashboard_cites_the_logs_and_names_its_dollars
TEST 'report restatements --published refuses a tampered table by name instead of crashing' published_check_refuses_a_tampered_table
