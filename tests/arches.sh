# tests/arches.sh: cores of other machines (qemu-user's, no NT_FILE): the
# committed ones in tests/fixtures/cores/arches (one case of each machine:
# 64- and 32-bit, little- and big-endian), or those in $ARCHES_DIR (made
# by make-arches.sh for `make check-arches`). For each core, against its
# .expect (what elfutils read from it):
#  - the threads, their signals, each thread's pc register (named as the
#    architecture names it) and every register eu-readelf -n shows equal
#    its values;
#  - the crashing thread's frames and eu-stack's: frame 0 is the same, and
#    one list is the other with frames left out (eu-stack, without the
#    executable's CFI, adds link-register guesses or stops early);
#  - the frames name the leaf, its caller and main, with four limits of
#    what these cores and elfutils 0.188 give (see doc/cores.md):
#    s390x's leaf functions keep the stack pointer in a floating-point
#    register that qemu's cores do not hold (leaf and caller only); arm's C
#    library has only .ARM.exidx, which libdwfl does not read (abort: frame
#    0 only); qemu-i386's cores hold the whole executable, which libdwfl
#    then takes from memory without its .eh_frame (abort: frame 0 and a
#    scanned caller); m68k's abort() in the C library has no CFI (abort:
#    raise and abort);
#  - the overview's verdict names the function;
#  - mips (o32 mips and mipsel, n64 mips64 and mips64el), which elfutils
#    0.188 neither decodes nor unwinds: the .expect is gdb's (registers,
#    pcs, frames with names; make-arches.sh), and each thread's backtrace
#    is its pc, named as gdb names frame 0, with a note that it was not
#    unwound past it.
. "${top_srcdir:-.}/tests/lib.sh"
DIR=${ARCHES_DIR:-$top_srcdir/tests/fixtures/cores/arches}

# The register that holds the pc, as mortem names it.
pc_reg() {
	case $1 in
	aarch64) echo pc ;; armhf) echo 'r15 (pc)' ;; i386) echo eip ;;
	ppc64el) echo nip ;; s390x) echo pswa ;; m68k) echo pc ;; mips*) echo epc ;;
	esac
}

# halves VALUE WIDE: a register's value (hex, or decimal that may be
# negative) as its two 32-bit halves in decimal, the high one 0 unless WIDE:
# the shell's arithmetic is signed 64-bit and takes no larger hex.
halves() {
	case $1 in
	0x*) h=${1#0x}
	     while [ ${#h} -lt 16 ]; do h=0$h; done
	     lo=$((0x$(echo "$h" | cut -c9-16))) hi=$((0x$(echo "$h" | cut -c1-8))) ;;
	*) lo=$(($1 & 4294967295)) hi=$((($1 >> 32) & 4294967295)) ;;
	esac
	[ "$2" = 1 ] || hi=0
	echo "$hi $lo"
}

# subsequence A B: the lines of file A appear in file B in order.
subsequence() {
	awk 'BEGIN { n = 0; i = 0 } NR == FNR { want[n++] = $0; next } i < n && $0 == want[i] { i++ }
		END { exit i < n }' "$1" "$2"
}

ncases=0
for core in "$DIR"/arches-*-*.core.gz; do
	[ -e "$core" ] || continue
	ncases=$((ncases + 1))
	name=$(basename "$core" .core.gz)
	arch=${name#arches-}; arch=${arch%-*}
	mode=${name##*-}
	expect=$DIR/$name.expect
	gzip -dc "$DIR/arches-$arch.gz" >"$TMP/exe-$arch"
	chmod +x "$TMP/exe-$arch"
	exe=$TMP/exe-$arch
	ref=eu-readelf
	case $arch in mips*) ref=gdb ;; esac

	# Threads, signals and pcs as eu-readelf (gdb: mips) has them.
	expect_status 0 "$MORTEM" --print threads --format json --exe "$exe" "$core"
	cp "$TMP/out" "$TMP/threads.json"
	ok
	awk '$1 == "thread" { print $2, $3 }' "$expect" >"$TMP/want-threads"
	tr -d ' \t\n' <"$TMP/threads.json" | sed 's/},{"index"/\n/g' |
		sed -n 's/.*"tid":\([0-9]*\),"signal":\([0-9]*\).*/\1 \2/p' >"$TMP/our-threads"
	[ "$(awk 1 "$TMP/want-threads" | tr '\n' ';')" = "$(awk 1 "$TMP/our-threads" | tr '\n' ';')" ] ||
		fail "$name: threads and signals $(tr '\n' ';' <"$TMP/our-threads"), $ref $(tr '\n' ';' <"$TMP/want-threads")"
	reg=$(pc_reg "$arch")
	awk '$1 == "thread" { print $2, $4 }' "$expect" | while read -r tid pc; do
		"$MORTEM" --print registers --format json --thread "$tid" --exe "$exe" "$core" \
			>"$TMP/regs.json" 2>"$TMP/err" || echo "fail"
		ours=$(sed -n "s/^[[:space:]]*\"$reg\":[[:space:]]*\"\\(0x[0-9a-f]*\\)\".*/\\1/p" \
			"$TMP/regs.json")
		[ -n "$ours" ] && [ $((ours)) -eq $((pc)) ] || echo "thread $tid: $reg ${ours:-none}, $ref $pc"
	done >"$TMP/pc-diff"
	ok
	[ -s "$TMP/pc-diff" ] && fail "$name: $(tr '\n' ';' <"$TMP/pc-diff")"

	# Every register eu-readelf shows, by name (mortem's without its
	# "(fp)"-like role; eu-readelf's arm sp/lr/pc/spsr, m68k a7, ppc orig_gpr3 and
	# x86 rflags/fs.base/gs.base are mortem's r13/r14/r15/cpsr, orig_r3,
	# eflags, fs_base, gs_base), as many bits as the machine's words.
	wide=1
	case $arch in armhf|i386|m68k|mips|mipsel) wide=0 ;; esac
	awk '$1 == "thread" { print $2 }' "$expect" | while read -r tid; do
		"$MORTEM" --print registers --format json --thread "$tid" --exe "$exe" "$core" |
			sed -n 's/^[[:space:]]*"\([a-z0-9_]*\)[^"]*":[[:space:]]*"\(0x[0-9a-f]*\)".*/\1 \2/p' \
			>"$TMP/our-regs"
		awk -v t="$tid" -v a="$arch" '$1 == "reg" && $2 == t {
			n = $3
			if (a == "armhf") { if (n == "sp") n = "r13"; if (n == "lr") n = "r14"; if (n == "pc") n = "r15"; if (n == "spsr") n = "cpsr" }
			if (a == "m68k" && n == "a7") n = "usp"
			if (n == "orig_gpr3") n = "orig_r3"
			if (n == "rflags") n = "eflags"
			sub(/\./, "_", n)
			print n, $4 }' "$expect" >"$TMP/eu-regs"
		matched=0
		while read -r reg val; do
			ours=$(awk -v r="$reg" '$1 == r { print $2 }' "$TMP/our-regs")
			[ -n "$ours" ] || continue
			matched=$((matched + 1))
			[ "$(halves "$ours" "$wide")" = "$(halves "$val" "$wide")" ] ||
				echo "thread $tid: $reg $ours, $ref $val"
		done <"$TMP/eu-regs"
		[ "$matched" -ge 16 ] || echo "thread $tid: only $matched registers compared"
		case $arch in mips*)   # each of gdb's 38 by mortem's name
			[ "$matched" -eq "$(wc -l <"$TMP/eu-regs")" ] ||
				echo "thread $tid: $matched of gdb's $(wc -l <"$TMP/eu-regs") registers named" ;;
		esac
	done >"$TMP/reg-diff"
	ok
	[ -s "$TMP/reg-diff" ] && fail "$name: registers: $(head -5 "$TMP/reg-diff" | tr '\n' ';')"

	# The crashing thread's frames and eu-stack's.
	tid=$(awk '$1 == "thread" { print $2; exit }' "$expect")
	expect_status 0 "$MORTEM" --print backtrace --exe "$exe" "$core"
	cp "$TMP/out" "$TMP/bt"
	awk '$1 ~ /^#[0-9]+$/ && $2 ~ /^0x/ { print $2 }' "$TMP/bt" |
		while read -r pc; do printf '%d\n' "$pc"; done >"$TMP/our-pcs"
	awk -v t="$tid" '$1 == "frame" && $2 == t { print $4 }' "$expect" |
		while read -r pc; do printf '%d\n' "$pc"; done >"$TMP/eu-pcs"
	ok
	if [ "$(head -1 "$TMP/our-pcs")" != "$(head -1 "$TMP/eu-pcs")" ]; then
		fail "$name: frame 0 at $(head -1 "$TMP/our-pcs"), eu-stack $(head -1 "$TMP/eu-pcs")"
	elif ! subsequence "$TMP/our-pcs" "$TMP/eu-pcs" && ! subsequence "$TMP/eu-pcs" "$TMP/our-pcs"; then
		fail "$name: frames $(tr '\n' ' ' <"$TMP/our-pcs"), eu-stack $(tr '\n' ' ' <"$TMP/eu-pcs")"
	fi

	# Names, as the program has them.
	case $mode in
	abort) want='abort_here caller_of_abort main'; fn=abort_here ;;
	*) want='leaf_store caller_of_leaf main'; fn=leaf_store ;;
	esac
	case $arch-$mode in
	mips*) want=$(awk -v t="$tid" '$1 == "frame" && $2 == t && $3 == 0 { print $5 }' "$expect") ;;
	s390x-leaf|s390x-threads) want='leaf_store caller_of_leaf' ;;
	armhf-abort) want=__libc_do_syscall ;;
	m68k-abort) want='raise abort' ;;
	i386-abort) want=_dl_sysinfo_int80 ;;
	esac
	ok
	awk -v want="$want" 'BEGIN { n = split(want, w, " "); i = 1 }
		$1 ~ /^#[0-9]+$/ && i <= n && index($3, w[i] "+") == 1 { i++ }
		END { exit i <= n }' "$TMP/bt" || fail "$name: frames $want not named in order: $(tr '\n' ';' <"$TMP/bt")"
	expect_status 0 "$MORTEM" --print overview --exe "$exe" "$core"
	case $mode in
	abort) expect_grep "Verdict +SIGABRT in " "$TMP/out" ;;
	*) expect_grep "Verdict +SIGSEGV in $fn" "$TMP/out" ;;
	esac
	expect_grep "Architecture +$(case $arch in armhf) echo arm ;; ppc64el) echo ppc64 ;;
		mipsel) echo mips ;; mips64el) echo mips64 ;; *) echo "$arch" ;; esac)$" "$TMP/out"
	case $arch in mips*)
		# Not unwound: every thread's pc alone, named, and a note saying so.
		awk '$1 == "frame" && $3 == 0 { print $2, $4, $5 }' "$expect" | while read -r t pc fn; do
			"$MORTEM" --print backtrace --thread "$t" --exe "$exe" "$core" >"$TMP/bt1" 2>&1 ||
				echo "thread $t: mortem failed"
			grep -q "^mips[0-9]*: not unwound past frame 0, the thread's pc" "$TMP/bt1" ||
				echo "thread $t: no note that it was not unwound"
			[ "$(grep -c '^#[0-9]' "$TMP/bt1")" = 1 ] || echo "thread $t: more than frame 0"
			# gdb's name, or the C library's alias of it (__libc_pause for pause)
			set -- $(grep '^#0 ' "$TMP/bt1") x x x
			[ "$2" != x ] && [ $(($2)) -eq $((pc)) ] && case $3 in "$fn"+*|*_"$fn"+*) true ;; *) false ;; esac ||
				echo "thread $t: frame 0 is not $pc in $fn: $(grep '^#0' "$TMP/bt1")"
		done >"$TMP/mips-diff"
		ok
		[ -s "$TMP/mips-diff" ] && fail "$name: $(tr '\n' ';' <"$TMP/mips-diff")" ;;
	esac
	if [ "$mode" = threads ]; then
		tid2=$(awk '$1 == "thread" { n++; if (n == 2) print $2 }' "$expect")
		expect_status 0 "$MORTEM" --print backtrace --thread "$tid2" --exe "$exe" "$core"
		expect_grep '(sleeper|__libc_do_syscall|_dl_sysinfo_int80|pause)\+' "$TMP/out"
	fi
done
ok
[ "$ncases" -gt 0 ] || fail "no cores in $DIR"
done_testing
