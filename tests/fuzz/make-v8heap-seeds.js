#!/usr/bin/env node
/* tests/fuzz/make-v8heap-seeds.js: the seed corpus of tests/fuzz/fuzz_v8heap
 * (tests/fuzz/corpus/v8heap/) and the stand-in for node it runs with
 * (tests/fuzz/v8heap-node.h), both from the node that runs this script:
 *
 *   node tests/fuzz/make-v8heap-seeds.js [--core FILE] [--keep]
 *
 * It makes a core of that node (PROGRAM below, then process.abort(); needs
 * ulimit -c and a core_pattern that is a plain file name), or takes --core
 * FILE made by the same binary, and cuts seeds out of it in fuzz_v8heap's
 * input format (tests/fuzz/fuzz_v8heap.c): the thread's fs_base and rsp,
 * then segments. Every byte comes from the core, so the walk gets past
 * the map checks, except where a header is made to say what the seed
 * keeps:
 *   - a page: its size and area end shrunk to the part kept (so the seed
 *     holds it whole), its area start moved past leading free space;
 *   - the isolate's allocation area into that page: its limit cut to
 *     where the page now ends;
 *   - in isolate-chunk, the malloc chunk sizes around the isolate.
 * Each seed: the read-only page's first 8 KiB (its maps; the roots
 * table's first run points there), the TLS slot naming the isolate, the
 * isolate around its roots table, the stack's top 2 KiB, one page of a kind
 * (old space with plain objects, dictionary-mode objects, mixed kinds,
 * V8's own; large object, new and code space) cut to 8 KiB, the words
 * elsewhere that reference the page's objects (so the conservative root
 * scan finds them live), then windows of what all that references: every
 * map with what names its objects first, the rest breadth first within a
 * budget. Tens of KiB each, so that mutations land on heap bytes.
 *
 * Only V8 10 to 12's page header layouts (node 18 to 22) are known here.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const os = require('os');
const cp = require('child_process');

const OUT = path.join(__dirname, 'corpus', 'v8heap');
const HEADER = path.join(__dirname, 'v8heap-node.h');
const PAGE = 1 << 18;
const BUDGET = 6 << 10;          /* object windows per seed */
const KEEP = 0x2000;             /* a page's area kept */
const RO_CUT = 0x2000;           /* the read-only page's area kept */
const ISOLATE_TLS = '_ZN2v88internal18g_current_isolate_E';
const VERSION = ['major', 'minor', 'build', 'patch'].map(p => `_ZN2v88internal7Version6${p}_E`);

/* The heap: a class in many instances (and its array past the
 * large-object size), objects in dictionary mode, and many rounds of one
 * object of each kind (strings of every shape, symbols, bigints, regexps,
 * closures, bound functions, collections, errors, arguments, generators).
 * Two full GCs move them to old space, each kind filling whole pages. */
const PROGRAM = `
class Visit { constructor(i) { this.i = i; this.path = '/visit/' + i; this.at = 1234.5678 + i; } }
class Bag { constructor(i) { this.a = i; this.b = 'bag' + i; this.c = [i]; delete this.a; } }
const tag = Symbol('tag');
function each(i) {
	const s = 'x'.repeat(20 + i % 7);
	function named() { return s; }
	return [s + 'y' + i, ('s' + i + 'z'.repeat(30)).slice(2, 25), 'caf\\u00e9 \\u20ac' + i, Symbol('s' + i),
		{ [tag]: i, [Symbol.toStringTag]: 'Tagged' }, BigInt(i) ** 5n, new RegExp('ab+c' + i, 'g'),
		new Set([i]), named, () => s, named.bind(null), new Error('boom ' + i), new Map([[i, s]]),
		Object.create(null), [1.5, i + 0.5], [, i], (function () { return arguments; })(i),
		new Date(i), Promise.resolve(i), (function* g() { yield i; })()];
}
globalThis.visits = [];
for (let i = 0; i < 30000; i++) visits.push(new Visit(i));
globalThis.bags = [];
for (let i = 0; i < 3000; i++) bags.push(new Bag(i));
globalThis.mixed = [];
for (let i = 0; i < 1500; i++) mixed.push(each(i));
gc(); gc();
process.abort();
`;

/* ---- ELF files ---- */

function phdrs(b) {
	const off = Number(b.readBigUInt64LE(32)), n = b.readUInt16LE(56), out = [];
	for (let i = 0; i < n; i++) {
		const p = off + 56 * i;
		out.push({ type: b.readUInt32LE(p), flags: b.readUInt32LE(p + 4),
			   offset: Number(b.readBigUInt64LE(p + 8)), vaddr: Number(b.readBigUInt64LE(p + 16)),
			   filesz: Number(b.readBigUInt64LE(p + 32)), memsz: Number(b.readBigUInt64LE(p + 40)),
			   align: Number(b.readBigUInt64LE(p + 48)) });
	}
	return out;
}

function sections(b) {
	const off = Number(b.readBigUInt64LE(40)), n = b.readUInt16LE(60), out = [];
	for (let i = 0; i < n; i++) {
		const s = off + 64 * i;
		out.push({ type: b.readUInt32LE(s + 4), offset: Number(b.readBigUInt64LE(s + 24)),
			   size: Number(b.readBigUInt64LE(s + 32)), link: b.readUInt32LE(s + 40) });
	}
	return out;
}

function cstr(b, at) {
	return b.toString('latin1', at, b.indexOf(0, at));
}

/* The symbols of .symtab (else .dynsym) that fn keeps. */
function symbols(b, fn) {
	const secs = sections(b);
	const tab = secs.find(s => s.type === 2) || secs.find(s => s.type === 11);
	const strs = secs[tab.link].offset, out = [];
	for (let p = tab.offset + 24; p < tab.offset + tab.size; p += 24) {
		const name = cstr(b, strs + b.readUInt32LE(p));
		const s = { name, type: b[p + 4] & 15, value: Number(b.readBigUInt64LE(p + 8)),
			    size: Number(b.readBigUInt64LE(p + 16)) };
		if (fn(s))
			out.push(s);
	}
	return out;
}

function buildId(b) {
	for (const ph of phdrs(b).filter(p => p.type === 4))
		for (let p = ph.offset; p + 12 <= ph.offset + ph.filesz;) {
			const nsz = b.readUInt32LE(p), dsz = b.readUInt32LE(p + 4), d = p + 12 + ((nsz + 3) & ~3);
			if (b.readUInt32LE(p + 8) === 3)
				return b.toString('hex', d, d + dsz);
			p = d + ((dsz + 3) & ~3);
		}
	return '';
}

/* What fuzz_v8heap's stand-in needs of the binary. */
function readNode(file) {
	const b = fs.readFileSync(file), loads = phdrs(b);
	const bytesAt = (addr, n) => {
		const l = loads.find(p => p.type === 1 && addr >= p.vaddr && addr + n <= p.vaddr + p.filesz);
		return l ? b.subarray(l.offset + addr - l.vaddr, l.offset + addr - l.vaddr + n) : Buffer.alloc(n);
	};
	const syms = symbols(b, s => s.value && ((s.type === 1 && (/^(v8dbg|nodedbg)_/.test(s.name) ||
		VERSION.includes(s.name))) || /^_ZTVN2v88internal\d+\w*SpaceE$/.test(s.name) ||
		(s.type === 6 && s.name === ISOLATE_TLS)));
	const values = syms.filter(s => s.type === 1 && !s.name.startsWith('_ZTV') && [1, 2, 4, 8].includes(s.size))
		.map(s => ({ ...s, bytes: bytesAt(s.value, s.size) }));
	const tls = loads.find(p => p.type === 7);
	return {
		loads: loads.filter(p => p.type === 1), values, vtables: syms.filter(s => s.name.startsWith('_ZTV')),
		tls, tlsSym: syms.find(s => s.type === 6), buildId: buildId(b),
		value: name => { const v = values.find(s => s.name === name); return v ? v.bytes.readIntLE(0, v.size) : undefined; },
		field: prefix => { const v = values.find(s => s.name.startsWith(prefix)); return v ? v.bytes.readIntLE(0, v.size) : undefined; },
	};
}

/* ---- the core ---- */

class Core {
	constructor(file) {
		this.b = fs.readFileSync(file);
		const ph = phdrs(this.b);
		this.segs = ph.filter(p => p.type === 1).sort((x, y) => x.vaddr - y.vaddr);
		this.threads = [];
		this.maps = [];
		for (const n of ph.filter(p => p.type === 4))
			this.notes(n.offset, n.offset + n.filesz);
	}

	notes(p, end) {
		const b = this.b;
		while (p + 12 <= end) {
			const nsz = b.readUInt32LE(p), dsz = b.readUInt32LE(p + 4), type = b.readUInt32LE(p + 8);
			const d = p + 12 + ((nsz + 3) & ~3);
			if (type === 1)
				this.threads.push({ rsp: Number(b.readBigUInt64LE(d + 112 + 8 * 19)),
						    fs: Number(b.readBigUInt64LE(d + 112 + 8 * 21)) });
			if (type === 0x46494c45)
				this.ntFile(d);
			p = d + ((dsz + 3) & ~3);
		}
	}

	ntFile(d) {
		const b = this.b, n = Number(b.readBigUInt64LE(d));
		let s = d + 16 + 24 * n;
		for (let i = 0; i < n; i++) {
			const e = d + 16 + 24 * i, name = cstr(b, s);
			this.maps.push({ start: Number(b.readBigUInt64LE(e)), end: Number(b.readBigUInt64LE(e + 8)),
					 pgoff: Number(b.readBigUInt64LE(e + 16)), path: name });
			s += name.length + 1;
		}
	}

	seg(addr) {
		return this.segs.find(s => addr >= s.vaddr && addr < s.vaddr + s.filesz);
	}

	read(addr, n) {
		const s = this.seg(addr);
		if (!s || addr + n > s.vaddr + s.filesz)
			return null;
		return this.b.subarray(s.offset + addr - s.vaddr, s.offset + addr - s.vaddr + n);
	}

	/* A word as a Number, or null when it is not held (or is no address). */
	word(addr) {
		const r = this.read(addr, 8);
		if (!r)
			return null;
		const w = r.readBigUInt64LE(0);
		return w < 1n << 52n ? Number(w) : -1;
	}
}

function makeCore(node, dir) {
	const pattern = fs.readFileSync('/proc/sys/kernel/core_pattern', 'utf8').trim();
	if (pattern.startsWith('|') || pattern.includes('/'))
		throw new Error(`core_pattern is '${pattern}': cores must land in the current directory`);
	fs.writeFileSync(path.join(dir, 'heap.js'), PROGRAM);
	cp.spawnSync('sh', ['-c', 'ulimit -c unlimited && exec "$0" --expose-gc heap.js', node],
		     { cwd: dir, stdio: 'ignore' });
	const core = fs.readdirSync(dir).find(f => /^core(\.\d+)?$/.test(f));
	if (!core)
		throw new Error(`${node} left no core in ${dir} (ulimit -c?)`);
	return path.join(dir, core);
}

/* ---- the heap in the core ---- */

/* The instance types of this V8 that core/v8heap/itypes.c lists (V8's
 * metadata names only some), by name; {} for a version it lacks. */
function itypes(version) {
	const src = fs.readFileSync(path.join(__dirname, '..', '..', 'core', 'v8heap', 'itypes.c'), 'utf8');
	const at = src.indexOf(`static const struct vh_itype_name v8_${version.join('_')}[]`), out = {};
	if (at < 0)
		return out;
	for (const m of src.slice(at, src.indexOf('};', at)).matchAll(/\{ (\d+), "(\w+)" \}/g))
		out[m[2]] = Number(m[1]);
	return out;
}

/* MemoryChunk header fields by V8 major (core/v8heap/pages.c). */
function layout(major) {
	if (major >= 10 && major <= 11)
		return { size: 0, flags: 8, heap: 16, start: 24, end: 32, owner: 64 };
	if (major === 12)
		return { size: 16, flags: 0, heap: 24, start: 32, end: 40, owner: 72 };
	throw new Error(`V8 ${major}: page headers of this version are not known here`);
}

class Heap {
	constructor(core, node) {
		this.core = core;
		this.node = node;
		this.version = VERSION.map(v => node.value(v));
		this.lay = layout(this.version[0]);
		const type = itypes(this.version);   /* instance types by name */
		for (const v of node.values) {
			const m = /^v8dbg_type_\w+?__([A-Z0-9_]+_TYPE)$/.exec(v.name);
			if (m)
				type[m[1]] = v.bytes.readIntLE(0, v.size);
		}
		this.type = type;
		this.o = {
			itype: node.field('v8dbg_class_Map__instance_type__'),
			isize: node.field('v8dbg_class_Map__instance_size_in_words__'),
			bf3: node.field('v8dbg_class_Map__bit_field3__'),
			descs: node.field('v8dbg_class_Map__instance_descriptors__'),
			ctor: node.field('v8dbg_class_Map__constructor_or_back_pointer__'),
			proto: node.field('v8dbg_class_Map__prototype__'),
			shared: node.field('v8dbg_class_JSFunction__shared__'),
			sfiName: node.field('v8dbg_class_SharedFunctionInfo__name_or_scope_info__'),
			descKey: node.value('v8dbg_prop_desc_key'),
			dictShift: node.value('v8dbg_bit_field3_is_dictionary_map_shift'),
			strLen: node.field('v8dbg_class_String__length__'),
			descHeader: node.field('v8dbg_class_DescriptorArray__header_size__'),
			descSize: node.value('v8dbg_prop_desc_size'),
			firstNonstring: node.value('v8dbg_FirstNonstringType'),
			repMask: node.value('v8dbg_StringRepresentationMask'),
			seqTag: node.value('v8dbg_SeqStringTag'),
			encMask: node.value('v8dbg_StringEncodingMask'),
			oneByte: node.value('v8dbg_OneByteStringTag'),
			firstContext: node.value('v8dbg_FirstContextType'),
			lastContext: node.value('v8dbg_LastContextType'),
		};
		/* 16 + 8 * length, as FixedArray (core/v8heap/meta.c's list) */
		this.arrays = new Set(['FIXED_ARRAY_TYPE', 'HASH_TABLE_TYPE', 'NAME_DICTIONARY_TYPE',
			'GLOBAL_DICTIONARY_TYPE', 'NUMBER_DICTIONARY_TYPE', 'SIMPLE_NUMBER_DICTIONARY_TYPE',
			'ORDERED_HASH_MAP_TYPE', 'ORDERED_HASH_SET_TYPE', 'ORDERED_NAME_DICTIONARY_TYPE',
			'NAME_TO_INDEX_HASH_TABLE_TYPE', 'REGISTERED_SYMBOL_TABLE_TYPE', 'EPHEMERON_HASH_TABLE_TYPE',
			'WEAK_FIXED_ARRAY_TYPE', 'TRANSITION_ARRAY_TYPE', 'FIXED_DOUBLE_ARRAY_TYPE',
			'CLOSURE_FEEDBACK_CELL_ARRAY_TYPE', 'EMBEDDER_DATA_ARRAY_TYPE'].map(n => type[n]));
		this.pages = this.findPages();
		const ro = this.pages.find(p => p.space === 'ro');
		if (!ro)
			throw new Error('no read-only page in the core');
		this.ro = ro;
		this.metaMap = ro.start + 1;
	}

	header(a) {
		const c = this.core, L = this.lay, f = off => c.word(a + off);
		if (!c.read(a, 96))
			return null;
		const p = { base: a, size: f(L.size), flags: f(L.flags), heap: f(L.heap), start: f(L.start),
			    end: f(L.end), owner: f(L.owner) };
		const ok = p.size >= 0x1000 && p.size < 2 ** 40 && p.size % 0x1000 === 0 && p.start > a &&
			   p.start < p.end && p.end - a <= p.size && p.start - a < 0x10000 && p.start % 8 === 0;
		return ok ? p : null;
	}

	space(p) {
		if (!p.heap && (p.flags & 64 || !p.owner))
			return 'ro';
		const vptr = p.owner > 0 ? this.core.word(p.owner) : null;
		const vt = vptr && this.node.vtables.find(v => vptr - 16 >= v.value && vptr - 16 < v.value + v.size);
		return vt ? vt.name.replace(/^_ZTVN2v88internal\d+/, '').replace(/E$/, '') : 'other';
	}

	findPages() {
		const out = [];
		for (const s of this.core.segs)
			for (let a = Math.ceil(s.vaddr / PAGE) * PAGE; a + 96 <= s.vaddr + s.filesz; a += PAGE) {
				const p = this.header(a);
				if (p && !(p.flags & 8))   /* not a from-space page */
					out.push({ ...p, space: this.space(p) });
			}
		return out;
	}

	/* A tagged word's map facts, or null when it is no heap object. */
	object(w) {
		const c = this.core;
		if (w === null || w < 0 || (w & 3) !== 1)
			return null;
		const map = c.word(w - 1);
		if (map === null || map < 0 || (map & 3) !== 1 || c.word(map - 1) !== this.metaMap)
			return null;
		const m = c.read(map - 1, 16);
		return { map, itype: m.readUInt16LE(this.o.itype), isize: m[this.o.isize] * 8 };
	}

	/* The size of the object at w when it is of a kind this script knows
	 * (fixed size, sequential strings, arrays, contexts, descriptors, free
	 * space: HeapObject::SizeFromMap's common cases), else 0. */
	sizeOf(w, ob) {
		const o = this.o, t = this.type, c = this.core, it = ob.itype;
		const smi = () => Math.floor(c.word(w - 1 + 8) / 2 ** 32), u32 = () => c.read(w - 1 + 8, 4).readUInt32LE(0);
		if (ob.isize)
			return ob.isize;
		if (it < o.firstNonstring && (it & o.repMask) === o.seqTag) {
			const len = c.read(w - 1 + o.strLen, 4);
			return len ? 16 + len.readInt32LE(0) * ((it & o.encMask) === o.oneByte ? 1 : 2) + 7 & ~7 : 0;
		}
		if (this.arrays.has(it) || (it >= o.firstContext && it <= o.lastContext))
			return 16 + 8 * smi() + (it === t.NATIVE_CONTEXT_TYPE ? 8 : 0);
		if (it === t.DESCRIPTOR_ARRAY_TYPE || it === t.STRONG_DESCRIPTOR_ARRAY_TYPE)
			return o.descHeader + 8 * o.descSize * c.read(w - 1 + 8, 2).readUInt16LE(0);
		if (it === t.BYTE_ARRAY_TYPE)
			return 16 + smi() + 7 & ~7;
		if (it === t.PROPERTY_ARRAY_TYPE)
			return 16 + 8 * (smi() & 0x3ff);
		if (it === t.BIG_INT_BASE_TYPE)
			return 16 + 8 * ((u32() >>> 1) & 0x3fffffff);
		return it === t.FREE_SPACE_TYPE ? smi() : 0;
	}

	/* A JavaScript object's map is in dictionary mode. */
	isDictionary(ob) {
		const b = this.core.read(ob.map - 1 + this.o.bf3, 4);
		return b && (b.readUInt32LE(0) >>> this.o.dictShift & 1) === 1;
	}

	/* How much of the object at w to keep: all of a small one, the start
	 * of anything else. */
	windowOf(w, ob) {
		const n = this.sizeOf(w, ob);
		return n > 0 ? Math.min(n, 1024) : 64;
	}

	/* The objects from a on as far as sizeOf knows them, up to end. */
	walk(a, end) {
		const out = [];
		for (let ob; a < end && (ob = this.object(a + 1));) {
			const n = this.sizeOf(a + 1, ob);
			if (n <= 0 || n % 8)
				break;
			out.push({ addr: a, size: n, itype: ob.itype });
			a += n;
		}
		return out;
	}

	/* Where the words naming w are (at most max of them), outside [lo, hi). */
	referrers(w, lo, hi, max) {
		const c = this.core, pat = Buffer.alloc(8), out = [];
		pat.writeBigUInt64LE(BigInt(w));
		for (let at = c.b.indexOf(pat); at >= 0 && out.length < max; at = c.b.indexOf(pat, at + 8)) {
			const s = c.segs.find(x => at >= x.offset && at < x.offset + x.filesz);
			const a = s && (at - s.offset) % 8 === 0 ? s.vaddr + at - s.offset : -1;
			if (a >= 0 && (a < lo || a >= hi))
				out.push(a);
		}
		return out;
	}

	isolate(t) {
		const n = this.node;
		const block = Math.ceil(n.tls.memsz / Math.max(n.tls.align, 8)) * Math.max(n.tls.align, 8);
		const slot = t.fs - block + n.tlsSym.value;
		return { slot, isolate: this.core.word(slot) };
	}

	/* The roots table: the first long run of words into the read-only page. */
	roots(isolate) {
		const inRo = w => w > 0 && (w & 3) === 1 && w - 1 >= this.ro.base && w - 1 < this.ro.start + RO_CUT;
		for (let a = isolate, run = 0; a < isolate + 0x40000; a += 8) {
			if (inRo(this.core.word(a))) {
				run++;
				continue;
			}
			if (run > 64)
				return { start: a - 8 * run, end: a };
			run = 0;
		}
		throw new Error('no roots table after the isolate');
	}
}

/* ---- seeds ---- */

class Seed {
	constructor(heap, thread) {
		this.heap = heap;
		this.thread = thread;
		this.ranges = [];        /* [lo, hi) of the core's memory */
		this.isolate = null;     /* the range kept around the roots */
		this.patches = [];       /* { addr, bytes } over them */
		this.seen = new Set();
		this.queue = [];         /* per depth: tagged words to keep */
		this.spent = 0;
	}

	add(lo, hi) {
		this.ranges.push([lo, hi]);
	}

	/* The page's header and the first `keep` bytes of its area, the header
	 * shrunk to that so the seed holds the page whole (and its area
	 * started past free space); what the area references is queued unless
	 * o.scan is false. False when the page starts with more free space than
	 * an area may start after, or with an object larger than keep (or, with
	 * o.known, one this script cannot size). */
	page(p, keep, o = {}) {
		const h = this.heap, L = h.lay, scan = o.scan !== false;
		let start = p.start;
		for (const ob of h.walk(p.start, p.end)) {
			if (ob.itype !== h.type.FREE_SPACE_TYPE)
				break;
			start = ob.addr + ob.size;
		}
		const first = h.walk(start, p.end)[0];
		if (start - p.base >= 0x10000 || (first ? first.size > keep && !o.any : o.known))
			return false;
		const end = Math.min(start + keep, p.end), size = Math.ceil((end - p.base) / 0x1000) * 0x1000;
		/* in 4 KiB blocks: a page the core holds in pieces is copied so */
		const block = a => a - a % 0x1000;
		this.add(p.base, block(p.start));
		this.add(block(start - p.start < 0x1000 ? p.start : start), p.base + size);
		if (start !== p.start)
			this.patch(p.base + L.start, start);
		this.patch(p.base + L.size, size);
		this.patch(p.base + L.end, p.base + size);
		if (p.owner)
			this.add(p.owner, p.owner + 8);   /* its vtable names the space */
		this.cutLabs(start, p.base + size);
		if (scan)
			this.scan(start, p.base + size, 0);
		this.kept = { start, end: p.base + size };
		return true;
	}

	/* A word elsewhere that references each of the kept area's first n
	 * objects, so that the conservative scan of writable memory (the
	 * handles root set) finds them live as the core's own references do. */
	parents(n) {
		const h = this.heap, { start, end } = this.kept;
		for (const o of h.walk(start, end).slice(0, n))
			for (const r of h.referrers(o.addr + 1, start, end, 1))
				this.add(r, r + 8);
	}

	/* A linear allocation area of the isolate's (start, top, limit) with
	 * its top in [lo, hi) ends at hi now, as the page does. */
	cutLabs(lo, hi) {
		const c = this.heap.core;
		if (!this.isolate)
			return;
		for (let a = this.isolate[0]; a + 24 <= this.isolate[1]; a += 8) {
			const [s, t, l] = [c.word(a), c.word(a + 8), c.word(a + 16)];
			if (s > 0 && s <= t && t <= l && t >= lo && t < hi && l > hi)
				this.patch(a + 16, hi);
		}
	}

	patch(addr, value) {
		const b = Buffer.alloc(8);
		b.writeBigUInt64LE(BigInt(value));
		this.patches.push({ addr, bytes: b });
	}

	/* Queue the objects the words of [lo, hi) reference. */
	scan(lo, hi, depth) {
		for (let a = lo; a + 8 <= hi; a += 8) {
			const w = this.heap.core.word(a);
			const strong = (w & 3) === 3 ? w - 2 : w;   /* (numbers: & would cut them to 32 bits) */
			if (w > 0 && (w & 1) && !this.seen.has(strong)) {
				this.seen.add(strong);
				(this.queue[depth] = this.queue[depth] || []).push(strong);
			}
		}
	}

	/* Windows of what is queued: first every map the kept areas name (the
	 * walk needs them all), then the rest breadth first, each object's map
	 * before the object, within the budget. */
	close(maxDepth) {
		for (const w of this.queue[0] || []) {
			const ob = this.heap.object(w);
			if (ob && ob.itype === this.heap.type.MAP_TYPE)
				this.keepMap(w, 2);
		}
		for (let depth = 0; depth < this.queue.length; depth++)
			for (const w of this.queue[depth] || []) {
				if (this.spent < BUDGET)
					this.keep(w, depth, maxDepth);
			}
	}

	keep(w, depth, maxDepth) {
		const ob = this.heap.object(w);
		if (!ob)
			return;
		this.keepMap(ob.map, 2);
		const n = this.heap.windowOf(w, ob);
		this.add(w - 1, w - 1 + n);
		this.spent += n;
		if (depth < maxDepth)
			this.scan(w - 1 + 8, w - 1 + n, depth + 1);
	}

	/* An object's window and its map's; false when w is no object. */
	keepNow(w) {
		const h = this.heap, ob = h.object(w);
		if (!ob)
			return false;
		const mo = h.object(ob.map), n = h.windowOf(w, ob), mn = mo ? mo.isize || 80 : 80;
		this.add(w - 1, w - 1 + n);
		this.add(ob.map - 1, ob.map - 1 + mn);
		this.spent += n + mn;
		return true;
	}

	/* What names a map's objects and their properties, before anything
	 * else: the map, its descriptors and their keys, its constructor
	 * (through the back pointers) with its shared info and name, and
	 * `level` prototypes up, the same for theirs. */
	keepMap(map, level) {
		const h = this.heap, o = h.o, field = (w, off) => h.core.word(w - 1 + off);
		if (this.seen.has(`map${map}`) || !this.keepNow(map))
			return;
		this.seen.add(`map${map}`);
		const descs = field(map, o.descs);
		if (this.keepNow(descs) && h.core.read(descs - 1 + 8, 2)) {
			const n = h.core.read(descs - 1 + 8, 2).readUInt16LE(0);
			for (let i = 0; i < n && i < 64; i++)
				this.keepNow(field(descs, o.descHeader + 8 * (o.descSize * i + o.descKey)));
		}
		let ctor = field(map, o.ctor);
		for (let i = 0; i < 16 && h.object(ctor) && h.object(ctor).itype === h.type.MAP_TYPE; i++)
			ctor = this.keepNow(ctor) ? field(ctor, o.ctor) : null;
		if (this.keepNow(ctor) && this.keepNow(field(ctor, o.shared)))
			this.keepNow(field(field(ctor, o.shared), o.sfiName));
		const proto = field(map, o.proto), po = h.object(proto);
		if (level > 0 && po && this.keepNow(proto))
			this.keepMap(po.map, level - 1);
	}

	/* The ranges merged and split at the core's segments, with their flags. */
	segments() {
		const core = this.heap.core, out = [];
		const rs = this.ranges.sort((x, y) => x[0] - y[0]);
		for (const [lo0, hi0] of rs) {
			for (let lo = lo0; lo < hi0;) {
				const s = core.seg(lo);
				if (!s) {     /* a hole: on at the next segment */
					const next = core.segs.find(x => x.vaddr > lo && x.filesz);
					lo = next ? next.vaddr : hi0;
					continue;
				}
				const hi = Math.min(hi0, s.vaddr + s.filesz), last = out[out.length - 1];
				if (last && last.seg === s && lo <= last.hi + 16)
					last.hi = Math.max(last.hi, hi);
				else
					out.push({ lo, hi, seg: s });
				lo = hi;
			}
		}
		return out;
	}

	bytes() {
		const core = this.heap.core, head = Buffer.alloc(16), parts = [head];
		head.writeBigUInt64LE(BigInt(this.thread.fs), 0);
		head.writeBigUInt64LE(BigInt(this.thread.rsp), 8);
		for (const s of this.segments()) {
			const h = Buffer.alloc(16), data = Buffer.from(core.read(s.lo, s.hi - s.lo));
			h.writeBigUInt64LE(BigInt(s.lo), 0);
			h.writeUInt32LE(s.hi - s.lo, 8);
			h.writeUInt32LE(s.seg.flags & 7, 12);
			for (const p of this.patches)
				if (p.addr >= s.lo && p.addr + 8 <= s.hi)
					p.bytes.copy(data, p.addr - s.lo);
			parts.push(h, data);
		}
		return Buffer.concat(parts);
	}
}

/* What every seed has: the read-only page's start, the TLS slot, the
 * isolate from before its roots (where core/v8heap looks for them when
 * the malloc chunk is not found) to past them, the stack's top. */
function baseSeed(heap, opts = {}) {
	const t = heap.core.threads[0], seed = new Seed(heap, t);
	const { slot, isolate } = heap.isolate(t);
	seed.page(heap.ro, RO_CUT, { scan: false, any: true });
	if (opts.tls !== false)
		seed.add(slot, slot + 8);
	const r = heap.roots(isolate);
	seed.isolate = [Math.min(isolate, r.start - 0x400), r.end + 0x800];
	seed.add(...seed.isolate);
	seed.scan(r.start, r.end + 0x800, 1);
	seed.add(t.rsp, t.rsp + 0x800);
	seed.scan(t.rsp, t.rsp + 0x800, 1);
	return seed;
}

/* Old-space pages by what their first objects are (as far as sizeOf walks
 * them), best first: JavaScript objects of fast maps (the Visits), of
 * dictionary maps (the Bags), and the most kinds of object. */
function choosePages(heap) {
	const js = heap.type.JS_OBJECT_TYPE, old = heap.pages.filter(p => p.space === 'OldSpace');
	const rate = score => old.map(p => ({ p, n: score(heap.walk(p.start, p.start + KEEP)) }))
		.filter(x => x.n > 8).sort((x, y) => y.n - x.n).map(x => x.p);
	const objects = dict => os => os.filter(o => o.itype === js &&
		heap.isDictionary(heap.object(o.addr + 1)) === dict).length;
	return {
		fast: rate(objects(false)), dict: rate(objects(true)),
		mixed: rate(os => new Set(os.map(o => o.itype)).size),
	};
}

/* One seed of each kind of page (the first of `pages` that can be cut),
 * by name. */
function seeds(heap) {
	const out = {}, byspace = s => heap.pages.filter(p => p.space === s);
	const one = (name, pages, keep, o = { known: true }, prepare = null, base = {}) => {
		for (const p of pages) {
			const seed = baseSeed(heap, base);
			if (prepare)
				prepare(seed, p);
			if (!seed.page(p, keep, o))
				continue;
			seed.parents(256);
			seed.close(3);
			out[name] = seed.bytes();
			return p;
		}
	};
	const chosen = choosePages(heap), objects = chosen.fast;
	one('old-objects', objects, KEEP);
	one('old-dictionary', chosen.dict, KEEP);
	one('old-mixed', chosen.mixed.filter(p => !objects.includes(p) && !chosen.dict.includes(p)), KEEP);
	one('old-first', byspace('OldSpace'), KEEP);
	/* The large array cut to its first 200 elements, so that it fits. */
	one('large', byspace('OldLargeObjectSpace'), 16 + 8 * 200, { any: true }, (seed, p) => {
		const len = heap.core.word(p.start + 8);
		if (len > 0 && len % 2 ** 32 === 0 && len > 200 * 2 ** 32)
			seed.patch(p.start + 8, 200 * 2 ** 32);
	});
	one('new', byspace('SemiSpace').concat(byspace('PagedNewSpace')), KEEP, {});
	one('code', byspace('CodeSpace'), KEEP, {});
	/* The isolate's malloc chunk cut to the kept window, a small chunk in
	 * use after it and an end: a chain of chunks like the brk heap's, so
	 * that the chunk (not a guess) bounds the isolate. */
	const iso = heap.isolate(heap.core.threads[0]).isolate;
	one('isolate-chunk', objects, 0x1000, {}, seed => {
		const chunk = iso - 16, hi = seed.isolate[1], end = chunk + Math.floor((hi - 48 - chunk) / 16) * 16;
		seed.patch(chunk + 8, end - chunk + heap.core.word(chunk + 8) % 8);
		seed.patch(end + 8, 32 + 1);          /* its P bit: the isolate's chunk is in use */
		seed.patch(end + 32 + 8, 0);
	});
	/* V8's metadata as a core holds it (node's .data is dumped, and read
	 * before the binary): the run of values around the version, so that
	 * mutations make the version and the offsets hostile too. */
	const vals = heap.node.values.map(v => v.value).sort((x, y) => x - y);
	let lo = heap.node.values.find(v => v.name === VERSION[0]).value, hi = lo;
	for (const a of vals)
		if (a >= lo && a <= hi + 64)
			hi = a + 8;
	lo = vals.filter(a => a <= lo).reverse().reduce((l, a) => (a >= l - 64 ? a : l), lo);
	one('metadata', objects, KEEP, { known: true }, seed => seed.add(lo, hi));
	/* No TLS slot: the isolate is the one found before the Heap. */
	one('no-tls', objects, 0x1000, {}, null, { tls: false });
	one('ro-only', [heap.ro], 0, { scan: false, any: true });
	return out;
}

/* ---- the stand-in's header ---- */

function hex(n) {
	return '0x' + n.toString(16);
}

function header(node, nodePath, maps, heap, version) {
	const L = [];
	L.push(`/* tests/fuzz/v8heap-node.h: what fuzz_v8heap's stand-in for node holds,`,
	       ` * made by tests/fuzz/make-v8heap-seeds.js from node ${version} (V8 ${heap.version.join('.')}),`,
	       ` * ${nodePath}, build-id`, ` * ${node.buildId}: do not edit.`,
	       ` * The seeds in tests/fuzz/corpus/v8heap/ are cut from a core of the same`,
	       ` * binary. */`,
	       `#define NODE_PATH "${nodePath}"`,
	       `#define NODE_TLS_ADDR ${hex(node.tls.vaddr)}ull`,
	       `#define NODE_TLS_SIZE ${hex(node.tls.memsz)}`,
	       `#define NODE_TLS_ALIGN ${node.tls.align}`,
	       `#define NODE_ISOLATE_TLS_NAME "${ISOLATE_TLS}"`,
	       `#define NODE_ISOLATE_TLS ${hex(node.tlsSym.value)}`,
	       '', 'static const struct node_map node_maps[] = {');
	for (const m of maps)
		L.push(`\t{ ${hex(m.start)}, ${hex(m.end)}, ${hex(m.pgoff)} },`);
	L.push('};', '', 'static const struct node_symbol node_vtables[] = {');
	for (const v of node.vtables)
		L.push(`\t{ "${v.name}", ${hex(v.value)}, ${hex(v.size)} },`);
	L.push('};', '', 'static const struct node_value node_values[] = {');
	for (const v of node.values) {
		const b = Buffer.alloc(8);
		v.bytes.copy(b);
		L.push(`\t{ "${v.name}", ${hex(v.value)}, ${v.size}, ${hex(b.readBigUInt64LE(0))}ull },`);
	}
	L.push('};', '');
	return L.join('\n');
}

function main() {
	const args = process.argv.slice(2);
	const keep = args.includes('--keep'), coreArg = args.indexOf('--core');
	const nodePath = fs.realpathSync(process.execPath);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'v8heap-seeds-'));
	const coreFile = coreArg >= 0 ? args[coreArg + 1] : makeCore(nodePath, dir);
	const node = readNode(nodePath), core = new Core(coreFile);
	const all = core.maps.filter(m => fs.existsSync(m.path) && fs.realpathSync(m.path) === nodePath);
	if (!all.length)
		throw new Error(`${coreFile} does not map ${nodePath}: not a core of this node`);
	/* where the program headers put it (not a copy that moved with ASLR) */
	const page = a => a - a % 0x1000;
	const fixed = all.filter(m => node.loads.some(l => m.start - m.pgoff * 0x1000 === page(l.vaddr) - page(l.offset)));
	const maps = fixed.length ? fixed : all;
	const heap = new Heap(core, node);
	fs.mkdirSync(OUT, { recursive: true });
	for (const [name, bytes] of Object.entries(seeds(heap))) {
		fs.writeFileSync(path.join(OUT, name), bytes);
		console.log(`${name}: ${bytes.length} bytes`);
	}
	fs.writeFileSync(HEADER, header(node, maps[0].path, maps, heap, process.version));
	if (!keep)
		fs.rmSync(dir, { recursive: true, force: true });
	else
		console.log(`kept ${dir}`);
}

main();
