/*
 * json.h - the little JSON edgenet prints (check --json, later status
 * --json): strings escaped per RFC 8259.
 */
#ifndef EDGENET_JSON_H
#define EDGENET_JSON_H

#include <stdio.h>

void json_write_string(FILE *f, const char *s);

#endif
