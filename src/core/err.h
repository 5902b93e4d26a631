/*
 * err.h - the one way edgenet reports an error to its caller.
 *
 * A function that can fail returns -1 (or NULL, or false, as its header
 * says) and, when the caller gave one, writes a sentence a technician
 * can act on into "char *err, size_t errlen": the caller's buffer, of
 * ERR_MAX bytes unless it says why it needs another size.  The sentence
 * is written with errf, which stores it escaped (core/textsafe.h: it
 * quotes names from a plan, libvirt or a guest) and, when it does not
 * fit, ends it with "..." so that a cut message is never taken for a
 * whole one.  NULL or 0 means the caller does not want the sentence.
 * Nothing else carries errors: no -errno values, no messages kept in a
 * module for later, no "const char **why".
 *
 * Two things look alike and are not errors of a call: a state that says
 * why something is missing or stopped, kept to be shown again at every
 * redraw (app->virt_err, live->vm_err, the apply transaction's
 * apply_txn_error: why the apply stopped, beside its steps' results),
 * sized ERR_MAX; and, inside one module that wraps a library with its
 * own convention (sd-bus's negative errno between the files of
 * backend/dns_resolved_*, which share a private header), the module's
 * own helpers may keep that convention: what leaves the module follows
 * this one.
 */
#ifndef EDGENET_ERR_H
#define EDGENET_ERR_H

#include <stdarg.h>
#include <stddef.h>

/* The size of an error buffer: room for a path (PATH_MAX is 4096 but a
 * message quotes at most a few hundred bytes of one) and a sentence. */
#define ERR_MAX 1024

/* Formats the sentence into ERR (ERRLEN bytes), escaped; a message that
 * does not fit ends with "...".  ERR may be one of the arguments. */
void errf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same with a va_list, for a module's own error wrapper. */
void verrf(char *err, size_t errlen, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif
