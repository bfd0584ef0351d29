# SPDX-License-Identifier: MIT
# contrib/tokenshare-publish: the public site regenerated whole. PUBLISH is
# the configured script in the build tree (tests/meson.build); it runs
# $TOKENSHARE.

publish() {
	set +e
	sh "$PUBLISH" "$@" >out 2>err
	status=$?
	set -e
}

# publish_expect STATUS ARGS...: run the script and require that status.
publish_expect() {
	want=$1
	shift
	publish "$@"
	if [ "$status" -ne "$want" ]; then
		echo "--- stdout" >&2; cat out >&2
		echo "--- stderr" >&2; cat err >&2
		fail "tokenshare-publish $* exited $status, expected $want"
	fi
}

# Two definitions of one dashboard "site": the first with a chart and more
# tables, the second with one table only.
two_definitions() {
	mkdir -p v1 v2
	printf 'title = Site\ndescription = First\nview share-week report share --period week\nview coverage-week report coverage --period week --top 9\nview share chart share --period week\nview stacked-month chart stacked --period month\n' >v1/site.dash
	printf 'title = Site\ndescription = Second\nview share-week report share --period week\n' >v2/site.dash
}

# 2026-12-04: nothing regenerated the public page, and a dashboard made
# into the web server's directory file by file would be served half-made.
site_is_replaced_whole() {
	: "${PUBLISH:?}"
	expect 0 --db t.db ingest -q "$SAMPLE"
	two_definitions
	# The reader: resolves the link as a web server would, then checks that
	# the site it found is whole: the index and every file it links, and
	# every file of each bundle against its MANIFEST.
	"$PYTHON" - www stop reader.log <<'PY' &
import hashlib, os, re, sys, time
root, stop, log = sys.argv[1:4]
seen, n = [], 0
out = open(log, 'w')
def whole(site):
    idx = open(os.path.join(site, 'index.html')).read()
    for link in re.findall(r'href="([^"#]+)"', idx):
        path = os.path.join(site, link)
        if link.endswith('/'):
            path = os.path.join(path, 'index.html')
        if not os.path.isfile(path):
            return 'linked %s missing' % link
        if link.endswith('/'):
            b = os.path.join(site, link)
            man = open(os.path.join(b, 'MANIFEST')).read().splitlines()
            files = [l.split('  ', 1) for l in man if re.match(r'[0-9a-f]{64}  ', l)]
            if not files:
                return '%sMANIFEST lists no file' % link
            for digest, name in files:
                if hashlib.sha256(open(os.path.join(b, name), 'rb').read()).hexdigest() != digest:
                    return '%s%s differs from its MANIFEST' % (link, name)
            html = open(os.path.join(b, 'index.html')).read()
            for f in re.findall(r'(?:href|src)="([^"#:]+)"', html):
                if not os.path.isfile(os.path.join(b, f)):
                    return '%s%s, linked from its page, missing' % (link, f)
    return None
while not os.path.exists(stop):
    try:
        target = os.readlink(os.path.join(root, 'current'))
    except FileNotFoundError:
        time.sleep(0.01)
        continue
    try:
        bad = whole(os.path.join(root, target))
    except OSError as e:
        bad = str(e)
    n += 1
    if bad:
        print('BAD %s: %s' % (target, bad), file=out, flush=True)
    if target not in seen:
        seen.append(target)
        print('SITE %s' % target, file=out, flush=True)
print('snapshots %d sites %d' % (n, len(seen)), file=out, flush=True)
PY
	CLEANUP_PIDS="$CLEANUP_PIDS $!"
	reader=$!
	publish_expect 0 --db t.db www v1/site.dash weekly-share
	first=$(readlink www/current)
	[ -f "www/current/site/share.svg" ] || fail "the first site lacks its chart"
	wait_for reader.log "SITE $first"
	publish_expect 0 --db t.db www v2/site.dash
	contains out "published site into www/current"
	wait_for reader.log "SITE $(readlink www/current)"
	touch stop
	wait "$reader" || fail "the reader failed"
	cat reader.log >&2
	lacks reader.log BAD
	grep -q '^snapshots [0-9]* sites 2$' reader.log || fail "the reader did not see both sites"
	# Nothing of the first site is left in the second: its other dashboard,
	# the dropped views' files, the first bundle's archive entries.
	[ "$(readlink www/current)" != "$first" ] || fail "the link did not move"
	(cd www/current && find . | sort) >listing
	lacks listing weekly-share
	lacks listing share.svg
	lacks listing coverage-week
	lacks listing stacked-month
	contains listing ./site/share-week.csv
	contains listing ./site.tar
	expect 0 bundle --verify www/current/site
	tar tf www/current/site.tar >entries || fail "the archive does not unpack"
	lacks entries share.svg
	# The site before stays for readers who resolved the link just before;
	# a third run removes it.
	[ -d "www/$first" ] || fail "the previous site went at once"
	publish_expect 0 --db t.db www v2/site.dash
	[ ! -e "www/$first" ] || fail "the site before the previous one was kept"
	[ "$(find www -maxdepth 1 -name 'site-*' | wc -l)" = 2 ] || fail "more than two sites kept"
}

# Every refusal names its cause, exits with its status, and leaves the
# published site as it was.
refusals_leave_the_site_as_it_was() {
	: "${PUBLISH:?}"
	expect 0 --db t.db ingest -q "$FIXTURE"
	publish_expect 2
	contains err "give the web root"
	publish_expect 2 --frobnicate www
	contains err "unknown option '--frobnicate'"
	publish_expect 2 --db
	contains err "--db needs a file"
	printf 'title = X\nview a report share\n' >'bad name.dash'
	publish_expect 2 --db t.db www 'bad name.dash'
	contains err "may hold only letters, digits"
	publish_expect 2 --db t.db www weekly-share weekly-share
	contains err "the name weekly-share is given twice"
	: >afile
	publish_expect 5 --db t.db afile
	contains err "afile: not a directory"
	mkdir -p plain/current
	publish_expect 5 --db t.db plain
	contains err "plain/current is not a link that tokenshare-publish made"
	TOKENSHARE=/nonexistent publish_expect 5 --db t.db www
	contains err "/nonexistent is not an executable program"
	# A good site, then runs that fail: it stays, and no new site is left.
	publish_expect 0 --db t.db www weekly-share
	site=$(readlink www/current)
	(cd www && find . | sort) >before
	publish_expect 4 --db missing.db www weekly-share
	contains err "no database here yet"
	contains err "the bundle of weekly-share failed (exit status 4); www/current is unchanged"
	TOKENSHARE_GNUPLOT=false publish_expect 5 --db t.db www weekly-share
	contains err "www/current is unchanged"
	(cd www && find . | sort) >after
	same before after
	[ "$(readlink www/current)" = "$site" ] || fail "the link moved"
}

TEST 'the publish script replaces the site whole, so a reader never sees a half-written page' site_is_replaced_whole
TEST 'the publish script refuses a bad web root, name or bundle with its reason and leaves the site as it was' refusals_leave_the_site_as_it_was
