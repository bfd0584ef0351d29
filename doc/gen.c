/*
 * tokenshare-gen: the parts of the docs made from the option tables, so
 * they cannot disagree with the parser (core/opts.h). Run at build time:
 *
 *   tokenshare-gen man     the man page's OPTIONS BY COMMAND section (scdoc)
 *   tokenshare-gen bash    bash completion
 *   tokenshare-gen zsh     zsh completion
 *   tokenshare-gen fish    fish completion
 *   tokenshare-gen list    command, option, value, words: one option a line (tests)
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd/commands.h"
#include "core/opts.h"

/* Help text on one line: the table's lines joined by spaces. */
static void one_line(FILE *fp, const char *s, const char *quote_chars)
{
	for (; *s; s++) {
		char c = *s == '\n' ? ' ' : *s;
		if (quote_chars && strchr(quote_chars, c))
			fputc('\\', fp);
		fputc(c, fp);
	}
}

static bool is_global(const struct cli_opt *o)
{
	for (const struct cli_opt *g = cli_global_opts; g->long_name; g++) {
		if (o == g)
			return true;
	}
	return false;
}

static void man(void)
{
	puts("# OPTIONS BY COMMAND\n\n"
	     "Every option of every command, as *tokenshare* _COMMAND_ *--help* prints\n"
	     "it (this section is made from the same table). The global options\n"
	     "(*--db*, *-q*, *-v*, *-h*; see *GLOBAL OPTIONS*) work before or after the\n"
	     "command and are not repeated here.\n");
	for (size_t i = 0; i < n_commands; i++) {
		const struct cli_command *c = commands[i];
		size_t n;
		const struct cli_opt *const *o = cli_options(c, &n);
		printf("*%s*\n", c->name);
		for (size_t k = 0; k < n; k++) {
			if (is_global(o[k]))
				continue;
			fputc('\t', stdout);
			if (o[k]->short_name)
				printf("*-%c*, ", o[k]->short_name);
			printf("*--%s*", o[k]->long_name);
			if (o[k]->value == CLI_VALUE)
				printf(" _%s_", o[k]->value_name);
			else if (o[k]->value == CLI_OPTIONAL)
				printf("[=_%s_]", o[k]->value_name);
			fputs("\n\t\t", stdout);
			// scdoc: * and _ are markup, a leading - is not special inside text.
			one_line(stdout, o[k]->help, "*_");
			fputs("\n\n", stdout);
		}
	}
}

static void list(void)
{
	for (size_t i = 0; i < n_commands; i++) {
		const struct cli_command *c = commands[i];
		size_t n;
		const struct cli_opt *const *o = cli_options(c, &n);
		for (size_t k = 0; k < n; k++) {
			printf("%s\t--%s\t%c\t%s\t%s\n", c->name, o[k]->long_name,
			       o[k]->short_name ? o[k]->short_name : '-',
			       o[k]->value == CLI_FLAG ? "flag" : o[k]->value == CLI_VALUE ? "value" : "optional",
			       o[k]->words ? o[k]->words : "");
		}
		printf("%s\t(operands)\t-\t-\t%s\n", c->name, c->operands ? c->operands : "");
	}
}

static void bash(void)
{
	puts("# bash completion for tokenshare; made by tokenshare-gen from the option tables.\n"
	     "_tokenshare()\n"
	     "{\n"
	     "\tlocal cur prev cmd i\n"
	     "\tcur=${COMP_WORDS[COMP_CWORD]}\n"
	     "\tprev=${COMP_WORDS[COMP_CWORD-1]}\n"
	     "\tcmd=\n"
	     "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	     "\t\tcase ${COMP_WORDS[i]} in\n"
	     "\t\t--db) ((i++)) ;;\n"
	     "\t\t-*) ;;\n"
	     "\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
	     "\t\tesac\n"
	     "\tdone\n"
	     "\tlocal opts= values= operands= files=\n"
	     "\tcase $cmd in");
	fputs("\t'')\n\t\topts='--db --quiet --verbose --version --help -q -v -V -h'\n\t\toperands='", stdout);
	for (size_t i = 0; i < n_commands; i++)
		printf("%s ", commands[i]->name);
	puts("help'\n\t\t;;\n\thelp)\n\t\toperands='" /* the commands again */);
	for (size_t i = 0; i < n_commands; i++)
		printf("%s%s", i ? " " : "", commands[i]->name);
	puts("'\n\t\t;;");
	for (size_t i = 0; i < n_commands; i++) {
		const struct cli_command *c = commands[i];
		size_t n;
		const struct cli_opt *const *o = cli_options(c, &n);
		printf("\t%s)\n\t\topts='", c->name);
		for (size_t k = 0; k < n; k++) {
			printf("%s--%s%s", k ? " " : "", o[k]->long_name,
			       o[k]->value == CLI_OPTIONAL ? "=" : "");
			if (o[k]->short_name)
				printf(" -%c", o[k]->short_name);
		}
		puts("'");
		// The value after an option that takes one.
		puts("\t\tcase $prev in");
		for (size_t k = 0; k < n; k++) {
			if (o[k]->value != CLI_VALUE)
				continue;
			printf("\t\t--%s", o[k]->long_name);
			if (o[k]->short_name)
				printf("|-%c", o[k]->short_name);
			if (o[k]->complete == CLI_COMPLETE_WORDS)
				printf(") COMPREPLY=($(compgen -W '%s' -- \"$cur\")); return ;;\n", o[k]->words);
			else if (o[k]->complete == CLI_COMPLETE_FILE)
				puts(") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;");
			else if (o[k]->complete == CLI_COMPLETE_DIR)
				puts(") COMPREPLY=($(compgen -d -- \"$cur\")); return ;;");
			else
				puts(") COMPREPLY=(); return ;;");
		}
		puts("\t\tesac");
		printf("\t\toperands='%s'\n", c->operands ? c->operands : "");
		if (c->operand_complete == CLI_COMPLETE_FILE)
			puts("\t\tfiles=-f");
		else if (c->operand_complete == CLI_COMPLETE_DIR)
			puts("\t\tfiles=-d");
		puts("\t\t;;");
	}
	puts("\tesac\n"
	     "\tif [[ $cur == -* ]]; then\n"
	     "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	     "\telse\n"
	     "\t\tCOMPREPLY=($(compgen -W \"$operands\" -- \"$cur\"))\n"
	     "\t\t[[ -n $files ]] && COMPREPLY+=($(compgen $files -- \"$cur\"))\n"
	     "\tfi\n"
	     "}\n"
	     "complete -F _tokenshare tokenshare");
}

static void zsh(void)
{
	puts("#compdef tokenshare\n"
	     "# zsh completion for tokenshare; made by tokenshare-gen from the option tables.\n"
	     "\n"
	     "_tokenshare() {\n"
	     "\tlocal -a commands\n"
	     "\tcommands=(");
	for (size_t i = 0; i < n_commands; i++) {
		printf("\t\t'%s:", commands[i]->name);
		one_line(stdout, commands[i]->summary, NULL);
		puts("'");
	}
	puts("\t\t'help:a command'\\''s help'\n"
	     "\t)\n"
	     "\tlocal curcontext=$curcontext state line\n"
	     "\t_arguments -C \\\n"
	     "\t\t'--db[database file]:path:_files' \\\n"
	     "\t\t'(-q --quiet)'{-q,--quiet}'[print nothing but errors and warnings]' \\\n"
	     "\t\t'(-v --verbose)'{-v,--verbose}'[more messages on standard error]' \\\n"
	     "\t\t'(-V --version)'{-V,--version}'[print the version]' \\\n"
	     "\t\t'(-h --help)'{-h,--help}'[show the help]' \\\n"
	     "\t\t'1:command:->command' \\\n"
	     "\t\t'*::arg:->args'\n"
	     "\tcase $state in\n"
	     "\tcommand) _describe -t commands 'tokenshare command' commands ;;\n"
	     "\targs)\n"
	     "\t\tcase $line[1] in\n"
	     "\t\thelp) _describe -t commands 'tokenshare command' commands ;;");
	for (size_t i = 0; i < n_commands; i++) {
		const struct cli_command *c = commands[i];
		size_t n;
		const struct cli_opt *const *o = cli_options(c, &n);
		printf("\t\t%s)\n\t\t\t_arguments \\\n", c->name);
		for (size_t k = 0; k < n; k++) {
			const struct cli_opt *x = o[k];
			// '(-o --output)'{-o,--output}'[help]:value:action'
			if (x->short_name)
				printf("\t\t\t\t'(-%c --%s)'{-%c,--%s%s}'[", x->short_name, x->long_name,
				       x->short_name, x->long_name, x->value == CLI_OPTIONAL ? "=" : "");
			else
				printf("\t\t\t\t'--%s%s[", x->long_name, x->value == CLI_OPTIONAL ? "=-" : "");
			// The whole help on one line; the shell cuts it to the screen.
			for (const char *h = x->help; *h; h++) {
				if (*h == '\'')
					fputs("'\\''", stdout);
				else if (*h == '[' || *h == ']' || *h == ':' || *h == '\\')
					printf("\\%c", *h);
				else
					fputc(*h == '\n' ? ' ' : *h, stdout);
			}
			fputc(']', stdout);
			if (x->value != CLI_FLAG) {
				printf(":%s:", x->value_name);
				if (x->complete == CLI_COMPLETE_WORDS)
					printf("(%s)", x->words);
				else if (x->complete == CLI_COMPLETE_FILE)
					fputs("_files", stdout);
				else if (x->complete == CLI_COMPLETE_DIR)
					fputs("_files -/", stdout);
				else
					fputs(" ", stdout);
			}
			puts("' \\");
		}
		if (c->operands)
			printf("\t\t\t\t'*:operand:(%s)'", c->operands);
		else if (c->operand_complete == CLI_COMPLETE_FILE)
			fputs("\t\t\t\t'*:file:_files'", stdout);
		else if (c->operand_complete == CLI_COMPLETE_DIR)
			fputs("\t\t\t\t'*:directory:_files -/'", stdout);
		else
			fputs("\t\t\t\t'*: :'", stdout);
		puts("\n\t\t\t;;");
	}
	puts("\t\tesac\n"
	     "\t\t;;\n"
	     "\tesac\n"
	     "}\n"
	     "\n"
	     "_tokenshare \"$@\"");
}

static void fish(void)
{
	puts("# fish completion for tokenshare; made by tokenshare-gen from the option tables.\n"
	     "complete -c tokenshare -f\n"
	     "complete -c tokenshare -l db -r -F -d 'database file'\n"
	     "complete -c tokenshare -s q -l quiet -d 'print nothing but errors and warnings'\n"
	     "complete -c tokenshare -s v -l verbose -d 'more messages on standard error'\n"
	     "complete -c tokenshare -s h -l help -d 'show the help'\n"
	     "complete -c tokenshare -n __fish_use_subcommand -s V -l version -d 'print the version'");
	fputs("set -l __tokenshare_commands", stdout);
	for (size_t i = 0; i < n_commands; i++)
		printf(" %s", commands[i]->name);
	puts(" help");
	for (size_t i = 0; i < n_commands; i++) {
		printf("complete -c tokenshare -n \"not __fish_seen_subcommand_from $__tokenshare_commands\" "
		       "-a %s -d '", commands[i]->name);
		one_line(stdout, commands[i]->summary, "'\\");
		puts("'");
	}
	puts("complete -c tokenshare -n \"not __fish_seen_subcommand_from $__tokenshare_commands\" "
	     "-a help -d 'a command\\'s help'");
	fputs("complete -c tokenshare -n '__fish_seen_subcommand_from help' -a '", stdout);
	for (size_t i = 0; i < n_commands; i++)
		printf("%s%s", i ? " " : "", commands[i]->name);
	puts("'");
	for (size_t i = 0; i < n_commands; i++) {
		const struct cli_command *c = commands[i];
		size_t n;
		const struct cli_opt *const *o = cli_options(c, &n);
		for (size_t k = 0; k < n; k++) {
			const struct cli_opt *x = o[k];
			if (is_global(x))
				continue;       // the globals, above
			printf("complete -c tokenshare -n '__fish_seen_subcommand_from %s'", c->name);
			if (x->short_name)
				printf(" -s %c", x->short_name);
			printf(" -l %s", x->long_name);
			if (x->value == CLI_VALUE)
				fputs(" -r", stdout);
			if (x->complete == CLI_COMPLETE_WORDS)
				printf(" -a '%s'", x->words);
			else if (x->complete == CLI_COMPLETE_FILE || x->complete == CLI_COMPLETE_DIR)
				fputs(" -F", stdout);
			fputs(" -d '", stdout);
			one_line(stdout, x->help, "'\\");
			puts("'");
		}
		if (c->operands)
			printf("complete -c tokenshare -n '__fish_seen_subcommand_from %s' -a '%s'\n",
			       c->name, c->operands);
		if (c->operand_complete != CLI_COMPLETE_NONE)
			printf("complete -c tokenshare -n '__fish_seen_subcommand_from %s' -F\n", c->name);
	}
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} outputs[] = {{"man", man}, {"list", list}, {"bash", bash}, {"zsh", zsh}, {"fish", fish}};
	for (size_t i = 0; argc == 2 && i < sizeof outputs / sizeof outputs[0]; i++) {
		if (strcmp(argv[1], outputs[i].name) == 0) {
			outputs[i].fn();
			return fflush(stdout) == 0 ? 0 : 1;
		}
	}
	fputs("Usage: tokenshare-gen man|list|bash|zsh|fish\n", stderr);
	return 2;
}
