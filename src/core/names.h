/*
 * names.h - what makes a name safe to put into libvirt XML, an interface
 * name or a DNS search list.  Each check returns NULL when the name is
 * fine, or a sentence saying what is wrong with it.  Pure C.
 */
#ifndef EDGENET_NAMES_H
#define EDGENET_NAMES_H

/* Linux interface name: 1-15 characters, each a letter, a digit, '_',
 * '-' or '.'; not "." or "..", not starting with '-' or '.'. */
const char *name_check_ifname(const char *s);
/* libvirt domain or network name: 1-63 characters, each a letter, a
 * digit, '_', '-' or '.', starting with a letter or digit. */
const char *name_check_object(const char *s);
/* DNS search domain: labels of 1-63 letters, digits and '-', not starting
 * or ending with '-', joined by '.', at most 253 characters; an optional
 * leading '~' (routing-only domain, as systemd-resolved allows). */
const char *name_check_dns_domain(const char *s);

#endif
