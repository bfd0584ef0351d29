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
	# Before the command, main's options answer alike.
	expect 2 --verbse status
	contains err "tokenshare: unknown option '--verbse'; did you mean '--verbose'?"
	expect 2 --db
	contains err "tokenshare: option '--db' needs a value"
	# One message, one prefix: getopt's own is not printed as well.
	[ "$(grep -c '^tokenshare' err)" = 1 ] || fail "more than one error line: $(cat err)"
}

global_options_after_the_command() {
	expect 0 ingest -q "$SAMPLE" --db t.db
	[ ! -s out ] || fail "ingest -q printed a summary: $(cat out)"
	# --db and -q after the command, as before it: one meaning.
	expect 0 status -q --db t.db
	mv out after
	expect 0 --db t.db -q status
	same after out
	contains out "rankings: 645 days"
	expect 0 report share --db t.db -v --period month
	mv out verbose
	expect 0 --db t.db report share --period month
	same verbose out
}

dash_output_is_stdout_for_one_file_and_refused_for_a_directory() {
	expect 0 ingest -q "$SAMPLE" --db t.db
	expect 0 report share --db t.db --period month -o -
	mv out dash
	expect 0 report share --db t.db --period month
	same dash out
	head -1 dash | grep -q '^period,start,end' || fail "report -o - is not the CSV"
	for cmd in "chart share" "dashboard weekly-share" "bundle --dashboard weekly-share" demo; do
		expect 2 $cmd -o - --db t.db
		contains err "-o -:"
		contains err "name a directory"
		[ ! -e ./- ] || fail "$cmd -o - made a file or directory named -"
	done
	expect 2 bundle --dashboard weekly-share --tar -o - --db t.db
	contains err "--tar needs a file name"
}

TEST 'global options work after the command as before it (status -q, --db, -v)' global_options_after_the_command
TEST 'dash as -o is standard output for one file and refused for a directory' dash_output_is_stdout_for_one_file_and_refused_for_a_directory
TEST 'every command has --help and the program has --version' help_for_every_command
TEST 'help COMMAND is COMMAND --help, and a misspelt command or option is answered with the one meant' help_command_and_near_misses
TEST 'usage errors exit with status 2 and say what is wrong' usage_errors_exit_2
