# SPDX-License-Identifier: MIT
# Outputs that never destroy files: -o writes through devices and FIFOs and
# follows links instead of replacing them; directories of outputs are built
# beside their target and swapped in whole; an interrupted command leaves no
# work directory, no temporary file and no gnuplot behind.

# leftovers DIR: temporary files or work directories under DIR (find).
leftovers() {
	find "$1" -name '.tokenshare-*' -o -name '.*.tokenshare-*' -o -name '.*.csv.??????' \
		-o -name '.*.json.??????' | grep . && return 0
	return 1
}

# 2026-12-02: -o renamed over whatever was there: as root, report share -o
# /dev/full replaced the device with a CSV; a symbolic link became a file.
output_is_written_through_or_refused() {
	expect 0 --db t.db ingest -q --as-of 2026-03-01 "$FIXTURE"
	expect 0 --db t.db report share -o want.csv
	# A device is written through: "full" (the kernel's /dev/full, made here
	# so that a regression cannot replace the machine's own) says it is
	# full, and stays a device.
	if [ "$(id -u)" = 0 ] && mknod full c 1 7 2>/dev/null && mknod null c 1 3 &&
		(printf x >null) 2>/dev/null; then
		expect 5 --db t.db report share -o full
		contains err "full: cannot save: No space left on device"
		[ -c full ] || fail "the device was replaced"
		expect 0 --db t.db report share -o null
		[ -c null ] || fail "the device was replaced"
	else
		echo "note: no device nodes here (not root, or nodev): devices not tried" >&2
	fi
	# A FIFO is written through, to whoever reads it.
	mkfifo pipe
	cat pipe >got.csv &
	reader=$!
	expect 0 --db t.db report share -o pipe
	wait $reader
	[ -p pipe ] || fail "the FIFO was replaced"
	same want.csv got.csv
	# A link is followed: its target is replaced, the link stays a link.
	mkdir real
	echo old >real/share.csv
	ln -s real/share.csv link.csv
	expect 0 --db t.db report share -o link.csv
	[ -L link.csv ] || fail "the link was replaced by a file"
	same want.csv real/share.csv
	ln -s real/missing.csv dangling.csv
	expect 0 --db t.db report share -o dangling.csv
	[ -L dangling.csv ] && same want.csv real/missing.csv
	# A directory is refused; an empty path is a usage error everywhere.
	expect 5 --db t.db report share -o real
	contains err "real: cannot write there: a directory, not a file"
	expect 2 --db t.db report share -o ''
	expect 2 --db t.db chart share -o ''
	expect 2 --db t.db chart share -o -
	[ ! -e ./- ] || fail "chart -o - made a directory named -"
	expect 2 --db t.db dashboard weekly-share -o ''
	expect 2 --db t.db bundle --dashboard weekly-share -o ''
	expect 2 demo -o ''
	if leftovers .; then fail "temporary files were left"; fi
}

# 2026-12-02: demo -o DIR removed an existing DIR/tokenshare.db, whatever
# it held (one with 9.9M requests was wiped).
demo_keeps_a_real_database() {
	mkdir site
	expect 0 --db site/tokenshare.db ingest -q --as-of 2026-03-01 "$FIXTURE"
	dump site/tokenshare.db >before.sql
	expect 5 demo -o site
	contains err "site/tokenshare.db holds more than a demo"
	dump site/tokenshare.db >after.sql
	same before.sql after.sql
	# A database the demo made is the demo's to renew.
	expect 0 -q demo -o fresh
	expect 0 -q demo -o fresh
	printf 'not sqlite\n' >fresh/tokenshare.db
	expect 5 demo -o fresh
	[ "$(cat fresh/tokenshare.db)" = "not sqlite" ] || fail "a foreign file was removed"
}

# sums DIR: the sha256 of every file under DIR, sorted by name.
sums() {
	(cd "$1" && find . -type f | sort | xargs sha256sum)
}

# 2026-12-02: a failed or killed dashboard re-render left a mix of new
# CSVs and old charts in the page's directory.
dashboard_is_swapped_in_whole() {
	expect 0 --db t.db ingest -q --as-of 2026-03-01 "$FIXTURE"
	expect 0 --db t.db dashboard weekly-share -o site
	sums site >before
	# More data, then a render whose gnuplot fails: the old page stays whole.
	grep '^2026-02-22,' "$FIXTURE" | sed 's/^2026-02-22,/2026-02-23,/' >late.csv
	sed -i '1i date,model_permaslug,total_tokens' late.csv
	expect 0 --db t.db ingest -q --as-of 2026-03-02 late.csv
	TOKENSHARE_GNUPLOT=false expect 5 --db t.db dashboard weekly-share -o site
	sums site >after
	same before after
	if leftovers .; then fail "a work directory was left"; fi
	# A good render replaces every file at once, and only dashboard files.
	expect 0 --db t.db dashboard weekly-share -o site
	grep -q '^2026-W09,' site/share-week.csv || fail "the new page lacks the new week"
	grep -q '^2026-W09,' site/top-week.csv || fail "the new charts lack the new week"
	if leftovers .; then fail "a work directory was left"; fi
	# A directory holding other things is not replaced.
	mkdir mine
	echo keep >mine/notes.txt
	expect 5 --db t.db dashboard weekly-share -o mine
	contains err "mine holds notes.txt, which a dashboard does not write"
	[ "$(ls mine)" = notes.txt ] || fail "a foreign directory was changed"
	# A link to the page's directory stays a link.
	ln -s site www
	expect 0 --db t.db dashboard weekly-share -o www
	[ -L www ] || fail "the link to the page was replaced"
}

# 2026-12-04: dashboard -o into a page's directory must leave only the new
# page: a view dropped from the definition loses its files too.
dashboard_leaves_no_stale_files() {
	expect 0 --db t.db ingest -q "$FIXTURE"
	mkdir -p v1 v2
	printf 'title = P\nview share-week report share --period week\nview share chart share --period week\n' >v1/p.dash
	printf 'title = P\nview share-week report share --period week\n' >v2/p.dash
	expect 0 --db t.db dashboard v1/p.dash -o site
	[ -f site/share.svg ] || fail "the first page lacks its chart"
	expect 0 --db t.db dashboard v2/p.dash -o site
	[ "$(ls site | tr '\n' ' ')" = "index.html share-week.csv share-week.csv-metadata.json share-week.json " ] ||
		fail "the page holds more than its one view: $(ls site)"
	lacks site/index.html share.svg
	if leftovers .; then fail "a work directory was left"; fi
}

# slow_gnuplot: a gnuplot that records its pid, then waits a minute.
slow_gnuplot() {
	cat >slow-gnuplot <<SH
#!/bin/sh
echo \$\$ >"$PWD/gnuplot.pid"
exec sleep 60
SH
	chmod +x slow-gnuplot
}

# killed_leaves_nothing ARGS...: tokenshare ARGS, given SIGTERM while its
# gnuplot runs, ends by that signal within 5 s, its gnuplot gone, nothing left.
killed_leaves_nothing() {
	rm -f gnuplot.pid
	TOKENSHARE_GNUPLOT=$PWD/slow-gnuplot "$TOKENSHARE" "$@" >/dev/null 2>killed.err &
	pid=$!
	CLEANUP_PIDS="$CLEANUP_PIDS $pid"
	for _ in $(seq 200); do
		[ -s gnuplot.pid ] && break
		sleep 0.05
	done
	[ -s gnuplot.pid ] || fail "gnuplot never started for: $*"
	kill -TERM $pid
	set +e
	timeout 5 sh -c "while kill -0 $pid 2>/dev/null; do sleep 0.05; done"
	gone=$?
	wait $pid
	st=$?
	set -e
	[ $gone -eq 0 ] || fail "still running 5 s after SIGTERM: $*"
	[ $st -eq 143 ] || fail "ended with status $st, not by SIGTERM: $*"
	sleep 0.2
	state=$(ps -o stat= -p "$(cat gnuplot.pid)" 2>/dev/null || true)
	case $state in
	'' | Z*) ;;
	*) fail "gnuplot was left running ($state): $*" ;;
	esac
	if leftovers .; then fail "work files were left: $*"; fi
}

# 2026-12-02: a killed bundle or chart left .tokenshare-* work directories
# and gnuplot running on its own.
interrupted_renders_leave_nothing() {
	expect 0 --db t.db ingest -q --as-of 2026-03-01 "$FIXTURE"
	slow_gnuplot
	killed_leaves_nothing --db t.db chart share -o charts
	killed_leaves_nothing --db t.db dashboard weekly-share -o site
	[ ! -e site ] || fail "a killed first render left a page"
	killed_leaves_nothing --db t.db bundle --dashboard weekly-share -o pub
	killed_leaves_nothing --db t.db bundle --dashboard weekly-share --tar -o pub.tar
	[ ! -e pub ] && [ ! -e pub.tar ] || fail "a killed bundle was left"
}

# 2026-12-02: bundle --verify followed links (a share.csv -> /etc/passwd
# verified), skipped hidden files and hung on a FIFO.
verify_takes_files_only() {
	expect 0 --db t.db ingest -q --as-of 2026-03-01 "$FIXTURE"
	expect 0 --db t.db bundle --dashboard weekly-share -o pub
	cp -r pub copy
	rm copy/share.csv copy/CITATION
	ln -s /etc/passwd copy/share.csv
	mkfifo copy/CITATION
	echo x >copy/.hidden
	set +e
	timeout 10 "$TOKENSHARE" bundle --verify copy >out 2>err
	status=$?
	set -e
	[ $status -ne 124 ] || fail "verify hung on a FIFO"
	[ $status -eq 1 ] || fail "verify exited $status"
	contains err "share.csv: a symbolic link (a bundle holds files only)"
	contains err "CITATION: not a regular file"
	contains err "copy: .hidden: not in the manifest"
	cp -r pub copy2
	rm -r copy2/mapping
	ln -s "$PWD/pub/mapping" copy2/mapping
	expect 1 bundle --verify copy2
	contains err "mapping/authors.csv: a symbolic link"
	# A tar bundle whose name would make its entries ../file is refused.
	expect 2 --db t.db bundle --dashboard weekly-share --tar -o ...tar
	contains err "must be a plain name"
	[ ! -e ...tar ] || fail "the archive was written"
}

TEST '-o writes through devices and FIFOs, follows links, and refuses directories and empty paths' output_is_written_through_or_refused
TEST 'demo refuses to remove a database that holds more than a demo' demo_keeps_a_real_database
TEST 'a dashboard is swapped in whole, so a failed re-render leaves the old page, and a foreign directory is refused' dashboard_is_swapped_in_whole
TEST 'dashboard -o an existing directory leaves no stale files, as a dropped view takes its files along' dashboard_leaves_no_stale_files
TEST 'SIGTERM during a chart, dashboard or bundle ends it at once with no gnuplot and no work files left' interrupted_renders_leave_nothing
TEST 'bundle --verify takes regular files only, so links, FIFOs and hidden files are problems, never a hang' verify_takes_files_only
