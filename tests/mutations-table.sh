# tests/mutations-table.sh: every planted bug of tests/mutations.sh (`make
# check-mutations`, minutes) still plants: its sed script changes its file
# and its tests exist. A table gone stale with the code would let the
# planted-bug run pass bugs it no longer plants.
. "$(dirname "$0")/lib.sh"
MUTATIONS_TABLE_ONLY=1 sh "$top_srcdir/tests/mutations.sh" "$top_srcdir" >"$TMP/out" 2>&1
status=$?
ok
[ $status -eq 0 ] || fail "tests/mutations.sh's table is stale: $(grep STALE "$TMP/out" | tr '\n' ' ')"
ok
[ "$(grep -c '^plants: ' "$TMP/out")" -ge 10 ] || fail "fewer than 10 planted bugs: $(cat "$TMP/out")"
done_testing
