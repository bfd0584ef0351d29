/*
 * The log ingest pipeline (see logingest.h), on two threads:
 *
 *   parser thread: lines -> JSON -> records -> chunks (no database)
 *   calling thread: chunks -> names, dedup, cells, file state -> commit
 *
 * A chunk ends at a line boundary after LOG_BATCH records, so each commit
 * holds whole lines and the file position just after them. The queue holds
 * one chunk: the parser fills the next while the writer stores the last.
 * A document (one JSON value for the whole input) is parsed and written as
 * one chunk on the calling thread.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/filestate.h"
#include "collector/logs/jsonloc.h"
#include "collector/logs/logingest.h"
#include "store/usage_store.h"
#include "core/diag.h"
#include "core/log.h"
#include "store/store.h"
#include "core/text.h"
#include "core/xalloc.h"

#define MIN_TIME 946684800      // 2000-01-01 UTC
#define MAX_TIME 4102444800     // 2100-01-01 UTC
#define MODEL_MAX 256           // bytes
#define ID_MAX 512              // bytes
#define PROVIDER_MAX 128        // bytes
// Plausibility bounds of one record. The largest context windows hold about
// 10M tokens and the priciest request costs dollars, not thousands, so these
// leave room for growth while a count of 9e18 (a bug or an attack) cannot
// take a period's whole share or overflow a sum.
#define TOKENS_PER_REQUEST_MAX 100000000ull     // tokens, of each kind
#define REQUESTS_PER_ROW_MAX 1000000000ull      // requests of one daily row
#define COST_PER_REQUEST_MAX 100000000000ll     // USD micro-units ($100,000)

enum chunk_end {
	CHUNK_MORE,             // the input goes on
	CHUNK_LAST,             // end of input (or of complete lines, or stopped)
	CHUNK_WRONG_FORMAT,     // none of the first records readable: store nothing
	CHUNK_READ_ERROR,
};

struct reject_note {
	unsigned long line;
	char *message;          // "file:line: reason"
};

/* What the parser hands to the writer. */
struct chunk {
	struct usage_batch batch;
	const struct log_format *format;        // once known
	struct reject_note *rejects;            // to store (the first DIAG_KEEP of the input)
	size_t n_rejects, cap_rejects;
	uint64_t rejected;                      // all rejects in the chunk
	uint64_t end_offset;                    // stream offset after the last line
	unsigned long end_line;                 // number of that line
	int64_t last_time;                      // latest record time, 0 if none
	enum chunk_end end;
};

static void chunk_finish(struct chunk *c)
{
	usage_batch_finish(&c->batch);
	for (size_t i = 0; i < c->n_rejects; i++)
		free(c->rejects[i].message);
	free(c->rejects);
	*c = (struct chunk){0};
}

/* The parser's state for one input. */
struct parser {
	const char *name;
	const struct log_options *opt;
	struct log_file_stats *stats;           // lines, bytes, records, skipped, rejects
	const struct log_format *format;
	struct usage_interner interner;
	bool interner_ready;
	struct diag diag;
	unsigned tried, readable;               // the probe of the first records
	bool wrong_format;
	int64_t default_time;                   // file modification time, UTC seconds
	struct chunk *chunk;                    // being filled
	// Document mode: where the current value lives, for line numbers.
	const char *doc_text;
	size_t doc_len;
	const char *doc_key;                    // "data" or NULL (a top-level array)
	size_t doc_index;
	bool doc_indexed;
	unsigned long *doc_lines;               // line of each element, found once
	size_t n_doc_lines;
	bool doc_lines_found;
	unsigned long line;                     // line of the current value
	struct timespec started, last_progress;
};

static bool progress_due(struct parser *p)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double since = (double)(now.tv_sec - p->last_progress.tv_sec) +
	               (double)(now.tv_nsec - p->last_progress.tv_nsec) / 1e9;
	if (since < 0.5)
		return false;
	p->last_progress = now;
	return true;
}

static void print_progress(struct parser *p, bool final)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double secs = (double)(now.tv_sec - p->started.tv_sec) +
	              (double)(now.tv_nsec - p->started.tv_nsec) / 1e9;
	fprintf(stderr, "\r%s: %llu lines, %llu records, %.1f MB/s, %llu rejects%s", p->name,
	        (unsigned long long)p->stats->lines, (unsigned long long)p->stats->records,
	        secs > 0 ? (double)p->stats->bytes / 1e6 / secs : 0.0,
	        (unsigned long long)p->stats->rejects, final ? "\n" : "");
	fflush(stderr);
}

/* Line of the current value (computed only when a message needs it). */
static unsigned long current_line(struct parser *p)
{
	if (p->doc_text && p->doc_indexed) {
		if (!p->doc_lines_found) {
			struct jsonloc_step path[1] = {{p->doc_key, 0}};
			p->n_doc_lines = jsonloc_elements(p->doc_text, p->doc_len, path,
			                                  p->doc_key ? 1 : 0, &p->doc_lines);
			p->doc_lines_found = true;
		}
		return p->doc_index < p->n_doc_lines ? p->doc_lines[p->doc_index] : 1;
	}
	return p->line;
}

static void reject(struct parser *p, const char *where, const char *why)
{
	p->stats->rejects++;
	p->chunk->rejected++;
	if (p->diag.count >= DIAG_KEEP) {
		p->diag.count++;
		return;
	}
	unsigned long line = current_line(p);
	if (where)
		diag_add(&p->diag, line, "%s: %s", where, why);
	else
		diag_add(&p->diag, line, "%s", why);
	const char *msg = p->diag.kept[p->diag.count - 1];
	fprintf(stderr, "%s\n", msg);
	struct chunk *c = p->chunk;
	xgrow(&c->rejects, &c->cap_rejects, c->n_rejects + 1, sizeof *c->rejects);
	c->rejects[c->n_rejects++] = (struct reject_note){line, xstrdup(msg)};
}

static void probe(struct parser *p, bool readable)
{
	if (p->readable || p->wrong_format)
		return;
	if (readable) {
		p->readable++;
		return;
	}
	if (++p->tried >= LOG_PROBE_RECORDS)
		p->wrong_format = true;
}

static const struct log_format *detect(const struct jrec *rec)
{
	const struct log_format *best = NULL;
	int best_score = 0;
	for (size_t i = 0; log_formats[i]; i++) {
		int s = log_formats[i]->match(rec);
		if (s > best_score) {
			best = log_formats[i];
			best_score = s;
		}
	}
	return best;
}

static const char *check(const struct usage_record *u)
{
	if (u->time < MIN_TIME || u->time >= MAX_TIME)
		return "time stamp outside 2000..2099";
	if (u->model_len > MODEL_MAX || !text_is_utf8(u->model, u->model_len))
		return "model name too long or not UTF-8";
	if (text_has_control(u->model, u->model_len))
		return "model name contains a control character";
	if (u->id && u->id_len > ID_MAX)
		return "request id longer than 512 bytes";
	if (u->provider_len > PROVIDER_MAX || u->permaslug_len > MODEL_MAX)
		return "provider or model name too long";
	// Names are shown in reports and on terminals: one line of text each.
	if ((u->provider && (!text_is_utf8(u->provider, u->provider_len) ||
	                     text_has_control(u->provider, u->provider_len))) ||
	    (u->permaslug && (!text_is_utf8(u->permaslug, u->permaslug_len) ||
	                      text_has_control(u->permaslug, u->permaslug_len))))
		return "provider or model name is not UTF-8 text on one line (a control character)";
	if (u->cached > u->prompt)
		return "more cached tokens than prompt tokens";
	if (u->requests > REQUESTS_PER_ROW_MAX)
		return "more than 1000000000 requests in one row: not a plausible count";
	uint64_t per = u->requests ? u->requests : 1;
	const uint64_t tokens[3] = {u->prompt, u->completion, u->reasoning};
	for (int k = 0; k < 3; k++) {
		if (tokens[k] / per > TOKENS_PER_REQUEST_MAX ||
		    (tokens[k] / per == TOKENS_PER_REQUEST_MAX && tokens[k] % per))
			return "more than 100000000 tokens per request: not a plausible count";
	}
	if (u->cost_micro != COST_UNKNOWN &&
	    (uint64_t)u->cost_micro / per > (uint64_t)COST_PER_REQUEST_MAX)
		return "a cost of more than $100000 per request: not a plausible cost";
	return NULL;
}

/* One record-level value. */
static void on_record(void *ctx, const struct jrec *rec, const char *where)
{
	struct parser *p = ctx;
	if (p->wrong_format)
		return;
	if (!p->format) {
		p->format = detect(rec);
		if (!p->format) {
			reject(p, where, "not rankings, and not a record of any log format tokenshare reads");
			probe(p, false);
			return;
		}
	}
	struct usage_record u = {.time = INT64_MIN};
	const char *why = p->format->extract(rec, &u);
	if (u.time == INT64_MIN) {
		u.time = p->default_time;
		u.time_guessed = true;
	}
	if (why == LOGFMT_SKIP) {
		p->stats->skipped++;
		return;
	}
	if (why == LOGFMT_PENDING) {
		p->stats->pending++;
		probe(p, true);     // the format is right; the record is not final yet
		return;
	}
	if (!why)
		why = check(&u);
	if (why) {
		reject(p, where, why);
		probe(p, false);
		return;
	}
	probe(p, true);
	if (!p->interner_ready) {
		usage_interner_init(&p->interner, p->format);
		p->interner_ready = true;
	}
	p->stats->records++;
	if (usage_interner_add(&p->interner, &p->chunk->batch, &u) == 1)
		p->stats->duplicates++;     // a repeated row of a daily snapshot
	if (u.time > p->chunk->last_time)
		p->chunk->last_time = u.time;
}

/* A parsed JSON value: a record, an array or envelope of records, or a container. */
static void on_value(struct parser *p, json_t *v)
{
	if (p->format && p->format->is_container && p->format->is_container(v)) {
		p->format->each_record(v, on_record, p);
		return;
	}
	if (!p->format) {
		for (size_t i = 0; log_formats[i]; i++) {
			if (log_formats[i]->is_container && log_formats[i]->is_container(v)) {
				p->format = log_formats[i];
				p->format->each_record(v, on_record, p);
				return;
			}
		}
	}
	json_t *data = json_is_object(v) ? json_object_get(v, "data") : NULL;
	json_t *list = json_is_array(v) ? v : json_is_array(data) ? data : NULL;
	if (list) {
		bool top = p->doc_text && !p->doc_indexed;
		if (top) {
			p->doc_key = list == data ? "data" : NULL;
			p->doc_indexed = true;
		}
		size_t i;
		json_t *item;
		json_array_foreach(list, i, item) {
			char where[32];
			snprintf(where, sizeof where, "%s[%zu]", list == data ? "data" : "", i);
			p->doc_index = i;
			if (!json_is_object(item)) {
				reject(p, where, "not a JSON object");
				probe(p, false);
				continue;
			}
			struct jrec rec = {.json = item};
			on_record(p, &rec, where);
		}
		if (top)
			p->doc_indexed = false;
		return;
	}
	if (json_is_object(data)) {
		struct jrec rec = {.json = data};
		on_record(p, &rec, "data");
		return;
	}
	if (!json_is_object(v)) {
		reject(p, NULL, "not a JSON object or array");
		probe(p, false);
		return;
	}
	struct jrec rec = {.json = v};
	on_record(p, &rec, NULL);
}

static void on_line(struct parser *p, const char *s, size_t len)
{
	// NUL bytes before a record are what a crash leaves in a file being
	// appended to: noted, and the record after them read.
	size_t nuls = 0;
	while (nuls < len && s[nuls] == '\0')
		nuls++;
	if (nuls) {
		char msg[120];
		snprintf(msg, sizeof msg, "%zu NUL bytes (a crash while the file was written leaves "
		         "them) skipped", nuls);
		reject(p, NULL, msg);
		s += nuls;
		len -= nuls;
		size_t k = 0;
		while (k < len && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (k == len)
			return;
	}
	if (memchr(s, '\0', len)) {
		reject(p, NULL, "a NUL byte inside the line: not a record");
		probe(p, false);
		return;
	}
	// A line that is not even trying to be JSON is noise around the log (a
	// banner, a shell prompt): rejected, but it says nothing about the format.
	size_t k = 0;
	while (k < len && (s[k] == ' ' || s[k] == '\t'))
		k++;
	bool noise = k < len && s[k] != '{' && s[k] != '[';
	struct fj_object flat;
	if (fj_parse_flat(s, len, &flat)) {
		struct jrec rec = {.flat = &flat};
		on_record(p, &rec, NULL);
		return;
	}
	json_error_t err;
	json_t *v = jsonloc_load(s, len, 0, &err);
	if (!v) {
		char msg[200];
		snprintf(msg, sizeof msg, "not JSON: %s", err.text[0] ? err.text : "unreadable");
		reject(p, NULL, msg);
		if (!noise)
			probe(p, false);
		return;
	}
	on_value(p, v);
	json_decref(v);
}

static void parser_init(struct parser *p, const char *name, const struct log_options *opt,
                        struct log_file_stats *stats, int64_t default_time)
{
	*p = (struct parser){.name = name, .opt = opt, .stats = stats, .format = opt->format,
	                     .default_time = default_time};
	diag_init(&p->diag, name);
	clock_gettime(CLOCK_MONOTONIC, &p->started);
	p->last_progress = p->started;
	p->chunk = xcalloc(1, sizeof *p->chunk);
}

static void parser_finish(struct parser *p)
{
	if (p->diag.count > DIAG_KEEP)
		fprintf(stderr, "%s: %zu more rejected records not shown\n", p->name,
		        p->diag.count - DIAG_KEEP);
	diag_finish(&p->diag);
	free(p->doc_lines);
	if (p->interner_ready)
		usage_interner_finish(&p->interner);
	if (p->chunk) {
		chunk_finish(p->chunk);
		free(p->chunk);
	}
	if (p->opt->progress && p->stats->lines)
		print_progress(p, true);
}

/* The one-chunk queue between the threads. */
struct queue {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct chunk *slot;             // NULL = empty
	atomic_bool abort;              // the writer failed: stop parsing
};

struct line_job {
	struct parser parser;
	struct log_input *in;
	struct queue *q;
	uint64_t next_offset;
	unsigned long last_line;
};

static void push(struct queue *q, struct chunk *c)
{
	pthread_mutex_lock(&q->lock);
	while (q->slot && !atomic_load(&q->abort))
		pthread_cond_wait(&q->changed, &q->lock);
	if (atomic_load(&q->abort)) {
		chunk_finish(c);
		free(c);
	} else {
		q->slot = c;
	}
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}

static struct chunk *pop(struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	while (!q->slot)
		pthread_cond_wait(&q->changed, &q->lock);
	struct chunk *c = q->slot;
	q->slot = NULL;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
	return c;
}

/* Hands the current chunk over and starts a new one. */
static void send_chunk(struct line_job *job, enum chunk_end end)
{
	struct parser *p = &job->parser;
	struct chunk *c = p->chunk;
	c->format = p->format;
	c->end_offset = job->next_offset;
	c->end_line = job->last_line;
	c->end = end;
	p->chunk = end == CHUNK_MORE ? xcalloc(1, sizeof *p->chunk) : NULL;
	push(job->q, c);
}

/* True if the text is one whole JSON value. */
static bool complete_json(const char *s, size_t len)
{
	struct fj_object flat;
	if (fj_parse_flat(s, len, &flat))
		return true;
	json_t *v = jsonloc_load(s, len, 0, NULL);
	json_decref(v);
	return v != NULL;
}

static void *parse_lines(void *arg)
{
	struct line_job *job = arg;
	struct parser *p = &job->parser;
	struct log_input *in = job->in;
	const char *line;
	size_t len;
	unsigned long number;
	uint64_t next = in->offset;
	enum chunk_end end = CHUNK_LAST;
	for (;;) {
		if (atomic_load(&job->q->abort))
			break;
		int rc = log_input_line(in, !p->opt->follow, &line, &len, &number, &next);
		if (rc == 0)
			break;
		p->stats->lines++;
		p->stats->bytes += next - job->next_offset;
		job->next_offset = next;
		job->last_line = number;
		p->line = number;
		if (rc < 0) {
			if (in->error != E2BIG) {
				errno = in->error;
				log_errno(LOG_ERROR, "%s: cannot read", in->name);
				end = CHUNK_READ_ERROR;
				break;
			}
			in->error = 0;
			char msg[64];
			snprintf(msg, sizeof msg, "line longer than %u MiB", LOG_LINE_MAX >> 20);
			reject(p, NULL, msg);
			probe(p, false);
			continue;
		}
		size_t k = 0;
		while (k < len && (line[k] == ' ' || line[k] == '\t'))
			k++;
		if (k < len && in->unterminated && !complete_json(line, len)) {
			// Still being written: leave it for the next read.
			fprintf(stderr, "%s:%lu: the last line has no line end and is not complete JSON "
			        "yet; left for the next read\n", in->name, number);
			p->stats->lines--;
			p->stats->bytes -= len;
			job->next_offset -= len;
			job->last_line = number - 1;
			break;
		}
		if (k < len)
			on_line(p, line, len);
		if (p->wrong_format)
			break;
		// A daily snapshot replaces whole days: keep its rows to the end.
		if (p->chunk->batch.n_pending >= LOG_BATCH && !p->format->daily)
			send_chunk(job, CHUNK_MORE);
		if (p->opt->progress && (p->stats->lines & 4095) == 0 && progress_due(p))
			print_progress(p, false);
		if (p->opt->stop && *p->opt->stop)
			break;
	}
	// Fewer than 10 records, none readable: the wrong format too.
	if (end == CHUNK_LAST && !p->readable && p->tried)
		p->wrong_format = true;
	send_chunk(job, p->wrong_format ? CHUNK_WRONG_FORMAT : end);
	return NULL;
}

/* The writing side, on the calling thread. */
struct writer {
	struct store *st;
	const char *name;
	const char *abspath;
	struct file_state *fs;
	struct log_file_stats *stats;
	struct usage_writer w;
	bool ready;
	bool began;
};

/* Opens the transaction of a read; a fresh read forgets the old samples. */
static int writer_begin(struct writer *wr)
{
	if (store_begin(wr->st) != 0)
		return -1;
	wr->began = true;
	if (wr->fs && wr->fs->id && wr->fs->offset == 0 &&
	    filestate_clear_rejects(wr->st, wr->fs->id) != 0)
		return -1;
	// The file row must exist before its rejects refer to it.
	if (wr->fs && !wr->fs->id && filestate_save(wr->st, wr->abspath, wr->fs) != 0)
		return -1;
	return 0;
}

/* Stores one chunk and commits it with the position it reached. */
static int writer_take(struct writer *wr, struct chunk *c)
{
	if (!wr->began && writer_begin(wr) != 0)
		return -1;
	if (c->format && !wr->ready) {
		if (usage_writer_init(&wr->w, wr->st, c->format) != 0)
			return -1;
		wr->ready = true;
		if (wr->fs)
			snprintf(wr->fs->format, sizeof wr->fs->format, "%s", c->format->name);
	}
	for (size_t i = 0; i < c->n_rejects && wr->fs; i++) {
		if (filestate_add_reject(wr->st, wr->fs->id, c->rejects[i].line, c->rejects[i].message))
			return -1;
	}
	if (wr->ready && usage_writer_write(&wr->w, &c->batch) != 0)
		return -1;
	uint64_t added = wr->ready ? wr->w.added : 0, dups = wr->ready ? wr->w.duplicates : 0;
	if (wr->ready)
		wr->w.added = wr->w.duplicates = 0;
	wr->stats->added += added;
	wr->stats->duplicates += dups;
	if (wr->fs) {
		wr->fs->records += (int64_t)(added + dups);
		wr->fs->duplicates += (int64_t)dups;
		wr->fs->rejects += (int64_t)c->rejected;
		wr->fs->offset = (int64_t)c->end_offset;
		wr->fs->lines = (int64_t)c->end_line;
		if (c->last_time > wr->fs->last_time)
			wr->fs->last_time = c->last_time;
		if (filestate_save(wr->st, wr->abspath, wr->fs) != 0)
			return -1;
	}
	if (store_commit(wr->st) != 0)
		return -1;
	wr->began = false;
	return 0;
}

static void writer_finish(struct writer *wr)
{
	if (wr->began)
		store_rollback(wr->st);
	if (wr->ready)
		usage_writer_finish(&wr->w);
}

static enum log_result result_of(const char *name, enum chunk_end end, bool store_error,
                                 const struct log_format *format)
{
	if (store_error) {
		log_error("%s: the database failed; the last batch was not stored", name);
		return LOG_STORE_ERROR;
	}
	if (end == CHUNK_READ_ERROR)
		return LOG_READ_ERROR;
	if (end == CHUNK_WRONG_FORMAT) {
		if (format)
			log_error("%s: this is not %s: none of the first %d records could be read; "
			          "nothing was stored from it", name, format->name, LOG_PROBE_RECORDS);
		else
			log_error("%s: not a log format tokenshare reads (none of the first %d records "
			          "is one); nothing was stored from it", name, LOG_PROBE_RECORDS);
		return LOG_WRONG_FORMAT;
	}
	return LOG_OK;
}

static int64_t file_time(const struct file_state *fs)
{
	return fs && fs->mtime ? fs->mtime / 1000000000 : (int64_t)time(NULL);
}

enum log_result log_ingest_lines(struct store *st, struct log_input *in, const char *abspath,
                                 struct file_state *fs, const struct log_options *opt,
                                 struct log_file_stats *stats)
{
	*stats = (struct log_file_stats){0};
	struct queue q = {.lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER};
	struct line_job job = {.in = in, .q = &q, .next_offset = in->offset,
	                       .last_line = fs ? (unsigned long)fs->lines : 0};
	parser_init(&job.parser, in->name, opt, stats, file_time(fs));
	struct writer wr = {.st = st, .name = in->name, .abspath = abspath, .fs = fs, .stats = stats};
	pthread_t thread;
	if (pthread_create(&thread, NULL, parse_lines, &job) != 0) {
		log_errno(LOG_ERROR, "cannot start the parser thread");
		parser_finish(&job.parser);
		return LOG_READ_ERROR;
	}
	bool store_error = false;
	enum chunk_end end;
	for (;;) {
		struct chunk *c = pop(&q);
		end = c->end;
		if (end == CHUNK_MORE || end == CHUNK_LAST)
			store_error = writer_take(&wr, c) != 0;
		chunk_finish(c);
		free(c);
		if (end != CHUNK_MORE || store_error)
			break;
	}
	if (store_error) {
		// The parser may be filling a chunk nobody will take, or waiting to
		// push one: tell it to stop, wake it, and drop what it hands over.
		// Waiting for another chunk here would wait for ever.
		atomic_store(&q.abort, true);
		pthread_mutex_lock(&q.lock);
		pthread_cond_broadcast(&q.changed);
		pthread_mutex_unlock(&q.lock);
	}
	pthread_join(thread, NULL);
	if (q.slot) {
		chunk_finish(q.slot);
		free(q.slot);
	}
	stats->format = job.parser.format;
	writer_finish(&wr);
	enum log_result res = result_of(in->name, end, store_error, job.parser.format);
	parser_finish(&job.parser);
	return res;
}

enum log_result log_ingest_document(struct store *st, const char *name, const char *text,
                                    size_t len, json_t *doc, const char *abspath,
                                    struct file_state *fs, const struct log_options *opt,
                                    struct log_file_stats *stats)
{
	*stats = (struct log_file_stats){0};
	struct parser p;
	parser_init(&p, name, opt, stats, file_time(fs));
	p.doc_text = text;
	p.doc_len = len;
	p.line = 1;
	stats->lines = text_line_of(text, len) - (len && text[len - 1] == '\n');
	stats->bytes = len;
	on_value(&p, doc);
	if (!p.readable && p.tried)
		p.wrong_format = true;
	struct chunk *c = p.chunk;
	c->format = p.format;
	c->end_offset = len;
	c->end_line = (unsigned long)stats->lines;
	c->end = p.wrong_format ? CHUNK_WRONG_FORMAT : CHUNK_LAST;
	struct writer wr = {.st = st, .name = name, .abspath = abspath, .fs = fs, .stats = stats};
	bool store_error = c->end == CHUNK_LAST && writer_take(&wr, c) != 0;
	enum chunk_end end = c->end;
	stats->format = p.format;
	writer_finish(&wr);
	enum log_result res = result_of(name, end, store_error, p.format);
	parser_finish(&p);
	return res;
}
