# tests/tmux/lib.sh: driving a program on a real terminal inside a private
# tmux server. Source after tests/lib.sh. Skips (77) only when tmux is absent.
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed: skipped"; exit 77; }
# Each session gets its own server (socket): a server being killed cannot
# race the next one.
nsock=0
SOCK="mortem-test-$$-0"
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
kill_servers() {
	i=0
	while [ $i -le $nsock ]; do
		tmux -L "mortem-test-$$-$i" kill-server 2>/dev/null
		i=$((i + 1))
	done
}
trap 'kill_servers; rm -rf "$TMP"' EXIT

# tmux_start COLS ROWS CMD...: run CMD in a new session of that size; its
# exit status goes to $TMP/status (tmux's own pane_dead_status is racy).
tmux_start() {
	cols=$1 rows=$2; shift 2
	T kill-server 2>/dev/null
	nsock=$((nsock + 1))
	SOCK="mortem-test-$$-$nsock"
	rm -f "$TMP/status"
	T new-session -d -s t -x "$cols" -y "$rows" \
		"env -u NO_COLOR LANG=C.UTF-8 TERM=xterm-256color XDG_CONFIG_HOME=$TMP/config $*; echo \$? >$TMP/status"
	T set-option -t t remain-on-exit on
}

capture() { T capture-pane -p -t t >"$TMP/pane" 2>/dev/null; }

# wait_for REGEX: until the pane shows a line matching REGEX (15 s at most:
# the machine may be busy).
wait_for() {
	ok
	i=0
	while [ $i -lt 150 ]; do
		capture
		grep -Eq -- "$1" "$TMP/pane" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "waited for '$1'; the pane shows:"
	cat "$TMP/pane" >&2
	return 1
}

keys() { T send-keys -t t "$@"; }

# wait_exit STATUS: the program ended with STATUS.
wait_exit() {
	ok
	i=0
	while [ $i -lt 150 ] && ! [ -s "$TMP/status" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	got=$(cat "$TMP/status" 2>/dev/null)
	[ "$got" = "$1" ] || fail "exit status '$got', want $1"
}
