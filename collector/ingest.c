/*
 * The rankings ingest pipeline (see ingest.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>

#include "collector/ingest.h"
#include "core/date.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "mapping/refdata.h"
#include "store/mapping_store.h"
#include "store/store.h"

enum ingest_result ingest_parse(struct rank_input *inputs, size_t n,
                                const struct ingest_options *opt, struct rank_batch *batch)
{
	struct diag *diags = xcalloc(n, sizeof *diags);
	const char **names = xcalloc(n, sizeof *names);
	for (size_t i = 0; i < n; i++) {
		names[i] = inputs[i].name;
		diag_init(&diags[i], inputs[i].name);
		size_t before = batch->n;
		rank_parse_input(&inputs[i], opt->format, batch, &diags[i]);
		rank_input_finish(&inputs[i]);
		// As of a time after now is a clock or a forgery, and would make
		// every real later ingest of the day look older: refused, with an
		// hour of slack for clocks that differ.
		for (size_t k = before; k < batch->n; k++) {
			if (batch->rows[k].as_of != RANK_AS_OF_UNKNOWN &&
			    batch->rows[k].as_of > date_now() + 3600) {
				char when[TIMESTAMP_LEN + 1];
				date_format_timestamp(batch->rows[k].as_of, when);
				diag_add(&diags[i], batch->rows[k].line, "as of %s, which is in the future",
				         when);
				break;
			}
		}
		if (diags[i].count == 0 && inputs[i].as_of_default == RANK_AS_OF_UNKNOWN) {
			for (size_t k = before; k < batch->n; k++) {
				if (batch->rows[k].as_of == RANK_AS_OF_UNKNOWN) {
					log_warning("%s: the input states no as-of time; reports will cite "
					            "the data as of an unrecorded date (give --as-of)",
					            inputs[i].name);
					break;
				}
			}
		}
	}
	rank_batch_check(batch, diags, names, n);
	size_t problems = 0;
	for (size_t i = 0; i < n; i++) {
		problems += diags[i].count;
		diag_print(&diags[i], stderr);
		diag_finish(&diags[i]);
	}
	free(diags);
	free(names);
	if (problems) {
		log_error("rejected: %zu problem%s in the input; nothing was stored", problems,
		          problems == 1 ? "" : "s");
		return INGEST_REJECTED;
	}
	rank_batch_warn_days(batch);
	return INGEST_OK;
}

enum ingest_result ingest_apply(struct store *st, const struct rank_batch *batch,
                                const struct ingest_options *opt,
                                struct rank_apply_stats *stats)
{
	if (store_begin(st) != 0)
		return INGEST_STORE_ERROR;
	int64_t batch_id = store_new_batch(st, opt->command);
	int applied = batch_id < 0 || mapping_store_ensure(st) != 0 ? -1 :
	              rank_batch_apply(st, batch, batch_id, stats, opt->report, opt->stop);
	if (applied != 0 || store_commit(st) != 0) {
		store_rollback(st);
		if (applied == 1)
			return INGEST_STOPPED;
		log_error("nothing was stored");
		return INGEST_STORE_ERROR;
	}
	return INGEST_OK;
}

void ingest_print_summary(FILE *fp, size_t files, const struct rank_apply_stats *s)
{
	fprintf(fp, "ingested %zu file%s: %zu rows, %zu days (%zu new, %zu unchanged, "
	        "%zu restated with %zu changed rows", files, files == 1 ? "" : "s", s->rows,
	        s->days_new + s->days_unchanged + s->days_restated + s->days_kept, s->days_new,
	        s->days_unchanged, s->days_restated, s->restatements);
	if (s->days_kept)
		fprintf(fp, ", %zu kept because the stored data is newer", s->days_kept);
	fputs(")\n", fp);
}
