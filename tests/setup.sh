# tests/setup.sh: tools/setup.sh says what it does. In a scratch copy of the
# source tree, with the packages present (deps finds nothing to install):
# `build` names each phase as it starts and ends and streams make's lines;
# a failing make shows the end of its log; `test`, kept to one suite of one
# test by its knobs, prints each test's line, the suite's counts, the total
# time, and last the `N passed, N failed, N skipped` line CI reads.
# The scratch tree builds without optimisation, to stay cheap.
. "${top_srcdir:-.}/tests/lib.sh"

# Never inside its own scratch run: the scratch suite is one other test.
# make's variables (TESTS=tests/setup.sh of `make check TESTS=...`) must not
# reach the scratch tree's make through the environment.
if [ -n "${MORTEM_SETUP_TEST:-}" ]; then
	fail "tests/setup.sh ran inside its own scratch run"
	done_testing
fi
export MORTEM_SETUP_TEST=1
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

src=$(cd "$top_srcdir" && pwd)
tree=$TMP/tree
mkdir -p "$tree"
# The sources only: no build trees (build/, build-*/ but build-aux/, the
# _build/ and _inst/ of distcheck), no git, no npm cache. The copy is
# writable even when the source tree is not (distcheck).
for f in "$src"/* "$src"/.[!.]*; do
	[ -e "$f" ] || continue
	case ${f##*/} in
	build-aux) ;;
	build|build-*|_build|_inst|.git|autom4te.cache|*.out|*.tar.gz) continue ;;
	Makefile|config.status|config.h|config.log|stamp-h1|mortem) continue ;;
	esac
	cp -Rp "$f" "$tree/"
done
rm -rf "$tree/bench/cache"
chmod -R u+w "$tree"
# A packed source tree (distcheck's) comes with its configure; a clone makes
# it with autoreconf. Either way configure and make run in build/.
rm -rf "$tree/build"
export CFLAGS="-O0 -g0"
# The packages must be there already: the test never installs any.
export SETUP_NO_INSTALL=1
if ! sh "$tree/tools/setup.sh" deps >"$TMP/deps" 2>&1; then
	skip_part "setup.sh: $(tail -n 1 "$TMP/deps")"
	done_testing
fi

# build: each phase said, make's lines streamed, the time of each.
expect_status 0 sh "$tree/tools/setup.sh" build
cp "$TMP/out" "$TMP/build.out"
expect_grep "^setup: deps: the [0-9]+ packages are installed$" "$TMP/build.out"
expect_grep "^setup: configure: in build/ \(log: build/setup-configure\.log, build/config\.log\)$" "$TMP/build.out"
expect_grep "^setup: configure: done in [0-9]+ s$|^setup: configure: done in [0-9]+ min [0-9]+ s$" "$TMP/build.out"
expect_grep "^setup: make: in build/, [0-9]+ jobs \(log: build/setup-make\.log\)$" "$TMP/build.out"
expect_grep "^ +CC +core/report/diff\.o$|^ +CC +core/report/libmortem_core_a-diff\.o$" "$TMP/build.out"
expect_grep "^ +CCLD +mortem$" "$TMP/build.out"
expect_grep "^setup: make: done in " "$TMP/build.out"
expect_grep "^setup: build: build/mortem is ready, in " "$TMP/build.out"
# the phases in their order
ok; order=$(sed -n 's/^setup: \([a-z]*\): .*/\1/p' "$TMP/build.out" | uniq | tr '\n' ' ')
case $order in
"deps autoreconf configure make build "|"deps configure make build ") ;;
*) fail "setup.sh build: phases in the order '$order'" ;;
esac
ok; [ -x "$tree/build/mortem" ] || fail "setup.sh build made no build/mortem"
ok; "$tree/build/mortem" --version >/dev/null || fail "build/mortem --version fails"
# demo: the build is there, nothing to make; then the UI, which says it
# needs a terminal (this test has none).
expect_status 2 sh "$tree/tools/setup.sh" demo </dev/null
expect_grep "^setup: make: done in " "$TMP/out"
expect_grep "^setup: demo: build/mortem samples/report-leak\.json samples/report-pileup\.json \(q quits\)$" "$TMP/out"
expect_grep "^mortem: the UI needs a terminal" "$TMP/err"

# A make that fails: the end of its log, with the compiler's error.
cp "$tree/core/strbuf.c" "$TMP/strbuf.c"
echo '#error planted by tests/setup.sh' >>"$tree/core/strbuf.c"
expect_status 1 sh "$tree/tools/setup.sh" build
expect_grep "^setup: make failed \(exit [0-9]+\); the end of $tree/build/setup-make\.log:$" "$TMP/err"
# gcc writes "error: #error planted...", clang "error: planted..."
expect_grep "strbuf\.c:[0-9]+:[0-9]+: error: (#error )?planted by tests/setup\.sh" "$TMP/err"
expect_no_grep "^setup: make: done" "$TMP/out"
cp "$TMP/strbuf.c" "$tree/core/strbuf.c"

# test, one suite of one test: its line as it ends, the suite's counts, the
# total time, and last the line CI reads.
knobs="SETUP_SUITES=check SETUP_TESTS=tests/doclinks.sh SETUP_CHECK_PROGRAMS= SETUP_CHECK_DIR=build MORTEM_TOOLKIT=$TMP/none"
# shellcheck disable=SC2086 # $knobs: one word per setting
expect_status 0 env $knobs sh "$tree/tools/setup.sh" test
cp "$TMP/out" "$TMP/test.out"
expect_grep "^setup: make check: building in $tree/build \(log: $tree/build\.out\)$" "$TMP/test.out"
expect_grep "^    PASS: tests/doclinks\.sh$" "$TMP/test.out"
expect_grep "^== make check: 1 passed, 0 failed, 0 skipped, in [0-9]+ (min [0-9]+ )?s$" "$TMP/test.out"
expect_grep "^setup: total time [0-9]+ (min [0-9]+ )?s$" "$TMP/test.out"
expect_no_grep "ASan|distcheck|fuzz" "$TMP/test.out"
ok; [ "$(tail -n 1 "$TMP/test.out")" = "1 passed, 0 failed, 0 skipped" ] ||
	fail "setup.sh test: last line '$(tail -n 1 "$TMP/test.out")'"
# the test's line comes before the suite's, the suite's before the total
ok; [ "$(grep -nE '^    PASS: tests/doclinks.sh$|^== make check|^setup: total' "$TMP/test.out" |
	cut -d: -f1 | sort -n | tr '\n' ' ')" = "$(grep -nE '^    PASS: tests/doclinks.sh$|^== make check|^setup: total' \
	"$TMP/test.out" | cut -d: -f1 | tr '\n' ' ')" ] || fail "setup.sh test: lines out of order"

# A failing test: its line, its log's end, and the counts say so.
sed 's/^done_testing$/fail "planted by tests\/setup.sh"; done_testing/' "$src/tests/doclinks.sh" \
	>"$tree/tests/doclinks.sh"
# shellcheck disable=SC2086
expect_status 1 env $knobs sh "$tree/tools/setup.sh" test
expect_grep "^    FAIL: tests/doclinks\.sh$" "$TMP/out"
expect_grep "^FAIL: tests/doclinks\.sh$" "$TMP/out"
expect_grep "^    FAIL: planted by tests/setup\.sh$" "$TMP/out"
expect_grep "^== make check: 0 passed, 1 failed, 0 skipped, in " "$TMP/out"
ok; [ "$(tail -n 1 "$TMP/out")" = "0 passed, 1 failed, 0 skipped" ] ||
	fail "setup.sh test with a failure: last line '$(tail -n 1 "$TMP/out")'"

done_testing
