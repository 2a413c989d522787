# tests/tmux/terminal.sh: terminal habits on a real terminal (tmux): Ctrl-Z
# suspends mortem to an interactive shell and fg brings the screen back as
# it was (at the terminal's new size when it changed meanwhile); ← and →
# scroll rows that do not fit; meter bars show under NO_COLOR; a report
# beside a heap snapshot keeps its own panes.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tmux/lib.sh"

cd "$TMP" || exit 1
gzip -dc "$FIX/reports/leak.json.gz" >leak.json
cp "$FIX/heap/pair-1.heapsnapshot.gz" one.heapsnapshot.gz
port=$(sed -n 's/^leak.port=//p' "$FIX/reports/manifest.txt")
mkdir -p config

# Ctrl-Z from an interactive shell (sh -i has job control), then fg.
tmux_start 100 20 env PS1="'shell\$ '" sh -i
wait_for '^shell\$'
keys "$MORTEM leak.json" Enter
wait_for '^ 1 Overview  2 Triage'
keys 6 j j
wait_for '^ Handles  3/6 '
keys C-z
wait_for 'Stopped'
wait_for '^shell\$ *$'
capture
expect_no_grep '^ Handles  3/6 ' "$TMP/pane"
# The terminal is the shell's: a command runs and prints.
# shellcheck disable=SC2016 # (the shell in the pane expands it)
keys 'echo still-$((6 * 7))' Enter
wait_for '^still-42$'
# Resized while stopped: fg draws at the new size, the same pane and row.
T resize-window -t t -x 90 -y 18
keys fg Enter
wait_for '^ Handles  3/6 .*\? help$'
wait_for "^\+ tcp out 127\.0\.0\.1:$port "
ok   # (" ? help " ends one blank short of the edge)
width=$(grep '^ Handles  3/6 ' "$TMP/pane" | awk '{ print length($0) }')
[ "$width" = 89 ] || fail "the status line ends at column $width after fg, want 89 of 90"
expect_no_grep '^still-42$' "$TMP/pane"
# ... and it still takes keys, then quits to the shell.
keys j
wait_for '^ Handles  4/6 '
keys q
wait_for '^shell\$ *$'
keys exit Enter
wait_exit 0

# Sideways: help at 80 columns cuts its long lines; → shows their ends,
# ← comes back, and zl / zh do the same.
tmux_start 80 24 "$MORTEM" leak.json
wait_for '^ 1 Overview  2 Triage'
keys '?'
wait_for '^<Enter> l +enter +Expand or collapse the row, or open w.*…$'
wait_for '^ Help  1/[0-9]+  ←0 →[1-9]'
keys Right
wait_for 'row, or open what it points to$'
wait_for '^ Help  1/[0-9]+  ←[1-9][0-9]* →'
keys Left
wait_for '^ Help  1/[0-9]+  ←0 →[1-9]'
keys z l
wait_for 'row, or open what it points to$'
keys z h
wait_for '^ Help  1/[0-9]+  ←0 →[1-9]'
keys q q
wait_exit 0

# Meter bars are characters: they show with NO_COLOR.
tmux_start 110 20 env NO_COLOR=1 "$MORTEM" leak.json
wait_for '^ 1 Overview  2 Triage'
keys 5
wait_for '^old_space .* \[\|{10,} *100%\]$'
wait_for '^new_space .* \[\|+ +[0-9]+%\]$'
keys q
wait_exit 0

# A report beside a heap snapshot: each side its own panes; the tab line
# follows the keyboard.
tmux_start 120 16 "$MORTEM" leak.json one.heapsnapshot.gz
wait_for '│ one\.heapsnapshot\.gz › Summary$'
wait_for '^ 1 Overview  2 Triage'
keys w
wait_for '^ 1 Summary  2 Dominators  3 Statistics'
keys 3
wait_for '^ leak\.json › Overview +│ one\.heapsnapshot\.gz › Statistics$'
wait_for '│Total +[0-9,]+ .*\[\|+100\.0%\]$'
keys q
wait_exit 0

# Every tab of every kind at 80, 120 and 200 columns on the terminal: no
# line wider than the terminal, no number cut (+1,950,0…).
gzip -dc "$FIX/reports/pileup.json.gz" >pileup.json
cp "$FIX/heap/pair-2.heapsnapshot.gz" two.heapsnapshot.gz
cp "$FIX/cores/crash-segv.core.gz" segv.core.gz
gzip -dc "$FIX/cores/crash.gz" >crash
chmod +x crash
cut_number='(^|[ │])([+-][0-9][0-9,]*|[0-9]{1,3}(,[0-9]{0,3})+)…'
titles() { "$MORTEM" --list-panes | awk -F '\t' -v k="$1" '$1 == k && $4 !~ /not a tab/ { print $3 }'; }
for width in 80 120 200; do
	for kind in report snapshot core; do
		case $kind in
		report) files="leak.json pileup.json" ;;
		snapshot) files="one.heapsnapshot.gz two.heapsnapshot.gz" ;;
		core) files="--exe crash segv.core.gz" ;;
		esac
		# shellcheck disable=SC2086
		tmux_start "$width" 30 "$MORTEM" $files
		titles "$kind" >"$TMP/titles"
		while IFS= read -r title; do
			wait_for "› $title( |$)" || break
			capture
			ok
			wide=$(LC_ALL=C.UTF-8 wc -L <"$TMP/pane")
			[ "$wide" -le "$width" ] || fail "$kind $title at $width: a line $wide wide"
			ok
			! grep -Eq "$cut_number" "$TMP/pane" || fail "$kind $title at $width: a number is cut"
			keys Tab
		done <"$TMP/titles"
		keys q
		wait_exit 0
	done
done

done_testing
