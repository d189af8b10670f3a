// SPDX-License-Identifier: GPL-2.0
/*
 * Keyboard input from the serial console, for the headless terminal.
 * COM1's receive interrupt (ISA IRQ 4) fills a ring buffer; the resource
 * behind "console:/serial/0/input" (a Panda-C addition: console:/serial/0
 * itself stays write-only, devices.md 11.3) reads raw bytes from it,
 * blocking or not, and posts CHANNEL_READABLE to an attached mailbox when
 * bytes arrive.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/traps.h>
#include <lib/string.h>
#include <panda/console_input.h>
#include <panda/errno.h>
#include <panda/ipc.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/process.h>

#define COM1		0x3f8
#define UART_RBR	0
#define UART_IER	1
#define UART_LSR	5
#define LSR_DR		0x01
#define SERIAL_VECTOR	0x24	/* 0x20 + ISA IRQ 4 */
#define RING_SIZE	1024

static uint8_t ring[RING_SIZE];
static uint32_t ring_head, ring_count;
static spinlock_t ring_lock = SPINLOCK_INIT;
static struct wait_queue readers;
static struct event_source *listener;	/* the open resource's, if any */
static bool ready;

struct console_input {
	struct resource res;
	struct event_source src;
};

static void serial_rx_interrupt(struct pt_regs *regs)
{
	bool got = false;

	spin_lock(&ring_lock);
	while (inb(COM1 + UART_LSR) & LSR_DR) {
		uint8_t c = inb(COM1 + UART_RBR);

		if (ring_count < RING_SIZE) {	/* full: drop, never block */
			ring[(ring_head + ring_count) % RING_SIZE] = c;
			ring_count++;
		}
		got = true;
	}
	if (got && listener)
		event_source_post(listener, PANDA_EVENT_CHANNEL_READABLE);
	spin_unlock(&ring_lock);
	if (got)
		wake_up_all(&readers);
}

int console_input_init(void)
{
	int ret;

	wait_queue_init(&readers);
	ret = set_irq_handler(SERIAL_VECTOR, serial_rx_interrupt);
	if (!ret)
		ret = ioapic_route_irq(4, SERIAL_VECTOR);
	if (ret) {
		pr_warn("serial input unavailable (%d)", ret);
		return ret;
	}
	outb(COM1 + UART_IER, 0x01);	/* interrupt on received data */
	ready = true;
	return 0;
}

static size_t take(uint8_t *buf, size_t len)
{
	uint64_t flags;
	size_t n = 0;

	spin_lock_irqsave(&ring_lock, flags);
	while (n < len && ring_count) {
		buf[n++] = ring[ring_head];
		ring_head = (ring_head + 1) % RING_SIZE;
		ring_count--;
	}
	spin_unlock_irqrestore(&ring_lock, flags);
	return n;
}

static int64_t input_read(struct resource *r, struct handle_entry *h,
			  void *buf, size_t len, uint32_t flags)
{
	struct process *self = current_process();
	uint8_t chunk[256];
	size_t n;
	int ret;

	if (!len)
		return 0;
	for (;;) {
		n = take(chunk, MIN(len, sizeof(chunk)));
		if (n || (flags & PANDA_FILE_NONBLOCK))
			break;
		wait_event(&readers, READ_ONCE(ring_count) ||
			   process_kill_pending(self));
		if (process_kill_pending(self))
			return -PANDA_ERR_IO;
	}
	ret = copy_read_data(buf, chunk, n, flags);
	return ret ? ret : (int64_t)n;
}

static struct event_source *input_events(struct resource *r)
{
	struct console_input *ci = container_of(r, struct console_input, res);
	uint64_t flags;

	/* Attaching makes this handle the one told about input. */
	spin_lock_irqsave(&ring_lock, flags);
	listener = &ci->src;
	spin_unlock_irqrestore(&ring_lock, flags);
	return &ci->src;
}

static void input_destroy(struct resource *r)
{
	struct console_input *ci = container_of(r, struct console_input, res);
	uint64_t flags;

	spin_lock_irqsave(&ring_lock, flags);
	if (listener == &ci->src)
		listener = NULL;
	spin_unlock_irqrestore(&ring_lock, flags);
	event_source_detach(&ci->src);
	kfree(ci);
}

static int input_stat(struct resource *r, struct panda_file_stat *st)
{
	memset(st, 0, sizeof(*st));
	return 0;
}

static const struct resource_ops console_input_ops = {
	.name = "serial input",
	.tag = PANDA_TAG_FILE,
	.destroy = input_destroy,
	.read = input_read,
	.stat = input_stat,
	.events = input_events,
};

int console_input_open(struct resource **out)
{
	struct console_input *ci;

	if (!ready)
		return -ENOENT;
	ci = kzalloc(sizeof(*ci));
	if (!ci)
		return -ENOMEM;
	resource_init(&ci->res, &console_input_ops);
	*out = &ci->res;
	return 0;
}
