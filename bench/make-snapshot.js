// bench/make-snapshot.js: a heap snapshot of about SIZE megabytes, written by
// node itself, for `make bench`.
//
//   node --max-old-space-size=16000 bench/make-snapshot.js SIZE_MB OUT [OUT2]
//
// The heap holds N objects Foo{id, name, bar: Bar{v, arr: [3 numbers]}} in
// an array and a Map (about 360 bytes of snapshot each). With OUT2, a
// second snapshot of the same process is written after a tenth of the Foo
// are dropped and as many new ones made (for timing a comparison).
'use strict';
const v8 = require('v8');

const mb = Number(process.argv[2]);
const out = process.argv[3];
const out2 = process.argv[4];
if (!mb || !out) {
  console.error('usage: make-snapshot.js SIZE_MB OUT [OUT2]');
  process.exit(2);
}

class Bar { constructor(v) { this.v = v + 0.5; this.arr = [v, v + 1, v + 2]; } }
class Foo { constructor(i) { this.id = i; this.name = 'foo-' + i; this.bar = new Bar(i); } }

const perObject = 460;  /* bytes of snapshot per Foo, measured on node 20 */
const n = Math.max(1000, Math.round(mb * 1e6 / perObject));
const list = [];
const map = new Map();
for (let i = 0; i < n; i++) {
  const f = new Foo(i);
  list.push(f);
  if (i % 4 === 0)
    map.set('k' + i, f);
}
globalThis.benchList = list;
globalThis.benchMap = map;
v8.writeHeapSnapshot(out);
if (out2) {
  const drop = Math.floor(n / 10);
  list.splice(0, drop);
  for (let i = 0; i < drop; i++)
    list.push(new Foo(n + i));
  v8.writeHeapSnapshot(out2);
}
