// SPDX-License-Identifier: GPL-2.0
/*
 * The service planner (services.md 7).  See include/lib/svc_planner.h.
 *
 * Everything is indexed after sorting by name: nodes are the distinct
 * desired names in ascending byte order, present services likewise, so
 * "ascending name order" is ascending index order and the output does
 * not depend on the order of the inputs.  Working memory comes from the
 * caller's allocator and is tracked in one list freed at the end.
 */
#include <lib/format.h>
#include <lib/string.h>
#include <lib/svc_planner.h>

enum {
	EX_NONE = 0,
	EX_INVALID,
	EX_DEP,
	EX_CYCLE,
	EX_PROP
};
enum {
	WHITE = 0,
	GREY,
	BLACK
};

#define NO_STEP SIZE_MAX

struct node {
	const char *name;
	const struct svc_config *cfg; /* NULL: the name was given twice */
	size_t *deps;		      /* known dependencies, ascending */
	size_t n_deps;
	int excl;
	size_t step;
};

struct present {
	const struct svc_current *cur;
	size_t *deps; /* present dependencies, ascending */
	size_t n_deps;
	size_t node; /* valid desired node, or NO_STEP */
	bool stop;
	size_t step;
};

struct strlist {
	char **v;
	size_t n, cap;
};

struct planner {
	const struct panda_value_alloc *a;
	const struct planner_input *in;
	/* scratch allocations, freed together */
	struct {
		void *p;
		size_t size;
	} * mem;
	size_t n_mem, cap_mem;
	bool nomem;
	struct node *nodes;
	size_t n_nodes;
	struct present *pres;
	size_t n_pres;
	struct strlist warn[4]; /* validation, deps, cycles, excl */
};

/* ------------------------------------------------------------ memory */

/* Zeroed scratch memory for n elements of size sz (NULL for n == 0). */
static void *scratch(struct planner *pl, size_t n, size_t sz)
{
	void *p;

	if (!n || pl->nomem)
		return NULL;
	if (n > SIZE_MAX / sz)
		goto nomem;
	if (pl->n_mem == pl->cap_mem) {
		size_t ncap = pl->cap_mem ? pl->cap_mem * 2 : 16;
		void *nv = value_xalloc(pl->a, ncap * sizeof(*pl->mem));

		if (!nv)
			goto nomem;
		if (pl->n_mem)
			memcpy(nv, pl->mem, pl->n_mem * sizeof(*pl->mem));
		value_xfree(pl->a, pl->mem, pl->cap_mem * sizeof(*pl->mem));
		pl->mem = nv;
		pl->cap_mem = ncap;
	}
	p = value_xalloc(pl->a, n * sz);
	if (!p)
		goto nomem;
	memset(p, 0, n * sz);
	pl->mem[pl->n_mem].p = p;
	pl->mem[pl->n_mem].size = n * sz;
	pl->n_mem++;
	return p;
nomem:
	pl->nomem = true;
	return NULL;
}

static void scratch_free(struct planner *pl)
{
	size_t i;

	for (i = 0; i < pl->n_mem; i++)
		value_xfree(pl->a, pl->mem[i].p, pl->mem[i].size);
	value_xfree(pl->a, pl->mem, pl->cap_mem * sizeof(*pl->mem));
}

static void strlist_free(const struct panda_value_alloc *a, struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		value_xfree(a, l->v[i], strlen(l->v[i]) + 1);
	value_xfree(a, l->v, l->cap * sizeof(*l->v));
	l->v = NULL;
	l->n = l->cap = 0;
}

/* Append an allocated string (taken over; freed on failure). */
static void strlist_push(struct planner *pl, struct strlist *l, char *s)
{
	if (!s) {
		pl->nomem = true;
		return;
	}
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 8;
		char **nv = value_xalloc(pl->a, ncap * sizeof(*nv));

		if (!nv) {
			value_xfree(pl->a, s, strlen(s) + 1);
			pl->nomem = true;
			return;
		}
		if (l->n)
			memcpy(nv, l->v, l->n * sizeof(*nv));
		value_xfree(pl->a, l->v, l->cap * sizeof(*l->v));
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->n++] = s;
}

static void warn(struct planner *pl, int list, const char *fmt, ...)
	__lib_printf(3, 4);

static void warn(struct planner *pl, int list, const char *fmt, ...)
{
	va_list ap;
	size_t n;
	char *s;

	if (pl->nomem)
		return;
	va_start(ap, fmt);
	n = (size_t)vsnprintf(NULL, 0, fmt, ap) + 1;
	va_end(ap);
	s = value_xalloc(pl->a, n);
	if (s) {
		va_start(ap, fmt);
		vsnprintf(s, n, fmt, ap);
		va_end(ap);
	}
	strlist_push(pl, &pl->warn[list], s);
}

/* ------------------------------------------------------------ sorting */

typedef int (*cmp_fn)(const void *ctx, size_t x, size_t y);

/* Stable merge sort of the indices v[0..n) (tmp: n more). */
static void sort_idx(size_t *v, size_t *tmp, size_t n, cmp_fn cmp,
		     const void *ctx)
{
	size_t w, i, lo, mid, hi, a, b;

	for (w = 1; w < n; w *= 2) {
		for (lo = 0; lo < n; lo += 2 * w) {
			mid = lo + w < n ? lo + w : n;
			hi = lo + 2 * w < n ? lo + 2 * w : n;
			a = lo;
			b = mid;
			for (i = lo; i < hi; i++) {
				if (a < mid &&
				    (b >= hi || cmp(ctx, v[a], v[b]) <= 0))
					tmp[i] = v[a++];
				else
					tmp[i] = v[b++];
			}
		}
		memcpy(v, tmp, n * sizeof(*v));
	}
}

static int cmp_desired(const void *ctx, size_t x, size_t y)
{
	const struct svc_config *d = ctx;

	return strcmp(d[x].name, d[y].name);
}

static int cmp_current(const void *ctx, size_t x, size_t y)
{
	const struct svc_current *c = ctx;

	return strcmp(c[x].name, c[y].name);
}

static int cmp_size(const void *ctx, size_t x, size_t y)
{
	(void)ctx;
	return x < y ? -1 : x > y;
}

/* Sort v[0..*n) ascending and drop repeats. */
static void sort_unique(struct planner *pl, size_t *v, size_t *n)
{
	size_t *tmp, i, k = 0;

	if (*n < 2)
		return;
	tmp = scratch(pl, *n, sizeof(*tmp));
	if (!tmp)
		return;
	sort_idx(v, tmp, *n, cmp_size, NULL);
	for (i = 0; i < *n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	*n = k;
}

static size_t find_node(const struct planner *pl, const char *name)
{
	size_t lo = 0, hi = pl->n_nodes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(pl->nodes[mid].name, name);

		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NO_STEP;
}

static size_t find_present(const struct planner *pl, const char *name)
{
	size_t lo = 0, hi = pl->n_pres;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(pl->pres[mid].cur->name, name);

		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NO_STEP;
}

static bool in_list(const char *const *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] && !strcmp(v[i], name))
			return true;
	return false;
}

/* ------------------------------------------------------------ steps 1-2 */

static int build_nodes(struct planner *pl)
{
	const struct planner_input *in = pl->in;
	size_t *idx, *tmp, i;

	for (i = 0; i < in->n_desired; i++)
		if (!in->desired[i].name)
			return PLANNER_EINVAL;
	idx = scratch(pl, in->n_desired, sizeof(*idx));
	tmp = scratch(pl, in->n_desired, sizeof(*tmp));
	pl->nodes = scratch(pl, in->n_desired, sizeof(*pl->nodes));
	if (pl->nomem)
		return PLANNER_ENOMEM;
	for (i = 0; i < in->n_desired; i++)
		idx[i] = i;
	sort_idx(idx, tmp, in->n_desired, cmp_desired, in->desired);
	for (i = 0; i < in->n_desired; i++) {
		const struct svc_config *c = &in->desired[idx[i]];
		struct node *last =
			pl->n_nodes ? &pl->nodes[pl->n_nodes - 1] : NULL;

		if (last && !strcmp(last->name, c->name)) {
			last->cfg = NULL; /* V6: given twice */
			continue;
		}
		pl->nodes[pl->n_nodes].name = c->name;
		pl->nodes[pl->n_nodes].cfg = c;
		pl->nodes[pl->n_nodes].step = NO_STEP;
		pl->n_nodes++;
	}
	return 0;
}

struct check_ctx {
	struct planner *pl;
	const char *name;
};

static void check_cb(void *ctx, const char *problem)
{
	struct check_ctx *c = ctx;

	warn(c->pl, 0, "invalid config for %s: %s", c->name, problem);
}

static void validate(struct planner *pl)
{
	size_t i;

	for (i = 0; i < pl->n_nodes; i++) {
		struct node *x = &pl->nodes[i];
		struct check_ctx c = { pl, x->name };

		if (!x->cfg) {
			warn(pl, 0, "invalid config for %s: %s", x->name,
			     "the service name is given more than once");
			x->excl = EX_INVALID;
		} else if (svc_config_check(x->cfg, check_cb, &c)) {
			x->excl = EX_INVALID;
		}
	}
}

static void dependencies(struct planner *pl)
{
	const struct planner_input *in = pl->in;
	size_t i, j, k;

	for (i = 0; i < pl->n_nodes; i++) {
		struct node *x = &pl->nodes[i];
		const struct svc_config *c = x->cfg;

		if (x->excl)
			continue;
		x->deps = scratch(pl, c->n_after, sizeof(*x->deps));
		if (pl->nomem)
			return;
		for (j = 0; j < c->n_after; j++) {
			const char *y = c->after[j];
			size_t d;

			for (k = 0; k < j; k++)
				if (!strcmp(c->after[k], y))
					break;
			if (k < j)
				continue; /* named twice */
			d = find_node(pl, y);
			if (d != NO_STEP) {
				x->deps[x->n_deps++] = d;
				continue;
			}
			if (in_list(in->disabled, in->n_disabled, y))
				warn(pl, 1, "%s: dependency %s is not enabled",
				     x->name, y);
			else
				warn(pl, 1, "%s: unknown dependency %s",
				     x->name, y);
			x->excl = EX_DEP;
		}
		sort_unique(pl, x->deps, &x->n_deps);
	}
}

/* ------------------------------------------------------------ step 3 */

struct frame {
	size_t node, next;
};

static void report_cycle(struct planner *pl, const struct frame *stack,
			 size_t from, size_t top, size_t g)
{
	size_t i, len = strlen("cycle: ") + strlen(pl->nodes[g].name) + 1;
	char *s, *p;

	for (i = from; i < top; i++)
		len += strlen(pl->nodes[stack[i].node].name) + 4;
	s = value_xalloc(pl->a, len);
	if (s) {
		p = s;
		memcpy(p, "cycle: ", 7);
		p += 7;
		for (i = from; i < top; i++) {
			const char *n = pl->nodes[stack[i].node].name;

			memcpy(p, n, strlen(n));
			p += strlen(n);
			memcpy(p, " -> ", 4);
			p += 4;
		}
		memcpy(p, pl->nodes[g].name, strlen(pl->nodes[g].name) + 1);
	}
	strlist_push(pl, &pl->warn[2], s);
	for (i = from; i < top; i++)
		pl->nodes[stack[i].node].excl = EX_CYCLE;
}

static void cycles(struct planner *pl)
{
	struct frame *stack = scratch(pl, pl->n_nodes, sizeof(*stack));
	uint8_t *colour = scratch(pl, pl->n_nodes, 1);
	bool *remaining = scratch(pl, pl->n_nodes, sizeof(bool));
	size_t r, top, i;

	if (pl->nomem)
		return;
	for (i = 0; i < pl->n_nodes; i++)
		remaining[i] = !pl->nodes[i].excl;
	for (r = 0; r < pl->n_nodes; r++) {
		if (!remaining[r] || colour[r] != WHITE)
			continue;
		colour[r] = GREY;
		stack[0].node = r;
		stack[0].next = 0;
		top = 1;
		while (top) {
			struct frame *f = &stack[top - 1];
			struct node *x = &pl->nodes[f->node];
			size_t y;

			if (f->next == x->n_deps) {
				colour[f->node] = BLACK;
				top--;
				continue;
			}
			y = x->deps[f->next++];
			if (!remaining[y])
				continue;
			if (colour[y] == WHITE) {
				colour[y] = GREY;
				stack[top].node = y;
				stack[top].next = 0;
				top++;
			} else if (colour[y] == GREY) {
				for (i = 0; stack[i].node != y; i++)
					;
				report_cycle(pl, stack, i, top, y);
			}
		}
	}
}

/* ------------------------------------------------------------ step 4 */

static void propagate(struct planner *pl)
{
	bool changed = true;
	size_t i, j;

	while (changed) {
		changed = false;
		for (i = 0; i < pl->n_nodes; i++) {
			struct node *x = &pl->nodes[i];

			if (x->excl)
				continue;
			for (j = 0; j < x->n_deps; j++)
				if (pl->nodes[x->deps[j]].excl) {
					x->excl = EX_PROP;
					changed = true;
					break;
				}
		}
	}
	/* Name the first excluded dependency of the final exclusion set. */
	for (i = 0; i < pl->n_nodes; i++) {
		struct node *x = &pl->nodes[i];

		if (x->excl != EX_PROP)
			continue;
		for (j = 0; !pl->nodes[x->deps[j]].excl; j++)
			;
		warn(pl, 3, "%s: excluded because dependency %s is excluded",
		     x->name, pl->nodes[x->deps[j]].name);
	}
}

/* ------------------------------------------------------------ steps 5-6 */

static int build_present(struct planner *pl)
{
	const struct planner_input *in = pl->in;
	size_t *idx, *tmp, i, j, n = 0;

	for (i = 0; i < in->n_current; i++) {
		if (!in->current[i].name)
			return PLANNER_EINVAL;
		if (in->current[i].state != SVC_STATE_STOPPED)
			n++;
	}
	idx = scratch(pl, n, sizeof(*idx));
	tmp = scratch(pl, n, sizeof(*tmp));
	pl->pres = scratch(pl, n, sizeof(*pl->pres));
	if (pl->nomem)
		return PLANNER_ENOMEM;
	for (i = 0, j = 0; i < in->n_current; i++)
		if (in->current[i].state != SVC_STATE_STOPPED)
			idx[j++] = i;
	sort_idx(idx, tmp, n, cmp_current, in->current);
	for (i = 0; i < n; i++) {
		struct present *p = &pl->pres[i];

		p->cur = &in->current[idx[i]];
		if (i && !strcmp(p->cur->name, pl->pres[i - 1].cur->name))
			return PLANNER_EINVAL;
		p->step = NO_STEP;
	}
	pl->n_pres = n;
	/* Dependencies among present services, from their snapshots. */
	for (i = 0; i < n; i++) {
		struct present *p = &pl->pres[i];
		const struct svc_config *s = p->cur->snapshot;

		if (!s || !s->n_after || !s->after)
			continue;
		p->deps = scratch(pl, s->n_after, sizeof(*p->deps));
		if (pl->nomem)
			return PLANNER_ENOMEM;
		for (j = 0; j < s->n_after; j++) {
			size_t d = s->after[j] ? find_present(pl, s->after[j]) :
						 NO_STEP;

			if (d != NO_STEP)
				p->deps[p->n_deps++] = d;
		}
		sort_unique(pl, p->deps, &p->n_deps);
	}
	return pl->nomem ? PLANNER_ENOMEM : 0;
}

/*
 * depth[v] = 0 without dependencies, else 1 + the largest depth of its
 * dependencies, over vertices with in[v] set; an edge closing a cycle
 * (possible only among snapshots) is ignored.  Iterative DFS.
 */
static void depths(struct planner *pl, size_t n, size_t *const *deps,
		   const size_t *n_deps, const bool *in, size_t *depth)
{
	struct frame *stack = scratch(pl, n, sizeof(*stack));
	uint8_t *colour = scratch(pl, n, 1);
	size_t r, top;

	if (pl->nomem)
		return;
	for (r = 0; r < n; r++) {
		if (!in[r] || colour[r] != WHITE)
			continue;
		colour[r] = GREY;
		depth[r] = 0;
		stack[0].node = r;
		stack[0].next = 0;
		top = 1;
		while (top) {
			struct frame *f = &stack[top - 1];
			size_t v = f->node, y;

			if (f->next == n_deps[v]) {
				colour[v] = BLACK;
				top--;
				if (top) {
					size_t u = stack[top - 1].node;

					if (depth[u] < depth[v] + 1)
						depth[u] = depth[v] + 1;
				}
				continue;
			}
			y = deps[v][f->next++];
			if (!in[y] || colour[y] == GREY)
				continue;
			if (colour[y] == BLACK) {
				if (depth[v] < depth[y] + 1)
					depth[v] = depth[y] + 1;
				continue;
			}
			colour[y] = GREY;
			depth[y] = 0;
			stack[top].node = y;
			stack[top].next = 0;
			top++;
		}
	}
}

struct order_ctx {
	const size_t *depth;
	bool descending;
};

static int cmp_order(const void *ctx, size_t x, size_t y)
{
	const struct order_ctx *o = ctx;

	if (o->depth[x] != o->depth[y])
		return (o->depth[x] < o->depth[y]) != o->descending ? -1 : 1;
	return x < y ? -1 : x > y;
}

static bool forced(const struct planner_input *in, const char *name)
{
	return in_list(in->force_restart, in->n_force, name);
}

static int make_plan(struct planner *pl, struct plan *out)
{
	const struct planner_input *in = pl->in;
	size_t nn = pl->n_nodes, np = pl->n_pres, total = nn + np;
	/* One more element each, so that "+ nn" is never on NULL. */
	size_t *nd_n = scratch(pl, total + 1, sizeof(size_t));
	size_t **nd = scratch(pl, total + 1, sizeof(size_t *));
	size_t *depth = scratch(pl, total + 1, sizeof(size_t));
	bool *inset = scratch(pl, total + 1, sizeof(bool));
	size_t *stops = scratch(pl, np, sizeof(size_t));
	size_t *starts = scratch(pl, nn, sizeof(size_t));
	size_t *tmp = scratch(pl, total, sizeof(size_t));
	enum plan_action *act = scratch(pl, nn, sizeof(*act));
	size_t i, j, k, n_stops = 0, n_starts = 0;
	struct order_ctx oc;

	if (pl->nomem)
		return PLANNER_ENOMEM;
	/* Diff. */
	for (i = 0; i < nn; i++) {
		struct node *x = &pl->nodes[i];
		size_t p;

		if (x->excl)
			continue;
		p = find_present(pl, x->name);
		if (p == NO_STEP) {
			act[i] = PLAN_START;
		} else {
			pl->pres[p].node = i;
			if (pl->pres[p].cur->snapshot &&
			    svc_config_equal(pl->pres[p].cur->snapshot,
					     x->cfg) &&
			    !forced(in, x->name))
				continue;
			act[i] = PLAN_RESTART;
		}
		starts[n_starts++] = i;
	}
	for (i = 0; i < np; i++) {
		size_t d = find_node(pl, pl->pres[i].cur->name);

		if (d == NO_STEP || pl->nodes[d].excl) {
			pl->pres[i].stop = true;
			stops[n_stops++] = i;
		}
	}

	/* Depths: desired graph (nodes) and snapshot graph (present). */
	for (i = 0; i < nn; i++) {
		nd[i] = pl->nodes[i].deps;
		nd_n[i] = pl->nodes[i].n_deps;
		inset[i] = !pl->nodes[i].excl;
	}
	depths(pl, nn, nd, nd_n, inset, depth);
	for (i = 0; i < np; i++) {
		nd[nn + i] = pl->pres[i].deps;
		nd_n[nn + i] = pl->pres[i].n_deps;
		inset[nn + i] = true;
	}
	depths(pl, np, nd + nn, nd_n + nn, inset + nn, depth + nn);
	if (pl->nomem)
		return PLANNER_ENOMEM;

	oc.depth = depth + nn;
	oc.descending = true;
	sort_idx(stops, tmp, n_stops, cmp_order, &oc);
	oc.depth = depth;
	oc.descending = false;
	sort_idx(starts, tmp, n_starts, cmp_order, &oc);

	/* The plan. */
	out->n_steps = n_stops + n_starts;
	if (out->n_steps) {
		out->steps =
			value_xalloc(pl->a, out->n_steps * sizeof(*out->steps));
		if (!out->steps)
			return PLANNER_ENOMEM;
		memset(out->steps, 0, out->n_steps * sizeof(*out->steps));
	}
	for (i = 0; i < n_stops; i++)
		pl->pres[stops[i]].step = i;
	for (i = 0; i < n_starts; i++)
		pl->nodes[starts[i]].step = n_stops + i;

	for (i = 0; i < out->n_steps; i++) {
		struct plan_step *s = &out->steps[i];
		const char *name;
		size_t n = 0;

		if (i < n_stops) {
			struct present *y = &pl->pres[stops[i]];

			s->action = PLAN_STOP;
			name = y->cur->name;
			/* After the Stops of the present services needing y. */
			for (j = 0; j < np; j++)
				for (k = 0;
				     pl->pres[j].stop && k < pl->pres[j].n_deps;
				     k++)
					if (pl->pres[j].deps[k] == stops[i])
						tmp[n++] = pl->pres[j].step;
		} else {
			struct node *x = &pl->nodes[starts[i - n_stops]];

			s->action = act[starts[i - n_stops]];
			name = x->name;
			for (k = 0; k < x->n_deps; k++)
				if (pl->nodes[x->deps[k]].step != NO_STEP)
					tmp[n++] = pl->nodes[x->deps[k]].step;
		}
		s->service = value_xalloc(pl->a, strlen(name) + 1);
		if (!s->service)
			return PLANNER_ENOMEM;
		memcpy((char *)s->service, name, strlen(name) + 1);
		if (!n)
			continue;
		sort_unique(pl, tmp, &n);
		s->after = value_xalloc(pl->a, n * sizeof(*s->after));
		if (!s->after || pl->nomem)
			return PLANNER_ENOMEM;
		memcpy(s->after, tmp, n * sizeof(*s->after));
		s->n_after = n;
	}
	return 0;
}

static int collect_warnings(struct planner *pl, struct plan *out)
{
	size_t i, n = 0, k;

	for (i = 0; i < 4; i++)
		n += pl->warn[i].n;
	if (!n)
		return 0;
	out->warnings = value_xalloc(pl->a, n * sizeof(*out->warnings));
	if (!out->warnings)
		return PLANNER_ENOMEM;
	for (i = 0; i < 4; i++) {
		for (k = 0; k < pl->warn[i].n; k++)
			out->warnings[out->n_warnings++] = pl->warn[i].v[k];
		pl->warn[i].n = 0;
	}
	return 0;
}

/* ------------------------------------------------------------ interface */

int planner_plan(const struct panda_value_alloc *a,
		 const struct planner_input *in, struct plan *out)
{
	struct planner pl = { .a = a, .in = in };
	size_t i;
	int err;

	if (out)
		memset(out, 0, sizeof(*out));
	if (!a || !in || !out || (in->n_desired && !in->desired) ||
	    (in->n_current && !in->current) ||
	    (in->n_force && !in->force_restart) ||
	    (in->n_disabled && !in->disabled))
		return PLANNER_EINVAL;

	err = build_nodes(&pl);
	if (!err)
		err = build_present(&pl);
	if (!err) {
		validate(&pl);
		dependencies(&pl);
		cycles(&pl);
		propagate(&pl);
		err = pl.nomem ? PLANNER_ENOMEM : make_plan(&pl, out);
	}
	if (!err && pl.nomem)
		err = PLANNER_ENOMEM;
	if (!err)
		err = collect_warnings(&pl, out);
	for (i = 0; i < 4; i++)
		strlist_free(a, &pl.warn[i]);
	scratch_free(&pl);
	if (err)
		planner_free(a, out);
	return err;
}

void planner_free(const struct panda_value_alloc *a, struct plan *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; p->steps && i < p->n_steps; i++) {
		struct plan_step *s = &p->steps[i];

		if (s->service)
			value_xfree(a, (char *)s->service,
				    strlen(s->service) + 1);
		value_xfree(a, s->after, s->n_after * sizeof(*s->after));
	}
	value_xfree(a, p->steps, p->n_steps * sizeof(*p->steps));
	for (i = 0; p->warnings && i < p->n_warnings; i++)
		value_xfree(a, p->warnings[i], strlen(p->warnings[i]) + 1);
	value_xfree(a, p->warnings, p->n_warnings * sizeof(*p->warnings));
	memset(p, 0, sizeof(*p));
}

const char *plan_action_name(enum plan_action act)
{
	switch (act) {
	case PLAN_START:
		return "start";
	case PLAN_STOP:
		return "stop";
	case PLAN_RESTART:
		return "restart";
	}
	return "invalid";
}

const char *svc_state_name(enum svc_state s)
{
	static const char *const names[] = {
		[SVC_STATE_WAITING] = "waiting",
		[SVC_STATE_STARTING] = "starting",
		[SVC_STATE_RUNNING] = "running",
		[SVC_STATE_STOPPING] = "stopping",
		[SVC_STATE_EXITED] = "exited",
		[SVC_STATE_RESTARTING] = "restarting",
		[SVC_STATE_STOPPED] = "stopped",
	};

	return (unsigned int)s < sizeof(names) / sizeof(names[0]) ? names[s] :
								    "invalid";
}

int planner_format_step(const struct plan *p, size_t i, char *buf, size_t cap)
{
	const struct plan_step *s;
	size_t n, k;

	if (i >= p->n_steps)
		return snprintf(buf, cap, "%s", "");
	s = &p->steps[i];
	n = (size_t)snprintf(buf, cap, "[%zu] %s %s", i,
			     plan_action_name(s->action), s->service);
	for (k = 0; k < s->n_after; k++)
		n += (size_t)snprintf(n < cap ? buf + n : NULL,
				      n < cap ? cap - n : 0, "%s%zu",
				      k ? ", " : " (after ", s->after[k]);
	if (s->n_after)
		n += (size_t)snprintf(n < cap ? buf + n : NULL,
				      n < cap ? cap - n : 0, ")");
	return (int)n;
}
