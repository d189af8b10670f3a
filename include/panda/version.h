/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PANDA_VERSION_H
#define _PANDA_VERSION_H

#include <generated/version.h>	/* PANDA_VERSION_STRING, from the Makefile */

#endif
