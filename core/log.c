/*
 * The logger (see log.h). The level is tested before formatting so debug
 * calls on hot paths cost a comparison.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/text.h"

static enum log_level current = LOG_WARNING;

static const char *const prefix[LOG_LEVEL_COUNT] = {
	[LOG_ERROR] = "",
	[LOG_WARNING] = "warning: ",
	[LOG_INFO] = "",
	[LOG_DEBUG] = "debug: ",
};

void log_set_level(enum log_level level)
{
	current = level;
}

bool log_enabled(enum log_level level)
{
	return level != LOG_SILENT && level <= current;
}

__attribute__((format(printf, 3, 0)))
static void vlog(enum log_level level, int errnum, const char *fmt, va_list ap)
{
	// Messages quote names from the data (models, providers, paths): one
	// line each, with no control character a terminal would obey.
	struct buf msg = {0}, line = {0};
	buf_vprintf(&msg, fmt, ap);
	if (errnum)
		buf_printf(&msg, ": %s", strerror(errnum));
	buf_printf(&line, "tokenshare: %s", prefix[level]);
	text_terminal(&line, msg.data ? msg.data : "");
	buf_append(&line, "\n", 1);
	fwrite(line.data, 1, line.len, stderr);
	buf_finish(&msg);
	buf_finish(&line);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	if (!log_enabled(level))
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog(level, 0, fmt, ap);
	va_end(ap);
}

void log_errno(enum log_level level, const char *fmt, ...)
{
	int saved = errno;
	if (!log_enabled(level))
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog(level, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}
