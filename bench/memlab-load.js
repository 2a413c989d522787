// bench/memlab-load.js: the load `make bench` times for @memlab/core: parse
// (with the id index), then dominators and retained sizes
// (TraceFinder.calculateAllNodesRetainedSizes, Lengauer-Tarjan since 2026).
//
//   node --max-old-space-size=16000 bench/memlab-load.js NODE_MODULES FILE
'use strict';
const path = require('path');

const [modules, file] = process.argv.slice(2);
const core = require(path.resolve(modules, '@memlab', 'core'));

(async () => {
  const snapshot = await core.utils.getSnapshotFromFile(file, { buildNodeIdIndex: true });
  const finder = new core.TraceFinder();
  finder.calculateAllNodesRetainedSizes(snapshot);
  console.error(`${snapshot.nodes.length} nodes`);
})().catch(e => {
  console.error(e);
  process.exit(1);
});
