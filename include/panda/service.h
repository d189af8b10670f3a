/* SPDX-License-Identifier: GPL-2.0 */
/* The service: broker (ipc/service.c, services.md 5). */
#ifndef _PANDA_SERVICE_H
#define _PANDA_SERVICE_H

#include <panda/compiler.h>

struct resource;

int64_t service_register(const char *name, uint32_t mailbox, uint32_t mask);
int service_open(const char *path, struct resource **out);
int service_list(const char *path, struct resource **out);
/* Side-effect-free probe for *: discovery (services.md B6). */
bool service_exists(const char *path);
/* Drops the registrations of exited processes (process_exit). */
void service_reap(void);

#endif
