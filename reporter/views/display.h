/*
 * Display names for groups (--labels names): "China" for CN, "DeepSeek
 * V4 Flash" for a family, "rest" spelled out. Codes and slugs stay the
 * keys of every output; names are for readers.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_DISPLAY_H
#define TOKENSHARE_DISPLAY_H

#include "mapping/refdata.h"
#include "reporter/views/labels.h"

/* The English short name of an ISO 3166-1 alpha-2 code, or NULL if not listed. */
const char *display_country(const char *code);

/*
 * The display name of group in view by: a country's name, a family's or
 * model's name from model-families.csv, the reserved groups in words; the
 * group itself when nothing better is known. Never NULL; valid while rd is.
 */
const char *display_name(enum share_by by, const char *group, const struct refdata *rd);

#endif
