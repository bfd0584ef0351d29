/*
 * Which pipeline an input goes to: rankings (all-or-nothing batches of
 * whole files) or router logs (streamed, bad records rejected one by one),
 * decided from its first bytes, or its first JSON value.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_SNIFF_H
#define TOKENSHARE_SNIFF_H

#include <jansson.h>
#include <stdbool.h>

#include "collector/logs/logread.h"

enum input_kind {
	INPUT_RANKINGS,         // read whole and give to the rankings parser
	INPUT_LOG_LINES,        // JSON lines (possibly gzip): stream
	INPUT_LOG_DOCUMENT,     // one JSON document: read whole, then decide
};

/* Looks at the buffered start of in without consuming it. */
enum input_kind sniff_input(struct log_input *in);

/* True if a parsed document is rankings (Data API response or archived day). */
bool sniff_rankings_document(json_t *doc);

#endif
