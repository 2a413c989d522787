/* tests/fuzz/fuzz_notes.c: libFuzzer target for a core's headers and
 * notes. The input is read twice: as a PT_NOTE segment alone (the note
 * walker and decoders, the first byte picking the machine, class and byte
 * order), and as a
 * whole core in memory (ELF header, program headers, notes, NT_FILE
 * modules, the initial stack, the unwinder without module files). */
#include "core/elfcore/internal.h"
#include "core/xalloc.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void free_core(struct mt_coredump *c)
{
	c->data = NULL;
	c->map = NULL;
	mt_coredump_close(&c);
}

static void as_notes(const uint8_t *data, size_t size)
{
	struct mt_coredump *c = xcalloc(1, sizeof *c);
	struct mt_error err = { 0 };

	if (size == 0) {
		free(c);
		return;
	}
	static const int machines[][2] = { { 62, 2 }, { 183, 2 }, { 3, 1 }, { 62, 1 },
		{ 22, 2 }, { 20, 1 }, { 21, 2 }, { 4, 1 }, { 40, 1 }, { 243, 2 }, { 8, 1 }, { 8, 2 }, { 0, 2 } };
	const int *m = machines[(data[0] & 0x7f) % (sizeof machines / sizeof *machines)];
	c->elf_class = m[1];
	c->wordsize = m[1] == 1 ? 4 : 8;
	c->big_endian = data[0] >> 7;
	c->regs_layout = mt_arch_regs_for(m[0], m[1]);
	c->arch = c->regs_layout ? c->regs_layout->arch : MT_ARCH_OTHER;
	c->no_files = 1;
	mt_coredump_parse_notes(c, data + 1, size - 1, 0, &err);
	mt_coredump_build_modules(c);
	free_core(c);
}

static void as_core(const uint8_t *data, size_t size)
{
	struct mt_coredump *c = xcalloc(1, sizeof *c);
	struct mt_error err = { 0 };
	unsigned char buf[64];

	c->data = data;
	c->size = size;
	c->no_files = 1;
	if (mt_coredump_parse(c, &err) == 0) {
		for (size_t i = 0; i < c->nthreads && i < 8; i++)
			mt_coredump_unwind(c, &c->threads[i]);
		for (size_t i = 0; i < c->nsegs && i < 8; i++)
			mt_coredump_read(c, c->segs[i].vaddr + c->segs[i].memsz / 2, buf, sizeof buf);
	}
	free_core(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	as_notes(data, size);
	as_core(data, size);
	return 0;
}
