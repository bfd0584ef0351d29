/*
 * The share table as CSV, long format (RFC 4180, LF line ends):
 * period,start,end,days,group,MEASURE,share, MEASURE being tokens, requests
 * or cost_microusd; with --labels names a name column follows group. The header line is the format;
 * metadata (mapping, citation, period rule) is in the JSON form and in
 * tokenshare(1), so the CSV stays loadable by any CSV reader.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include "core/csv.h"
#include "core/date.h"
#include "core/num.h"
#include "reporter/publish/output.h"
#include "reporter/views/share.h"

static int write_csv(const struct share_table *t, FILE *fp)
{
	fprintf(fp, "period,start,end,days,group,%s%s,share\n", t->query.names ? "name," : "",
	        share_measure_column(t->query.measure));
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct share_row *r = &t->rows[i];
		char start[DATE_LEN + 1], end[DATE_LEN + 1], share[24];
		date_format(r->period.start, start);
		date_format(r->period.end, end);
		num_format_e4(r->share_e4, share);
		fprintf(fp, "%s,%s,%s,%d,", r->period.label, start, end, r->days);
		csv_write_text(fp, r->group);
		if (t->query.names) {
			fputc(',', fp);
			csv_write_text(fp, r->name ? r->name : r->group);
		}
		fprintf(fp, ",%llu,%s\n", (unsigned long long)r->value, share);
	}
	return ferror(fp) ? -1 : 0;
}

const struct share_writer share_writer_csv = {"csv", write_csv};
