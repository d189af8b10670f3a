/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpanda, layer 2 (userspace.md 3): everything a program needs, on top
 * of the raw system-call layer in <panda/sys.h>.
 *
 * Conventions: functions return 0 (or a count) on success and
 * -PANDA_ERR_* on failure, results come back through out-parameters,
 * strings are NUL-terminated UTF-8, and objects that own a handle have an
 * explicit *_close / *_release.
 *
 * A program defines main(int argc, char **argv, char **envp) (or any
 * shorter form); the runtime decodes the startup message first and exits
 * with main's return value (panda/startup.h).
 */
#ifndef _PANDA_PANDA_H
#define _PANDA_PANDA_H

#include <panda/sys.h>
#include <panda/error.h>
#include <panda/handle.h>
#include <panda/environment.h>
#include <panda/envvars.h>
#include <panda/file.h>
#include <panda/process.h>
#include <panda/channel.h>
#include <panda/mailbox.h>
#include <panda/stdio.h>
#include <panda/time.h>
#include <panda/print.h>
#include <panda/startup.h>
#include <panda/heap.h>
#include <panda/value.h>
#include <panda/terminal.h>
#include <panda/signal.h>
#include <panda/service.h>
#include <panda/graphics.h>
#include <panda/keyboard.h>

#endif /* _PANDA_PANDA_H */
