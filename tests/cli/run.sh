#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs one case of a CLI test file: run.sh FILE 'sentence'.
# Each case gets a private temporary directory as its working directory and
# HOME, the C locale, UTC, and no TOKENSHARE_DB; the directory is removed on
# exit. TOKENSHARE, SRCDIR and PYTHON come from meson (tests/meson.build).
set -eu
file=$1
name=$2
: "${TOKENSHARE:?}" "${SRCDIR:?}"
fn=$(sed -n "s/^TEST '\\(.*\\)' \\([A-Za-z_0-9]*\\) *\$/\\1	\\2/p" "$file" |
	awk -F '	' -v n="$name" '$1 == n { print $2 }')
if [ -z "$fn" ]; then
	echo "no case '$name' in $file" >&2
	exit 1
fi
WORK=$(mktemp -d /tmp/tokenshare-cli-XXXXXX)
# Background jobs must not outlive their case: a case adds the pid of each
# to CLEANUP_PIDS (jobs -p cannot be trusted inside a trap in every shell,
# and a leftover holding the test's stdout would make meson wait for it).
CLEANUP_PIDS=
trap '[ -z "$CLEANUP_PIDS" ] || kill $CLEANUP_PIDS 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"
export LC_ALL=C TZ=UTC HOME="$WORK"
unset TOKENSHARE_DB XDG_STATE_HOME TOKENSHARE_GNUPLOT LANG LANGUAGE || true
TEST() { :; }
. "$SRCDIR/tests/cli/lib.sh"
. "$file"
"$fn"
echo "PASS: $name"
