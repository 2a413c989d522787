# tests/screenshots.sh: screenshots/ shows what mortem shows now. The
# screens are made again into a scratch folder by screenshots/make.sh (as
# `make screenshots` does) and must equal the committed ones, file for
# file: a change to a pane that left them stale fails here.
. "$(dirname "$0")/lib.sh"
# A scratch top folder with the inputs linked in: the screens name their
# files by relative paths, and the source tree may be read-only (distcheck).
mkdir -p "$TMP/top/screenshots"
ln -s "$top_srcdir/samples" "$TMP/top/samples"
ln -s "$top_srcdir/tests" "$TMP/top/tests"
sh "$top_srcdir/screenshots/make.sh" "$MORTEM" "$TMP/top" >/dev/null 2>"$TMP/make.err" ||
	fail "screenshots/make.sh failed: $(head -c 300 "$TMP/make.err")"
mv "$TMP/top/screenshots" "$TMP/shots"
for f in "$TMP"/shots/*.txt; do
	name=$(basename "$f")
	ok
	if [ ! -f "$top_srcdir/screenshots/$name" ]; then
		fail "screenshots/$name is missing: run make screenshots"
	elif ! cmp -s "$f" "$top_srcdir/screenshots/$name"; then
		fail "screenshots/$name is stale: run make screenshots"
		diff "$top_srcdir/screenshots/$name" "$f" | head -6 >&2
	fi
done
for f in "$top_srcdir"/screenshots/*.txt; do
	ok
	[ -f "$TMP/shots/$(basename "$f")" ] ||
		fail "screenshots/$(basename "$f") is no longer made: remove it"
done
done_testing
