# tests/lib.sh: helpers for the shell tests. Source it; call `done_testing` last.
# $MORTEM, $top_srcdir and $top_builddir come from `make check`.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${MORTEM:=$top_builddir/mortem}"
FIX="$top_srcdir/tests/fixtures"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mortem-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
t_run=0
t_fail=0
t_skip=0

fail() { t_fail=$((t_fail + 1)); echo "FAIL: $*" >&2; }
# commas N: N as mortem writes counts, 1,234,567.
commas() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }
ok() { t_run=$((t_run + 1)); }

# skip_part REASON: a part of the test not run (a tool missing here). One
# line "SKIPPED: REASON" (tools/setup.sh counts and shows these), and
# counted by done_testing; under CI=true, where everything is installed, a
# skipped part fails the test.
skip_part() {
	t_skip=$((t_skip + 1))
	echo "SKIPPED: $*"
}

# expect_status WANT CMD...: run CMD, its status must be WANT.
expect_status() {
	want=$1; shift
	ok
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	[ "$got" = "$want" ] || fail "$*: exit $got, want $want; stderr: $(head -c 300 "$TMP/err")"
}

# expect_grep PATTERN FILE: FILE must match the extended regex PATTERN.
expect_grep() {
	ok
	grep -Eq -- "$1" "$2" || fail "'$1' not in $2: $(head -c 400 "$2")"
}

expect_no_grep() {
	ok
	! grep -Eq -- "$1" "$2" || fail "'$1' unexpectedly in $2"
}

# expect_lines N FILE: FILE has exactly N lines.
expect_lines() {
	ok
	n=$(wc -l <"$2")
	[ "$n" -eq "$1" ] || fail "$2 has $n lines, want $1"
}

done_testing() {
	echo "$t_run checks, $t_fail failed, $t_skip parts skipped"
	if [ "$t_skip" -gt 0 ] && [ "${CI:-}" = true ]; then
		echo "FAIL: $t_skip parts skipped under CI=true, where nothing should be missing" >&2
		t_fail=$((t_fail + t_skip))
	fi
	[ "$t_fail" -eq 0 ]
	exit $?
}
