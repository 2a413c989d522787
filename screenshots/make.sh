#!/bin/sh
# screenshots/make.sh MORTEM TOP [OUT]: remake TOP/screenshots/ (or OUT),
# one headless screen per pane, with the renderer the UI tests use (`make
# screenshots` runs this; tests/screenshots.sh runs it in a scratch TOP and
# compares):
#   <pane>.txt        the panes of the sample reports (samples/)
#   heap-<pane>.txt   the panes of the committed heap snapshots
#   core-<pane>.txt   the panes of a committed core of a crashing program
#   help.txt, side-by-side.txt
set -eu
mortem=$1
cd "$2"
out_dir=${3:-screenshots}
mkdir -p "$out_dir"
size=${SCREENSHOT_SIZE:-110x34}
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC XDG_CONFIG_HOME=/nonexistent
tmp=screenshots/.exe   # a fixed path: the core panes name the executable
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

# Keys that show a pane at its most telling (a group opened).
keys_for() {
	case $1 in
	handles) echo '<Enter>' ;;
	*) echo '' ;;
	esac
}

# shoot PREFIX KIND FILE FILE2 [OPTION...]: every tab of KIND (as
# --list-panes names them), opened on FILE alone or, for two-file panes,
# with FILE2.
shoot() {
	prefix=$1 kind=$2 one=$3 two=$4
	shift 4
	names=$("$mortem" --list-panes | awk -F '\t' -v k="$kind" \
		'$1 == k && $4 !~ /not a tab/ { print $2 }')
	[ -n "$names" ] || { echo "screenshots: no panes for $one" >&2; exit 1; }
	for pane in $names; do
		out="$out_dir/$prefix$pane.txt"
		keys=$(keys_for "$pane")
		if "$mortem" "$@" --headless "$size" --keys "$keys" --pane "$pane" "$one" \
			>"$out" 2>/dev/null ||
		   "$mortem" "$@" --headless "$size" --keys "$keys" --pane "$pane" "$one" "$two" \
			>"$out" 2>/dev/null; then
			made=$((made + 1))
		else
			rm -f "$out"   # reached by Enter only, not a tab
		fi
	done
}

made=0
shoot "" report samples/report-leak.json samples/report-pileup.json
heap=tests/fixtures/heap
shoot heap- snapshot "$heap/pair-1.heapsnapshot.gz" "$heap/pair-2.heapsnapshot.gz"
gzip -dc tests/fixtures/cores/crash.gz >"$tmp/crash"
chmod +x "$tmp/crash"
shoot core- core tests/fixtures/cores/crash-segv.core.gz tests/fixtures/cores/crash-abort.core.gz \
	--exe "$tmp/crash"
"$mortem" --headless "$size" --keys '?' samples/report-leak.json >"$out_dir/help.txt"
"$mortem" --headless "$size" --keys '' samples/report-leak.json samples/report-pileup.json \
	>"$out_dir/side-by-side.txt"
echo "screenshots: $made panes, help and side-by-side in $out_dir/"
# The heap panes over the committed pair of snapshots, in the order of the
# README's two-snapshot workflow: Comparison, a class's new objects with
# their retainers, Summary with the retainers of an object, the dominator
# tree, Statistics.
h1=tests/fixtures/heap/pair-1.heapsnapshot.gz h2=tests/fixtures/heap/pair-2.heapsnapshot.gz
"$mortem" --headless "$size" --keys '' "$h1" "$h2" >"$out_dir/heap-1-comparison.txt"
"$mortem" --headless "$size" --keys '<Enter>' "$h1" "$h2" >"$out_dir/heap-2-new-objects.txt"
"$mortem" --headless "$size" --keys '&^MortemGamma$<Enter><Enter>' "$h2" \
	>"$out_dir/heap-3-summary-retainers.txt"
"$mortem" --headless "$size" --keys 'j<Enter>' --pane domtree "$h2" \
	>"$out_dir/heap-4-dominators.txt"
"$mortem" --headless "$size" --keys '' --pane statistics "$h2" >"$out_dir/heap-5-statistics.txt"
echo "screenshots: heap-1 to heap-5, the two-snapshot workflow"
