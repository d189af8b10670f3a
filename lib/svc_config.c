// SPDX-License-Identifier: GPL-2.0
/*
 * Service configs (services.md 6) and fstab.toml (services.md 13) from
 * TOML documents.  See include/lib/svc_config.h.
 *
 * Problems are collected with a sort key (0 for the service name, the
 * position (line << 32 | column) for what has one, ~0 for missing keys)
 * and stably sorted at the end, so they come out in file order whatever
 * order the tables were walked in.
 */
#include <lib/devpath.h>
#include <lib/format.h>
#include <lib/string.h>
#include <lib/svc_config.h>

#define ORDER_FIRST 0
#define ORDER_LAST  UINT64_MAX

/* ------------------------------------------------------------ memory */

static char *xstrdup(const struct panda_value_alloc *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = value_xalloc(a, n);

	if (d)
		memcpy(d, s, n);
	return d;
}

static void xstrfree(const struct panda_value_alloc *a, char *s)
{
	if (s)
		value_xfree(a, s, strlen(s) + 1);
}

/* Free the first n strings of v and v itself, allocated for cap. */
static void free_strv_part(const struct panda_value_alloc *a, char **v,
			   size_t n, size_t cap)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < n; i++)
		xstrfree(a, v[i]);
	value_xfree(a, v, cap * sizeof(*v));
}

static void free_strv(const struct panda_value_alloc *a, char **v, size_t n)
{
	free_strv_part(a, v, n, n);
}

/* A copy of v[0..n) (NULL entries stay NULL); false on failure. */
static bool dup_strv(const struct panda_value_alloc *a, char *const *v,
		     size_t n, char ***out)
{
	char **d;
	size_t i;

	*out = NULL;
	if (!n)
		return true;
	d = value_xalloc(a, n * sizeof(*d));
	if (!d)
		return false;
	for (i = 0; i < n; i++) {
		d[i] = v[i] ? xstrdup(a, v[i]) : NULL;
		if (v[i] && !d[i]) {
			free_strv_part(a, d, i, n);
			return false;
		}
	}
	*out = d;
	return true;
}

/* ------------------------------------------------------------ names */

bool svc_name_valid(const char *name, size_t len)
{
	size_t i;

	if (!name || !len || len > SVC_NAME_MAX)
		return false;
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

static const char *const stdout_names[] = {
	[SVC_STDOUT_INHERIT] = "inherit",
	[SVC_STDOUT_LOG] = "log",
	[SVC_STDOUT_NULL] = "null",
	[SVC_STDOUT_CONSOLE] = "console",
};

static const char *const policy_names[] = {
	[SVC_RESTART_NO] = "no",
	[SVC_RESTART_ON_FAILURE] = "on-failure",
	[SVC_RESTART_ALWAYS] = "always",
};

#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))

const char *svc_stdout_mode_name(enum svc_stdout_mode m)
{
	return (unsigned int)m < ARRAY_SIZE(stdout_names) ? stdout_names[m] :
							    "invalid";
}

const char *svc_restart_policy_name(enum svc_restart_policy p)
{
	return (unsigned int)p < ARRAY_SIZE(policy_names) ? policy_names[p] :
							    "invalid";
}

/* Index of s in names[0..n), or -1. */
static int lookup(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------ problems */

/* A user string in messages: toml_show() of at most 40 bytes. */
#define SHOW_MAX  40
#define SHOW_SIZE (SHOW_MAX + 4)

static const char *show(const char *s, char buf[SHOW_SIZE])
{
	return toml_show(s, strlen(s), SHOW_MAX, buf);
}

struct problem {
	uint64_t order;
	char *text;
};

struct collector {
	const struct panda_value_alloc *a;
	const char *source;  /* prefix, or NULL */
	const char *prefix2; /* second prefix ("fstab entry 3"), or NULL */
	struct problem *v;
	size_t n, cap;
	bool nomem;
};

static void collector_free(struct collector *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		xstrfree(c->a, c->v[i].text);
	value_xfree(c->a, c->v, c->cap * sizeof(*c->v));
	c->v = NULL;
	c->n = c->cap = 0;
}

static uint64_t order_of(uint32_t line, uint32_t col)
{
	return (uint64_t)line << 32 | col;
}

static void add_problem(struct collector *c, uint64_t order, const char *fmt,
			...) __lib_printf(3, 4);

static void add_problem(struct collector *c, uint64_t order, const char *fmt,
			...)
{
	char msg[256], *text;
	uint32_t line = (uint32_t)(order >> 32), col = (uint32_t)order;
	size_t n = 0;
	va_list ap;

	if (c->nomem)
		return;
	if (c->prefix2)
		n += (size_t)scnprintf(msg + n, sizeof(msg) - n,
				       "%s: ", c->prefix2);
	if (c->source)
		n += (size_t)scnprintf(msg + n, sizeof(msg) - n,
				       "%s: ", c->source);
	if (order != ORDER_FIRST && order != ORDER_LAST)
		n += (size_t)scnprintf(msg + n, sizeof(msg) - n,
				       "line %u, column %u: ", line, col);
	va_start(ap, fmt);
	vscnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);

	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 4;
		struct problem *nv = value_xalloc(c->a, ncap * sizeof(*nv));

		if (!nv) {
			c->nomem = true;
			return;
		}
		if (c->n)
			memcpy(nv, c->v, c->n * sizeof(*nv));
		value_xfree(c->a, c->v, c->cap * sizeof(*c->v));
		c->v = nv;
		c->cap = ncap;
	}
	text = xstrdup(c->a, msg);
	if (!text) {
		c->nomem = true;
		return;
	}
	c->v[c->n].order = order;
	c->v[c->n].text = text;
	c->n++;
}

static uint64_t pos_of(const struct toml_value *v)
{
	return order_of(v->line, v->col);
}

static uint64_t epos_of(const struct toml_entry *e)
{
	return order_of(e->line, e->col);
}

/*
 * Move the texts, sorted by order (stable), into a new vector appended
 * to *out / *n_out.  false on allocation failure.
 */
static bool collector_take(struct collector *c, char ***out, size_t *n_out)
{
	size_t i, j, total = *n_out + c->n;
	char **v;

	if (!c->n)
		return true;
	for (i = 1; i < c->n; i++) {
		struct problem x = c->v[i];

		for (j = i; j > 0 && c->v[j - 1].order > x.order; j--)
			c->v[j] = c->v[j - 1];
		c->v[j] = x;
	}
	v = value_xalloc(c->a, total * sizeof(*v));
	if (!v)
		return false;
	if (*n_out)
		memcpy(v, *out, *n_out * sizeof(*v));
	for (i = 0; i < c->n; i++) {
		v[*n_out + i] = c->v[i].text;
		c->v[i].text = NULL;
	}
	value_xfree(c->a, *out, *n_out * sizeof(*v));
	*out = v;
	*n_out = total;
	c->n = 0;
	return true;
}

/* ------------------------------------------------------------ config */

int svc_config_init(const struct panda_value_alloc *a, const char *name,
		    struct svc_config *out)
{
	memset(out, 0, sizeof(*out));
	if (!a || !name)
		return SVC_CONFIG_EINVAL;
	out->name = xstrdup(a, name);
	if (!out->name)
		return SVC_CONFIG_ENOMEM;
	out->stdout_mode = SVC_STDOUT_INHERIT;
	out->policy = SVC_RESTART_NO;
	out->delay_ms = SVC_DEFAULT_DELAY_MS;
	out->max_attempts = SVC_DEFAULT_MAX_ATTEMPTS;
	return 0;
}

/* Free n filled entries of e, allocated for cap. */
static void free_env(const struct panda_value_alloc *a, struct svc_env_var *e,
		     size_t n, size_t cap)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < n; i++) {
		xstrfree(a, e[i].key);
		xstrfree(a, e[i].value);
	}
	value_xfree(a, e, cap * sizeof(*e));
}

void svc_config_free(const struct panda_value_alloc *a, struct svc_config *cfg)
{
	if (!cfg)
		return;
	xstrfree(a, cfg->name);
	xstrfree(a, cfg->exec);
	free_strv(a, cfg->args, cfg->n_args);
	free_env(a, cfg->env, cfg->n_env, cfg->n_env);
	free_strv(a, cfg->after, cfg->n_after);
	free_strv(a, cfg->problems, cfg->n_problems);
	memset(cfg, 0, sizeof(*cfg));
}

int svc_config_clone(const struct panda_value_alloc *a,
		     const struct svc_config *src, struct svc_config *dst)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	*dst = *src;
	dst->name = dst->exec = NULL;
	dst->args = dst->after = dst->problems = NULL;
	dst->env = NULL;
	dst->n_args = dst->n_after = dst->n_problems = dst->n_env = 0;
	if ((src->name && !(dst->name = xstrdup(a, src->name))) ||
	    (src->exec && !(dst->exec = xstrdup(a, src->exec))))
		goto nomem;
	if (!dup_strv(a, src->args, src->n_args, &dst->args))
		goto nomem;
	dst->n_args = src->n_args;
	if (!dup_strv(a, src->after, src->n_after, &dst->after))
		goto nomem;
	dst->n_after = src->n_after;
	if (!dup_strv(a, src->problems, src->n_problems, &dst->problems))
		goto nomem;
	dst->n_problems = src->n_problems;
	if (src->n_env) {
		dst->env = value_xalloc(a, src->n_env * sizeof(*dst->env));
		if (!dst->env)
			goto nomem;
		memset(dst->env, 0, src->n_env * sizeof(*dst->env));
		dst->n_env = src->n_env;
		for (i = 0; i < src->n_env; i++) {
			const struct svc_env_var *e = &src->env[i];

			if ((e->key &&
			     !(dst->env[i].key = xstrdup(a, e->key))) ||
			    (e->value &&
			     !(dst->env[i].value = xstrdup(a, e->value))))
				goto nomem;
		}
	}
	return 0;
nomem:
	svc_config_free(a, dst);
	return SVC_CONFIG_ENOMEM;
}

static bool str_eq(const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	return !strcmp(x, y);
}

static bool strv_eq(char *const *x, size_t nx, char *const *y, size_t ny)
{
	size_t i;

	if (nx != ny)
		return false;
	for (i = 0; i < nx; i++)
		if (!str_eq(x[i], y[i]))
			return false;
	return true;
}

bool svc_config_equal(const struct svc_config *x, const struct svc_config *y)
{
	size_t i, j;

	if (!str_eq(x->exec, y->exec) ||
	    !strv_eq(x->args, x->n_args, y->args, y->n_args) ||
	    x->stdout_mode != y->stdout_mode ||
	    !strv_eq(x->after, x->n_after, y->after, y->n_after) ||
	    x->policy != y->policy || x->delay_ms != y->delay_ms ||
	    x->max_attempts != y->max_attempts || x->n_env != y->n_env)
		return false;
	/* env as a set of pairs: each of x's pairs is one of y's. */
	for (i = 0; i < x->n_env; i++) {
		for (j = 0; j < y->n_env; j++)
			if (str_eq(x->env[i].key, y->env[j].key))
				break;
		if (j == y->n_env || !str_eq(x->env[i].value, y->env[j].value))
			return false;
	}
	return true;
}

/* ------------------------------------------------------------ checking */

static bool env_key_valid(const char *k)
{
	return k && *k && !strchr(k, '=');
}

static bool exec_valid(const char *exec)
{
	return exec && *exec && strchr(exec, ':');
}

/* Problems of exec (shared by parsing and checking). */
static void check_exec(struct collector *c, uint64_t order, const char *exec)
{
	char b[SHOW_SIZE];

	if (!*exec)
		add_problem(c, order, "service.exec is empty");
	else if (!strchr(exec, ':'))
		add_problem(c, order,
			    "service.exec \"%s\" is not a URI (no ':')",
			    show(exec, b));
}

struct report {
	svc_problem_fn fn;
	void *ctx;
	size_t n;
};

static void report(struct report *r, const char *fmt, ...) __lib_printf(2, 3);

static void report(struct report *r, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	r->n++;
	if (!r->fn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->fn(r->ctx, msg);
}

size_t svc_config_check(const struct svc_config *cfg, svc_problem_fn fn,
			void *ctx)
{
	struct report r = { fn, ctx, 0 };
	char b[SHOW_SIZE];
	size_t i, j;

	if (cfg->n_problems) {
		for (i = 0; i < cfg->n_problems; i++)
			report(&r, "%s",
			       cfg->problems[i] ? cfg->problems[i] : "invalid");
		return r.n;
	}
	if (!cfg->name || !svc_name_valid(cfg->name, strlen(cfg->name)))
		report(&r, "invalid service name \"%s\"",
		       cfg->name ? show(cfg->name, b) : "");
	if (!cfg->exec)
		report(&r, "missing required key \"exec\" in [service]");
	else if (!exec_valid(cfg->exec))
		report(&r, "service.exec \"%s\" is empty or not a URI",
		       show(cfg->exec, b));
	if (cfg->n_args && !cfg->args)
		report(&r, "service.args is missing");
	for (i = 0; cfg->args && i < cfg->n_args; i++)
		if (!cfg->args[i])
			report(&r, "service.args[%zu] is missing", i);
	if ((unsigned int)cfg->stdout_mode >= ARRAY_SIZE(stdout_names))
		report(&r, "service.stdout has an invalid value");
	if (cfg->n_env && !cfg->env)
		report(&r, "service.env is missing");
	for (i = 0; cfg->env && i < cfg->n_env; i++) {
		const struct svc_env_var *e = &cfg->env[i];

		if (!env_key_valid(e->key))
			report(&r, "service.env: invalid variable name \"%s\"",
			       e->key ? show(e->key, b) : "");
		else if (!e->value)
			report(&r, "service.env.%s has no value",
			       show(e->key, b));
		for (j = 0; e->key && j < i; j++)
			if (str_eq(cfg->env[j].key, e->key))
				report(&r,
				       "service.env: duplicate variable \"%s\"",
				       show(e->key, b));
	}
	if (cfg->n_after && !cfg->after)
		report(&r, "dependencies.after is missing");
	for (i = 0; cfg->after && i < cfg->n_after; i++)
		if (!cfg->after[i] ||
		    !svc_name_valid(cfg->after[i], strlen(cfg->after[i])))
			report(&r,
			       "dependencies.after: \"%s\" is not a valid service name",
			       cfg->after[i] ? show(cfg->after[i], b) : "");
	if ((unsigned int)cfg->policy >= ARRAY_SIZE(policy_names))
		report(&r, "restart.policy has an invalid value");
	if (cfg->delay_ms > (uint64_t)INT64_MAX)
		report(&r, "restart.delay_ms is out of range");
	return r.n;
}

/* ------------------------------------------------------------ parsing */

struct cfg_parse {
	struct collector c;
	struct svc_config *cfg;
	bool have_exec;
};

static bool is_table(const struct toml_value *v)
{
	return v->type == TOML_TABLE;
}

static void unknown(struct collector *c, const struct toml_entry *e,
		    const char *table)
{
	char b[SHOW_SIZE];

	if (is_table(e->value) ||
	    (e->value->type == TOML_ARRAY && e->value->u.array.of_tables))
		add_problem(c, epos_of(e), "unknown table [%s%s%s]",
			    table ? table : "", table ? "." : "",
			    show(e->key, b));
	else if (table)
		add_problem(c, epos_of(e), "unknown key \"%s\" in [%s]",
			    show(e->key, b), table);
	else
		add_problem(c, epos_of(e), "unknown key \"%s\"",
			    show(e->key, b));
}

static void wrong_type(struct collector *c, const struct toml_value *v,
		       const char *what, const char *want)
{
	add_problem(c, pos_of(v), "%s must be %s, not %s", what, want,
		    toml_a_kind(v));
}

/*
 * The index of v in names[0..n), or -1 with a problem when v is not a
 * string or not one of the names (listed as allowed in the message).
 */
static int one_of(struct collector *c, const struct toml_value *v,
		  const char *what, const char *const *names, size_t n,
		  const char *allowed)
{
	char b[SHOW_SIZE];
	int k;

	if (v->type != TOML_STRING) {
		wrong_type(c, v, what, "a string");
		return -1;
	}
	k = lookup(names, n, v->u.str.data);
	if (k < 0)
		add_problem(c, pos_of(v), "%s must be %s, not \"%s\"", what,
			    allowed, show(v->u.str.data, b));
	return k;
}

/*
 * An array of strings into a new vector (*out, *n); problems for a
 * wrong type, and for elements that fail names_only (service names).
 */
static void string_array(struct cfg_parse *p, const struct toml_value *v,
			 const char *what, bool names_only, char ***out,
			 size_t *n)
{
	const struct panda_value_alloc *a = p->c.a;
	size_t i, len;
	bool bad = false;
	char **d, b[SHOW_SIZE];

	if (v->type != TOML_ARRAY || v->u.array.of_tables ||
	    (v->u.array.len && v->u.array.items[0]->type != TOML_STRING)) {
		wrong_type(&p->c, v, what, "an array of strings");
		return;
	}
	len = v->u.array.len;
	for (i = 0; names_only && i < len; i++) {
		const struct toml_value *s = v->u.array.items[i];

		if (!svc_name_valid(s->u.str.data, s->u.str.len)) {
			add_problem(&p->c, pos_of(s),
				    "%s: \"%s\" is not a valid service name",
				    what, show(s->u.str.data, b));
			bad = true;
		}
	}
	if (bad || !len)
		return;
	d = value_xalloc(a, len * sizeof(*d));
	if (!d) {
		p->c.nomem = true;
		return;
	}
	for (i = 0; i < len; i++) {
		d[i] = xstrdup(a, v->u.array.items[i]->u.str.data);
		if (!d[i]) {
			free_strv_part(a, d, i, len);
			p->c.nomem = true;
			return;
		}
	}
	free_strv(a, *out, *n);
	*out = d;
	*n = len;
}

static void parse_env(struct cfg_parse *p, const struct toml_value *t)
{
	const struct panda_value_alloc *a = p->c.a;
	struct svc_env_var *env;
	size_t i, j, n = 0;
	char b[SHOW_SIZE];
	bool bad = false;

	for (i = 0; i < t->u.table.len; i++) {
		const struct toml_entry *e = &t->u.table.entries[i];

		if (!env_key_valid(e->key)) {
			add_problem(&p->c, epos_of(e),
				    "service.env: invalid variable name \"%s\"",
				    show(e->key, b));
			bad = true;
		}
		if (e->value->type != TOML_STRING) {
			add_problem(&p->c, pos_of(e->value),
				    "service.env.%s must be a string, not %s",
				    show(e->key, b), toml_a_kind(e->value));
			bad = true;
		}
	}
	if (bad || !t->u.table.len)
		return;
	env = value_xalloc(a, t->u.table.len * sizeof(*env));
	if (!env) {
		p->c.nomem = true;
		return;
	}
	for (i = 0; i < t->u.table.len; i++) {
		const struct toml_entry *e = &t->u.table.entries[i];
		struct svc_env_var x;

		x.key = xstrdup(a, e->key);
		x.value = xstrdup(a, e->value->u.str.data);
		if (!x.key || !x.value) {
			xstrfree(a, x.key);
			xstrfree(a, x.value);
			free_env(a, env, n, t->u.table.len);
			p->c.nomem = true;
			return;
		}
		/* Insertion sort by key bytes. */
		for (j = n; j > 0 && strcmp(env[j - 1].key, x.key) > 0; j--)
			env[j] = env[j - 1];
		env[j] = x;
		n++;
	}
	p->cfg->env = env;
	p->cfg->n_env = n;
}

static void parse_service(struct cfg_parse *p, const struct toml_value *t)
{
	struct svc_config *cfg = p->cfg;
	size_t i;
	int k;

	for (i = 0; i < t->u.table.len; i++) {
		const struct toml_entry *e = &t->u.table.entries[i];
		const struct toml_value *v = e->value;

		if (!strcmp(e->key, "exec")) {
			p->have_exec = true;
			if (v->type != TOML_STRING) {
				wrong_type(&p->c, v, "service.exec",
					   "a string");
			} else if (!exec_valid(v->u.str.data)) {
				check_exec(&p->c, pos_of(v), v->u.str.data);
			} else {
				cfg->exec = xstrdup(p->c.a, v->u.str.data);
				if (!cfg->exec)
					p->c.nomem = true;
			}
		} else if (!strcmp(e->key, "args")) {
			string_array(p, v, "service.args", false, &cfg->args,
				     &cfg->n_args);
		} else if (!strcmp(e->key, "stdout")) {
			k = one_of(&p->c, v, "service.stdout", stdout_names,
				   ARRAY_SIZE(stdout_names),
				   "\"inherit\", \"log\", \"null\" or \"console\"");
			if (k >= 0)
				cfg->stdout_mode = (enum svc_stdout_mode)k;
		} else if (!strcmp(e->key, "env")) {
			if (!is_table(v))
				wrong_type(&p->c, v, "service.env", "a table");
			else
				parse_env(p, v);
		} else {
			unknown(&p->c, e, "service");
		}
	}
	if (!p->have_exec)
		add_problem(&p->c, ORDER_LAST,
			    "missing required key \"exec\" in [service]");
}

static void parse_dependencies(struct cfg_parse *p, const struct toml_value *t)
{
	size_t i;

	for (i = 0; i < t->u.table.len; i++) {
		const struct toml_entry *e = &t->u.table.entries[i];

		if (!strcmp(e->key, "after"))
			string_array(p, e->value, "dependencies.after", true,
				     &p->cfg->after, &p->cfg->n_after);
		else
			unknown(&p->c, e, "dependencies");
	}
}

static void parse_restart(struct cfg_parse *p, const struct toml_value *t)
{
	struct svc_config *cfg = p->cfg;
	size_t i;
	int k;

	for (i = 0; i < t->u.table.len; i++) {
		const struct toml_entry *e = &t->u.table.entries[i];
		const struct toml_value *v = e->value;

		if (!strcmp(e->key, "policy")) {
			k = one_of(&p->c, v, "restart.policy", policy_names,
				   ARRAY_SIZE(policy_names),
				   "\"no\", \"on-failure\" or \"always\"");
			if (k >= 0)
				cfg->policy = (enum svc_restart_policy)k;
		} else if (!strcmp(e->key, "delay_ms")) {
			if (v->type != TOML_INTEGER)
				wrong_type(&p->c, v, "restart.delay_ms",
					   "an integer");
			else if (v->u.integer < 0)
				add_problem(
					&p->c, pos_of(v),
					"restart.delay_ms must be at least 0, not %lld",
					(long long)v->u.integer);
			else
				cfg->delay_ms = (uint64_t)v->u.integer;
		} else if (!strcmp(e->key, "max_attempts")) {
			if (v->type != TOML_INTEGER)
				wrong_type(&p->c, v, "restart.max_attempts",
					   "an integer");
			else if (v->u.integer < 0 ||
				 v->u.integer > (int64_t)UINT32_MAX)
				add_problem(
					&p->c, pos_of(v),
					"restart.max_attempts must be between 0 and 4294967295, not %lld",
					(long long)v->u.integer);
			else
				cfg->max_attempts = (uint32_t)v->u.integer;
		} else {
			unknown(&p->c, e, "restart");
		}
	}
}

static int finish(struct collector *c, struct svc_config *out)
{
	if (!c->nomem && !collector_take(c, &out->problems, &out->n_problems))
		c->nomem = true;
	collector_free(c);
	if (c->nomem) {
		svc_config_free(c->a, out);
		return SVC_CONFIG_ENOMEM;
	}
	return out->n_problems ? SVC_CONFIG_EINVALID : 0;
}

int svc_config_from_toml(const struct panda_value_alloc *a, const char *name,
			 const char *source, const struct toml_value *root,
			 struct svc_config *out)
{
	struct cfg_parse p = { .c = { .a = a, .source = source }, .cfg = out };
	bool have_service = false;
	char b[SHOW_SIZE];
	size_t i;
	int err;

	if (!root || root->type != TOML_TABLE) {
		memset(out, 0, sizeof(*out));
		return SVC_CONFIG_EINVAL;
	}
	err = svc_config_init(a, name, out);
	if (err)
		return err;
	if (!svc_name_valid(name, strlen(name)))
		add_problem(
			&p.c, ORDER_FIRST,
			"invalid service name \"%s\" (1-%d characters of A-Z a-z 0-9 . _ -)",
			show(name, b), SVC_NAME_MAX);
	for (i = 0; i < root->u.table.len; i++) {
		const struct toml_entry *e = &root->u.table.entries[i];
		const struct toml_value *v = e->value;

		if (!strcmp(e->key, "service")) {
			have_service = true;
			if (!is_table(v))
				wrong_type(&p.c, v, "service", "a table");
			else
				parse_service(&p, v);
		} else if (!strcmp(e->key, "dependencies")) {
			if (!is_table(v))
				wrong_type(&p.c, v, "dependencies", "a table");
			else
				parse_dependencies(&p, v);
		} else if (!strcmp(e->key, "restart")) {
			if (!is_table(v))
				wrong_type(&p.c, v, "restart", "a table");
			else
				parse_restart(&p, v);
		} else {
			unknown(&p.c, e, NULL);
		}
	}
	if (!have_service)
		add_problem(&p.c, ORDER_LAST, "missing [service] table");
	return finish(&p.c, out);
}

int svc_config_parse(const struct panda_value_alloc *a, const char *name,
		     const char *source, const char *text, size_t len,
		     struct svc_config *out)
{
	struct collector c = { .a = a, .source = source };
	struct toml_value *root;
	struct toml_error e;
	int err;

	memset(out, 0, sizeof(*out));
	if (!a || !name || (!text && len))
		return SVC_CONFIG_EINVAL;
	err = toml_parse(a, text, len, &root, &e);
	if (err == TOML_ENOMEM)
		return SVC_CONFIG_ENOMEM;
	if (err) {
		char b[SHOW_SIZE];

		err = svc_config_init(a, name, out);
		if (err)
			return err;
		if (!svc_name_valid(name, strlen(name)))
			add_problem(
				&c, ORDER_FIRST,
				"invalid service name \"%s\" (1-%d characters of A-Z a-z 0-9 . _ -)",
				show(name, b), SVC_NAME_MAX);
		add_problem(&c, order_of(e.line, e.col), "%s", e.msg);
		return finish(&c, out);
	}
	err = svc_config_from_toml(a, name, source, root, out);
	toml_free(a, root);
	return err;
}

/* ------------------------------------------------------------ fstab */

static bool is_device_uri(const char *s)
{
	struct devpath dp;
	size_t n = strlen(s);

	if (n < 6 || memcmp(s, "block:", 6))
		return false;
	if (devpath_parse(s + 6, n - 6, &dp) || !devpath_is_device(&dp))
		return false;
	return dp.kind == DEVPATH_BDF ||
	       (int)dp.class_code == devpath_class_code("storage", 7);
}

/* The reason mountpoint is unusable, or NULL. */
static const char *mountpoint_problem(const char *m)
{
	const char *s;
	size_t n = strlen(m);

	if (m[0] != '/')
		return "must be an absolute path";
	if (n > 1 && m[n - 1] == '/')
		return "must not end with '/'";
	if (!strncmp(m, "/initrd", 7) && (m[7] == '\0' || m[7] == '/'))
		return "must not be /initrd or lie under it";
	for (s = m; n > 1 && *s;) {
		const char *e = strchr(s + 1, '/');
		size_t k = e ? (size_t)(e - s - 1) : strlen(s + 1);

		if (!k || (k == 1 && s[1] == '.') ||
		    (k == 2 && s[1] == '.' && s[2] == '.'))
			return "must not have empty, '.' or '..' components";
		if (!e)
			break;
		s = e;
	}
	return NULL;
}

void svc_mounts_free(const struct panda_value_alloc *a, struct svc_mounts *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; m->entries && i < m->n_entries; i++) {
		xstrfree(a, m->entries[i].fstype);
		xstrfree(a, m->entries[i].device);
		xstrfree(a, m->entries[i].mountpoint);
	}
	value_xfree(a, m->entries, m->n_entries * sizeof(*m->entries));
	free_strv(a, m->warnings, m->n_warnings);
	memset(m, 0, sizeof(*m));
}

/* Append entry x (whose strings become owned by out). */
static bool push_mount(const struct panda_value_alloc *a,
		       struct svc_mounts *out, const struct svc_mount *x)
{
	struct svc_mount *v =
		value_xalloc(a, (out->n_entries + 1) * sizeof(*v));

	if (!v)
		return false;
	if (out->n_entries)
		memcpy(v, out->entries, out->n_entries * sizeof(*v));
	v[out->n_entries] = *x;
	value_xfree(a, out->entries, out->n_entries * sizeof(*v));
	out->entries = v;
	out->n_entries++;
	return true;
}

static void mount_entry(struct collector *c, struct svc_mounts *out,
			const struct toml_value *t, uint32_t index)
{
	const struct panda_value_alloc *a = c->a;
	struct svc_mount m = { .index = index, .line = t->line };
	const char *fstype = NULL, *device = NULL, *mp = NULL, *why;
	bool seen_fstype = false, seen_mp = false;
	char b[SHOW_SIZE], prefix[32];
	const char *saved = c->prefix2;
	size_t i, before = c->n;

	snprintf(prefix, sizeof(prefix), "fstab entry %u", index);
	c->prefix2 = prefix;
	for (i = 0; i < t->u.table.len; i++) {
		const struct toml_entry *e = &t->u.table.entries[i];
		const struct toml_value *v = e->value;
		bool str = v->type == TOML_STRING;

		if (!strcmp(e->key, "fstype")) {
			seen_fstype = true;
			if (!str)
				wrong_type(c, v, "fstype", "a string");
			else if (strcmp(v->u.str.data, "ext2"))
				add_problem(
					c, pos_of(v),
					"unsupported filesystem type \"%s\" (only \"ext2\")",
					show(v->u.str.data, b));
			else
				fstype = v->u.str.data;
		} else if (!strcmp(e->key, "device")) {
			if (!str)
				wrong_type(c, v, "device", "a string");
			else if (!is_device_uri(v->u.str.data))
				add_problem(
					c, pos_of(v),
					"device \"%s\" is not block:/pci/storage/<n> or block:/pci/<bb:dd.f>",
					show(v->u.str.data, b));
			else
				device = v->u.str.data;
		} else if (!strcmp(e->key, "mountpoint")) {
			seen_mp = true;
			if (!str) {
				wrong_type(c, v, "mountpoint", "a string");
				continue;
			}
			why = mountpoint_problem(v->u.str.data);
			if (why) {
				add_problem(c, pos_of(v),
					    "mountpoint \"%s\" %s",
					    show(v->u.str.data, b), why);
				continue;
			}
			mp = v->u.str.data;
			for (size_t j = 0; j < out->n_entries; j++)
				if (!strcmp(out->entries[j].mountpoint, mp)) {
					add_problem(
						c, pos_of(v),
						"mountpoint \"%s\" is already used by entry %u",
						show(mp, b),
						out->entries[j].index);
					mp = NULL;
					break;
				}
		} else if (!strcmp(e->key, "optional")) {
			if (v->type != TOML_BOOLEAN)
				wrong_type(c, v, "optional", "a boolean");
			else
				m.optional = v->u.boolean;
		} else {
			unknown(c, e, NULL);
		}
	}
	if (!seen_fstype)
		add_problem(c, ORDER_LAST, "missing required key \"fstype\"");
	if (!seen_mp)
		add_problem(c, ORDER_LAST,
			    "missing required key \"mountpoint\"");
	c->prefix2 = saved;
	if (c->nomem || c->n != before)
		return;
	m.fstype = xstrdup(a, fstype);
	m.mountpoint = xstrdup(a, mp);
	m.device = device ? xstrdup(a, device) : NULL;
	if (!m.fstype || !m.mountpoint || (device && !m.device) ||
	    !push_mount(a, out, &m)) {
		xstrfree(a, m.fstype);
		xstrfree(a, m.mountpoint);
		xstrfree(a, m.device);
		c->nomem = true;
	}
}

int svc_mounts_parse(const struct panda_value_alloc *a, const char *text,
		     size_t len, struct svc_mounts *out)
{
	struct collector c = { .a = a, .prefix2 = "fstab" };
	struct toml_value *root;
	struct toml_error e;
	bool unusable = false;
	size_t i, k;
	int err;

	memset(out, 0, sizeof(*out));
	if (!a || (!text && len))
		return SVC_CONFIG_EINVAL;
	err = toml_parse(a, text, len, &root, &e);
	if (err == TOML_ENOMEM)
		return SVC_CONFIG_ENOMEM;
	if (err) {
		add_problem(&c, order_of(e.line, e.col), "%s", e.msg);
		unusable = true;
		goto out;
	}
	for (i = 0; i < root->u.table.len; i++) {
		const struct toml_entry *te = &root->u.table.entries[i];
		const struct toml_value *v = te->value;

		if (strcmp(te->key, "mount")) {
			unknown(&c, te, NULL);
			continue;
		}
		if (v->type != TOML_ARRAY || !v->u.array.of_tables) {
			add_problem(
				&c, pos_of(v),
				"mount must be an array of tables ([[mount]]), not %s",
				toml_a_kind(v));
			unusable = true;
			continue;
		}
		/*
		 * Entry problems must come out grouped by entry, in file
		 * order: take the file-level ones first, then each
		 * entry's as it is checked.
		 */
		for (k = 0; k < v->u.array.len && !c.nomem; k++) {
			if (!collector_take(&c, &out->warnings,
					    &out->n_warnings))
				c.nomem = true;
			else
				mount_entry(&c, out, v->u.array.items[k],
					    (uint32_t)k + 1);
		}
	}
	toml_free(a, root);
out:
	if (!c.nomem && !collector_take(&c, &out->warnings, &out->n_warnings))
		c.nomem = true;
	collector_free(&c);
	if (c.nomem) {
		svc_mounts_free(a, out);
		return SVC_CONFIG_ENOMEM;
	}
	if (unusable) {
		for (i = 0; i < out->n_entries; i++) {
			xstrfree(a, out->entries[i].fstype);
			xstrfree(a, out->entries[i].device);
			xstrfree(a, out->entries[i].mountpoint);
		}
		value_xfree(a, out->entries,
			    out->n_entries * sizeof(*out->entries));
		out->entries = NULL;
		out->n_entries = 0;
		return SVC_CONFIG_EINVALID;
	}
	return 0;
}
