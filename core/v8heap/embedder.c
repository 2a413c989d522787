/* core/v8heap/embedder.c: node's C++ objects that hold their JavaScript
 * wrapper strongly.
 *
 * node's heap snapshots add its C++ objects (src/heap_utils.cc, the
 * embedder graph) as "Node / NAME" nodes, and those whose wrapper handle
 * is strong (BaseObject::IsRootNode: a socket's TCPWrap while it is open,
 * a MessagePort, a Worker) get an edge from the snapshot's root, with
 * "native_to_javascript" to the wrapper and "javascript_to_native" back.
 * Only the objects node tracks count: those done initializing
 * (CleanupQueue::MemoryInfo), which every BaseObject is but an AsyncWrap
 * made without a provider (an HTTP parser: AsyncWrap::IsDoneInitializing
 * is its init_hook_ran_, which only the other constructor sets).
 * DevTools then has such a wrapper, and what only it holds, dominated by
 * the root rather than by the global object that also reaches it. So do
 * node 18 to 23; node 24 (V8 13) lists its C++ objects under the
 * Environment ("Node / BaseObjectList") with no edge from the root, and
 * gets none here.
 *
 * A BaseObject is found from its wrapper, a JS API object: embedder field
 * 1 (BaseObject::kSlot) points at the C++ object, whose first word is a
 * vtable of node's (a _ZTVN4node... symbol of the binary, which names the
 * class) and whose second is its persistent handle: a GlobalHandles node
 * whose first word is the wrapper again, and whose flags byte (byte 11,
 * v8-internal.h's kNodeFlagsOffset) holds the state in its two low bits:
 * 1, NORMAL, is strong. The embedder fields follow the JSObject header, one
 * word later from V8 13 (a CppHeap pointer slot): both places are tried,
 * the pointer back to the wrapper deciding.
 */
#include "core/v8heap/internal.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define STATE_MASK 3             /* v8-internal.h kNodeStateMask */
#define STATE_NORMAL 1           /* GlobalHandles::Node::NORMAL: strong */
#define FLAGS_OFFSET 11          /* v8-internal.h kNodeFlagsOffset */
#define VSLOTS 16                /* virtual functions looked at for IsDoneInitializing */

/* What a class's IsDoneInitializing is, from its vtable. */
enum done { DONE_UNKNOWN = 0, DONE_YES, DONE_ASYNC_WRAP };

/* What the BaseObjects are read with: node's binary (its vtables are
 * read-only data, which a core leaves out), and the classes seen. */
struct reader {
	struct vh *vh;               /* borrowed */
	struct mt_modmap mm;
	struct { uint64_t vptr; enum done done; } seen[64]; /* a cache, by vptr */
};

/* Whether the vtable whose first function slot is at vptr has AsyncWrap's
 * IsDoneInitializing (node::AsyncWrap or a class of it). */
static enum done done_kind(struct reader *r, uint64_t vptr)
{
	static const char async_wrap[] = "_ZNK4node9AsyncWrap18IsDoneInitializingEv";
	size_t k = (vptr >> 3) % (sizeof r->seen / sizeof r->seen[0]);
	enum done d = DONE_YES;

	if (r->seen[k].vptr == vptr && r->seen[k].done)
		return r->seen[k].done;
	for (int i = 0; i < VSLOTS; i++) {
		uint64_t fn;
		if (vh_exe_read(r->vh, &r->mm, vptr + 8 * (uint64_t)i, &fn, 8) < 0)
			break;
		const char *s = vh_exe_symbol(r->vh, fn);
		if (s && strcmp(s, async_wrap) == 0) {
			d = DONE_ASYNC_WRAP;
			break;
		}
	}
	r->seen[k].vptr = vptr;
	r->seen[k].done = d;
	return d;
}

/* An AsyncWrap's init_hook_ran_: after BaseObject's fields (32 bytes, or 48
 * from node 22.20 with BaseObjectList's links) come provider_type_ (a small
 * enum), init_hook_ran_ (a bool) and async_id_ (a double holding an
 * integer); the place where all three fit is taken. -1 when neither. */
static int init_hook_ran(const struct mt_coredump *c, uint64_t cpp)
{
	for (uint64_t off = 32; off <= 48; off += 16) {
		unsigned char b[16];
		uint32_t provider;
		double id;
		if (mt_coredump_read(c, cpp + off, b, sizeof b) != sizeof b)
			return -1;
		memcpy(&provider, b, 4);
		memcpy(&id, b + 8, 8);
		if (provider < 256 && b[4] <= 1 && id >= -1 && id < 9007199254740992.0 &&
		    id == (double)(int64_t)id)
			return b[4];
	}
	return -1;
}

/* "Node / NAME" from the vtable vptr points into (16 bytes past the
 * symbol's start): NAME is the last part of node::...::NAME; -1 when vptr
 * is no vtable of node's. */
static int class_name(const struct vh *vh, uint64_t vptr, struct strbuf *out)
{
	const char *s = vh_exe_symbol(vh, vptr - 16), *p, *last = NULL;
	size_t n = 0;

	if (!s || strncmp(s, "_ZTVN4node", 10) != 0)
		return -1;
	for (p = s + 5; *p >= '0' && *p <= '9';) {
		char *end;
		unsigned long k = strtoul(p, &end, 10);
		if (k == 0 || strnlen(end, k) < k)
			return -1;
		last = end;
		n = k;
		p = end + k;
	}
	if (*p != 'E' || !last)
		return -1;
	strbuf_puts(out, "Node / ");
	strbuf_add(out, last, n);
	return 0;
}

/* Whether the JS API object o wraps a BaseObject whose handle is strong:
 * then *out filled (its name owned). */
static int strong_base_object(struct reader *r, uint32_t o, struct vh_native *out)
{
	struct vh *vh = r->vh;
	const struct mt_coredump *c = vh->core;
	uint64_t w = vh_obj_addr(vh, o);

	for (uint32_t off = 24; off <= 32 && off + 16 <= vh->obj[o].size; off += 8) {
		uint64_t cpp, vptr, handle, back;
		unsigned char flags;
		struct strbuf name = STRBUF_INIT;
		if (vh_u64(vh, w + off + 8, &cpp) < 0 || !cpp || cpp & 7 ||
		    mt_coredump_read_u64(c, cpp, &vptr) < 0 ||
		    mt_coredump_read_u64(c, cpp + 8, &handle) < 0 || !handle || handle & 7 ||
		    mt_coredump_read_u64(c, handle, &back) < 0 || back != w + 1 ||
		    mt_coredump_read(c, handle + FLAGS_OFFSET, &flags, 1) != 1)
			continue;
		if ((flags & STATE_MASK) != STATE_NORMAL || class_name(vh, vptr, &name) < 0 ||
		    (done_kind(r, vptr) == DONE_ASYNC_WRAP && init_hook_ran(c, cpp) != 1)) {
			strbuf_free(&name);
			return 0;
		}
		out->wrapper = o;
		out->name = strbuf_detach(&name);
		return 1;
	}
	return 0;
}

size_t vh_natives(struct vh *vh, const uint32_t *api, size_t napi, struct vh_native **out)
{
	struct reader r = { .vh = vh, .mm = mt_coredump_modmap(vh->core) };
	size_t n = 0, cap = 0;

	*out = NULL;
	for (size_t i = 0; i < napi && vh->m.version[0] < 13; i++) {
		struct vh_native x;
		if (!strong_base_object(&r, api[i], &x))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		(*out)[n++] = x;
	}
	return n;
}

void vh_natives_free(struct vh_native *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}
