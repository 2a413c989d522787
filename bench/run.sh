#!/bin/sh
# bench/run.sh: `make bench`. Generates heap snapshots of about 10 MB,
# 200 MB and 1 GB with node (cached in bench/cache/), then times, in the
# same run and on the same files, mortem's full load (parse, retainers,
# distances, dominators, retained sizes, classes: `--print classes`) and the
# same work by heap-snapshot-toolkit (DevTools' code) and @memlab/core,
# installed from npm into bench/cache/. Writes wall time, CPU time and peak
# RSS of each, and the ratios, to bench/RESULTS.md.
#
#   sh bench/run.sh BUILDDIR [SIZES]     SIZES default "10 200 1000"
#   sh bench/run.sh BUILDDIR --table     write RESULTS.md again from the last run
#   BENCH_SKIP_JS=1   time mortem only (the JS tools take minutes on 1 GB)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: run.sh BUILDDIR [SIZES]}" && pwd)
sizes=${2:-10 200 1000}
cache="$top/bench/cache"
mods="$cache/node_modules"
out="$top/bench/RESULTS.md"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$cache"
NODE="node --max-old-space-size=20000"

if [ -z "${BENCH_SKIP_JS:-}" ] && [ ! -d "$mods/heap-snapshot-toolkit" -o ! -d "$mods/@memlab/core" ]; then
	echo "bench: installing heap-snapshot-toolkit and @memlab/core into $cache" >&2
	(cd "$cache" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --ignore-scripts \
		heap-snapshot-toolkit@1.1.3 @memlab/core@2.0.5 >/dev/null)
fi

snap() { # MB: the cached snapshot of that size (two for 1000)
	if [ "$1" = 1000 ]; then
		f="$cache/s1000-a.heapsnapshot"
		[ -s "$f" ] && [ -s "$cache/s1000-b.heapsnapshot" ] ||
			$NODE "$top/bench/make-snapshot.js" 1000 "$f" "$cache/s1000-b.heapsnapshot"
	else
		f="$cache/s$1.heapsnapshot"
		[ -s "$f" ] || $NODE "$top/bench/make-snapshot.js" "$1" "$f"
	fi
	echo "$f"
}

# measure NAME CMD...: one line "NAME wall user sys rss_kb status" in $tmp/rows
measure() {
	name=$1; shift
	status=ok
	/usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || status=failed
	[ "$status" = ok ] || tail -3 "$tmp/err" >&2
	echo "$name $(tail -1 "$tmp/time") $status" >>"$tmp/rows"
	echo "bench: $name: $(tail -1 "$tmp/time") $status" >&2
}

rows="$cache/last-rows.txt"
files="$cache/last-files.txt"
if [ "$sizes" != --table ]; then
: >"$tmp/rows"
: >"$tmp/files"
for mb in $sizes; do
	f=$(snap "$mb")
	bytes=$(wc -c <"$f")
	echo "$mb $bytes" >>"$tmp/files"
	measure "mortem@$mb" "$build/mortem" --print classes --limit 1 "$f"
	if [ -z "${BENCH_SKIP_JS:-}" ]; then
		measure "toolkit@$mb" $NODE "$top/bench/toolkit-load.mjs" "$mods" "$f"
		measure "memlab@$mb" $NODE "$top/bench/memlab-load.js" "$mods" "$f"
	fi
	if [ "$mb" = 1000 ]; then
		measure "mortem-compare@$mb" "$build/mortem" --print compare --limit 1 "$f" "$cache/s1000-b.heapsnapshot"
		# the same with the Growth pane (both panes compute the holders)
		measure "mortem-growth@$mb" "$build/mortem" --print growth --limit 1 "$f" "$cache/s1000-b.heapsnapshot"
		# each step alone: the two loads, the comparison, the holders and roots
		if [ -x "$build/bench/heapload" ]; then
			"$build/bench/heapload" "$f" "$cache/s1000-b.heapsnapshot" >/dev/null 2>"$tmp/heapload" || true
			load=$(sed -n 's/.*: full load \([0-9.]*\) s$/\1/p' "$tmp/heapload" | sort -n | tail -1)
			cmp=$(sed -n 's/^compare: .*, \([0-9.]*\) s$/\1/p' "$tmp/heapload")
			grow=$(sed -n 's/^growth: .*, \([0-9.]*\) s$/\1/p' "$tmp/heapload")
			echo "$mb ${load:-?} ${cmp:-?} ${grow:-?}" >"$cache/last-growth.txt"
		fi
	fi
done
cp "$tmp/files" "$files"
cut -d' ' -f1-3 /proc/loadavg >"$cache/last-load.txt"
git -C "$top" rev-parse --short HEAD >"$cache/last-commit.txt" 2>/dev/null || echo unknown >"$cache/last-commit.txt"
cp "$tmp/rows" "$rows"
fi

awk -v load="$(cat "$cache/last-load.txt" 2>/dev/null || echo unknown)" \
    -v cpus="$(nproc)" -v cmd="make bench BENCH_SIZES=\"$(cut -d' ' -f1 "$files" | tr '\n' ' ' | sed 's/ $//')\"" \
    -v when="$(date -u -r "$rows" '+%Y-%m-%d %H:%M UTC')" \
    -v commit="$(cat "$cache/last-commit.txt" 2>/dev/null || echo unknown)" \
    -v steps="$(cat "$cache/last-growth.txt" 2>/dev/null)" '
FNR == NR { bytes[$1] = $2; next }
{
	split($1, p, "@"); tool = p[1]; mb = p[2]
	wall[$1] = $2; cpu[$1] = $3 + $4; rss[$1] = $5 * 1024; st[$1] = $6
	if (!(mb in seen)) { seen[mb] = 1; order[++n] = mb }
}
END {
	print "# Heap snapshot benchmark"
	print ""
	print "Made by `" cmd "` at commit " commit " on " when ", " cpus " cores, load average " load " at the end"
	print "(the machine is shared: wall times grow with the load, CPU times less so)."
	print "Full load = parse, retainers, distances, dominators, retained sizes, classes."
	print "mortem: `mortem --print classes`; heap-snapshot-toolkit 1.1.3: `parse()` and"
	print "`aggregatesWithFilter()`; @memlab/core 2.0.5: `getSnapshotFromFile()` and"
	print "`calculateAllNodesRetainedSizes()`; all on the same files, in the same run."
	print ""
	print "| snapshot | tool | wall s | CPU s | peak RSS MB | RSS / file | toolkit / mortem, wall | toolkit / mortem, CPU |"
	print "|---|---|---:|---:|---:|---:|---:|---:|"
	for (i = 1; i <= n; i++) {
		mb = order[i]; fb = bytes[mb]
		split("mortem toolkit memlab mortem-compare mortem-growth", tools, " ")
		for (t = 1; t <= 5; t++) {
			k = tools[t] "@" mb
			if (!(k in wall)) continue
			ratio = cratio = ""
			if (tools[t] == "toolkit" && (("mortem@" mb) in wall) && wall["mortem@" mb] > 0) {
				ratio = sprintf("%.1fx", wall[k] / wall["mortem@" mb])
				cratio = sprintf("%.1fx", cpu[k] / cpu["mortem@" mb])
			}
			label = tools[t] == "mortem-compare" ? "mortem compare (2 files)" : \
				tools[t] == "mortem-growth" ? "mortem growth (2 files)" : \
				tools[t] == "toolkit" ? "heap-snapshot-toolkit" : \
				tools[t] == "memlab" ? "@memlab/core" : "mortem"
			size = tools[t] ~ /^mortem-(compare|growth)$/ ? 2 * fb : fb
			printf "| %.0f MB | %s%s | %.2f | %.2f | %.0f | %.2f | %s | %s |\n", fb / 1e6, label, \
				st[k] == "ok" ? "" : " (failed)", wall[k], cpu[k], rss[k] / 1e6, rss[k] / size, \
				ratio, cratio
		}
	}
	split(steps, s, " ")
	if (s[4] != "" && s[4] != "?") {
		print ""
		printf "Held by and the growth'"'"'s roots on the %.0f MB pair (bench/heapload, the same passes " \
			"as mortem, one step at a time): %.2f s, after the two loads (in parallel, %.2f s) " \
			"and the comparison (%.2f s): %.0f %% of the loading time. Both `--print compare` " \
			"and `--print growth` include them (the Comparison'"'"'s Held by column).\n", \
			bytes[s[1]] / 1e6, s[4], s[2], s[3], 100 * s[4] / s[2]
	}
}' "$files" "$rows" >"$out"
cat "$top/bench/LIMITS.md" >>"$out"
cat "$out"
