# tests/tmux/heap.sh: the heap panes on a real terminal (tmux): the same
# keys as tests/headless/heap.sh from launch to the retainers of a new
# object of the class that grew most, then q.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tmux/lib.sh"
H="$FIX/heap"

cd "$TMP" || exit 1
mkdir -p config
cp "$H/pair-1.heapsnapshot.gz" one.heapsnapshot.gz
cp "$H/pair-2.heapsnapshot.gz" two.heapsnapshot.gz
manifest() {
	sed -n "/\"$1\": {/,/}/p" "$H/manifest.json" | sed -n "s/^ *\"$2\": \([0-9]*\),\{0,1\}$/\1/p"
}
grew= best=-1
for c in $(sed -n '/"new": {/,/}/p' "$H/manifest.json" | sed -n 's/^ *"\(Mortem[A-Za-z]*\)": .*/\1/p'); do
	d=$(( $(manifest new "$c") - $(manifest deleted "$c") ))
	[ "$d" -gt "$best" ] && best=$d grew=$c
done
list=$(sed -n "s/^make($grew, [0-9]*, keep\.\([a-z]*\));$/\1/p" "$H/make-pair.js" | head -n 1)
global=$(sed -n 's/^globalThis\.\([A-Za-z]*\) = keep;$/\1/p' "$H/make-pair.js")

tmux_start 120 40 "$MORTEM" one.heapsnapshot.gz two.heapsnapshot.gz
wait_for '^ 1 Comparison  2 Summary  3 Dominators  4 Statistics'
wait_for "^$grew +[0-9,]+ +[0-9,]+ +\+"
capture
ok; sed -n '5p' "$TMP/pane" | grep -q "^$grew " || fail "first row: $(sed -n '5p' "$TMP/pane")"
keys Enter
wait_for "^$grew: [0-9,]+ new objects"
keys Enter
wait_for "^Retainers of $grew @[0-9]+"
wait_for "^  - \.$list in Object @"
wait_for "^    \+ \.$global in global @[0-9]+ +1 "
keys i    # not in this pane: the status line says so, the UI goes on
wait_for "toggle-internal: not in this pane"
keys BSpace BSpace i
wait_for "all classes, as DevTools lists them"
keys q
wait_exit 0

# A snapshot that is slow to come: the loading screen shows, and q quits at
# once without waiting for the rest of the file.
T kill-server
mkfifo slow
(gzip -dc "$H/pair-2.heapsnapshot.gz" | head -c 1000000; sleep 5) >slow &
writer=$!
tmux_start 100 10 sh -c "'$MORTEM - <slow'"
wait_for '^ mortem: loading$'
keys q
wait_exit 0
kill "$writer" 2>/dev/null
done_testing
