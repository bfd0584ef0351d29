/*
 * "tokenshare ingest": load files named on the command line. Each input is
 * sniffed: rankings go to the all-or-nothing rankings batch of the command;
 * router logs are streamed file by file, counting each request once and
 * rejecting bad records one by one.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "collector/ingest.h"
#include "collector/logs/logingest.h"
#include "collector/logs/sniff.h"
#include "collector/poll/follow.h"
#include "core/buf.h"
#include "core/cli.h"
#include "core/date.h"
#include "core/jsonloc.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "mapping/refdata.h"
#include "store/filestate.h"
#include "store/mapping_store.h"
#include "store/store.h"

#define RANKINGS_MAX (64u * 1024 * 1024)   // bytes; a year of rankings is ~3 MB

/* The formats -f names, after the options in the help. */
static void formats_help(FILE *fp)
{
	fputs("\nFormats (-f, --format):\n", fp);
	for (size_t i = 0; rank_formats[i]; i++)
		fprintf(fp, "  %-22s %s\n", rank_formats[i]->name, rank_formats[i]->summary);
	for (size_t i = 0; log_formats[i]; i++)
		fprintf(fp, "  %-22s %s\n", log_formats[i]->name, log_formats[i]->summary);
}

struct input {
	const char *arg;                // as given
	const char *name;               // for messages
	char *abspath;                  // regular files only
	enum input_kind kind;
	bool gzip;
	struct log_input stream;        // standard input, kept open after sniffing
	bool stream_open;
	struct buf text;                // rankings, or a log document
	json_t *doc;                    // a parsed log document
	bool failed;                    // could not be read
};

static void input_finish(struct input *in)
{
	if (in->stream_open)
		log_input_close(&in->stream);
	buf_finish(&in->text);
	json_decref(in->doc);
	free(in->abspath);
}

/* Opens an input's descriptor; -1 after logging. */
static int open_input(struct input *in)
{
	if (strcmp(in->arg, "-") == 0)
		return STDIN_FILENO;
	int fd = open(in->arg, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		log_errno(LOG_ERROR, "%s: cannot open", in->arg);
	return fd;
}

/* First look at an input: decide its kind, read it whole if it is not streamed. */
static void classify(struct input *in, const struct rank_format *rank_forced,
                     const struct log_format *log_forced)
{
	int fd = open_input(in);
	if (fd < 0) {
		in->failed = true;
		return;
	}
	if (fd != STDIN_FILENO) {
		struct stat sb;
		unsigned char magic[2];
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
			char real[PATH_MAX];
			if (realpath(in->arg, real))
				in->abspath = xstrdup(real);
			in->gzip = pread(fd, magic, 2, 0) == 2 && log_is_gzip(magic, 2);
		}
	}
	struct log_input li;
	if (log_input_open(&li, in->name, fd, in->gzip, 0, 1) != 0) {
		log_errno(LOG_ERROR, "%s: cannot read", in->name);
		in->failed = true;
		close(fd);
		return;
	}
	// Standard input cannot be reopened: a gzip stream is found by its first
	// bytes and inflated from there, like a file.
	const char *head;
	size_t n_head = log_input_peek(&li, &head);
	if (!in->gzip && log_is_gzip((const unsigned char *)head, n_head)) {
		if (log_input_start_gzip(&li) != 0) {
			log_error("%s: cannot inflate", in->name);
			in->failed = true;
			log_input_close(&li);
			return;
		}
		in->gzip = true;
	}
	in->kind = rank_forced ? INPUT_RANKINGS : sniff_input(&li);
	if (log_forced && in->kind == INPUT_RANKINGS) {
		const char *p;
		size_t n = log_input_peek(&li, &p);
		size_t i = 0;
		while (i < n && strchr(" \t\r\n", p[i]))
			i++;
		in->kind = i < n && p[i] == '{' ? INPUT_LOG_DOCUMENT : INPUT_LOG_LINES;
	}
	if (in->kind == INPUT_LOG_LINES) {
		if (in->abspath) {
			log_input_close(&li);   // reopened at its resume point later
		} else {
			in->stream = li;
			in->stream_open = true;
		}
		return;
	}
	size_t max = in->kind == INPUT_RANKINGS ? RANKINGS_MAX : LOG_DOCUMENT_MAX;
	int err = log_input_rest(&li, max, &in->text);
	log_input_close(&li);
	if (err) {
		if (err == -EFBIG)
			log_error("%s: larger than %zu MiB; split it", in->name, max >> 20);
		else
			log_error("%s: cannot read: %s", in->name, strerror(-err));
		in->failed = true;
		return;
	}
	if (in->kind == INPUT_LOG_DOCUMENT) {
		in->doc = jsonloc_load(in->text.data ? in->text.data : "", in->text.len, 0, NULL);
		// Not JSON, or rankings after all: the rankings parser explains or reads it.
		if (!log_forced && (!in->doc || sniff_rankings_document(in->doc))) {
			json_decref(in->doc);
			in->doc = NULL;
			in->kind = INPUT_RANKINGS;
		} else if (!in->doc) {
			in->kind = INPUT_LOG_LINES;     // forced: one bad document line
		}
	}
}

static void print_log_summary(const char *name, const struct log_file_stats *s)
{
	if (s->unchanged) {
		printf("%s: unchanged since the last read, skipped\n", name);
		return;
	}
	printf("%s: %s, %llu lines, %llu records: %llu counted, %llu already seen, "
	       "%llu not requests, %llu rejected", name,
	       s->format ? s->format->name : "no format", (unsigned long long)s->lines,
	       (unsigned long long)s->records, (unsigned long long)s->added,
	       (unsigned long long)s->duplicates, (unsigned long long)s->skipped,
	       (unsigned long long)s->rejects);
	if (s->pending)
		printf(", %llu in progress (counted once an export shows them ended)",
		       (unsigned long long)s->pending);
	putchar('\n');
}

/*
 * Opens a regular log file and compares it with its stored state (fs, as
 * loaded): *rs says whether it is unchanged, grown (read from fs->offset)
 * or new (fs reset, read from the start). A document is read whole: grown
 * counts as new. Returns the descriptor, or -1 after logging.
 */
static int open_resume(struct input *in, struct file_state *fs, bool whole, enum resume *rs)
{
	int fd = open_input(in);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	const struct log_format *was = fs->id ? log_format_find(fs->format) : NULL;
	*rs = was ? filestate_resume(fs, fd, &sb, in->gzip) : RESUME_NEW;
	// A daily snapshot replaces the days it holds: its new rows alone would
	// replace a day with part of it, so a grown snapshot is read whole again.
	if (*rs == RESUME_APPENDED && (whole || was->daily)) {
		*rs = RESUME_NEW;
		*fs = (struct file_state){.id = fs->id};
	}
	if (*rs == RESUME_NEW)
		fs->offset = fs->lines = 0;
	int64_t offset = fs->offset, lines = fs->lines;
	filestate_identify(fs, fd, &sb);
	fs->offset = offset;
	fs->lines = lines;
	return fd;
}

/* Ingests one log input into st. Returns an exit status. */
static int ingest_log(struct store *st, struct input *in, const struct log_options *base,
                      bool quiet)
{
	struct log_options opt = *base;
	struct log_file_stats stats = {0};
	enum log_result res;
	struct file_state fs = {0}, *fsp = NULL;
	enum resume rs = RESUME_NEW;
	int fd = -1;
	if (in->abspath) {
		if (filestate_load(st, in->abspath, &fs) < 0)
			return TS_EXIT_STORE;
		fsp = &fs;
		fd = open_resume(in, &fs, in->kind == INPUT_LOG_DOCUMENT, &rs);
		if (fd < 0)
			return TS_EXIT_REJECTED;
		if (rs == RESUME_UNCHANGED) {
			close(fd);
			stats.unchanged = true;
			if (!quiet)
				print_log_summary(in->name, &stats);
			return TS_EXIT_OK;
		}
		// A grown file continues in the format it had.
		if (rs == RESUME_APPENDED && !opt.format)
			opt.format = log_format_find(fs.format);
	}
	if (in->kind == INPUT_LOG_DOCUMENT) {
		if (fd >= 0)
			close(fd);
		res = log_ingest_document(st, in->name, in->text.data, in->text.len, in->doc,
		                          in->abspath, fsp, &opt, &stats);
	} else if (in->stream_open) {
		res = log_ingest_lines(st, &in->stream, NULL, NULL, &opt, &stats);
	} else {
		struct log_input li;
		if (log_input_open(&li, in->name, fd, in->gzip, (uint64_t)fs.offset,
		                   (unsigned long)fs.lines + 1) != 0) {
			log_errno(LOG_ERROR, "%s: cannot read", in->name);
			close(fd);
			return TS_EXIT_REJECTED;
		}
		res = log_ingest_lines(st, &li, in->abspath, &fs, &opt, &stats);
		log_input_close(&li);
	}
	if (!quiet && res != LOG_WRONG_FORMAT)
		print_log_summary(in->name, &stats);
	switch (res) {
	case LOG_OK:
		return stats.rejects ? TS_EXIT_REJECTED : TS_EXIT_OK;
	case LOG_WRONG_FORMAT:
	case LOG_READ_ERROR:
		return TS_EXIT_REJECTED;
	case LOG_STORE_ERROR:
		break;
	}
	return TS_EXIT_STORE;
}

/* A database always has a mapping, so reports work whatever was stored. */
static int ensure_mapping(struct store *st)
{
	if (store_begin(st) != 0)
		return -1;
	if (mapping_store_ensure(st) != 0 || store_commit(st) != 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

/* The worse of two exit statuses (store errors over rejects over success). */
static int worse(int a, int b)
{
	return a > b ? a : b;
}

/* -f's values for completion (a test checks them against the formats). */
#define INGEST_FORMAT_NAMES "rankings-api rankings-archive rankings-csv openrouter-generation " \
	"openrouter-activity otlp litellm-spend-logs litellm-payload helicone langfuse openai-chat"

static const struct cli_opt options[] = {
	CLI_CHOICE('f', "format", 'f', "FORMAT", INGEST_FORMAT_NAMES,
	           "input format instead of detecting it (the formats are\n"
	           "listed after the options)"),
	CLI_STRING(0, "as-of", 'A', "TIME", "rankings are as of TIME (ISO 8601 date or time stamp);\n"
	           "for inputs that do not say, such as CSV"),
	CLI_BOOL('F', "follow", 'F', "keep reading the files as they grow, like tail -F\n"
	         "(rotation and truncation included), until SIGTERM"),
	CLI_STRING(0, "interval", 'I', "MS", "how often --follow looks for new lines (default 1000)"),
	CLI_BOOL('n', "dry-run", 'n', "check the input, store nothing"),
	CLI_END,
};

/* What the options say. */
struct ingest_args {
	struct ingest_options ropt;
	struct log_options lopt;
	const struct rank_format *rank_forced;
	int64_t as_of;          // UTC seconds, or RANK_AS_OF_UNKNOWN
	bool dry_run, follow;
	long interval_ms;
};

static int on_option(void *ctx, int id, const char *arg)
{
	struct ingest_args *a = ctx;
	switch (id) {
	case 'f':
		a->rank_forced = rank_format_find(arg);
		a->lopt.format = log_format_find(arg);
		if (!a->rank_forced && !a->lopt.format)
			return cli_usage_error("ingest", "unknown format '%s'", arg);
		a->ropt.format = a->rank_forced;
		break;
	case 'A':
		if (!date_parse_timestamp(arg, strlen(arg), &a->as_of))
			return cli_usage_error("ingest", "--as-of '%s' is not an ISO 8601 date "
			                       "or time stamp", arg);
		if (a->as_of > date_now() + 3600)
			return cli_usage_error("ingest", "--as-of '%s' is in the future", arg);
		break;
	case 'F':
		a->follow = true;
		break;
	case 'I': {
		char *end;
		a->interval_ms = strtol(arg, &end, 10);
		if (*end || end == arg || a->interval_ms < 10 || a->interval_ms > 3600000)
			return cli_usage_error("ingest", "--interval must be 10 to 3600000 ms");
		break;
	}
	case 'n':
		a->dry_run = true;
		break;
	}
	return 0;
}

static int run(int argc, char **argv, struct cli_global *g)
{
	struct ingest_args a = {
		.ropt = {.command = "ingest", .report = stdout},
		.as_of = RANK_AS_OF_UNKNOWN,
		.interval_ms = 1000,
	};
	int parsed = cli_parse(&cmd_ingest, argc, argv, g, on_option, &a);
	if (parsed != CLI_GO_ON)
		return parsed;
	struct ingest_options ropt = a.ropt;
	struct log_options lopt = a.lopt;
	const struct rank_format *rank_forced = a.rank_forced;
	int64_t as_of = a.as_of;
	bool dry_run = a.dry_run, follow = a.follow;
	long interval_ms = a.interval_ms;
	if (optind >= argc)
		return cli_usage_error("ingest", "no input files");
	if (g->quiet)
		ropt.report = NULL;
	lopt.progress = !g->quiet && isatty(STDERR_FILENO);
	if (follow) {
		if (rank_forced || dry_run)
			return cli_usage_error("ingest", "--follow reads logs and stores them");
		for (int i = optind; i < argc; i++) {
			if (strcmp(argv[i], "-") == 0)
				return cli_usage_error("ingest", "--follow needs files, not standard input");
		}
		char *db_path = cli_db_path(g);
		if (!db_path)
			return cli_usage_error("ingest", "no database: give --db or set TOKENSHARE_DB");
		int status = follow_files(db_path, argv + optind, (size_t)(argc - optind), &lopt,
		                          interval_ms, g->quiet);
		free(db_path);
		return status;
	}

	size_t n = (size_t)(argc - optind);
	struct input *inputs = xcalloc(n, sizeof *inputs);
	size_t n_rank = 0, n_log = 0, n_failed = 0;
	int status = TS_EXIT_OK;
	struct rank_batch batch = {0};
	bool rankings_ok = false;
	char *db_path = NULL;
	struct store st = {0};
	for (size_t i = 0; i < n; i++) {
		inputs[i].arg = argv[optind + (int)i];
		inputs[i].name = strcmp(inputs[i].arg, "-") == 0 ? "<stdin>" : inputs[i].arg;
		classify(&inputs[i], rank_forced, lopt.format);
		if (inputs[i].failed)
			n_failed++;
		else if (inputs[i].kind == INPUT_RANKINGS)
			n_rank++;
		else
			n_log++;
	}
	if (n_failed) {
		// One command, one batch: a file named but unreadable (a typo, a
		// permission) must not leave the others stored as if it were not.
		log_error("%zu of %zu inputs could not be read; nothing was stored", n_failed, n);
		status = TS_EXIT_REJECTED;
		n_rank = n_log = 0;
		goto done;
	}

	// Rankings: parse and check the whole batch before touching the database.
	if (n_rank) {
		struct rank_input *rin = xcalloc(n_rank, sizeof *rin);
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (inputs[i].failed || inputs[i].kind != INPUT_RANKINGS)
				continue;
			rin[k++] = (struct rank_input){
				.name = inputs[i].name,
				.data = inputs[i].text.data ? inputs[i].text.data : "",
				.len = inputs[i].text.len,
				.as_of_default = as_of,
			};
		}
		rankings_ok = ingest_parse(rin, k, &ropt, &batch) == INGEST_OK;
		free(rin);
		if (!rankings_ok)
			status = TS_EXIT_REJECTED;
		else if (dry_run && !g->quiet)
			printf("checked %zu rankings file%s: %zu rows, no problems (nothing stored)\n",
			       n_rank, n_rank == 1 ? "" : "s", batch.n);
	}

	bool need_store = (rankings_ok && !dry_run) || n_log;
	if (need_store) {
		db_path = dry_run ? xstrdup(":memory:") : cli_db_path(g);
		if (!db_path) {
			status = cli_usage_error("ingest", "no database: give --db or set TOKENSHARE_DB");
			goto done;
		}
		if (store_open(&st, db_path, STORE_WRITE) != 0 || ensure_mapping(&st) != 0) {
			status = TS_EXIT_STORE;
			goto done;
		}
	}
	if (rankings_ok && !dry_run) {
		struct rank_apply_stats stats;
		if (ingest_apply(&st, &batch, &ropt, &stats) != INGEST_OK)
			status = TS_EXIT_STORE;
		else if (!g->quiet)
			ingest_print_summary(stdout, n_rank, &stats);
	}
	for (size_t i = 0; i < n && status != TS_EXIT_STORE; i++) {
		if (inputs[i].failed || inputs[i].kind == INPUT_RANKINGS)
			continue;
		status = worse(status, ingest_log(&st, &inputs[i], &lopt, g->quiet));
	}
	if (dry_run && n_log && !g->quiet)
		printf("(dry run: nothing was stored)\n");
done:
	rank_batch_finish(&batch);
	store_close(&st);
	free(db_path);
	for (size_t i = 0; i < n; i++)
		input_finish(&inputs[i]);
	free(inputs);
	return status;
}

const struct cli_command cmd_ingest = {
	.name = "ingest",
	.summary = "load rankings or router logs (files, stdin, --follow)",
	.synopsis = "ingest [OPTIONS] FILE...\n"
	            "ingest --follow [OPTIONS] FILE...",
	.about = "Load OpenRouter daily rankings or router logs into the database (- reads\n"
	         "standard input; .gz files are read through zlib). The format of each file\n"
	         "is detected.\n"
	         "\n"
	         "Rankings: each day in the input replaces that stored day; changed values\n"
	         "are restatements. If any rankings input has a problem, no rankings are\n"
	         "stored.\n"
	         "\n"
	         "Logs: every request id is counted once, across files and runs; bad records\n"
	         "are rejected (the first 20 per file shown, all counted) and the rest of the\n"
	         "file loads. A file read before is resumed where the last read stopped.\n"
	         "\n"
	         "Exit status 1 if anything was rejected.\n",
	.opts = options,
	.operand_complete = CLI_COMPLETE_FILE,
	.more_help = formats_help,
	.run = run,
};
