/*
 * clock.h - the one monotonic clock of the core and the backends
 * (CLOCK_MONOTONIC): timeouts, deadlines and elapsed times, never the
 * time of day.  Reads the clock only.
 */
#ifndef EDGENET_CLOCK_H
#define EDGENET_CLOCK_H

#include <stdint.h>

/* Milliseconds on the monotonic clock. */
int64_t clock_now_ms(void);

/* Microseconds on the monotonic clock. */
int64_t clock_now_us(void);

#endif
