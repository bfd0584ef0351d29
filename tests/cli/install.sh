# SPDX-License-Identifier: MIT
# meson install: what lands where, and whether the units find what it
# installed. BUILDDIR and MESON come from tests/meson.build.

# installed_paths: the build's install directories, one "name path" a line.
installed_paths() {
	"$MESON" introspect "$BUILDDIR" --buildoptions | "$PYTHON" -c '
import json, os, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
p = o["prefix"]
units = o["systemdunitdir"] or os.path.join(p, "lib/systemd/system")
for k in "bindir", "sysconfdir", "mandir", "datadir":
    print(k, os.path.join(p, o[k]))
print("unitdir", os.path.join(p, units))'
}

# do_install: meson install into ./dest; sets D and the install directories.
do_install() {
	: "${BUILDDIR:?}" "${MESON:?}"
	D=$PWD/dest
	"$MESON" install -C "$BUILDDIR" --destdir "$D" --no-rebuild --quiet >install.log 2>&1 ||
		{ cat install.log >&2; fail "meson install into a DESTDIR failed"; }
	installed_paths >paths
	bindir=$(awk '$1 == "bindir" { print $2 }' paths)
	sysconfdir=$(awk '$1 == "sysconfdir" { print $2 }' paths)
	mandir=$(awk '$1 == "mandir" { print $2 }' paths)
	datadir=$(awk '$1 == "datadir" { print $2 }' paths)
	unitdir=$(awk '$1 == "unitdir" { print $2 }' paths)
}

install_puts_units_pointing_at_the_installed_binary() {
	do_install
	for f in "$bindir/tokenshare" "$bindir/tokenshare-publish"; do
		[ -f "$D$f" ] && [ -x "$D$f" ] || fail "$f is not installed as a program"
	done
	for u in tokenshare-collect.service tokenshare-poll.service tokenshare-poll.timer \
	         tokenshare-publish.service tokenshare-publish.timer; do
		[ -f "$D$unitdir/$u" ] || fail "$unitdir/$u is not installed"
	done
	# The example configuration, under a name that never replaces a real one.
	[ -f "$D$sysconfdir/tokenshare/tokenshare.conf.example" ] ||
		fail "the example configuration is not installed"
	[ ! -e "$D$sysconfdir/tokenshare/tokenshare.conf" ] ||
		fail "meson install wrote a real tokenshare.conf"
	for f in bash-completion/completions/tokenshare zsh/site-functions/_tokenshare \
	         fish/vendor_completions.d/tokenshare.fish doc/tokenshare/examples/cron.example \
	         doc/tokenshare/examples/logrotate.example; do
		[ -s "$D$datadir/$f" ] || fail "$datadir/$f is not installed"
	done
	if [ "${MAN_PAGES:-0}" = 1 ]; then
		[ -s "$D$mandir/man1/tokenshare.1" ] && [ -s "$D$mandir/man5/tokenshare.conf.5" ] ||
			fail "the man pages are not installed"
	fi
	check_commands || fail "the installed units or scripts do not point at the installed programs"
}

# check_commands: every command a unit or the cron example runs is a program
# that exists, ours under DESTDIR at the installed paths; no @placeholder@
# is left; and systemd-analyze verify, when there is one, finds nothing.
check_commands() {
	"$PYTHON" - "$D" "$bindir" "$sysconfdir" "$D$unitdir"/tokenshare-* \
		"$D$datadir/doc/tokenshare/examples/cron.example" "$D$bindir/tokenshare-publish" <<'PY' ||
import os, re, sys
dest, bindir, sysconfdir, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
bad = []
ours = {os.path.join(bindir, 'tokenshare'), os.path.join(bindir, 'tokenshare-publish')}
for f in files:
    text = open(f).read()
    name = os.path.basename(f)
    for m in re.finditer(r'@[A-Za-z_]+@', text):
        bad.append('%s: placeholder %s left' % (name, m.group()))
    if f.endswith(('.service', '.timer')):
        section = None
        for n, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith(('#', ';')):
                continue
            if line.startswith('['):
                if not re.fullmatch(r'\[(Unit|Service|Timer|Install)\]', line):
                    bad.append('%s:%d: unknown section %s' % (name, n, line))
                section = line
                continue
            if not re.fullmatch(r'[A-Z][A-Za-z]+=.*', line) or section is None:
                bad.append('%s:%d: not "Key=value" in a section: %s' % (name, n, line))
                continue
            key, value = line.split('=', 1)
            if key.startswith('Exec'):
                prog = value.split()[0].lstrip('-@:+!')
                if prog.startswith(bindir + '/'):
                    if prog not in ours or not os.access(dest + prog, os.X_OK):
                        bad.append('%s:%d: %s is not an installed program' % (name, n, prog))
                elif not os.access(prog, os.X_OK):
                    bad.append('%s:%d: %s is not a program' % (name, n, prog))
            if key in ('ExecStart',) and not value.split()[0].startswith(bindir + '/'):
                bad.append('%s:%d: ExecStart= does not run %s/...' % (name, n, bindir))
        if name.endswith('.service') and 'ExecStart=' not in text:
            bad.append('%s: no ExecStart=' % name)
        if name.endswith('.timer') and 'OnCalendar=' not in text:
            bad.append('%s: no OnCalendar=' % name)
    for m in re.finditer(r'(/[^\s:]*)/tokenshare/(tokenshare\.conf|openrouter-key)\b', text):
        if m.group(1) != sysconfdir:
            bad.append('%s: %s is not in %s/tokenshare' % (name, m.group(), sysconfdir))
# The cron line and the publish script run the installed binary.
for f in files[-2:]:
    if os.path.join(bindir, 'tokenshare') not in open(f).read():
        bad.append('%s does not run %s/tokenshare' % (os.path.basename(f), bindir))
print('\n'.join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
		return 1
	# systemd's own check, offline: a root holding the installed files, the
	# host's units (for the targets they name) and /bin/kill (ExecReload=).
	if command -v systemd-analyze >/dev/null && [ -d /usr/lib/systemd/system ] && [ -x /bin/kill ]; then
		if [ ! -d "$D/usr/lib/systemd/system" ]; then
			mkdir -p "$D/usr/lib/systemd" "$D/bin"
			cp -R /usr/lib/systemd/system "$D/usr/lib/systemd/"
			cp /bin/kill "$D/bin/"
		fi
		set +e
		systemd-analyze verify --man=no --root="$D" "$unitdir"/tokenshare-collect.service \
			"$unitdir"/tokenshare-poll.service "$unitdir"/tokenshare-publish.service \
			"$unitdir"/tokenshare-poll.timer "$unitdir"/tokenshare-publish.timer >verify.out 2>&1
		rc=$?
		set -e
		[ $rc = 0 ] && [ ! -s verify.out ] || { cat verify.out >&2; echo "systemd-analyze verify found problems" >&2; return 1; }
	fi
}

# The check can fail: a unit that runs a program the install lacks, or one
# with a placeholder left, is caught.
check_catches_a_unit_pointing_elsewhere() {
	do_install
	check_commands || fail "the check fails on a good install"
	u=$D$unitdir/tokenshare-publish.service
	sed -i "s|^ExecStart=$bindir/tokenshare-publish|ExecStart=$bindir/tokenshare-publisher|" "$u"
	if check_commands 2>check.err; then fail "a unit running a missing program passed"; fi
	contains check.err "tokenshare-publish.service:"
	contains check.err "$bindir/tokenshare-publisher is not an installed program"
	sed -i "s|tokenshare-publisher|tokenshare-publish|; s|^ExecStart=$bindir|ExecStart=@bindir@|" "$u"
	if check_commands 2>check.err; then fail "a unit with a placeholder left passed"; fi
	contains check.err "placeholder @bindir@ left"
}

TEST 'meson install into a DESTDIR puts the units there, pointing at the installed binary' install_puts_units_pointing_at_the_installed_binary
TEST 'the install check fails on a unit that runs a program the install lacks or keeps a placeholder' check_catches_a_unit_pointing_elsewhere
