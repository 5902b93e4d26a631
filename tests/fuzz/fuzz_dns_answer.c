/*
 * fuzz_dns_answer.c - fuzz harness for src/core/dns_verdict.c's reader of
 * a DNS answer (dns_answer_read, whose bytes come from the network), then
 * the verdict and its words on what was read.
 *
 * An input is a DNS message as it came off the wire; its first byte also
 * picks the type asked (NS, A, AAAA or ANY).  Touches nothing but memory.
 * Built by `make check` together with fuzz_main.c, a plain main() that
 * feeds it the committed corpus tests/fuzz/corpus/dns_answer/.
 * Under libFuzzer with ASan and UBSan: tests/fuzz/run.sh dns_answer
 * (./configure --enable-fuzzing CC=clang in a build directory of its
 * own; see tests/fuzz/README).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/dns_verdict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int types[] = { 2, 1, 28, 255 };
	struct dnsview_probe p;
	struct dns_answer a;
	char shown[200], why[600];

	memset(&p, 0, sizeof(p));
	p.state = DNSVIEW_PROBE_ANSWERED;
	p.rtt_us = 1000;
	p.rcode = -1;
	p.answers = -1;
	snprintf(p.query, sizeof(p.query), ". NS");
	if (dns_answer_read(data, size, types[size ? data[0] & 3 : 0],
			    &a) == 0) {
		if (a.rcode < 0 || a.rcode > 15 || a.answers < 0)
			__builtin_trap();
		p.rcode = a.rcode;
		p.answers = a.answers;
		p.truncated = a.truncated;
		if (a.rcode == 5)
			p.state = DNSVIEW_PROBE_REFUSED;
	}
	dns_verdict_short(&p, shown, sizeof(shown));
	dns_verdict_explain(&p, size & 1, why, sizeof(why));
	if (!shown[0] || !dns_verdict_name(dns_verdict_of(&p)))
		__builtin_trap();
	return 0;
}
