// bench/make-huge.js: a synthetic heap snapshot past the limits a real node
// process on this machine can write (V8's snapshot generator needs about
// five times the file in memory: a 4.6 GB snapshot was killed at 24 GB).
// It checks mortem's own limits: more than 2^24 nodes (4-byte retainer
// slots), more than 4 GiB of strings (64-bit string offsets) and a file
// over 4 GB (64-bit byte offsets).
//
//   node bench/make-huge.js OUT [OBJECTS] [BIG_STRINGS]
//
// Node 0 is the root; objects 1..OBJECTS are "Huge" objects of 32 bytes,
// each holding the next (a ring), a peer ((i * 7919) mod OBJECTS) and one
// of BIG_STRINGS strings of 1 MiB (string nodes named by those strings).
// The numbers mortem must give follow from these (see bench/LIMITS.md).
'use strict';
const fs = require('fs');

const out = process.argv[2];
const objects = Number(process.argv[3] || 20000000);
const bigs = Number(process.argv[4] || 4200);
if (!out) {
  console.error('usage: make-huge.js OUT [OBJECTS] [BIG_STRINGS]');
  process.exit(2);
}
const NF = 7;  // type, name, id, self_size, edge_count, trace_node_id, detachedness
const nodeCount = 1 + objects + bigs;
const edgeCount = 1 + 3 * objects;
const fd = fs.openSync(out, 'w');
const put = (s) => fs.writeSync(fd, s);

const meta = {
  node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
  node_types: [['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number',
    'native', 'synthetic', 'concatenated string', 'sliced string', 'symbol', 'bigint',
    'object shape'], 'string', 'number', 'number', 'number', 'number', 'number'],
  edge_fields: ['type', 'name_or_index', 'to_node'],
  edge_types: [['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'],
    'string_or_number', 'node'],
  location_fields: ['object_index', 'script_id', 'line', 'column'],
  trace_function_info_fields: [], trace_node_fields: [], sample_fields: [],
};
put('{"snapshot":{"meta":' + JSON.stringify(meta) + ',"node_count":' + nodeCount +
    ',"edge_count":' + edgeCount + ',"trace_function_count":0},\n"nodes":[');

// Strings: 0 "", 1 "Huge", 2 "next", 3 "peer", 4 "s", then the big ones.
const BIG0 = 5;
const firstString = 1 + objects;
put('9,0,1,0,1,0,0');
let buf = [];
const flush = () => { if (buf.length) put(buf.join('')); buf = []; };
for (let i = 1; i <= objects; i++) {
  buf.push('\n,3,1,' + (2 * i + 1) + ',32,3,0,0');
  if (buf.length === 100000) flush();
}
for (let j = 0; j < bigs; j++)
  buf.push('\n,2,' + (BIG0 + j) + ',' + (2 * (objects + j) + 3) + ',1048576,0,0,0');
flush();
put('],\n"edges":[1,1,' + NF);
for (let i = 1; i <= objects; i++) {
  const next = i === objects ? 1 : i + 1;
  const peer = (i * 7919) % objects + 1;
  const str = firstString + (i % bigs);
  buf.push('\n,2,2,' + next * NF + ',2,3,' + peer * NF + ',2,4,' + str * NF);
  if (buf.length === 100000) flush();
}
flush();
put('],\n"trace_function_infos":[],"trace_tree":[],"samples":[],"locations":[],\n"strings":["","Huge","next","peer","s"');
for (let j = 0; j < bigs; j++) {
  const head = 'big-' + j + '-';
  put(',\n"' + head + 'x'.repeat(1048576 - head.length) + '"');
}
put(']}\n');
fs.closeSync(fd);
console.log(JSON.stringify({ objects, bigs, nodeCount, edgeCount, bytes: fs.statSync(out).size }));
