/*
 * cs_error.c — filling a cs_error (see cs_error.h).
 */
#include <stdio.h>
#include <string.h>

#include "cs_error.h"

static void
copy_text(char *dst, size_t size, const char *src)
{
	if (src == NULL)
		dst[0] = '\0';
	else
		snprintf(dst, size, "%s", src);
}

cs_status
cs_fail(cs_error *err, cs_status status, const char *message, const char *hint,
		const char *detail_fmt,...)
{
	err->status = status;
	copy_text(err->message, sizeof(err->message), message);
	copy_text(err->hint, sizeof(err->hint), hint);
	if (detail_fmt == NULL)
		err->detail[0] = '\0';
	else
	{
		va_list		ap;

		va_start(ap, detail_fmt);
		vsnprintf(err->detail, sizeof(err->detail), detail_fmt, ap);
		va_end(ap);
	}
	return status;
}
