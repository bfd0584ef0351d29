/*
 * Text helpers (see text.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "core/text.h"

/* Length of the C1 control at s (U+0080..U+009F is C2 80..C2 9F), or 0. */
static size_t c1_at(const unsigned char *s, size_t left)
{
	return left >= 2 && s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F ? 2 : 0;
}


bool text_is_utf8(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned min;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			min = 0x10000;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		unsigned cp = c & (0x3F >> n);
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

size_t text_find_nul(const char *s, size_t len)
{
	const char *p = memchr(s, '\0', len);
	return p ? (size_t)(p - s) : len;
}

unsigned long text_line_of(const char *s, size_t offset)
{
	unsigned long line = 1;
	for (const char *p = s, *end = s + offset; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		line++;
	return line;
}

void text_quote(struct buf *out, const char *s, size_t len, size_t max)
{
	buf_append(out, "\"", 1);
	size_t n = len > max ? max : len;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			buf_printf(out, "\\%c", c);
		else if (c == '\n')
			buf_append_str(out, "\\n");
		else if (c == '\t')
			buf_append_str(out, "\\t");
		else if (c < 0x20 || c == 0x7F)
			buf_printf(out, "\\x%02x", c);
		else if (c1_at((const unsigned char *)s + i, n - i))
			buf_printf(out, "\\u%04x", (unsigned char)s[++i] & 0xFFu);
		else
			buf_append(out, s + i, 1);
	}
	buf_append(out, "\"", 1);
	if (len > max)
		buf_append_str(out, "...");
}

const char *text_quoted(const char *s, size_t len)
{
	static struct buf b;
	b.len = 0;
	text_quote(&b, s, len, 80);
	return b.data;
}

char *text_trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

bool text_has_control(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < 0x20 || s[i] == 0x7F || c1_at(s + i, len - i))
			return true;
	}
	return false;
}

void text_terminal(struct buf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len = strlen(str);
	for (size_t i = 0; i < len; i++) {
		if (s[i] < 0x20 || s[i] == 0x7F)
			buf_printf(out, "\\x%02x", s[i]);
		else if (c1_at(s + i, len - i))
			buf_printf(out, "\\u%04x", s[++i]);
		else
			buf_append(out, str + i, 1);
	}
}

const char *text_safe(const char *s)
{
	static struct buf ring[4];
	static unsigned next;
	struct buf *b = &ring[next++ % 4];
	b->len = 0;
	text_terminal(b, s);
	buf_append(b, "", 1);   // a buffer that is never empty
	return b->data;
}

bool text_is_number(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	if (!*s)
		return false;
	for (; *s; s++) {
		if ((*s < '0' || *s > '9') && *s != '.')
			return false;
	}
	return true;
}
