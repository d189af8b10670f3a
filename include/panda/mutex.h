/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sleeping locks for task context: a task that finds the mutex taken
 * sleeps on its wait queue (others run) until the holder unlocks.  May be
 * held across sleeps (device I/O); never taken in interrupt context.  Not
 * recursive, no owner tracking.
 */
#ifndef _PANDA_MUTEX_H
#define _PANDA_MUTEX_H

#include <panda/sched.h>

struct mutex {
	uint32_t locked;
	struct wait_queue wq;
};

static inline void mutex_init(struct mutex *m)
{
	m->locked = 0;
	wait_queue_init(&m->wq);
}

static inline bool mutex_trylock(struct mutex *m)
{
	return !__atomic_exchange_n(&m->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void mutex_lock(struct mutex *m)
{
	wait_event(&m->wq, mutex_trylock(m));
}

static inline void mutex_unlock(struct mutex *m)
{
	__atomic_store_n(&m->locked, 0, __ATOMIC_RELEASE);
	wake_up_all(&m->wq);
}

#endif /* _PANDA_MUTEX_H */
