/*
 * The directory a dashboard renders into: whether a new render may replace it.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_DASH_DIR_H
#define TOKENSHARE_DASH_DIR_H

#include <stdbool.h>

/*
 * True if dir may be replaced by a new render: missing, empty, or holding
 * only files a dashboard writes (STEM.csv, .json, .dat, .gp, .png, .svg,
 * index.html, and leftovers of an interrupted render). Otherwise false with
 * *foreign set to the first other entry's name (caller frees), or NULL if
 * dir is not a directory.
 */
bool dashboard_dir_replaceable(const char *dir, const char **foreign);

#endif
