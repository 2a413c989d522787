#!/bin/sh
# bench/coreheap.sh: `make bench` (and `make bench-coreheap`): the JavaScript
# heap of a node core against what a user would do instead.
# bench/make-core-heap.js makes a node process with about 3 million objects,
# times node writing a heap snapshot of it (v8.writeHeapSnapshot, in the
# process) and aborts. Then, in the same run, on the same heap:
#   mortem --print classes CORE          the core's class table
#   mortem --print classes SNAPSHOT      mortem's load of node's snapshot
# each RUNS times (default 3) in turn, the fastest of each kept (the
# machine is shared: the best run is the least disturbed one), with wall
# time, CPU time and peak RSS; the core's phase times and the Visit-style
# class counts of both side by side. Both are whole runs of mortem: open,
# load, every graph pass (retainers, dominators, distances, retained sizes,
# classes) and the printed table. Writes bench/RESULTS-coreheap.md. The core and snapshot are made in
# bench/cache/coreheap/ (git-ignored) each run.
#
# Then a dense core: the same script with DENSE sessions (default
# 2500000, 10 million objects) that aborts without writing a snapshot, so
# that the heap is most of the core, as in a process that ran out of
# memory: its class table's time and peak RSS against its size, the
# fastest of RUNS.
#
#   sh bench/coreheap.sh BUILDDIR [SESSIONS [RUNS [DENSE]]]    SESSIONS default 750000 (4 objects each)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: coreheap.sh BUILDDIR [SESSIONS [RUNS]]}" && pwd)
n=${2:-750000}
runs=${3:-3}
dense=${4:-2500000}
dir="$top/bench/cache/coreheap"
out="$top/bench/RESULTS-coreheap.md"
rm -rf "$dir" && mkdir -p "$dir"
case $(cat /proc/sys/kernel/core_pattern) in
'|'*|*/*) echo "bench: core_pattern must be a plain file name to make the core" >&2; exit 2 ;;
esac
ulimit -c unlimited
(cd "$dir" && node --max-old-space-size=8000 "$top/bench/make-core-heap.js" "$dir" "$n" \
	>"$dir/node.out" 2>&1) || true
core=$(ls -t "$dir"/core "$dir"/core.[0-9]* 2>/dev/null | head -n 1)
[ -n "$core" ] || { echo "bench: the node process left no core" >&2; exit 2; }
# The kernel writes the fresh core (1.5 GB) back to disk for a while: not
# while mortem is timed (bench/LIMITS-coreheap.md, session 18).
sync

# measure NAME CMD...: "wall cpu rss_kb" of CMD appended to $dir/NAME.times
measure() {
	name=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$dir/time" "$@" >"$dir/stdout" 2>"$dir/stderr"
	awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 }' "$dir/time" >>"$dir/$name.times"
}
# best NAME: the fastest run's "wall cpu rss_kb"
best() { sort -n "$dir/$1.times" | head -n 1; }
rm -f "$dir/core.times" "$dir/snap.times"
i=0
while [ $i -lt "$runs" ]; do
	measure core "$build/mortem" --print classes "$core"
	measure snap "$build/mortem" --print classes "$dir/node.heapsnapshot"
	i=$((i + 1))
done
set -- $(best core)
core_wall=$1 core_cpu=$2 core_rss=$3
set -- $(best snap)
snap_wall=$1 snap_cpu=$2 snap_rss=$3
core_all=$(cut -d' ' -f1 "$dir/core.times" | tr '\n' ' ')
snap_all=$(cut -d' ' -f1 "$dir/snap.times" | tr '\n' ' ')
"$build/mortem" --print classes --format json "$core" >"$dir/core-classes.json"
"$build/mortem" --print classes --format json "$dir/node.heapsnapshot" >"$dir/snapshot-classes.json"
"$build/mortem" --print jsheap "$core" >"$dir/jsheap.txt"
# the snapshot's load phase by phase (bench/heapload, built by make bench):
# its parse against the core's pages, walk, marking and model
: >"$dir/heapload.txt"
[ -x "$build/bench/heapload" ] &&
	"$build/bench/heapload" "$dir/node.heapsnapshot" 2>&1 >/dev/null |
	sed -n 's/^.*node\.heapsnapshot: \([a-z ]*[a-z]\)  *\([0-9.]* s\).*/\1 \2/p' |
	tr '\n' ',' | sed 's/,$//; s/,/, /g' >"$dir/heapload.txt"
# the core as a heap snapshot (--print heapsnapshot), once: what a user
# loads into DevTools instead of node's own
/usr/bin/time -f "%e %U %S %M" -o "$dir/time" "$build/mortem" --print heapsnapshot "$core" \
	>"$dir/core.heapsnapshot" 2>"$dir/stderr"
set -- $(awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 }' "$dir/time")
export_wall=$1 export_cpu=$2 export_rss=$3
export_bytes=$(wc -c <"$dir/core.heapsnapshot")
rm -f "$dir/core.heapsnapshot"
# the dense core, made after the other is measured (its page cache aside)
mkdir -p "$dir/dense"
(cd "$dir/dense" && node --max-old-space-size=8000 "$top/bench/make-core-heap.js" "$dir/dense" \
	"$dense" nosnapshot >"$dir/dense/node.out" 2>&1) || true
dcore=$(ls -t "$dir/dense"/core "$dir/dense"/core.[0-9]* 2>/dev/null | head -n 1)
[ -n "$dcore" ] || { echo "bench: the dense node process left no core" >&2; exit 2; }
sync
rm -f "$dir/dense.times"
i=0
while [ $i -lt "$runs" ]; do
	measure dense "$build/mortem" --print classes "$dcore"
	i=$((i + 1))
done
set -- $(best dense)
dense_wall=$1 dense_cpu=$2 dense_rss=$3
dense_bytes=$(wc -c <"$dcore")
"$build/mortem" --print jsheap "$dcore" >"$dir/dense-jsheap.txt"
dense_objects=$(sed -n 's/^  live  *\([0-9,]*\) objects.*/\1/p' "$dir/dense-jsheap.txt")
rm -f "$dcore"
core_bytes=$(wc -c <"$core")
snap_bytes=$(wc -c <"$dir/node.heapsnapshot")
node_write=$(node -p "require('$dir/node-snapshot.json').write_seconds.toFixed(2)")
node_rss=$(node -p "(require('$dir/node-snapshot.json').rss_bytes / 1e6).toFixed(0)")
# row CLASS FILE.json: the class's count
row() { node -p "(require('$2').find(r => r.name === process.argv[1]) || {}).count" "$1"; }

{
	echo "# The JavaScript heap of a core: benchmark"
	echo
	echo "Made by \`sh bench/coreheap.sh BUILDDIR $n $runs\` (in \`make bench\`) at commit" \
	     "$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown) on" \
	     "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average" \
	     "$(cut -d' ' -f1-3 /proc/loadavg) at the end."
	echo "$(node --version) made $((n * 4)) objects in $n \`Session\`s" \
	     "(bench/make-core-heap.js), wrote a heap snapshot of itself, then aborted."
	echo
	echo "| what | wall s | CPU s | peak RSS MB | file MB | RSS / file |"
	echo "|---|---:|---:|---:|---:|---:|"
	echo "| node writes the heap snapshot (in the process, at ${node_rss} MB RSS) | $node_write | | | $((snap_bytes / 1000000)) | |"
	echo "| mortem --print classes on the core | $core_wall | $core_cpu | $((core_rss * 1024 / 1000000)) | $((core_bytes / 1000000)) | $(awk "BEGIN { printf \"%.2f\", $core_rss * 1024 / $core_bytes }") |"
	echo "| mortem --print classes on node's snapshot | $snap_wall | $snap_cpu | $((snap_rss * 1024 / 1000000)) | $((snap_bytes / 1000000)) | $(awk "BEGIN { printf \"%.2f\", $snap_rss * 1024 / $snap_bytes }") |"
	echo "| mortem --print heapsnapshot on the core (the snapshot written: $((export_bytes / 1000000)) MB; one run) | $export_wall | $export_cpu | $((export_rss * 1024 / 1000000)) | $((core_bytes / 1000000)) | $(awk "BEGIN { printf \"%.2f\", $export_rss * 1024 / $core_bytes }") |"
	echo "| mortem --print classes on a dense core ($dense \`Session\`s, $dense_objects live objects, no snapshot written) | $dense_wall | $dense_cpu | $((dense_rss * 1024 / 1000000)) | $((dense_bytes / 1000000)) | $(awk "BEGIN { printf \"%.2f\", $dense_rss * 1024 / $dense_bytes }") |"
	echo
	echo "The fastest of $runs runs each, taken in turn (wall s, core: $core_all; snapshot: $snap_all;"
	echo "dense core: $(cut -d' ' -f1 "$dir/dense.times" | tr '\n' ' '))."
	echo "Both are whole \`mortem --print classes\` runs: open, load (the core's walk, marking and"
	echo "model; the snapshot's parse), the same graph passes on the model (retainers, dominators,"
	echo "distances, retained sizes, classes) and the printed table. MB are 10^6 bytes (peak RSS:"
	echo "time(1)'s KiB times 1024)."
	echo
	echo "The core's phases (\`mortem --print jsheap\`):"
	echo
	echo '```'
	grep -E '^  (heap pages|objects walked|live|\(unreachable\)|time) ' "$dir/jsheap.txt"
	echo '```'
	if [ -s "$dir/heapload.txt" ]; then
		echo
		echo "The snapshot's, one step at a time (bench/heapload): $(cat "$dir/heapload.txt")."
	fi
	echo
	echo "| class | core: count | snapshot: count |"
	echo "|---|---:|---:|"
	for c in Session '{tags}' Array '(string)' Object Function; do
		echo "| $c | $(row "$c" "$dir/core-classes.json") | $(row "$c" "$dir/snapshot-classes.json") |"
	done
	echo
	cat "$top/bench/LIMITS-coreheap.md"
} >"$out"
cat "$out"
