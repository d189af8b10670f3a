// SPDX-License-Identifier: GPL-2.0
/*
 * boot_check: typed into the managed terminal by service_boot_test's
 * script.  The terminal must be a running service of the manager (which
 * answers on service:/manager) and the only one; logs the verdict.
 */
#include <lib/svc_mgr_api.h>
#include <panda/panda.h>
#include <string.h>

static int verdict(const char *why, long got)
{
	if (why)
		panda_logf("PANDA-TEST-RESULT: fail %s (%ld)", why, got);
	else
		panda_log("PANDA-TEST-RESULT: pass");
	return why ? 1 : 0;
}

int main(int argc, char **argv, char **envp)
{
	panda_protocol proto = { .name = SVC_MGR_NAME };
	struct svc_mgr_request req = { .type = SVC_MGR_REQ_STATUS,
				       .name = "terminal",
				       .name_len = 8 };
	uint8_t payload[32], buf[SVC_MSG_MAX];
	struct svc_mgr_status st;
	panda_service_client c;
	panda_value *list;
	panda_pmsg r;
	size_t len;
	int err;

	memcpy(proto.uuid, svc_mgr_uuid, sizeof(proto.uuid));
	err = panda_service_connect(&proto, 0, 0, NULL, 0, &c);
	if (err)
		return verdict("no service manager", err);
	svc_mgr_request_encode(&req, payload, sizeof(payload), &len);
	err = panda_pchan_call(&c.chan, SVC_MGR_REQ_STATUS, payload,
			       (uint32_t)len, buf, &r);
	if (err || r.type != SVC_MGR_RESP_STATUS ||
	    svc_mgr_status_decode(r.payload, r.len, &st))
		return verdict("status of terminal", err);
	if (st.state_len != 7 || memcmp(st.state, "running", 7))
		return verdict("the terminal is not running", 0);
	err = panda_pchan_call(&c.chan, SVC_MGR_REQ_LIST, NULL, 0, buf, &r);
	if (err || r.type != SVC_MGR_RESP_LIST ||
	    svc_mgr_list_decode(&panda_value_heap, r.payload, r.len, &list))
		return verdict("list", err);
	if (list->u.table.ncells != 3)
		return verdict("services listed", (long)list->u.table.ncells);
	panda_value_free(list);
	panda_service_client_close(&c);
	panda_log("boot_check: the terminal is the manager's running service");
	return verdict(NULL, 0);
}
