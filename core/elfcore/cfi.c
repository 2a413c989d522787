/* core/elfcore/cfi.c: one unwinding step by call frame information.
 *
 * libdw finds the CFI row for a pc (.eh_frame, else .debug_frame) and hands
 * back the rules as small DWARF expressions; this file evaluates them
 * against the registers known so far and the core's memory. Only the
 * operations CFI really uses are understood; anything else fails the step
 * and the unwinder falls back to the frame pointer. */
#include "core/elfcore/internal.h"

#ifdef HAVE_LIBDW
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <stdlib.h>

#define EVAL_STACK 16

struct eval {
	const struct mt_coredump *c;
	const struct mt_regs *regs;
	uint64_t cfa;
	int have_cfa;
	uint64_t st[EVAL_STACK];
	int n;
};

static int push(struct eval *e, uint64_t v)
{
	if (e->n >= EVAL_STACK)
		return -1;
	e->st[e->n++] = v;
	return 0;
}

static int reg_value(const struct eval *e, uint64_t reg, uint64_t *v)
{
	if (reg >= MT_DWARF_REGS || !(e->regs->valid & (1ull << reg)))
		return -1;
	*v = e->regs->r[reg];
	return 0;
}

static int binary(struct eval *e, uint8_t atom)
{
	if (e->n < 2)
		return -1;
	uint64_t b = e->st[--e->n], a = e->st[e->n - 1], r;
	switch (atom) {
	case DW_OP_plus: r = a + b; break;
	case DW_OP_minus: r = a - b; break;
	case DW_OP_and: r = a & b; break;
	case DW_OP_or: r = a | b; break;
	case DW_OP_mul: r = a * b; break;
	case DW_OP_shl: r = b < 64 ? a << b : 0; break;
	case DW_OP_shr: r = b < 64 ? a >> b : 0; break;
	case DW_OP_ge: r = (int64_t)a >= (int64_t)b; break;
	case DW_OP_gt: r = (int64_t)a > (int64_t)b; break;
	case DW_OP_le: r = (int64_t)a <= (int64_t)b; break;
	case DW_OP_lt: r = (int64_t)a < (int64_t)b; break;
	case DW_OP_eq: r = a == b; break;
	case DW_OP_ne: r = a != b; break;
	default: return -1;
	}
	e->st[e->n - 1] = r;
	return 0;
}

static int one_op(struct eval *e, const Dwarf_Op *op)
{
	uint8_t a = op->atom;
	uint64_t v;

	if (a >= DW_OP_lit0 && a <= DW_OP_lit31)
		return push(e, (uint64_t)(a - DW_OP_lit0));
	if (a >= DW_OP_breg0 && a <= DW_OP_breg31)
		return reg_value(e, a - DW_OP_breg0, &v) < 0 ? -1 : push(e, v + op->number);
	switch (a) {
	case DW_OP_bregx:
		return reg_value(e, op->number, &v) < 0 ? -1 : push(e, v + op->number2);
	case DW_OP_call_frame_cfa:
		return e->have_cfa ? push(e, e->cfa) : -1;
	case DW_OP_const1u: case DW_OP_const1s: case DW_OP_const2u: case DW_OP_const2s:
	case DW_OP_const4u: case DW_OP_const4s: case DW_OP_const8u: case DW_OP_const8s:
	case DW_OP_constu: case DW_OP_consts:
		return push(e, op->number);
	case DW_OP_plus_uconst:
		if (e->n < 1)
			return -1;
		e->st[e->n - 1] += op->number;
		return 0;
	case DW_OP_deref:
		if (e->n < 1 || mt_coredump_read_u64(e->c, e->st[e->n - 1], &v) < 0)
			return -1;
		e->st[e->n - 1] = v;
		return 0;
	case DW_OP_dup:
		return e->n < 1 ? -1 : push(e, e->st[e->n - 1]);
	case DW_OP_drop:
		return e->n < 1 ? -1 : (e->n--, 0);
	case DW_OP_stack_value:
		return 0;
	}
	return binary(e, a);
}

/* Evaluate ops; *is_value tells a computed value from an address. */
static int run(struct eval *e, const Dwarf_Op *ops, size_t nops, uint64_t *out, int *is_value)
{
	e->n = 0;
	*is_value = 0;
	for (size_t i = 0; i < nops; i++) {
		if (one_op(e, &ops[i]) < 0)
			return -1;
		if (ops[i].atom == DW_OP_stack_value)
			*is_value = 1;
	}
	if (e->n < 1)
		return -1;
	*out = e->st[e->n - 1];
	return 0;
}

/* The caller's value of register reg: 0, 1 when CFI says it is undefined,
 * -1 when it cannot be computed or read. */
static int restore(struct eval *e, Dwarf_Frame *fr, int reg, uint64_t *out)
{
	Dwarf_Op mem[3], *ops;
	size_t nops;
	int is_value;
	uint64_t v;

	if (dwarf_frame_register(fr, reg, mem, &ops, &nops) != 0)
		return -1;
	if (nops == 0)
		return ops == NULL ? reg_value(e, (uint64_t)reg, out) : 1;
	if (run(e, ops, nops, &v, &is_value) < 0)
		return -1;
	if (is_value)
		return (*out = v), 0;
	return mt_coredump_read_u64(e->c, v, out);
}

int mt_cfi_step(const struct mt_coredump *c, void *cfi_handle, uint64_t link,
		const struct mt_regs *in, struct mt_regs *out, int nregs, int sp_reg,
		int *signal_frame)
{
	Dwarf_CFI *cfi = cfi_handle;
	struct eval e = { .c = c, .regs = in };
	Dwarf_Frame *fr = NULL;
	Dwarf_Op *ops;
	size_t nops;
	bool sig = false;
	int ra, is_value, rc = -1;
	uint64_t v;

	if (!cfi || dwarf_cfi_addrframe(cfi, link, &fr) != 0 || !fr)
		return -1;
	ra = dwarf_frame_info(fr, NULL, NULL, &sig);
	if (ra < 0 || ra >= MT_DWARF_REGS || dwarf_frame_cfa(fr, &ops, &nops) != 0 || nops == 0 ||
	    run(&e, ops, nops, &e.cfa, &is_value) < 0)
		goto out;
	e.have_cfa = 1;
	out->valid = 0;
	for (int r = 0; r < nregs; r++) {
		int got = r == sp_reg ? -1 : restore(&e, fr, r, &v);
		if (got == 0) {
			out->r[r] = v;
			out->valid |= 1ull << r;
		} else if (r == ra) {
			rc = got;   /* 1: the return address is undefined, the outermost frame */
			goto out;
		}
	}
	out->r[sp_reg] = e.cfa;
	out->valid |= 1ull << sp_reg;
	if (!(out->valid & (1ull << ra)))
		goto out;
	out->pc = out->r[ra];
	*signal_frame = sig;
	rc = 0;
out:
	free(fr);
	return rc;
}

#else

int mt_cfi_step(const struct mt_coredump *c, void *cfi_handle, uint64_t link,
		const struct mt_regs *in, struct mt_regs *out, int nregs, int sp_reg,
		int *signal_frame)
{
	return -1;
}

#endif
