# tests/headless/lib.sh: screen tests. Source after tests/lib.sh.
#
#   expect_screen NAME CMD...   run CMD (it prints a headless screen) and
#                               compare with tests/headless/<dir>/NAME.screen
#
# MORTEM_REGEN=1 rewrites the expected screens instead (then review them
# with git diff). A failure shows the diff and that command. Under CI=true
# MORTEM_REGEN is ignored (said once in the log): there the screens are
# compared, never rewritten from mortem's own output.
: "${SCREEN_DIR:?set SCREEN_DIR to the folder of expected screens}"
if [ "${MORTEM_REGEN:-}" = 1 ] && [ "${CI:-}" = true ]; then
	echo "note: MORTEM_REGEN=1 ignored under CI=true: the screens are compared, not rewritten"
	MORTEM_REGEN=
fi
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC NO_COLOR=1
XDG_CONFIG_HOME="$TMP/config"
export XDG_CONFIG_HOME
mkdir -p "$XDG_CONFIG_HOME"

expect_screen() {
	name=$1; shift
	ok
	want="$SCREEN_DIR/$name.screen"
	if ! "$@" >"$TMP/screen" 2>"$TMP/screen.err"; then
		fail "$name: exit $?: $(head -c 300 "$TMP/screen.err")"
		return
	fi
	if [ "${MORTEM_REGEN:-}" = 1 ]; then
		cp "$TMP/screen" "$want"
		return
	fi
	if ! diff -u "$want" "$TMP/screen" >"$TMP/screen.diff" 2>&1; then
		fail "$name: screen differs (MORTEM_REGEN=1 make check rewrites it):"
		cat "$TMP/screen.diff" >&2
	fi
}

# screen_line N: line N of the last screen.
screen_line() {
	sed -n "${1}p" "$TMP/screen"
}

# status_line: the last line of the last screen.
status_line() {
	tail -n 1 "$TMP/screen"
}
