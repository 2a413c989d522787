/* core/capture/cdp.c: the Chrome DevTools protocol over a cap_ws: calls
 * ({"id","method","params"}) matched to their replies by id, and
 * notifications ({"method","params"}) handed to a callback. */
#include "core/capture/internal.h"

#include <stdio.h>
#include <string.h>

#define TICK_MS 200

static void on_message(void *ctx, const char *msg, size_t len)
{
	struct cap_cdp *c = ctx;
	const char *end = NULL;
	cJSON *m = cJSON_ParseWithLengthOpts(msg, len, &end, 0);

	if (!m || !cJSON_IsObject(m)) {
		mt_error_set(&c->bad, "the inspector sent a message that is not a JSON object "
			     "(byte %td of %zu)", end ? end - msg : (ptrdiff_t)0, len);
		cJSON_Delete(m);
		return;
	}
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(m, "id");
	const cJSON *method = cJSON_GetObjectItemCaseSensitive(m, "method");
	if (cJSON_IsNumber(id) && id->valuedouble == c->want_id && !c->reply) {
		c->reply = m;
		return;
	}
	if (!cJSON_IsNumber(id) && cJSON_IsString(method) && c->on_event)
		c->on_event(c->ctx, method->valuestring,
			    cJSON_GetObjectItemCaseSensitive(m, "params"));
	cJSON_Delete(m);
}

int cap_cdp_open(struct cap_cdp *c, const struct cap_target *t, struct mt_error *err)
{
	c->next_id = 1;
	c->ws = cap_ws_open(t, on_message, c, err);
	return c->ws ? 0 : -1;
}

int cap_cdp_send(struct cap_cdp *c, const char *method, cJSON *params, struct mt_error *err)
{
	cJSON *m = cJSON_CreateObject();
	int rc;

	c->want_id = c->next_id++;
	cJSON_AddNumberToObject(m, "id", c->want_id);
	cJSON_AddStringToObject(m, "method", method);
	if (params)
		cJSON_AddItemToObject(m, "params", params);
	char *text = cJSON_PrintUnformatted(m);
	rc = text ? cap_ws_send(c->ws, text, strlen(text), err) : -1;
	cJSON_free(text);
	cJSON_Delete(m);
	return rc;
}

/* The reply's result, or its error as one line. */
static int take_reply(struct cap_cdp *c, const char *method, cJSON **result, struct mt_error *err)
{
	cJSON *reply = c->reply;
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(reply, "error");
	int rc = 0;

	c->reply = NULL;
	if (e) {
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(e, "message");
		mt_error_set(err, "%s: %s", method, cJSON_IsString(msg) ? msg->valuestring : "failed");
		rc = -1;
	} else if (result) {
		*result = cJSON_DetachItemFromObjectCaseSensitive(reply, "result");
		if (!*result)
			*result = cJSON_CreateObject();
	}
	cJSON_Delete(reply);
	return rc;
}

int cap_cdp_call(struct cap_cdp *c, const char *method, cJSON *params, int idle_ms,
		 cJSON **result, struct mt_error *err)
{
	int quiet = 0;

	if (result)
		*result = NULL;
	if (cap_cdp_send(c, method, params, err) < 0)
		return -1;
	while (!c->reply) {
		if (c->stop && *c->stop >= 2) {
			mt_error_set(err, "%s: interrupted", method);
			return -1;
		}
		int got = cap_ws_pump(c->ws, TICK_MS, err);
		if (got < 0 || c->bad.set) {
			if (c->bad.set)
				mt_error_set(err, "%s", c->bad.msg);
			return -1;
		}
		quiet = got ? 0 : quiet + TICK_MS;
		if (quiet >= idle_ms) {
			mt_error_set(err, "%s: no answer for %d s", method, idle_ms / 1000);
			return -1;
		}
	}
	return take_reply(c, method, result, err);
}

void cap_cdp_close(struct cap_cdp *c)
{
	cap_ws_close(&c->ws);
	cJSON_Delete(c->reply);
	c->reply = NULL;
}
