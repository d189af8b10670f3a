/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Service configurations (services.md 6) and the mount configuration
 * (services.md 13), read from TOML documents of <lib/toml.h>.
 *
 * Service config
 * --------------
 * svc_config_parse() turns the text of <dir>/<name>/config.toml into a
 * struct svc_config with the defaults of 6.2 filled in, and checks it
 * against 6.3, collecting every problem rather than stopping at the
 * first: unknown keys and tables, wrong types, bad enumerated values,
 * out-of-range integers, a missing or malformed exec, a bad service
 * name.  A text that is not valid TOML (or UTF-8) gives exactly one
 * problem, the parser's first error.  Problems are texts such as
 *
 *	file:/mnt/config/services/web/config.toml: line 7, column 1: unknown key "delay" in [restart]
 *	missing required key "exec" in [service]
 *
 * (the source prefix only when a source was given; no position for
 * problems that have none).  An invalid config is still returned, with
 * its name and problems, so that the planner can exclude it, and its
 * dependents, with the right warnings (7.2 steps 1 and 4).
 *
 * Strings are NUL-terminated copies allocated from the caller's
 * struct panda_value_alloc; svc_config_free() releases them with the same
 * allocator.  env is sorted by key bytes (keys are unique).
 *
 * Mount config
 * ------------
 * svc_mounts_parse() reads fstab.toml (13.2): zero or more [[mount]]
 * tables.  Valid entries are returned in file order; every problem of an
 * invalid entry becomes a warning "fstab entry <n>: <reason>" and the
 * entry is skipped (13.3).
 */
#ifndef _LIB_SVC_CONFIG_H
#define _LIB_SVC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <lib/toml.h>
#include <lib/value.h>

#define SVC_NAME_MAX			64
#define SVC_DEFAULT_DELAY_MS		1000
#define SVC_DEFAULT_MAX_ATTEMPTS	10

/* Return codes. */
#define SVC_CONFIG_EINVALID	(-1)	/* parsed, but with problems */
#define SVC_CONFIG_ENOMEM	(-2)	/* the allocator failed */
#define SVC_CONFIG_EINVAL	(-3)	/* bad arguments */

enum svc_stdout_mode {
	SVC_STDOUT_INHERIT = 0,
	SVC_STDOUT_LOG,
	SVC_STDOUT_NULL,
	SVC_STDOUT_CONSOLE,
};

enum svc_restart_policy {
	SVC_RESTART_NO = 0,
	SVC_RESTART_ON_FAILURE,
	SVC_RESTART_ALWAYS,
};

struct svc_env_var {
	char *key;
	char *value;
};

struct svc_config {
	char *name;
	char *exec;		/* NULL only in an invalid config */
	char **args;
	size_t n_args;
	enum svc_stdout_mode stdout_mode;
	struct svc_env_var *env;	/* ascending key bytes, unique keys */
	size_t n_env;
	char **after;		/* dependencies, in file order */
	size_t n_after;
	enum svc_restart_policy policy;
	uint64_t delay_ms;	/* 0 .. INT64_MAX */
	uint32_t max_attempts;
	char **problems;	/* why it is invalid (6.3); none if valid */
	size_t n_problems;
};

/*
 * Parse and check a service config.  name is the service (directory)
 * name; source names the file in problems (NULL: none).  Returns 0 for
 * a valid config, SVC_CONFIG_EINVALID for an invalid one (*out filled,
 * n_problems >= 1), SVC_CONFIG_ENOMEM (nothing to free).  Release *out
 * with svc_config_free() in the first two cases.
 */
int svc_config_parse(const struct panda_value_alloc *a, const char *name,
		     const char *source, const char *text, size_t len,
		     struct svc_config *out);

/* The same from an already parsed document (root table). */
int svc_config_from_toml(const struct panda_value_alloc *a, const char *name,
			 const char *source, const struct toml_value *root,
			 struct svc_config *out);

/* A config with only name set and every default of 6.2 (exec NULL). */
int svc_config_init(const struct panda_value_alloc *a, const char *name,
		    struct svc_config *out);

/* Free what cfg owns and zero it. */
void svc_config_free(const struct panda_value_alloc *a,
		     struct svc_config *cfg);

/* Deep copy (e.g. the snapshot a service was started with). */
int svc_config_clone(const struct panda_value_alloc *a,
		     const struct svc_config *src, struct svc_config *dst);

/*
 * Equality of 6.5: exec, args (ordered), stdout, env (as a set of
 * pairs, in any order), after (ordered), policy, delay_ms and
 * max_attempts.  Names and problems are not compared.
 */
bool svc_config_equal(const struct svc_config *x, const struct svc_config *y);

/*
 * Report every reason cfg is invalid, through fn (may be NULL): its
 * problems if it has any, otherwise the checks of 6.3 that a config
 * built by hand can fail (name, exec, enumerations, names in after,
 * env keys).  Returns how many there were (0: valid).
 */
typedef void (*svc_problem_fn)(void *ctx, const char *problem);
size_t svc_config_check(const struct svc_config *cfg, svc_problem_fn fn,
			void *ctx);

/*
 * A service name (6.1 C2): 1-64 bytes of [A-Za-z0-9._-], and not "." or
 * "..".
 */
bool svc_name_valid(const char *name, size_t len);

const char *svc_stdout_mode_name(enum svc_stdout_mode m);
const char *svc_restart_policy_name(enum svc_restart_policy p);

/* ------------------------------------------------------------ fstab */

struct svc_mount {
	uint32_t index;		/* 1-based position among [[mount]] */
	uint32_t line;		/* of its [[mount]] header */
	char *fstype;
	char *device;		/* NULL: the first block device */
	char *mountpoint;
	bool optional;
};

struct svc_mounts {
	struct svc_mount *entries;	/* the valid ones, file order */
	size_t n_entries;
	char **warnings;	/* "fstab entry <n>: <reason>", "fstab: ..." */
	size_t n_warnings;
};

/*
 * Parse fstab.toml.  Returns 0 (entries, and warnings about skipped
 * entries and ignored unknown top-level keys), SVC_CONFIG_EINVALID if
 * the file as a whole is unusable (not valid TOML, or mount is not an
 * array of tables; the warnings say why, there are no entries), or
 * SVC_CONFIG_ENOMEM (nothing to free).  Release *out with
 * svc_mounts_free() in the first two cases.
 *
 * Entry checks (13.3): fstype required, "ext2"; device optional, a
 * block: URI naming a device by class (block:/pci/storage/<n>) or by
 * address (block:/pci/<bb:dd.f>), as <lib/devpath.h> parses it;
 * mountpoint required, absolute, no trailing '/' (except "/"), no empty,
 * "." or ".." component, not /initrd or below, not the mountpoint of an
 * earlier valid entry; optional a boolean (default false); no other
 * keys.
 */
int svc_mounts_parse(const struct panda_value_alloc *a, const char *text,
		     size_t len, struct svc_mounts *out);
void svc_mounts_free(const struct panda_value_alloc *a,
		     struct svc_mounts *m);

#endif /* _LIB_SVC_CONFIG_H */
