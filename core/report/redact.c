/* core/report/redact.c: PCRE2 patterns that find secrets. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "core/report/redact.h"
#include "core/report/report.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <pcre2.h>
#include <string.h>

const char *const mt_redact_default_keys[] = {
	"passw(or)?d|passwd|passphrase|^pw$|^pass$|^pwd$",
	"secret|token|credential|cookie|session|signature|private|auth",
	"api[-_.]?key|access[-_.]?key|(^|[-_.])keys?([-_.]|$)|apikey|secretkey",
	"salt|^dsn$|_dsn$|connection[-_.]?string|^vcap_services$",
	"^azure_|^google_application_credentials$|^connect\\.sid$",
};
const size_t mt_redact_default_nkeys =
	sizeof mt_redact_default_keys / sizeof mt_redact_default_keys[0];

const char *const mt_redact_default_values[] = {
	/* scheme://user:PASSWORD@host */
	"[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\\s]*:([^@\\s/]+)@",
	/* JSON Web Tokens */
	"eyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*",
	/* Authorization: Bearer / Basic */
	"(?i)\\b(?:bearer|basic)\\s+([A-Za-z0-9._~+/=-]{8,})",
	/* AWS access key ids */
	"\\b(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\\b",
	/* Google API keys, GitHub and Slack tokens, Stripe secret keys */
	"\\bAIza[0-9A-Za-z_-]{35}\\b",
	"\\bgh[pousr]_[A-Za-z0-9]{36,}\\b",
	"\\bxox[abprs]-[A-Za-z0-9-]{10,}",
	"\\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}",
	/* PEM private keys */
	"-----BEGIN [A-Z ]*PRIVATE KEY-----",
};
const size_t mt_redact_default_nvalues =
	sizeof mt_redact_default_values / sizeof mt_redact_default_values[0];

struct mt_redactor {
	pcre2_code **keys;          /* owned */
	size_t nkeys;
	pcre2_code **values;        /* owned */
	size_t nvalues;
};

static pcre2_code *compile(const char *pattern, uint32_t flags, struct mt_error *err)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
				       flags | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
				       &code, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(code, msg, sizeof msg);
		mt_error_set(err, "redaction pattern '%s': offset %zu: %s", pattern,
			     (size_t)off, (const char *)msg);
		return NULL;
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);  /* best effort */
	return re;
}

static int compile_all(const char *const *src, size_t n, uint32_t flags,
		       pcre2_code ***out, size_t *nout, struct mt_error *err)
{
	*out = xcalloc(n ? n : 1, sizeof **out);
	for (size_t i = 0; i < n; i++) {
		(*out)[i] = compile(src[i], flags, err);
		if (!(*out)[i])
			return -1;
		*nout = i + 1;
	}
	return 0;
}

struct mt_redactor *mt_redactor_new(const struct mt_redact_config *c, struct mt_error *err)
{
	struct mt_redactor *rd = xcalloc(1, sizeof *rd);
	const char *const *keys = c && c->keys ? c->keys : mt_redact_default_keys;
	size_t nkeys = c && c->keys ? c->nkeys : mt_redact_default_nkeys;
	const char *const *values = c && c->values ? c->values : mt_redact_default_values;
	size_t nvalues = c && c->values ? c->nvalues : mt_redact_default_nvalues;

	if (compile_all(keys, nkeys, PCRE2_CASELESS, &rd->keys, &rd->nkeys, err) < 0 ||
	    compile_all(values, nvalues, 0, &rd->values, &rd->nvalues, err) < 0)
		mt_redactor_free(&rd);
	return rd;
}

struct mt_redactor *mt_redactor_for(const char *extra_key, const char *extra_value,
				    struct mt_error *err)
{
	const char *keys[32], *values[32];
	size_t nk = 0, nv = 0;

	for (size_t i = 0; i < mt_redact_default_nkeys && nk < 31; i++)
		keys[nk++] = mt_redact_default_keys[i];
	for (size_t i = 0; i < mt_redact_default_nvalues && nv < 31; i++)
		values[nv++] = mt_redact_default_values[i];
	if (extra_key)
		keys[nk++] = extra_key;
	if (extra_value)
		values[nv++] = extra_value;
	struct mt_redact_config config = { keys, nk, values, nv };
	return mt_redactor_new(&config, err);
}

void mt_redactor_free(struct mt_redactor **rdp)
{
	struct mt_redactor *rd = *rdp;

	if (!rd)
		return;
	for (size_t i = 0; i < rd->nkeys; i++)
		pcre2_code_free(rd->keys[i]);
	for (size_t i = 0; i < rd->nvalues; i++)
		pcre2_code_free(rd->values[i]);
	free(rd->keys);
	free(rd->values);
	free(rd);
	*rdp = NULL;
}

int mt_redact_is_secret_key(const struct mt_redactor *rd, const char *key)
{
	int hit = 0;

	for (size_t i = 0; i < rd->nkeys && !hit; i++) {
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(rd->keys[i], NULL);
		hit = pcre2_match(rd->keys[i], (PCRE2_SPTR)key, strlen(key), 0, 0, md, NULL) >= 0;
		pcre2_match_data_free(md);
	}
	return hit;
}

/* Mask every match of re in s (group 1 when the pattern has one); 1 if any. */
static int mask_all(pcre2_code *re, struct strbuf *s)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	struct strbuf out = STRBUF_INIT;
	size_t pos = 0, len = s->len;
	int hits = 0;

	while (pos <= len && pcre2_match(re, (PCRE2_SPTR)strbuf_str(s), len, pos, 0, md, NULL) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		int g = pcre2_get_ovector_count(md) > 1 && ov[2] != PCRE2_UNSET ? 1 : 0;
		size_t from = ov[2 * g], to = ov[2 * g + 1];
		strbuf_add(&out, s->buf + pos, from - pos);
		if (to > from) {
			strbuf_puts(&out, MT_REDACTED);
			hits++;
		}
		strbuf_add(&out, s->buf + to, ov[1] - to);
		pos = ov[1];
		if (ov[1] == ov[0]) {       /* empty match: step over one byte */
			if (pos < len)
				strbuf_add(&out, s->buf + pos, 1);
			pos++;
		}
	}
	if (hits) {
		if (pos < len)
			strbuf_add(&out, s->buf + pos, len - pos);
		strbuf_free(s);
		*s = out;
	} else
		strbuf_free(&out);
	pcre2_match_data_free(md);
	return hits > 0;
}

char *mt_redact_value(const struct mt_redactor *rd, const char *value)
{
	struct strbuf s = STRBUF_INIT;
	int hit = 0;

	strbuf_puts(&s, value);
	for (size_t i = 0; i < rd->nvalues; i++)
		hit |= mask_all(rd->values[i], &s);
	if (!hit) {
		strbuf_free(&s);
		return NULL;
	}
	return strbuf_detach(&s);
}

char *mt_redact_pair(const struct mt_redactor *rd, const char *key, const char *value)
{
	if (mt_redact_is_secret_key(rd, key))
		return xstrdup(value[0] ? MT_REDACTED : "");
	return mt_redact_value(rd, value);
}

char *mt_redact_arg(const struct mt_redactor *rd, const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (arg[0] == '-' && eq) {
		const char *name = arg;
		while (*name == '-')
			name++;
		char *key = xstrndup(name, (size_t)(eq - name));
		int secret = mt_redact_is_secret_key(rd, key);
		free(key);
		if (secret) {
			struct strbuf s = STRBUF_INIT;
			strbuf_add(&s, arg, (size_t)(eq - arg) + 1);
			strbuf_puts(&s, MT_REDACTED);
			return strbuf_detach(&s);
		}
	}
	return mt_redact_value(rd, arg);
}
