# tests/tmux/report.sh: mortem on a real terminal (tmux) with a committed
# report: open it, reach the handles pane, open a group, search, filter,
# open help, resize, quit; then a report on a slow stdin.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tmux/lib.sh"

cd "$TMP" || exit 1
gzip -dc "$FIX/reports/leak.json.gz" >leak.json
port=$(sed -n 's/^leak.port=//p' "$FIX/reports/manifest.txt")
sockets=$(sed -n 's/^leak.sockets=//p' "$FIX/reports/manifest.txt")
pid=$(sed -n 's/^ *"processId": \([0-9]*\),$/\1/p' leak.json | head -1)
mkdir -p config

tmux_start 110 30 "$MORTEM" leak.json
wait_for '^ 1 Overview  2 Triage'
wait_for "^PID +$pid$"
keys 6
wait_for "^\+ tcp out 127.0.0.1:$port +$sockets "
keys Enter
wait_for "^ Handles  1/$((sockets + 6)) "
keys / 1 2 7 . 0 . 0 . 1 : $port Space Enter
wait_for "^ Handles  2/$((sockets + 6))  search /127.0.0.1:$port /"
keys n n
wait_for "^ Handles  4/$((sockets + 6)) "
keys '&' i d l e Enter
wait_for "^ Handles  1/1  filter /idle/"
keys Escape
sleep 0.3
keys '?'
wait_for '^<Right> zl +scroll-right +Scroll sideways'
T resize-window -t t -x 70 -y 14
wait_for '^ Help  1/[0-9]+ +(←0 →[0-9]+ +)?\? help$'   # (the rows cut: → shows the rest)
T resize-window -t t -x 30 -y 5
wait_for '^Terminal too small$'
T resize-window -t t -x 100 -y 25
wait_for '^ Help  1/'
keys q
wait_for '^ Handles  [0-9]+/'
keys q
wait_exit 0
# The terminal is given back: the UI's screen is gone.
capture
expect_no_grep '^ Handles  ' "$TMP/pane"

# A report on stdin that is slow to come: the loading screen shows while
# it is read, then the UI, with keys from the terminal (a key typed
# while loading counts).
mkfifo slow
tmux_start 100 20 sh -c "'cat slow | $MORTEM -'"
wait_for '^ mortem: loading$'
wait_for '^ opening: -'
keys 6    # typed ahead, while loading
timeout 10 sh -c 'cat leak.json >slow'   # never blocks: the reader may be gone
wait_for "^\+ tcp out 127.0.0.1:$port "
keys q
wait_exit 0

done_testing
