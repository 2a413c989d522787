#!/bin/sh
# screenshots/make.sh MORTEM TOP: remake TOP/screenshots/<pane>.txt, one
# headless screen per pane of the sample reports, with the renderer the UI
# tests use (`make screenshots` runs this). help.txt is the help pane.
set -eu
mortem=$1
cd "$2"
size=${SCREENSHOT_SIZE:-110x34}
one=samples/report-leak.json
two=samples/report-pileup.json
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC XDG_CONFIG_HOME=/nonexistent

# The pane names, as the usage error of --print lists them.
names=$("$mortem" --print '?' "$one" "$two" 2>&1 >/dev/null |
	sed -n 's/.*(panes: \(.*\))$/\1/p' | tr -d ',')
[ -n "$names" ] || { echo "screenshots: no panes found" >&2; exit 1; }
# Keys that show a pane at its most telling (a group opened).
keys_for() {
	case $1 in
	handles) echo '<Enter>' ;;
	*) echo '' ;;
	esac
}

made=0
for pane in $names; do
	keys=$(keys_for "$pane")
	if "$mortem" --headless "$size" --keys "$keys" --pane "$pane" "$one" \
		>"screenshots/$pane.txt" 2>/dev/null ||
	   "$mortem" --headless "$size" --keys "$keys" --pane "$pane" "$one" "$two" \
		>"screenshots/$pane.txt" 2>/dev/null; then
		made=$((made + 1))
	else
		rm -f "screenshots/$pane.txt"   # reached by Enter only, not a tab
	fi
done
"$mortem" --headless "$size" --keys '?' "$one" >screenshots/help.txt
"$mortem" --headless "$size" --keys '' "$one" "$two" >screenshots/side-by-side.txt
echo "screenshots: $made panes, help and side-by-side in screenshots/"
# The heap panes over the committed pair of snapshots, in the order of the
# README's two-snapshot workflow: Comparison, a class's new objects with
# their retainers, Summary with the retainers of an object, the dominator
# tree, Statistics.
h1=tests/fixtures/heap/pair-1.heapsnapshot.gz h2=tests/fixtures/heap/pair-2.heapsnapshot.gz
"$mortem" --headless "$size" --keys '' "$h1" "$h2" >screenshots/heap-1-comparison.txt
"$mortem" --headless "$size" --keys '<Enter>' "$h1" "$h2" >screenshots/heap-2-new-objects.txt
"$mortem" --headless "$size" --keys '&^MortemGamma$<Enter><Enter>' "$h2" \
	>screenshots/heap-3-summary-retainers.txt
"$mortem" --headless "$size" --keys 'j<Enter>' --pane domtree "$h2" \
	>screenshots/heap-4-dominators.txt
"$mortem" --headless "$size" --keys '' --pane stats "$h2" >screenshots/heap-5-statistics.txt
echo "screenshots: heap-1 to heap-5, the two-snapshot workflow"
