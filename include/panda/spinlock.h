/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spinlocks.  Every lock a path can take with interrupts enabled must be
 * taken with spin_lock_irqsave(), which saves the interrupt flag, disables
 * interrupts and restores the saved state on unlock, so nesting is safe.
 * On one CPU the atomic exchange always succeeds at once; with SMP it spins.
 */
#ifndef _PANDA_SPINLOCK_H
#define _PANDA_SPINLOCK_H

#include <asm/cpu.h>

typedef struct {
	volatile uint32_t locked;
} spinlock_t;

#define SPINLOCK_INIT { 0 }

static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (READ_ONCE(l->locked))
			cpu_relax();
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline bool spin_trylock(spinlock_t *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

#define spin_lock_irqsave(l, flags)		\
	do {					\
		(flags) = local_irq_save();	\
		spin_lock(l);			\
	} while (0)

static inline void spin_unlock_irqrestore(spinlock_t *l, uint64_t flags)
{
	spin_unlock(l);
	local_irq_restore(flags);
}

#endif
