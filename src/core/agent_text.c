/*
 * agent_text.c - the text checks and codings of the guest agent's
 * protocol (see agent_text.h): UTF-8 validity, control characters, the
 * paths we send, the record start of a directory listing, and base64
 * (qemu-ga's buf-b64 and out-data).  Base64 is decoded by the small strict
 * decoder here: none of edgenet's dependencies offers one.
 *
 * Pure: memory only.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/agent_text.h"
#include "core/diag.h"

bool agent_utf8_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i];
		unsigned cp, need;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i - 1 < need)
			return false;
		for (unsigned k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += need + 1;
	}
	return true;
}

bool agent_has_control(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return true;
	}
	return false;
}

int agent_path_ok(const char *path, char *err, size_t errlen)
{
	size_t len;

	if (!path || path[0] != '/') {
		errf(err, errlen, "the guest path '%s' is not absolute",
		     path ? path : "");
		return -1;
	}
	len = strlen(path);
	if (len > 4095) {
		errf(err, errlen, "the guest path is longer than 4095 bytes");
		return -1;
	}
	if (agent_has_control(path, len) || !agent_utf8_ok(path, len)) {
		errf(err, errlen, "the guest path holds control characters or "
		     "is not valid UTF-8");
		return -1;
	}
	if (len > 1 && path[len - 1] == '/') {
		errf(err, errlen, "the guest path '%s' names a directory "
		     "(ends with '/')", path);
		return -1;
	}
	return 0;
}

char *agent_list_start(const char *dir)
{
	size_t len = strlen(dir);
	char *s;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	s = malloc(len + 2);
	if (!s)
		return NULL;
	memcpy(s, dir, len);
	if (len == 1 && dir[0] == '/') {
		s[1] = '\0';
	} else {
		s[len] = '/';
		s[len + 1] = '\0';
	}
	return s;
}

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *agent_b64_encode(const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t outlen, i, o = 0;
	char *out;

	if (len > (SIZE_MAX - 1) / 4 * 3 - 3)
		return NULL;
	outlen = (len + 2) / 3 * 4;
	out = malloc(outlen + 1);
	if (!out)
		return NULL;
	for (i = 0; i + 2 < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 |
			     p[i + 2];

		out[o++] = b64_alphabet[v >> 18];
		out[o++] = b64_alphabet[(v >> 12) & 63];
		out[o++] = b64_alphabet[(v >> 6) & 63];
		out[o++] = b64_alphabet[v & 63];
	}
	if (len - i == 1) {
		unsigned v = (unsigned)p[i] << 16;

		out[o++] = b64_alphabet[v >> 18];
		out[o++] = b64_alphabet[(v >> 12) & 63];
		out[o++] = '=';
		out[o++] = '=';
	} else if (len - i == 2) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;

		out[o++] = b64_alphabet[v >> 18];
		out[o++] = b64_alphabet[(v >> 12) & 63];
		out[o++] = b64_alphabet[(v >> 6) & 63];
		out[o++] = '=';
	}
	out[o] = '\0';
	return out;
}

static int b64_digit(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int agent_b64_decode(const char *in, size_t inlen, size_t max,
		     unsigned char **out, size_t *outlen, char *err,
		     size_t errlen)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t pad = 0, n, o = 0;
	unsigned char *buf;

	*out = NULL;
	*outlen = 0;
	if (inlen % 4 != 0) {
		errf(err, errlen, "base64 data of %zu characters (not a "
		     "multiple of 4)", inlen);
		return -1;
	}
	if (inlen >= 4 && p[inlen - 1] == '=') {
		pad++;
		if (p[inlen - 2] == '=')
			pad++;
	}
	n = inlen / 4 * 3 - pad;
	if (n > max) {
		errf(err, errlen, "base64 data of %zu bytes, more than the "
		     "%zu expected", n, max);
		return -1;
	}
	buf = malloc(n + 1);
	if (!buf) {
		errf(err, errlen, "out of memory decoding base64 data");
		return -1;
	}
	for (size_t i = 0; i < inlen; i += 4) {
		bool last = i + 4 == inlen;
		int d[4];
		unsigned v;

		for (int k = 0; k < 4; k++) {
			if (p[i + k] == '=' && last &&
			    (k == 3 || (k == 2 && pad == 2))) {
				d[k] = 0;
				continue;
			}
			d[k] = b64_digit(p[i + k]);
			if (d[k] < 0) {
				free(buf);
				errf(err, errlen, "base64 data with an invalid "
				     "character at offset %zu", i + (size_t)k);
				return -1;
			}
		}
		v = (unsigned)d[0] << 18 | (unsigned)d[1] << 12 |
		    (unsigned)d[2] << 6 | (unsigned)d[3];
		if (last && ((pad == 1 && (v & 0xff)) ||
			     (pad == 2 && (v & 0xffff)))) {
			free(buf);
			errf(err, errlen, "base64 data whose last characters "
			     "are not canonical");
			return -1;
		}
		buf[o++] = (unsigned char)(v >> 16);
		if (!last || pad < 2)
			buf[o++] = (unsigned char)(v >> 8);
		if (!last || pad < 1)
			buf[o++] = (unsigned char)v;
	}
	buf[o] = '\0';
	*out = buf;
	*outlen = o;
	return 0;
}
