# tests/tmux/capture.sh: `mortem --capture PID` on a real terminal: the
# warning that the inspector is open, the live progress line, then
# the UI on the Comparison of the two snapshots; q leaves, the process goes
# on without its inspector.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tmux/lib.sh"

# --inspect-port=0: SIGUSR1 opens the inspector on a port of its own, so
# this test and tests/capture.sh (9229) may run at once.
node --inspect-port=0 "$FIX/capture/leak.js" 500 1000 >"$TMP/leak.out" 2>&1 &
leak=$!
trap 'kill "$leak" 2>/dev/null; kill_servers; rm -rf "$TMP"' EXIT
for _ in $(seq 100); do
	grep -q ready "$TMP/leak.out" && break
	sleep 0.1
done

tmux_start 110 20 "$MORTEM" --capture "$leak" --snapshots 2 --interval 4s --out "$TMP/cap"
wait_for '^inspector opened on 127\.0\.0\.1:[0-9]+ \(anyone on this host can connect until mortem closes it\)$'
wait_for '^snapshot 2 in [1-4] s \(inspector closed meanwhile\)$'
wait_for '^ 1 Comparison '
wait_for '^ *LeakedRequest +[0-9,]+ +0 +\+[0-9,]+ '
keys q
wait_exit 0
ok
kill -0 "$leak" 2>/dev/null || fail "leak.js is gone"
ok
[ -e "$TMP/cap/snapshot-2.heapsnapshot.gz" ] && [ -e "$TMP/cap/report.json" ] ||
	fail "the capture wrote $(ls "$TMP/cap" | tr '\n' ' ')"
done_testing
