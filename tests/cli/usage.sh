# SPDX-License-Identifier: MIT
# The command line: help, versions, usage errors.

help_for_every_command() {
	expect 0 --help
	mv out top-help
	for c in ingest report chart reference demo; do
		contains top-help "  $c "
		expect 0 $c --help
		contains out "Usage: tokenshare $c"
	done
	expect 0 --version
	grep -Eq '^tokenshare [0-9]+\.[0-9]+\.[0-9]+$' out || fail "version line"
}

usage_errors_exit_2() {
	expect 2
	expect 2 frobnicate
	contains err "unknown command 'frobnicate'"
	expect 2 ingest
	contains err "no input files"
	expect 2 ingest --nonsense x
	expect 2 report
	expect 2 report share extra
	expect 2 chart share
	contains err "-o DIR is required"
	expect 2 reference
	expect 2 reference load
	expect 2 demo --db x.db
}

help_command_and_near_misses() {
	# "help COMMAND" prints what "COMMAND --help" prints.
	for c in ingest report chart reference demo status; do
		expect 0 $c --help
		mv out want
		expect 0 help $c
		same want out
	done
	expect 0 help
	contains out "Usage: tokenshare"
	contains out "  help "
	# A slip of a command's name is answered with the command meant.
	expect 2 reprot share
	contains err "unknown command 'reprot'; did you mean 'report'?"
	expect 2 chrat
	contains err "did you mean 'chart'?"
	expect 2 help repotr
	contains err "did you mean 'report'?"
	# Far from every command: no guess.
	expect 2 frobnicate
	lacks err "did you mean"
	expect 2 help report chart
	# So is a slip of a long option; a known option without its value says so.
	expect 2 report share --peroid week
	contains err "tokenshare report: unknown option '--peroid'; did you mean '--period'?"
	expect 2 report share --tpo 3
	contains err "did you mean '--top'?"
	expect 2 report share --period
	contains err "tokenshare report: option '--period' needs a value"
	expect 2 demo --quiet=yes
	contains err "option '--quiet' takes no value"
	expect 2 ingest -z x
	contains err "tokenshare ingest: unknown option '-z'"
	# One message, one prefix: getopt's own is not printed as well.
	[ "$(grep -c '^tokenshare' err)" = 1 ] || fail "more than one error line: $(cat err)"
}

TEST 'every command has --help and the program has --version' help_for_every_command
TEST 'help COMMAND is COMMAND --help, and a misspelt command or option is answered with the one meant' help_command_and_near_misses
TEST 'usage errors exit with status 2 and say what is wrong' usage_errors_exit_2
