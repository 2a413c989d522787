'use strict';
// bench/make-core-heap.js: a node process with about 3 million objects
// (some 300 MB of heap) for bench/coreheap.sh. It times what a user does
// without mortem, writing a heap snapshot of the live process
// (v8.writeHeapSnapshot), prints the time, then aborts: the core is what
// mortem reads.
//   node --max-old-space-size=4000 make-core-heap.js DIR [OBJECTS [nosnapshot]]
// With `nosnapshot` it aborts at once: a core whose heap is most of it, as
// a process that ran out of memory leaves (the heap profiler's memory, left
// by writing a snapshot, is most of the other core).
const v8 = require('v8');
const fs = require('fs');

const dir = process.argv[2] || '.';
const n = Number(process.argv[3] || 1000000);
process.chdir(dir);

class Session { constructor(i) { this.id = i; this.user = 'u' + (i % 5000); this.data = { hits: i, tags: [i] }; } }
globalThis.sessions = [];
for (let i = 0; i < n; i++) globalThis.sessions.push(new Session(i));

if (process.argv[4] === 'nosnapshot') process.abort();
const t0 = process.hrtime.bigint();
v8.writeHeapSnapshot('node.heapsnapshot');
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
fs.writeFileSync('node-snapshot.json', JSON.stringify({
  node: process.version, objects_made: n * 4, write_seconds: ms / 1000,
  rss_bytes: process.memoryUsage().rss,
}) + '\n');
process.abort();
