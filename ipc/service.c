// SPDX-License-Identifier: GPL-2.0
/*
 * The service broker (services.md 5).  A process registers a name with
 * OP_SERVICE_REGISTER and gets the user end of a broker channel.  Opening
 * "service:/<name>" creates a fresh channel: the server end goes into the
 * registrant's handle table (attached to the mailbox it named), the broker
 * tells the registrant with a 10-byte "new connection" message carrying that
 * handle, and the opener gets the client end.  A registration ends when its
 * broker user end closes (which includes the registrant's exit); it is then
 * forgotten at the next lookup.
 */
#include <lib/string.h>
#include <panda/errno.h>
#include <panda/ipc.h>
#include <panda/mm.h>
#include <panda/process.h>
#include <panda/service.h>
#include <panda/vfs.h>

#define SERVICE_NAME_MAX	64
#define BROKER_NEW_CONNECTION	0x0001

struct registration {
	struct list_head node;
	char name[SERVICE_NAME_MAX + 1];
	struct resource *kernel_end;	/* the broker's end of its channel */
	struct process_info *registrant;
	struct resource *mailbox;	/* the registrant's, held */
	uint32_t mask;
};

static LIST_HEAD(registry);
static spinlock_t registry_lock = SPINLOCK_INIT;

static bool name_valid(const char *name)
{
	size_t i, n = strlen(name);

	if (!n || n > SERVICE_NAME_MAX)
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return false;
	}
	return true;
}

static void reg_free(struct registration *r)
{
	resource_put(r->kernel_end);
	resource_put(r->mailbox);
	process_info_put(r->registrant);
	kfree(r);
}

static bool reg_alive(struct registration *r)
{
	return !channel_peer_closed(r->kernel_end) && !r->registrant->exited;
}

/* Drops dead registrations; returns the live one called name, if any. */
static struct registration *find_locked(const char *name,
					struct list_head *dead)
{
	struct registration *r, *n, *found = NULL;

	list_for_each_entry_safe(r, n, &registry, node) {
		if (!reg_alive(r)) {
			list_del_init(&r->node);
			list_add_tail(&r->node, dead);
		} else if (name && !strcmp(r->name, name)) {
			found = r;
		}
	}
	return found;
}

static void free_dead(struct list_head *dead)
{
	struct registration *r, *n;

	/* Outside the lock: dropping resources may wake other tasks. */
	list_for_each_entry_safe(r, n, dead, node)
		reg_free(r);
}

/*
 * Forgets every dead registration now.  Called at each process exit: a
 * registration holds its registrant's mailbox and process_info, which
 * must not wait for a lookup that may never come (the memory check at
 * halt would find them).
 */
void service_reap(void)
{
	LIST_HEAD(dead);
	uint64_t flags;

	spin_lock_irqsave(&registry_lock, flags);
	find_locked(NULL, &dead);
	spin_unlock_irqrestore(&registry_lock, flags);
	free_dead(&dead);
}

int64_t service_register(const char *name, uint32_t mailbox, uint32_t mask)
{
	struct process *p = current_process();
	struct handle_entry *mbe = handle_lookup(&p->handles, mailbox);
	struct resource *kernel_end, *user_end;
	struct registration *r;
	LIST_HEAD(dead);
	uint64_t flags;
	int64_t h;
	int ret;

	if (!name_valid(name) || !mbe || !resource_mailbox(mbe->res))
		return -EINVAL;
	r = kzalloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	ret = channel_create(&kernel_end, &user_end);
	if (ret) {
		kfree(r);
		return ret;
	}
	strlcpy(r->name, name, sizeof(r->name));
	r->kernel_end = kernel_end;
	r->mailbox = mbe->res;
	resource_get(r->mailbox);
	r->registrant = p->info;
	process_info_get(r->registrant);
	r->mask = mask;

	spin_lock_irqsave(&registry_lock, flags);
	if (find_locked(name, &dead)) {
		spin_unlock_irqrestore(&registry_lock, flags);
		free_dead(&dead);
		resource_put(user_end);
		reg_free(r);
		return -EEXIST;
	}
	list_add_tail(&r->node, &registry);
	spin_unlock_irqrestore(&registry_lock, flags);
	free_dead(&dead);

	h = handle_install(&p->handles, user_end);
	if (h >= 0 && mask)
		event_source_attach(user_end->ops->events(user_end),
				    resource_mailbox(r->mailbox), (uint32_t)h,
				    mask);
	resource_put(user_end);	/* the handle holds it: its close ends us */
	return h;
}

int service_open(const char *path, struct resource **out)
{
	struct resource *client, *server;
	struct registration *r;
	struct process *registrant;
	uint8_t msg[10];
	LIST_HEAD(dead);
	uint64_t flags;
	int64_t h;
	int ret;

	if (path[0] != '/' || !name_valid(path + 1))
		return -ENOENT;
	spin_lock_irqsave(&registry_lock, flags);
	r = find_locked(path + 1, &dead);
	if (r) {		/* keep it while we use it */
		resource_get(r->kernel_end);
		resource_get(r->mailbox);
		process_info_get(r->registrant);
	}
	spin_unlock_irqrestore(&registry_lock, flags);
	free_dead(&dead);
	if (!r)
		return -ENOENT;

	ret = channel_create(&client, &server);
	if (ret)
		goto out;
	/*
	 * Installed under the registrant's info lock: on another CPU it may
	 * be exiting, and process_exit() takes this lock (clearing ->proc)
	 * before it frees the process, so the table stays valid meanwhile.
	 * A table already released refuses the install (-ENOENT).
	 */
	spin_lock_irqsave(&r->registrant->lock, flags);
	registrant = r->registrant->proc;
	h = registrant ? handle_install(&registrant->handles, server) : -ENOENT;
	spin_unlock_irqrestore(&r->registrant->lock, flags);
	if (h < 0) {
		resource_put(client);
		resource_put(server);
		ret = (int)h;
		goto out;
	}
	if (r->mask)
		event_source_attach(server->ops->events(server),
				    resource_mailbox(r->mailbox), (uint32_t)h,
				    r->mask);
	resource_put(server);
	/* type u16, length u32, payload u32: all little-endian. */
	msg[0] = BROKER_NEW_CONNECTION & 0xff;
	msg[1] = BROKER_NEW_CONNECTION >> 8;
	msg[2] = 4;
	msg[3] = msg[4] = msg[5] = 0;
	msg[6] = (uint8_t)h;
	msg[7] = (uint8_t)(h >> 8);
	msg[8] = (uint8_t)(h >> 16);
	msg[9] = (uint8_t)(h >> 24);
	ret = channel_send_kernel_wait(r->kernel_end, msg, sizeof(msg));
	if (ret) {
		/*
		 * The send may have slept: the registrant may have exited and
		 * been freed meanwhile (its exit closed the handle then).
		 * Lock order: info lock -> channel lock, as nothing takes an
		 * info lock under a channel lock.
		 */
		spin_lock_irqsave(&r->registrant->lock, flags);
		registrant = r->registrant->proc;
		if (registrant)
			handle_close(&registrant->handles, (uint32_t)h);
		spin_unlock_irqrestore(&r->registrant->lock, flags);
		resource_put(client);
		ret = ret == -PANDA_ERR_CHANNEL_CLOSED ? -ENOENT : ret;
		goto out;
	}
	*out = client;
out:
	resource_put(r->kernel_end);
	resource_put(r->mailbox);
	process_info_put(r->registrant);
	return ret;
}

bool service_exists(const char *path)
{
	struct registration *r;
	LIST_HEAD(dead);
	uint64_t flags;

	if (path[0] != '/' || !name_valid(path + 1))
		return false;
	spin_lock_irqsave(&registry_lock, flags);
	r = find_locked(path + 1, &dead);
	spin_unlock_irqrestore(&registry_lock, flags);
	free_dead(&dead);
	return r != NULL;
}

int service_list(const char *path, struct resource **out)
{
	struct dirent_list l = { 0 };
	struct registration *r;
	LIST_HEAD(dead);
	uint64_t flags;
	int ret = 0;

	if (strcmp(path, "/"))
		return -ENOENT;
	spin_lock_irqsave(&registry_lock, flags);
	find_locked(NULL, &dead);
	list_for_each_entry(r, &registry, node)
		if (!ret)
			ret = dirent_list_add(&l, r->name, strlen(r->name),
					      false);
	spin_unlock_irqrestore(&registry_lock, flags);
	free_dead(&dead);
	if (!ret && !(*out = dir_resource_create(&l)))
		ret = -ENOMEM;
	if (ret)
		dirent_list_free(&l);
	return ret;
}
