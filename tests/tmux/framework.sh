# tests/tmux/framework.sh: the UI framework on a real terminal (tmux):
# open a report, reach the handles pane, search, filter, open help,
# resize, quit. Keys go through tmux send-keys, screens come back with
# capture-pane.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tmux/lib.sh"
D="$top_builddir/tests/headless/tui_driver"

cd "$TMP" || exit 1
gzip -dc "$FIX/tui/report.json.gz" >report.json
ntcp=$(grep -c '^      "type": "tcp",' report.json)
mkdir -p config

tmux_start 100 30 "$D" tty - report.json
wait_for '^ 1 Tree  2 Handles  3 Big'
wait_for '^ Tree  1/[0-9]+ '
keys 2
wait_for '^ Handles  1/[0-9]+ '
wait_for '^ ↳ Fields'
keys j j
wait_for '^ Handles  3/'
keys / t c p Enter
wait_for '^tcp  '
wait_for '^ Handles  [0-9]+/[0-9]+  search /tcp/'
# The matches are marked: "tcp" on a yellow background (SGR 43) on rows
# that are not selected.
ok
T capture-pane -e -p -t t >"$TMP/pane.esc"
grep -v "$(printf '\033')\[7m" "$TMP/pane.esc" | grep -q "$(printf '\033')\[43mtcp" ||
	fail "search matches are not marked"
keys '&' t c p Enter
wait_for "^ Handles  1/$ntcp  filter /tcp/"
keys Escape
keys '?'
wait_for '^j <Down> <C-n> <C-e> +move-down'
T resize-window -t t -x 60 -y 15
wait_for '^ Help  1/[0-9]+ +(←0 →[0-9]+ +)?\? help$'   # (the rows cut: → shows the rest)
T resize-window -t t -x 30 -y 6
wait_for '^Terminal too small'
T resize-window -t t -x 90 -y 25
wait_for '^ Help  1/'
keys q
wait_for '^ Handles  [0-9]+/[0-9]+ +\? help$'
keys q
wait_exit 0

# NO_COLOR: the same search, marked without colours.
tmux_start 100 30 NO_COLOR=1 "$D" tty - report.json
wait_for '^ Tree  1/[0-9]+ '
keys 2 / t c p Enter
wait_for '^ Handles  [0-9]+/[0-9]+  search /tcp/'
T capture-pane -e -p -t t >"$TMP/pane.esc"
expect_no_grep "$(printf '\033')\\[[0-9;]*(3[0-7]|4[0-7])m" "$TMP/pane.esc"
expect_grep "$(printf '\033')\\[[0-9;]*4mtcp" "$TMP/pane.esc"
keys q
wait_exit 0

done_testing
