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

#include "collector/logs/logcommit.h"
#include "collector/logs/logingest.h"
#include "collector/logs/logparse.h"
#include "core/jsonloc.h"
#include "core/log.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/filestate.h"

/* The one-chunk queue between the threads. */
struct queue {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct log_chunk *slot;             // NULL = empty
	atomic_bool abort;              // the writer failed: stop parsing
};

struct line_job {
	struct log_parser parser;
	struct log_input *in;
	struct queue *q;
	uint64_t next_offset;
	unsigned long last_line;
};

static void push(struct queue *q, struct log_chunk *c)
{
	pthread_mutex_lock(&q->lock);
	while (q->slot && !atomic_load(&q->abort))
		pthread_cond_wait(&q->changed, &q->lock);
	if (atomic_load(&q->abort)) {
		log_chunk_finish(c);
		free(c);
	} else {
		q->slot = c;
	}
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}

static struct log_chunk *pop(struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	while (!q->slot)
		pthread_cond_wait(&q->changed, &q->lock);
	struct log_chunk *c = q->slot;
	q->slot = NULL;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
	return c;
}

/* Hands the current chunk over and starts a new one. */
static void send_chunk(struct line_job *job, enum log_chunk_end end)
{
	struct log_parser *p = &job->parser;
	struct log_chunk *c = p->chunk;
	c->format = p->format;
	c->end_offset = job->next_offset;
	c->end_line = job->last_line;
	c->end = end;
	p->chunk = end == LOG_CHUNK_MORE ? xcalloc(1, sizeof *p->chunk) : NULL;
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
	struct log_parser *p = &job->parser;
	struct log_input *in = job->in;
	const char *line;
	size_t len;
	unsigned long number;
	uint64_t next = in->offset;
	enum log_chunk_end end = LOG_CHUNK_LAST;
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
				end = LOG_CHUNK_READ_ERROR;
				break;
			}
			in->error = 0;
			char msg[64];
			snprintf(msg, sizeof msg, "line longer than %u MiB", LOG_LINE_MAX >> 20);
			log_parser_reject(p, NULL, msg);
			log_parser_probe(p, false);
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
			log_parser_line(p, line, len);
		if (p->wrong_format)
			break;
		// A daily snapshot replaces whole days: keep its rows to the end.
		if (p->chunk->batch.n_pending >= LOG_BATCH && !p->format->daily)
			send_chunk(job, LOG_CHUNK_MORE);
		if (p->opt->progress && (p->stats->lines & 4095) == 0 && log_parser_progress_due(p))
			log_parser_progress(p, false);
		if (p->opt->stop && *p->opt->stop)
			break;
	}
	// Fewer than 10 records, none readable: the wrong format too.
	if (end == LOG_CHUNK_LAST && !p->readable && p->tried)
		p->wrong_format = true;
	send_chunk(job, p->wrong_format ? LOG_CHUNK_WRONG_FORMAT : end);
	return NULL;
}

static enum log_result result_of(const char *name, enum log_chunk_end end, bool store_error,
                                 const struct log_format *format)
{
	if (store_error) {
		log_error("%s: the database failed; the last batch was not stored", name);
		return LOG_STORE_ERROR;
	}
	if (end == LOG_CHUNK_READ_ERROR)
		return LOG_READ_ERROR;
	if (end == LOG_CHUNK_WRONG_FORMAT) {
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
	log_parser_init(&job.parser, in->name, opt, stats, file_time(fs));
	struct log_commit wr = {.st = st, .name = in->name, .abspath = abspath, .fs = fs, .stats = stats};
	pthread_t thread;
	if (pthread_create(&thread, NULL, parse_lines, &job) != 0) {
		log_errno(LOG_ERROR, "cannot start the parser thread");
		log_parser_finish(&job.parser);
		return LOG_READ_ERROR;
	}
	bool store_error = false;
	enum log_chunk_end end;
	for (;;) {
		struct log_chunk *c = pop(&q);
		end = c->end;
		if (end == LOG_CHUNK_MORE || end == LOG_CHUNK_LAST)
			store_error = log_commit_take(&wr, c) != 0;
		log_chunk_finish(c);
		free(c);
		if (end != LOG_CHUNK_MORE || store_error)
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
		log_chunk_finish(q.slot);
		free(q.slot);
	}
	stats->format = job.parser.format;
	log_commit_finish(&wr);
	enum log_result res = result_of(in->name, end, store_error, job.parser.format);
	log_parser_finish(&job.parser);
	return res;
}

enum log_result log_ingest_document(struct store *st, const char *name, const char *text,
                                    size_t len, json_t *doc, const char *abspath,
                                    struct file_state *fs, const struct log_options *opt,
                                    struct log_file_stats *stats)
{
	*stats = (struct log_file_stats){0};
	struct log_parser p;
	log_parser_init(&p, name, opt, stats, file_time(fs));
	p.doc_text = text;
	p.doc_len = len;
	p.line = 1;
	stats->lines = text_line_of(text, len) - (len && text[len - 1] == '\n');
	stats->bytes = len;
	log_parser_value(&p, doc);
	if (!p.readable && p.tried)
		p.wrong_format = true;
	struct log_chunk *c = p.chunk;
	c->format = p.format;
	c->end_offset = len;
	c->end_line = (unsigned long)stats->lines;
	c->end = p.wrong_format ? LOG_CHUNK_WRONG_FORMAT : LOG_CHUNK_LAST;
	struct log_commit wr = {.st = st, .name = name, .abspath = abspath, .fs = fs, .stats = stats};
	bool store_error = c->end == LOG_CHUNK_LAST && log_commit_take(&wr, c) != 0;
	enum log_chunk_end end = c->end;
	stats->format = p.format;
	log_commit_finish(&wr);
	enum log_result res = result_of(name, end, store_error, p.format);
	log_parser_finish(&p);
	return res;
}
