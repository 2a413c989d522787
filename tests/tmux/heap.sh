# tests/tmux/heap.sh: the heap panes on a real terminal (tmux): the same
# keys as tests/headless/heap.sh from launch to the retainers of a new
# object of the class that grew most (through what holds them), then q;
# the Growth pane of a series of three.
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
wait_for '^ 1 Comparison  2 Growth  3 Series  4 Summary  5 Dominators  6 Statistics'
wait_for "^$grew +[0-9,]+ +[0-9,]+ +\+.* global\.$global\.$list\[\]$"
capture
ok; sed -n '5p' "$TMP/pane" | grep -q "^$grew " || fail "first row: $(sed -n '5p' "$TMP/pane")"
keys Enter    # what holds its new objects, the first holder's objects below
wait_for "^$grew: [0-9,]+ new objects by what holds them"
wait_for "^global\.$global\.$list\[\] +[0-9,]+ +100\.0% "
keys Enter
wait_for "^global\.$global\.$list\[\]: [0-9,]+ new objects held this way"
keys Enter
wait_for "^Retainers of $grew @[0-9]+"
wait_for "^  - \.$list in Object @"
wait_for "^    \+ \.$global in global @[0-9]+ +1 "
keys i    # not in this pane: the status line says so, the UI goes on
wait_for "toggle-internal: not in this pane"
keys BSpace BSpace BSpace i
wait_for "all classes, as DevTools lists them"
keys q
wait_exit 0

# A series of three snapshots: the Growth pane's roots, the Series pane.
T kill-server
G="$FIX/growth"
cp "$G/growth-1.heapsnapshot.gz" g1.gz; cp "$G/growth-2.heapsnapshot.gz" g2.gz; cp "$G/growth-3.heapsnapshot.gz" g3.gz
tmux_start 200 40 "$MORTEM" g1.gz g2.gz g3.gz
wait_for '^ 1 Comparison  2 Growth  3 Series '
# each holder beside its class in the Comparison (first and last snapshot)
for want in "Visit .* global\.__visits\[\]" "CacheEntry .* global\.cache\[\]" \
	"Session .* track\.sessions\[\]" "Job .* Registry\.jobs\[\]" \
	"Timeout .*\.timerListMap\[\]\._idleNext( \([0-9.]+ %\))?" "Payload .* onTimer"; do
	wait_for "^$want *\$"
done
keys 2
wait_for "^Function onVisit\(\) .* global\.bus\._events\.visit\[\]$"
wait_for "^Visit +[0-9,]+ +[0-9,]+ +[0-9,]+ +global\.__visits\[\]$"
keys 3
wait_for "^Visit +every step "
wait_for "^Blip  +[0-9,]+ +[0-9,]+ "
keys q
wait_exit 0

# A snapshot that is slow to come: the loading screen shows, and q quits at
# once without waiting for the rest of the file, leaving no copy of it behind.
T kill-server
mkfifo slow
mkdir spool
(gzip -dc "$H/pair-2.heapsnapshot.gz" | head -c 1000000; sleep 5) >slow &
writer=$!
tmux_start 100 10 TMPDIR="$TMP/spool" sh -c "'$MORTEM - <slow'"
wait_for '^ mortem: loading$'
keys q
wait_exit 0
kill "$writer" 2>/dev/null
left=$(ls spool)
[ -z "$left" ] && ok || fail "q while stdin was read left its copy behind: $left"
done_testing
