/* core/v8heap/v8heap.h: the JavaScript heap inside an ELF core of node.
 *
 * mt_v8heap_load() walks V8's heap pages in the core (mapped, never
 * copied), marks what the roots reach, and returns the live objects as a
 * heap snapshot model (core/heap/heap.h) with every pass run: the same
 * classes, dominators, retainers and statistics as a .heapsnapshot, so
 * every heap pane and --print pane works on a core. Each node keeps its
 * address (mt_heap_addr); ids are made up (odd numbers in address order)
 * since a core has none.
 *
 * It needs V8's postmortem metadata (the v8dbg_* symbols of the node
 * binary, as core/jsframes reads them) and an x86-64 core without pointer
 * compression. What it cannot do is said in one line (err); what it could
 * only partly do (pages cut from the core, a walk that stopped early) is in
 * info->warnings while the rest is shown.
 */
#ifndef MORTEM_CORE_V8HEAP_V8HEAP_H
#define MORTEM_CORE_V8HEAP_V8HEAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/artifact.h"
#include "core/error.h"

struct mt_coredump;
struct mt_heap;

/* The root sets, as (GC roots) children of the model. */
enum { MT_V8HEAP_ROOTS_TABLE = 0, MT_V8HEAP_ROOTS_ISOLATE, MT_V8HEAP_ROOTS_STACKS,
       MT_V8HEAP_ROOTS_HANDLES, MT_V8HEAP_ROOT_SETS };

/* One isolate: the main thread's, or a worker's. */
struct mt_v8heap_isolate {
	size_t thread;               /* index of the thread running it */
	int32_t tid;
	uint64_t isolate, heap;
	size_t pages;
	int main;                    /* the process's main thread runs it */
};

struct mt_v8heap_info {
	char version[32];            /* "11.3.244.8" */
	uint64_t isolate;            /* 0 when not found */
	uint64_t heap;               /* the Heap walked (names the isolate when its
					address is unknown) */
	int isolate_from_tls;        /* found through g_current_isolate_ */
	size_t pages, pages_missing; /* pages found; pages the core lacks in part */
	uint64_t heap_bytes;         /* committed area of the pages */
	uint64_t objects;            /* walked (fillers and free space left out) */
	uint64_t moved_copies;       /* old copies of objects a GC moved, left out
					(a core taken during a mark-compact) */
	uint64_t stale_pages;        /* pages whose walk ended at stale old copies: pages
					a GC freed and V8 had not given back */
	uint64_t young_refs;         /* references of live objects into from-space at
					objects no GC had moved: the core was taken
					during a scavenge, those objects are missing */
	uint64_t young_live;         /* live objects in from-space, walked because
					a scavenge under way had not moved them yet */
	uint64_t followed;           /* references to old copies (in from-space, or on
					a page a mark-compact evacuated) taken for the
					new copies of the objects a GC had moved */
	uint64_t live, live_bytes;
	uint64_t unreachable, unreachable_bytes; /* walked but not reached */
	uint64_t roots[MT_V8HEAP_ROOT_SETS];
	uint64_t global_handles;     /* strong V8 global handles among the handles
					set's words (roots, named so) */
	uint64_t weak_handles;       /* weak ones: no roots */
	uint64_t memory_only, memory_only_bytes; /* live objects only words of node's
					memory that are no V8 handle reach (conservative:
					stale words may keep them) */
	uint64_t tcache_chunks;      /* freed chunks a tcache keeps: not scanned */
	uint64_t fastbin_chunks;     /* freed chunks in the arenas' fastbins: likewise */
	double seconds;              /* time the walk and the passes took */
	double phase[5];             /* of which: pages, walk, marking, model, passes */
	char **warnings;             /* owned: one line each */
	size_t nwarnings;
	struct mt_v8heap_isolate *isolates; /* owned: every isolate of the core */
	size_t nisolates;
};

/* The isolates c's threads run, in thread order, each once: by the
 * threads' g_current_isolate_, or where the binary has none (node 18) by
 * the Heap each thread's stack points into most (isolate 0 then). The
 * caller frees *out. */
size_t mt_v8heap_isolates(const struct mt_coredump *c, struct mt_v8heap_isolate **out);

/* What mt_v8heap_load runs on the model: every graph pass, every pass
 * without shallow-size re-attribution (--raw), or none (the model as the
 * walk made it, as --print heapsnapshot writes it). */
enum mt_v8heap_passes { MT_V8HEAP_PASSES = 0, MT_V8HEAP_PASSES_RAW, MT_V8HEAP_MODEL_ONLY };

/* Walk c's JavaScript heap into a model, with the passes `passes` says:
 * the heap of the isolate thread index `thread` runs, or with -1 that of
 * the thread that dumped (else the main thread's). NULL with err naming
 * the core and what is missing; info (may be NULL) is filled either way
 * as far as the walk got. */
struct mt_heap *mt_v8heap_load(const struct mt_coredump *c, long thread,
			       enum mt_v8heap_passes passes, mt_progress_fn progress, void *ctx,
			       struct mt_v8heap_info *info, struct mt_error *err);
void mt_v8heap_info_free(struct mt_v8heap_info *info);

/* The heap of an opened core artifact as a new artifact of kind snapshot
 * (a's model an mt_heap whose origin and notes say what the walk found),
 * of the isolate that thread runs (-1: as mt_v8heap_load).
 * 0, or -1 with a->err set; a needs mt_artifact_close either way. info
 * (may be NULL) gets what the walk found; free it with
 * mt_v8heap_info_free. */
int mt_v8heap_artifact(const struct mt_artifact *core, long thread,
		       const struct mt_open_opts *o, struct mt_artifact *a,
		       struct mt_v8heap_info *info);

#endif
