/*
 * The parsing half of a log ingest (see logparse.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector/logs/logparse.h"
#include "core/jsonloc.h"
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


void log_chunk_finish(struct log_chunk *c)
{
	usage_batch_finish(&c->batch);
	for (size_t i = 0; i < c->n_rejects; i++)
		free(c->rejects[i].message);
	free(c->rejects);
	*c = (struct log_chunk){0};
}

bool log_parser_progress_due(struct log_parser *p)
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

void log_parser_progress(struct log_parser *p, bool final)
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
static unsigned long current_line(struct log_parser *p)
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

void log_parser_reject(struct log_parser *p, const char *where, const char *why)
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
	struct log_chunk *c = p->chunk;
	xgrow(&c->rejects, &c->cap_rejects, c->n_rejects + 1, sizeof *c->rejects);
	c->rejects[c->n_rejects++] = (struct log_reject_note){line, xstrdup(msg)};
}

void log_parser_probe(struct log_parser *p, bool readable)
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
	struct log_parser *p = ctx;
	if (p->wrong_format)
		return;
	if (!p->format) {
		p->format = detect(rec);
		if (!p->format) {
			log_parser_reject(p, where, "not rankings, and not a record of any log format tokenshare reads");
			log_parser_probe(p, false);
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
		log_parser_probe(p, true);     // the format is right; the record is not final yet
		return;
	}
	if (!why)
		why = check(&u);
	if (why) {
		log_parser_reject(p, where, why);
		log_parser_probe(p, false);
		return;
	}
	log_parser_probe(p, true);
	if (!p->interner_ready) {
		usage_interner_init(&p->interner, p->format->dataset, p->format->daily);
		p->interner_ready = true;
	}
	p->stats->records++;
	if (usage_interner_add(&p->interner, &p->chunk->batch, &u) == 1)
		p->stats->duplicates++;     // a repeated row of a daily snapshot
	if (u.time > p->chunk->last_time)
		p->chunk->last_time = u.time;
}

/* A parsed JSON value: a record, an array or envelope of records, or a container. */
void log_parser_value(struct log_parser *p, json_t *v)
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
				log_parser_reject(p, where, "not a JSON object");
				log_parser_probe(p, false);
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
		log_parser_reject(p, NULL, "not a JSON object or array");
		log_parser_probe(p, false);
		return;
	}
	struct jrec rec = {.json = v};
	on_record(p, &rec, NULL);
}

void log_parser_line(struct log_parser *p, const char *s, size_t len)
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
		log_parser_reject(p, NULL, msg);
		s += nuls;
		len -= nuls;
		size_t k = 0;
		while (k < len && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (k == len)
			return;
	}
	if (memchr(s, '\0', len)) {
		log_parser_reject(p, NULL, "a NUL byte inside the line: not a record");
		log_parser_probe(p, false);
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
		log_parser_reject(p, NULL, msg);
		if (!noise)
			log_parser_probe(p, false);
		return;
	}
	log_parser_value(p, v);
	json_decref(v);
}

void log_parser_init(struct log_parser *p, const char *name, const struct log_options *opt,
                     struct log_file_stats *stats, int64_t default_time)
{
	*p = (struct log_parser){.name = name, .opt = opt, .stats = stats, .format = opt->format,
	                     .default_time = default_time};
	diag_init(&p->diag, name);
	clock_gettime(CLOCK_MONOTONIC, &p->started);
	p->last_progress = p->started;
	p->chunk = xcalloc(1, sizeof *p->chunk);
}

void log_parser_finish(struct log_parser *p)
{
	if (p->diag.count > DIAG_KEEP)
		fprintf(stderr, "%s: %zu more rejected records not shown\n", p->name,
		        p->diag.count - DIAG_KEEP);
	diag_finish(&p->diag);
	free(p->doc_lines);
	if (p->interner_ready)
		usage_interner_finish(&p->interner);
	if (p->chunk) {
		log_chunk_finish(p->chunk);
		free(p->chunk);
	}
	if (p->opt->progress && p->stats->lines)
		log_parser_progress(p, true);
}
