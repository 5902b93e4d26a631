/*
 * textsafe.h - the one escaping path for text from outside (a plan, a
 * file name, libvirt, the guest agent, guest files, resolved, D-Bus)
 * before it reaches a terminal, a log or JSON.  Pure C; touches nothing
 * but memory (and the stream textsafe_fputs is given).
 *
 * Valid printable UTF-8 passes unchanged.  Every other byte is shown as
 * the four characters "\xNN" (lower-case hex), one escape per byte:
 *   - C0 controls 0x00..0x1f (\n, \r, \t and ESC included) and DEL 0x7f;
 *   - C1 controls U+0080..U+009F as UTF-8 (C2 80 .. C2 9F): both bytes;
 *   - the valid characters a terminal shows as nothing or that reorder
 *     or break what follows (zero-width spaces and joiners U+200B..200F,
 *     line/paragraph separators and bidi embeddings and overrides
 *     U+2028..202E, word joiners and bidi isolates U+2060..2064 and
 *     U+2066..206F, U+FEFF, U+061C): each of their bytes, so that
 *     "eth<U+200B>0" cannot pass for "eth0";
 *   - every byte that is not part of valid UTF-8: a stray continuation
 *     byte 0x80..0xbf, 0xc0, 0xc1, 0xf5..0xff, an overlong form, a
 *     surrogate (ED A0..BF ..), a code point above U+10FFFF, a sequence
 *     cut short.  An invalid sequence escapes its first byte only and
 *     the scan goes on at the next byte.
 * A backslash is not doubled: escaping is idempotent (escaping escaped
 * text changes nothing), so a text may be escaped where it is made (a
 * diagnostic's message) and again where it leaves edgenet (the CLI's
 * printing, the JSON writer, the console's drawing functions) without
 * ever showing "\\x1b" (screens, the CLI and the JSON writer are layered:
 * a message escaped when made passes through a drawing function that
 * escapes again).  The price, chosen knowingly: the four typed characters
 * "\x1b" and the byte 0x1b look the same once shown.  Only the byte
 * could drive a terminal, and names, addresses and enums holding either
 * are refused by validation with a message naming the field.
 */
#ifndef EDGENET_TEXTSAFE_H
#define EDGENET_TEXTSAFE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The longest escaped form of one unit: "\xNN" or a 4-byte character. */
#define TEXTSAFE_UNIT_MAX 4

/* The next unit of S (at most N bytes, stopping at a NUL): its escaped
 * form into OUT (TEXTSAFE_UNIT_MAX bytes, not terminated), its length
 * into *OUTLEN.  Returns the bytes of S it stands for (1..4), 0 at the
 * end (N == 0 or *S == NUL). */
size_t textsafe_unit(const char *s, size_t n, char *out, size_t *outlen);

/* Escapes the first N bytes of S (or up to its NUL) into DST of LEN
 * bytes, always terminated when LEN > 0 and never cutting an escape or
 * a character in two.  Returns the length the whole escaped text needs
 * (as snprintf does), so a second call can size DST. */
size_t textsafe_n(char *dst, size_t len, const char *s, size_t n);
/* The same for all of S; a NULL S is written as "". */
size_t textsafe(char *dst, size_t len, const char *s);
/* Escapes S into BUF of LEN (textsafe) and returns BUF: for one field
 * of a printf.  A text longer than LEN is cut at a whole unit and ends
 * in "..." so the cut shows. */
const char *textsafe_buf(char *buf, size_t len, const char *s);
/* A malloc'd escaped copy of S (NULL S gives ""), NULL without memory. */
char *textsafe_dup(const char *s);
/* Writes S escaped to F. */
void textsafe_fputs(const char *s, FILE *f);
/* Columns the escaped form of the first N bytes of S takes on a
 * terminal: one per character, four per escaped byte. */
int textsafe_cols(const char *s, size_t n);
/* True when S needs no escape at all. */
bool textsafe_clean(const char *s);

#endif
