// SPDX-License-Identifier: GPL-2.0
/*
 * svcctl: ask the service manager (services.md 10).
 *
 *	svcctl list			the services as a Table
 *	svcctl status NAME		{name, restarts, state}
 *	svcctl start|stop|restart NAME
 *	svcctl add NAME FILE		add or replace NAME with FILE's config
 *	svcctl remove NAME
 *
 * Results go through panda_output_value(): to STDOUT in a pipeline
 * (svcctl list | grep running), else to the terminal.  Exit code 0 on
 * success; errors (an Error response, no manager, a failed handshake, an
 * unreadable file, bad usage) are reported on the control plane and
 * exit with 1.
 */
#include <lib/svc_mgr_api.h>
#include <panda/panda.h>
#include <stdlib.h>
#include <string.h>

static panda_protocol proto = { .name = SVC_MGR_NAME };

static int usage(void)
{
	panda_term_error("usage: svcctl list | status NAME | start NAME | "
			 "stop NAME | restart NAME | add NAME FILE | "
			 "remove NAME");
	return 1;
}

static int fail(const char *what, int err)
{
	panda_term_errorf("svcctl: %s: %s", what, panda_strerror(err));
	return 1;
}

static int show_text(const panda_pmsg *r)
{
	const char *s;
	size_t n;
	char *line;
	panda_value *v;

	if (svc_mgr_text_decode(r->payload, r->len, &s, &n))
		return fail("response", -PANDA_ERR_PROTOCOL);
	if (r->type == SVC_MGR_RESP_ERROR) {
		panda_term_errorf("svcctl: %.*s", (int)n, s);
		return 1;
	}
	if (r->type != SVC_MGR_RESP_OK)
		return fail("response", -PANDA_ERR_PROTOCOL);
	line = malloc(n + 2);
	if (!line)
		return fail("response", -PANDA_ERR_NO_MEMORY);
	memcpy(line, s, n);
	line[n] = '\n';
	line[n + 1] = 0;
	v = panda_value_string(line);
	free(line);
	panda_output_value(v);
	panda_value_free(v);
	return 0;
}

static int show_status(const panda_pmsg *r)
{
	struct svc_mgr_status st;
	panda_value *m;

	if (r->type != SVC_MGR_RESP_STATUS)
		return show_text(r);
	if (svc_mgr_status_decode(r->payload, r->len, &st))
		return fail("response", -PANDA_ERR_PROTOCOL);
	m = panda_value_map();
	panda_value_map_set(m, "name",
			    panda_value_string_n(st.name, st.name_len));
	panda_value_map_set(m, "restarts", panda_value_int(st.restarts));
	panda_value_map_set(m, "state",
			    panda_value_string_n(st.state, st.state_len));
	panda_output_value(m);
	panda_value_free(m);
	return 0;
}

static int show_list(const panda_pmsg *r)
{
	panda_value *t;

	if (r->type != SVC_MGR_RESP_LIST)
		return show_text(r);
	if (svc_mgr_list_decode(&panda_value_heap, r->payload, r->len, &t))
		return fail("response", -PANDA_ERR_PROTOCOL);
	panda_output_value(t);
	panda_value_free(t);
	return 0;
}

static uint16_t request_type(const char *cmd)
{
	static const uint16_t types[] = {
		SVC_MGR_REQ_START,  SVC_MGR_REQ_STOP, SVC_MGR_REQ_RESTART,
		SVC_MGR_REQ_STATUS, SVC_MGR_REQ_LIST, SVC_MGR_REQ_ADD,
		SVC_MGR_REQ_REMOVE,
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(cmd, svc_mgr_request_name(types[i])))
			return types[i];
	return 0;
}

/* The config text of an add: file: + the argument unless it has a scheme. */
static int read_config(const char *arg, char **text, size_t *len)
{
	char *uri = malloc(strlen(arg) + 6);
	panda_file f;
	int err;

	if (!uri)
		return -PANDA_ERR_NO_MEMORY;
	strcpy(uri, strchr(arg, ':') ? "" : "file:");
	strcat(uri, arg);
	err = panda_file_open(uri, &f);
	free(uri);
	if (err)
		return err;
	err = panda_file_read_to_string(&f, text, len);
	panda_file_close(&f);
	return err;
}

int main(int argc, char **argv)
{
	static const char *const caps[] = { SVC_MGR_CAP_RUNTIME_ADD };
	uint8_t payload[SVC_PAYLOAD_MAX], buf[SVC_MSG_MAX];
	struct svc_mgr_request req = { 0 };
	panda_service_client client;
	char *config = NULL;
	panda_pmsg resp;
	size_t len;
	int err, ret;

	if (argc < 2)
		return usage();
	req.type = request_type(argv[1]);
	if (!req.type)
		return usage();
	if (req.type == SVC_MGR_REQ_LIST ? argc != 2 :
	    req.type == SVC_MGR_REQ_ADD	 ? argc != 4 :
					   argc != 3)
		return usage();
	if (argc > 2) {
		req.name = argv[2];
		req.name_len = strlen(argv[2]);
	}
	if (req.type == SVC_MGR_REQ_ADD) {
		err = read_config(argv[3], &config, &req.config_len);
		if (err)
			return fail(argv[3], err);
		req.config = config;
	}
	err = svc_mgr_request_encode(&req, payload, sizeof(payload), &len);
	if (err) {
		free(config);
		return fail("request", panda_svc_proto_errno(err));
	}
	free(config);
	memcpy(proto.uuid, svc_mgr_uuid, sizeof(proto.uuid));
	err = panda_service_connect(&proto, 0, 0, caps, 1, &client);
	if (err)
		return fail("cannot reach the service manager", err);
	err = panda_pchan_call(&client.chan, req.type, payload, (uint32_t)len,
			       buf, &resp);
	if (err) {
		panda_service_client_close(&client);
		return fail("request failed", err);
	}
	if (req.type == SVC_MGR_REQ_LIST)
		ret = show_list(&resp);
	else if (req.type == SVC_MGR_REQ_STATUS)
		ret = show_status(&resp);
	else
		ret = show_text(&resp);
	panda_service_client_close(&client);
	return ret;
}
