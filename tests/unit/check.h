/* tests/unit/check.h: the assertions of the unit drivers.
 * A failed check prints file:line and the expression, and the driver exits 1
 * at the end (CHECK_DONE). */
#ifndef MORTEM_TESTS_CHECK_H
#define MORTEM_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failed, check_run;

#define CHECK(cond) do { \
	check_run++; \
	if (!(cond)) { \
		check_failed++; \
		fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	check_run++; \
	if (!g_ || strcmp(g_, w_) != 0) { \
		check_failed++; \
		fprintf(stderr, "%s:%d: %s is \"%s\", want \"%s\"\n", __FILE__, __LINE__, \
			#got, g_ ? g_ : "(null)", w_); \
	} \
} while (0)

#define CHECK_INT(got, want) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	check_run++; \
	if (g_ != w_) { \
		check_failed++; \
		fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", __FILE__, __LINE__, \
			#got, g_, w_); \
	} \
} while (0)

#define CHECK_DONE() do { \
	printf("%d checks, %d failed\n", check_run, check_failed); \
	return check_failed ? 1 : 0; \
} while (0)

#endif
