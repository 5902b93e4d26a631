/*
 * fuzz_agent_reply.c - fuzz harness for src/core/agent_reply.c: every
 * parser of the guest agent's replies (and the base64 decoder and the
 * directory-listing parser) gets the same hostile bytes.
 *
 * Touches nothing but memory.
 * Built by `make check` together with fuzz_main.c, a plain main() that
 * feeds it the committed corpus tests/fuzz/corpus/agent_reply/.
 * Under libFuzzer with ASan and UBSan: tests/fuzz/run.sh agent_reply
 * (./configure --enable-fuzzing CC=clang in a build directory of its
 * own; see tests/fuzz/README).
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/agent_reply.h"
#include "core/agent_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char err[256] = "";
	struct agent_read rd;
	struct agent_exec_status es;
	struct agent_error ae;
	struct agent_names names;
	enum agent_cmd_state cs;
	unsigned char *bytes;
	size_t n;
	int64_t v;

	if (agent_parse_ok(text, size, err, sizeof(err)) < 0 && !err[0])
		abort();
	agent_parse_file_open(text, size, &v, err, sizeof(err));
	if (agent_parse_file_read(text, size, 4096, &rd, err,
				  sizeof(err)) == 0) {
		if (!rd.data || rd.count > 4096 || rd.data[rd.count] != '\0')
			abort();
		agent_read_free(&rd);
	}
	agent_parse_file_write(text, size, 4096, &n, err, sizeof(err));
	if (agent_parse_exec(text, size, &v, err, sizeof(err)) == 0 &&
	    (v < 1 || v > INT32_MAX))
		abort();
	if (agent_parse_exec_status(text, size, 4096, &es, err,
				    sizeof(err)) == 0) {
		if ((es.exited && (!es.out || !es.errdata)) ||
		    es.out_len > 4096 ||
		    es.err_len > 4096 || (es.exited && es.signaled &&
					  es.signal < 1))
			abort();
		agent_exec_status_free(&es);
	}
	if (agent_parse_error(text, size, &ae, err, sizeof(err)) == 0 &&
	    (!ae.cls[0] || strlen(ae.desc) >= sizeof(ae.desc)))
		abort();
	agent_parse_info(text, size, "guest-exec", &cs, err, sizeof(err));
	if (agent_b64_decode(text, size, 4096, &bytes, &n, err,
			     sizeof(err)) == 0) {
		/* What decodes encodes back to the same text. */
		char *again = agent_b64_encode(bytes, n);

		if (!again || strlen(again) != size ||
		    memcmp(again, text, size) != 0)
			abort();
		free(again);
		free(bytes);
	}
	if (agent_parse_names(text, size, "/d/", "", "", 64, &names, err,
			      sizeof(err)) == 0) {
		for (size_t i = 0; i < names.n; i++)
			if (!names.v[i][0] || strchr(names.v[i], '/'))
				abort();
		agent_names_free(&names);
	}
	return 0;
}
