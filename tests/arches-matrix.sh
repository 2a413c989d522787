# tests/arches-matrix.sh (make check-arches): every machine and every way of
# dying, made now under qemu-user by tests/fixtures/cores/arches/
# make-arches.sh, checked by tests/arches.sh; then a dynamically linked
# aarch64 program whose libraries mortem finds through the dynamic linker's
# r_debug list under --sysroot (Debian's cross C library). Needs the cross
# compilers, qemu-user and elfutils; mips also gdb-multiarch (the packages:
# doc/cores.md; tools/setup.sh does not install them).
. "${top_srcdir:-.}/tests/lib.sh"
MAKE_ARCHES=$top_srcdir/tests/fixtures/cores/arches/make-arches.sh

for tool in qemu-aarch64 aarch64-linux-gnu-gcc eu-stack eu-readelf; do
	command -v "$tool" >/dev/null 2>&1 || { skip_part "no $tool: the architecture matrix is not run"; done_testing; exit; }
done
mkdir -p "$TMP/arches"
arches="aarch64 armhf i386 ppc64el s390x"
m68k-linux-gnu-gcc --version >/dev/null 2>&1 && arches="$arches m68k"
mips="mips mipsel mips64el mips64"
for tool in gdb-multiarch mips-linux-gnu-gcc mipsel-linux-gnu-gcc mips64el-linux-gnuabi64-gcc \
	mips64-linux-gnuabi64-gcc; do
	command -v "$tool" >/dev/null 2>&1 || mips=
done
[ -n "$mips" ] || skip_part "no gdb-multiarch or mips cross compilers: mips is not made afresh"
ok
sh "$MAKE_ARCHES" "$TMP/arches" $arches $mips >"$TMP/make.log" 2>&1 ||
	fail "make-arches.sh failed: $(tail -3 "$TMP/make.log" | tr '\n' ';')"
ok
ARCHES_DIR=$TMP/arches sh "$top_srcdir/tests/arches.sh" >"$TMP/arches.log" 2>&1 ||
	fail "tests/arches.sh on the fresh cores: $(grep FAIL "$TMP/arches.log" | head -5 | tr '\n' ';')"

# Dynamically linked, libraries under --sysroot.
root=/usr/aarch64-linux-gnu
mkdir -p "$TMP/dyn"
cd "$TMP/dyn"
aarch64-linux-gnu-gcc -O0 -pthread -o arches-dyn "$top_srcdir/tests/fixtures/cores/arches/arches.c"
(ulimit -c unlimited; qemu-aarch64 -L "$root" ./arches-dyn abort) >/dev/null 2>&1 || true
rm -f core
core=$(ls qemu_*.core 2>/dev/null | head -1)
cd - >/dev/null
ok
if [ -z "$core" ]; then
	fail "the dynamic aarch64 program left no core"
else
	expect_status 0 "$MORTEM" --print backtrace --exe "$TMP/dyn/arches-dyn" --sysroot "$root" \
		"$TMP/dyn/$core"
	expect_grep 'raise\+0x[0-9a-f]+ +libc\.so\.6 +cfi$' "$TMP/out"
	expect_grep 'abort_here\+0x[0-9a-f]+ +arches-dyn +cfi$' "$TMP/out"
	expect_grep 'main\+0x[0-9a-f]+ +arches-dyn +cfi$' "$TMP/out"
	expect_grep '__libc_start_main\+0x[0-9a-f]+ +libc\.so\.6 +cfi$' "$TMP/out"
	expect_status 0 "$MORTEM" --print mappings --exe "$TMP/dyn/arches-dyn" --sysroot "$root" \
		"$TMP/dyn/$core"
	expect_grep 'r-x .* /lib/ld-linux-aarch64\.so\.1$' "$TMP/out"
fi
done_testing
