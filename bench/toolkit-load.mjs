// bench/toolkit-load.mjs: the load `make bench` times for heap-snapshot-toolkit
// (Chrome DevTools' heap snapshot worker code): parse, retainers, distances,
// dominators, retained sizes, then the class summary with retained sizes.
//
//   node --max-old-space-size=16000 bench/toolkit-load.mjs NODE_MODULES FILE [FILE2]
//
// With FILE2, both are loaded one after the other (diffFromStreams, the
// toolkit's low-memory path) and compared.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, file, file2] = process.argv.slice(2);
const toolkit = await import(pathToFileURL(path.join(modules, 'heap-snapshot-toolkit', 'index.js')).href);
const open = f => createReadStream(f, 'utf8');

if (file2) {
  let rows = 0;
  for await (const step of toolkit.diffFromStreams(open(file), open(file2)))
    if (step.type === 'diff')
      rows = Object.keys(step.result).length;
  console.error(`compare: ${rows} classes changed`);
} else {
  const snapshot = await toolkit.parse(open(file));
  const classes = snapshot.aggregatesWithFilter({});
  console.error(`${Object.keys(classes).length} classes`);
}
