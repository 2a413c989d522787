#!/bin/sh
# tests/mutations.sh: `make check-mutations` (optional: minutes). Plants
# small bugs one at a time in a scratch copy of the tree, each where the
# suite must catch it, builds, and runs the tests that should fail. A bug
# the tests let through is a hole in the suite: the run fails and names it.
#   sh tests/mutations.sh [TOP]        TOP: the source tree (default: here)
# Each line of the table: a name, the file, a sed script that plants the
# bug (it must change the file), and the tests that must fail.
set -u
top=$(cd "${1:-$(dirname "$0")/..}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/mortem-mutations.XXXXXX")
trap 'rm -rf "$work"' EXIT

mutations() {
	cat <<'TABLE'
jsstack line and column swapped|views/report/jsstack.c|s/row, 3, "%lld", (long long)f->line)/row, 3, "%lld", (long long)f->colum_)/; s/row, 4, "%lld", (long long)f->column)/row, 4, "%lld", (long long)f->line)/; s/f->colum_)/f->column)/|tests/report.sh tests/unit/test_report_views
leak rule: >= leak_crit made >|core/report/rules.c|s/g->count >= t->leak_crit/g->count > t->leak_crit/|tests/unit/test_report_rules tests/report.sh
retained sizes off by one|core/heap/dominators.c|s/mt_heap_set_retained(h, i, mt_heap_self(h, i));/mt_heap_set_retained(h, i, mt_heap_self(h, i) + 1);/|tests/unit/test_heap tests/heap.sh
dominators: a hub's sources left out|core/heap/dominators.c|s/^\t\tif (from)$/\t\tif (from \&\& 0)/|tests/unit/test_heap tests/heap.sh
parser: self sizes of 64 KiB and more cut to 16 bits|core/heap/region.h|s/\t\tif (v < UINT16_MAX) {/\t\tif (v < UINT32_MAX) {/|tests/unit/test_heap tests/heap.sh
unwinder drops the outermost frame|core/elfcore/unwind.c|s/^\tname_signal_frames(t, e.exact);$/\tt->nframes -= t->nframes > 1;\n\tname_signal_frames(t, e.exact);/|tests/core.sh tests/core-live.sh tests/unit/test_core
Comparison: # New and # Deleted swapped|views/heap/common.c|s/view_cell(v, row, 1, "%s", fmt_count(r->added, buf, sizeof buf));/view_cell(v, row, 1, "%s", fmt_count(r->removed, buf, sizeof buf));/|tests/heap.sh tests/headless/heap.sh
redaction misses a JWT|core/report/redact.c|s/"eyJ\[A-Za-z0-9_-\]{4,}\\\\.eyJ/"eyX[A-Za-z0-9_-]{4,}\\\\.eyJ/|tests/unit/test_report_redact tests/report.sh
core heap: context variables a slot off|core/v8heap/sizes.c|s/(uint32_t)vh->m.ctx_min_slots + (h.flags/(uint32_t)vh->m.ctx_min_slots + 1 + (h.flags/|tests/coreheap.sh
core heap: native context slots named a slot off|core/v8heap/edges.c|s/slot_offset(vh->ctx_names\[i\].slot)/slot_offset(vh->ctx_names[i].slot + 1)/|tests/coreheap.sh
core heap: a collection's table read a word off|core/v8heap/edges.c|s/named_field(w, "table", 24);/named_field(w, "table", 32);/|tests/coreheap.sh
core heap: a zip's stored core read at the wrong file offset|core/elfcore/mem.c|s/(off_t)(at - (const unsigned char \*)c->map)/(off_t)(at - c->data)/|tests/coreheap.sh
core heap: a WeakMap key's tie to its value left out|core/v8heap/build.c|s/\t\t\t\temit(c, ET_INTERNAL, VN_EPHEMERON, \&sh->ties\[tie\], 0, sh->ties\[tie\].value);/\t\t\t\t(void)0;/|tests/coreheap.sh
core heap: node's C++ roots taken from weak handles|core/v8heap/embedder.c|s/(flags \& STATE_MASK) != STATE_NORMAL/(flags \& STATE_MASK) == STATE_NORMAL/|tests/coreheap.sh
core heap: an HTTP parser taken for one of node's C++ roots|core/v8heap/embedder.c|s/(done_kind(r, vptr) == DONE_ASYNC_WRAP \&\& init_hook_ran(c, cpp) != 1)/(done_kind(r, vptr) == DONE_ASYNC_WRAP \&\& init_hook_ran(c, cpp) < 0)/|tests/coreheap.sh
core heap: an AccessorPair's getter and setter swapped|core/v8heap/edges.c|s/named_field(w, "getter", m->o_pair_get);/named_field(w, "getter", m->o_pair_set);/; s/named_field(w, "setter", m->o_pair_set);/named_field(w, "setter", m->o_pair_get);/|tests/coreheap.sh
core heap: a Script's context_data read a word off|core/v8heap/edges.c|s/named_field(w, "context_data", m->o_script_line_ends - 16);/named_field(w, "context_data", m->o_script_line_ends - 8);/|tests/coreheap.sh
core heap: a sparse array's elements left out|core/v8heap/edges.c|s/if (kind == m->ek_dictionary \&\& t == m->t.number_dict)/if (kind == m->ek_dictionary \&\& t != m->t.number_dict)/|tests/coreheap.sh
core heap: an ArrayBuffer's backing store left out|core/v8heap/edges.c|s/w->s->emit(w->s->ctx, ET_INTERNAL, VN_BACKING_STORE, NULL, 0, i);/(void)0;/|tests/coreheap.sh
core heap: an external string's characters read from a word off|core/v8heap/names.c|s/vh_u64(vh, w - 1 + (uint64_t)m->o_ext_data, \&data)/vh_u64(vh, w - 9 + (uint64_t)m->o_ext_data, \&data)/|tests/coreheap.sh
core heap: element edges whatever the elements kind|core/v8heap/edges.c|s/if (kind != m->ek_holey \&\& kind != m->ek_packed)/if (kind < 0)/|tests/coreheap.sh
core heap: a location's column counted from the line's terminator|core/v8heap/location.c|s/pos - ((int64_t)end_at(ln, lo - 1) + 1)/pos - (int64_t)end_at(ln, lo - 1)/|tests/coreheap.sh
core heap: a core compared with a snapshot by class name alone|core/heap/diff.c|s/names_only = d->by_class \&\& (/names_only = d->by_class \&\& (1 + /|tests/coreheap.sh
core heap: classes of a core whose keys differ left unmatched by name|core/heap/diff.c|s/if (how != 2)/if (how != 9)/|tests/coreheap.sh
core heap: lone carriage returns counted as line ends before V8 12|core/v8heap/location.c|s/	int all = l->vh->m.version\[0\] >= 12;/	int all = l->vh->m.version[0] >= 1;/|tests/coreheap.sh
core heap: a part's number names one off|core/v8heap/pnames.c|s/(c - LOCAL_CODES) :/(c - LOCAL_CODES + 1) :/|tests/coreheap.sh
edge names: a far run's names all its first's|core/heap/enames.c|s/return r->name + (e - r->edge);/return r->name;/|tests/unit/test_heap
edge names: no string given a code|core/heap/enames.c|s/^\treturn t;$/\treturn USES_MAX;/|tests/unit/test_heap
core heap: pending async calls located by the first one's function|core/v8heap/build.c|s/	slot = first != VH_NONE \&\& vh->m.js_role\[vh->obj\[o\].itype\] != JR_GENERATOR ?/	slot = first != VH_NONE ?/|tests/coreheap.sh
core heap: a constant pool's nested arrays left untagged|core/v8heap/names.c|s/	if (own == TAG_CONSTANT_POOL /	if (own == TAG_CONSTANT_POOL_3 /|tests/coreheap.sh
core heap: a bound function's arguments left untagged|core/v8heap/names.c|s/{ 40, TAG_BOUND_ARGUMENTS }/{ 48, TAG_BOUND_ARGUMENTS }/|tests/coreheap.sh
core heap: a FeedbackVector's arrays left untyped|core/v8heap/names.c|s/vh->m.feedback_vector_header > 0)/vh->m.feedback_vector_header < 0)/|tests/coreheap.sh
core heap: a symbol without a description named "<symbol >"|core/v8heap/props.c|s/strbuf_puts(out, "<symbol>");/strbuf_puts(out, "<symbol >");/|tests/coreheap.sh
core heap: baseline code's fields named as other code's|core/v8heap/edges.c|s/baseline ? "interpreter_data" : "deoptimization_data"/!baseline ? "interpreter_data" : "deoptimization_data"/|tests/coreheap.sh
core heap: the objects baseline code embeds left out|core/v8heap/edges.c|s/		start = m->o_istream_start;/		start = -1;/|tests/coreheap.sh
core heap: string maps named as other maps|core/v8heap/names.c|s/	if (!vh_is_string_type(n->vh, t)) {/	if (1) {/|tests/coreheap.sh
core heap: V8 11's function code named on its Code, not its instructions|core/v8heap/names.c|s/m->version\[0\] == 11 ? code == i :/m->version[0] == 11 ? code != i :/|tests/coreheap.sh
core heap: weak references followed by the marking|core/v8heap/mark.c|s/^\t\t\t\t\tif ((w \& 3) == 1)$/\t\t\t\t\tif (w \& 1)/|tests/coreheap.sh
core heap: WeakMap values kept whatever their keys|core/v8heap/mark.c|s/^\t\t\tif (vh_is_live(vh, o)) {$/\t\t\tif (1) {/|tests/coreheap.sh
core heap: a WeakRef's target kept by it|core/v8heap/mark.c|s/uint32_t skip_lo = 3, skip_hi = 4;/uint32_t skip_lo = 9, skip_hi = 9;/|tests/coreheap.sh
core heap: a FinalizationRegistry cell's target kept by it|core/v8heap/mark.c|s/\t\tskip_lo = 2;/\t\tskip_lo = 3;/|tests/coreheap.sh
core heap: a WeakMap value left unmarked when its key is marked late|core/v8heap/mark.c|s/^\t\t\t\tuntie(vh, j, i, s);$/\t\t\t\t(void)0;/|tests/coreheap.sh
core heap: weak global handles taken for roots|core/v8heap/mark.c|s/return (p\[1\] \& 3) == GH_STATE_NORMAL ? GH_STRONG : GH_WEAK;/return GH_STRONG;/|tests/coreheap.sh
core heap: a stack root named as a word of node's memory|core/v8heap/build.c|s/if (core->threads\[t\].sp <= at \&\& /if (core->threads[t].sp > at \&\& /|tests/coreheap.sh
core heap: the chunks a tcache keeps taken for in use|core/v8heap/malloc.c|s/^\t\t\t\tc\[i\].used = 0;$/\t\t\t\tc[i].used = 1;/|tests/unit/test_v8heap_malloc
core heap: fastbins' links read without safe-linking|core/v8heap/malloc.c|s/safe = fd ^ ((p + 16) >> 12);/safe = fd;/|tests/unit/test_v8heap_malloc tests/coreheap.sh
classes JSON: a class's index one off|views/heap/summary.c|s/cJSON_AddNumberToObject(o, "index", s->rows\[i\]);/cJSON_AddNumberToObject(o, "index", s->rows[i] + 1);/|tests/panes.sh tests/coreheap.sh
instances --class: a class of another name|views/heap/objects.c|s/strcmp(cs->v\[i\].name, name) == 0 \&\&/strcmp(cs->v[i].name, name) != 0 \&\&/|tests/panes.sh tests/coreheap.sh
instances JSON: the first object left out|views/heap/objects.c|s/\tfor (size_t i = 0; i < n; i++)$/\tfor (size_t i = 1; i < n; i++)/|tests/panes.sh tests/coreheap.sh
core heap: a core's pages kept when given back|core/elfcore/mem.c|s/^\t\tmadvise((void \*)a, b - a, MADV_DONTNEED);$/\t\t(void)0;/|tests/unit/test_core_mem
core heap: the JS heap pane loaded with the UI waiting, saying nothing|views/coredump/jsheap.c|s/^\t.slow = 1,$/\t.slow = 0,/|tests/coreheap.sh
core heap: a worker's heap loaded with the UI waiting, saying nothing|views/coredump/jsheap.c|s/^\t\t\tnav->load = load_isolate;$/\t\t\tload_isolate(v, NULL, NULL);/|tests/coreheap.sh
core heap: an object's address a word off its run's start|core/v8heap/build.c|s/(a - c->runs\[c->nruns - 1\].base) \/ 8)/(a - c->runs[c->nruns - 1].base) \/ 8 + 1)/|tests/coreheap.sh
core heap: backing stores' roles swapped once settled|core/v8heap/names.c|s/uint64_t role = v \& 1 ? ROLE_ELEMENTS : ROLE_PROPERTIES;/uint64_t role = v \& 1 ? ROLE_PROPERTIES : ROLE_ELEMENTS;/|tests/coreheap.sh
core heap: a part's self sizes of 64 KiB and more left out|core/v8heap/build.c|s/if (self >= UINT16_MAX)  \/\*/if (self >= UINT16_MAX \&\& 0)  \/*/|tests/coreheap.sh
core heap: objects named by the object after their key's first|core/v8heap/build.c|s/last_first = vh_u64map_get(\&w->sh->first, key);/last_first = vh_u64map_get(\&w->sh->first, key) + 1;/|tests/coreheap.sh
core heap: an evacuated page's old copies taken for no object|core/v8heap/sizes.c|s/^\treturn same_body(vh, a, map, size < 64 ? size : 64, pg->space != SP_NEW) ? size : 0;$/\treturn same_body(vh, a, map, size < 64 ? size : 64, pg->space != SP_NEW) * 0;/|tests/coreheap-oom.sh tests/coreheap-gc.sh
core heap: a reference to a moved object's old copy left unresolved|core/v8heap/walk.c|s/^\treturn start_at(vh_page_cached(vh, to, 1), to);$/\treturn VH_NONE + 0 * start_at(vh_page_cached(vh, to, 1), to);/|tests/coreheap-gc.sh
core heap: a scavenge's from-space not read|core/v8heap/load.c|s/if (in->young_refs \&\& vh_pages_add_from(vh))$/if (in->young_refs == 0xdeadbeef \&\& vh_pages_add_from(vh))/|tests/coreheap-gc.sh
core heap: an object a word too big|core/v8heap/sizes.c|s/^\t\treturn isize;$/\t\treturn isize + 8;/|tests/coreheap.sh
heap rule: >= heap_warn made >|core/report/rules_process.c|s/share >= t->heap_warn/share > t->heap_warn/|tests/unit/test_report_rules
JS frames: lines one off|core/jsframes/jsfunc.c|s/\*line = (int)lo + 1;/*line = (int)lo + 2;/|tests/jsframes.sh
signal names: SIGSEGV misnamed|core/elfcore/names.c|s/{ 11, "SIGSEGV", "invalid memory access" }/{ 11, "SIGSEGX", "invalid memory access" }/|tests/core.sh tests/unit/test_core
big blocks from realloc not asked on huge pages|core/xalloc.c|s/void \*q = advise(realloc(p, n ? n : 1), n);/void *q = realloc(p, n ? n : 1);/|tests/unit/test_xalloc
TABLE
}

# MUTATIONS_TABLE_ONLY=1: only check that every planted bug still plants
# (its sed script changes its file), without building: a second's part of
# make check (tests/mutations-table.sh), so a table gone stale with the
# code is seen at once. One line per bug; the status says whether all do.
if [ "${MUTATIONS_TABLE_ONLY:-}" = 1 ]; then
	stale=0
	mutations >"$work/table"
	while IFS='|' read -r name file script tests; do
		mkdir -p "$work/$(dirname "$file")"
		cp "$top/$file" "$work/$file" 2>/dev/null || { echo "STALE: $name: no $file"; stale=1; continue; }
		sed -i "$script" "$work/$file"
		if cmp -s "$work/$file" "$top/$file"; then
			echo "STALE: $name: the sed script changes nothing in $file"
			stale=1
		else
			echo "plants: $name ($file)"
		fi
		for t in $tests; do
			[ -e "$top/${t%.sh}.c" ] || [ -e "$top/$t" ] ||
				{ echo "STALE: $name: no test $t"; stale=1; }
		done
	done <"$work/table"
	exit $stale
fi

echo "mutations: building a scratch copy of $top"
(cd "$top" && git ls-files -z | xargs -0 tar -cf - 2>/dev/null) | tar -xf - -C "$work" || exit 2
[ -d "$top/bench/cache/node_modules" ] && ln -s "$top/bench/cache" "$work/bench/cache"
(cd "$work" && autoreconf -fi >/dev/null 2>&1 && mkdir b && cd b &&
	../configure -q >/dev/null 2>&1 && make -j"$(nproc)" >/dev/null 2>&1 &&
	make -j"$(nproc)" check TESTS= >/dev/null 2>&1) || { echo "mutations: the copy does not build"; exit 2; }

caught=0 survived=0
mutations >"$work/table"
while IFS='|' read -r name file script tests; do
	cp "$work/$file" "$work/$file.orig"
	sed -i "$script" "$work/$file"
	if cmp -s "$work/$file" "$work/$file.orig"; then
		echo "BROKEN: $name: the sed script changed nothing in $file"
		survived=$((survived + 1))
		continue
	fi
	if ! (cd "$work/b" && make -j"$(nproc)" >/dev/null 2>&1); then
		echo "BROKEN: $name: the planted bug does not build"
		survived=$((survived + 1))
	elif (cd "$work/b" && make -j"$(nproc)" check TESTS="$tests" >/dev/null 2>&1); then
		echo "SURVIVED: $name ($file): $tests all passed"
		survived=$((survived + 1))
	else
		failed=$(cd "$work/b" && grep -l ':test-result: \(FAIL\|ERROR\)' $(for t in $tests; do echo "${t%.sh}.trs"; done) 2>/dev/null |
			sed 's/\.trs$//' | tr '\n' ' ')
		[ -n "$failed" ] || failed="(no test result: see $file)"
		echo "caught: $name by $failed"
		caught=$((caught + 1))
	fi
	mv "$work/$file.orig" "$work/$file"
	touch "$work/$file"
done <"$work/table"
echo "$caught caught, $survived survived"
[ "$survived" -eq 0 ]
