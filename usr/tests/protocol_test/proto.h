/* SPDX-License-Identifier: GPL-2.0 */
/* protocol_test's test protocol, shared by the server and its client. */
#ifndef _PROTOCOL_TEST_PROTO_H
#define _PROTOCOL_TEST_PROTO_H

#include <panda/service.h>

#define ECHO_PING 0x0007 /* request and its response */
#define ECHO_NOTE 0x0001 /* event */

static const panda_protocol echo_protocol = {
	.uuid = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0x4d, 0x2a, 0xab, 0xf7,
		  0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c },
	.name = "echo",
};

#endif
