#!/usr/bin/env node
// tools/v8-itypes.js: the complete InstanceType table of a node binary, as a
// C fragment for core/v8heap/itypes.c. V8 exports only some of its instance
// types as v8dbg_type_* symbols; --trace-gc-object-stats prints every one
// with its number, in enum order, followed by virtual types that start at the
// code kinds (BYTECODE_HANDLER), which are not instance types.
//
//   node tools/v8-itypes.js NODE_BINARY >> core/v8heap/itypes.c   (then add
//   the table to the list at the end of that file)
'use strict';
const { execFileSync } = require('child_process');
const bin = process.argv[2] || process.execPath;
const run = (args) => execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const version = run(['-p', 'process.versions.v8']).trim().replace(/-node\.\d+$/, '');
let out;
try {
  out = run(['--expose-gc', '--trace-gc-object-stats', '-e', 'gc()']);
} catch (e) {
  out = String(e.stdout || '');
}
const types = new Map();
for (const line of out.split('\n')) {
  let d;
  try { d = JSON.parse(line); } catch { continue; }
  if (d.type === 'instance_type_data' && d.key === 'live') types.set(d.instance_type, d.instance_type_name);
}
const nums = [...types.keys()].sort((a, b) => a - b);
const rows = [];
for (const n of nums) {
  if (types.get(n) === 'BYTECODE_HANDLER') break;
  rows.push(`\t{ ${n}, "${types.get(n)}" },`);
}
if (!rows.length) {
  console.error(`v8-itypes: ${bin} printed no instance types`);
  process.exit(1);
}
const id = 'v8_' + version.replace(/\./g, '_');
console.log(`/* V8 ${version} (node ${run(['-p', 'process.version']).trim()}): ${rows.length} types */`);
console.log(`static const struct vh_itype_name ${id}[] = {\n${rows.join('\n')}\n};`);
