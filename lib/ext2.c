// SPDX-License-Identifier: GPL-2.0
/*
 * ext2 (fs.md 7-10): mount, inodes, block maps, directories and reading,
 * then write support (allocation, file data, truncation, directory
 * entries, namespace operations).  See include/lib/ext2.h.
 *
 * Superblock offsets used (fs.md 7.1):
 *   0 inodes_count  4 blocks_count  12 free_blocks  16 free_inodes
 *   20 first_data_block  24 log_block_size  32 blocks_per_group
 *   40 inodes_per_group  44 mtime  48 wtime  52 mnt_count  56 magic
 *   58 state  76 rev_level  84 first_ino  88 inode_size
 *   92 feature_compat  96 feature_incompat  100 feature_ro_compat
 */
#include <lib/ext2.h>
#include <lib/string.h>
#include <lib/utf8.h>
#include <uapi/panda/errno.h>

#define EIO		(-PANDA_ERR_IO)
#define ENOMEM		(-PANDA_ERR_NO_MEMORY)
#define ENOENT		(-PANDA_ERR_NOT_FOUND)
#define ENOTDIR		(-PANDA_ERR_NOT_A_DIRECTORY)
#define EISDIR		(-PANDA_ERR_IS_A_DIRECTORY)
#define EINVAL		(-PANDA_ERR_INVALID_ARGUMENT)
#define EROFS		(-PANDA_ERR_NOT_WRITABLE)
#define ENOSPC		(-PANDA_ERR_NO_SPACE)
#define EEXIST		(-PANDA_ERR_ALREADY_EXISTS)
#define ENOTEMPTY	(-PANDA_ERR_NOT_EMPTY)
#define EBUSY		(-PANDA_ERR_BUSY)
#define ENOTSUP		(-PANDA_ERR_NOT_SUPPORTED)

/* Feature bits (fs.md 7.2). */
#define COMPAT_HAS_JOURNAL	0x0004
#define INCOMPAT_FILETYPE	0x0002
#define RO_COMPAT_SPARSE_SUPER	0x0001
#define RO_COMPAT_LARGE_FILE	0x0002

#define S_IFMT		0xF000
#define S_IFDIR		0x4000
#define S_IFREG		0x8000
#define S_IFLNK		0xA000

#define EXT2_INDEX_FL	0x1000
#define EXT2_LINK_MAX	32000
#define EXT2_FT_REG	1
#define EXT2_FT_DIR	2

#define NO_GROUP	0xFFFFFFFFu

struct ext2_inode {
	uint32_t ino;
	uint16_t mode;
	uint16_t links;
	uint64_t size;
	uint32_t blocks;		/* i_blocks, 512-byte units */
	uint32_t flags;
	uint32_t atime, ctime, mtime, dtime;
	uint32_t block[15];
	uint32_t file_acl;
	uint8_t raw[128];		/* on-disk bytes, for the other fields */
};

struct ext2_pin {
	uint32_t ino;
	uint32_t refs;
};

struct ext2_fs {
	struct ext2_dev dev;
	struct ext2_alloc mem;
	uint32_t (*now)(void *ctx);
	void *now_ctx;

	uint32_t bs;			/* block size */
	uint32_t log_bs;		/* log2(bs) */
	uint32_t spb;			/* sectors per block */
	uint32_t ppb;			/* block pointers per block */
	uint32_t blocks_count, first_data_block, bpg, ipg;
	uint32_t inodes_count, groups, inode_size, first_ino, rev;
	uint32_t itb_per_group;		/* inode table blocks per group */
	uint32_t compat, incompat, ro_compat;
	bool rdonly, filetype, large_file;
	bool was_clean;			/* STATE_VALID when mounted */
	const char *rdonly_reason;
	uint64_t max_size;

	uint32_t free_blocks, free_inodes;	/* superblock counts */

	uint8_t *sbbuf;			/* block holding the superblock */
	uint32_t sb_blk, sb_off;
	bool sb_dirty;

	uint8_t *gdt;			/* descriptor table, whole blocks */
	uint32_t gdt_blocks;
	uint32_t gdt_dirty_lo, gdt_dirty_hi;	/* block range, lo > hi: clean */

	uint8_t *bbm, *ibm;		/* one cached bitmap of each kind */
	uint32_t bbm_group, ibm_group;
	bool bbm_dirty, ibm_dirty;

	struct ext2_pin *pins;
	uint32_t npins, cap_pins;
	uint8_t sb[1024];		/* superblock as read at mount */
	uint32_t generation;
};

/* Indirect blocks met on the way down, one per level. */
struct ext2_mapcache {
	uint32_t nr[3];
	uint8_t *buf[3];
	bool dirty[3];			/* changed, not yet written */
};

/* A directory entry met by dir_walk; buf is the whole block. */
struct ext2_dent {
	uint64_t fb;			/* file block of the directory */
	uint32_t phys;
	uint8_t *buf;
	uint32_t off, prev_off;		/* prev_off: NO_GROUP if first */
	uint32_t ino;
	uint32_t rec_len;
	uint32_t name_len;
	uint8_t type;			/* 0 without the filetype feature */
	const char *name;
};

/* Return 0 to go on, > 0 to stop (returned), < 0 for an error. */
typedef int (*dir_cb_t)(struct ext2_fs *fs, struct ext2_dent *d,
			    void *arg);

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	       ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline uint32_t rec_size(uint32_t name_len)
{
	return (8 + name_len + 3) & ~3u;
}

static inline bool is_dir(const struct ext2_inode *ip)
{
	return (ip->mode & S_IFMT) == S_IFDIR;
}

static inline bool is_reg(const struct ext2_inode *ip)
{
	return (ip->mode & S_IFMT) == S_IFREG;
}

static inline int check_file(const struct ext2_inode *ip)
{
	if (is_dir(ip))
		return EISDIR;
	if (!is_reg(ip))
		return ENOTSUP;
	return 0;
}

/* A block a file may point to. */
static inline bool valid_block(const struct ext2_fs *fs, uint32_t b)
{
	return b >= fs->first_data_block && b < fs->blocks_count && b;
}

static inline uint8_t *gd(const struct ext2_fs *fs, uint32_t g)
{
	return fs->gdt + (size_t)g * 32;
}

#define GD_BLOCK_BITMAP(p)	get32((p) + 0)
#define GD_INODE_BITMAP(p)	get32((p) + 4)
#define GD_INODE_TABLE(p)	get32((p) + 8)
#define GD_FREE_BLOCKS(p)	get16((p) + 12)
#define GD_FREE_INODES(p)	get16((p) + 14)
#define GD_USED_DIRS(p)		get16((p) + 16)

static bool pinned(const struct ext2_fs *fs, uint32_t ino);
static int flush_meta(struct ext2_fs *fs);
static int sync_bitmaps(struct ext2_fs *fs);
static int release_inode(struct ext2_fs *fs, struct ext2_inode *ip);
static int create(struct ext2_fs *fs, const char *path, uint32_t *ino);
static bool has_block_map(const struct ext2_fs *fs,
			  const struct ext2_inode *ip);

#define SB_OFF_INODES_COUNT	0
#define SB_OFF_BLOCKS_COUNT	4
#define SB_OFF_FREE_BLOCKS	12
#define SB_OFF_FREE_INODES	16
#define SB_OFF_FIRST_DATA	20
#define SB_OFF_LOG_BS		24
#define SB_OFF_BPG		32
#define SB_OFF_IPG		40
#define SB_OFF_MTIME		44
#define SB_OFF_WTIME		48
#define SB_OFF_MNT_COUNT	52
#define SB_OFF_MAGIC		56
#define SB_OFF_STATE		58
#define SB_OFF_REV		76
#define SB_OFF_FIRST_INO	84
#define SB_OFF_INODE_SIZE	88
#define SB_OFF_COMPAT		92
#define SB_OFF_INCOMPAT		96
#define SB_OFF_RO_COMPAT	100

#define EXT2_MAGIC		0xEF53
#define STATE_VALID		0x0001	/* cleanly unmounted */
#define STATE_ERROR		0x0002
#define RO_COMPAT_OK		(RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE)
#define MAX_RUN_BLOCKS		64

/* ---------------------------------------------------------------- memory, I/O */

static void *balloc(struct ext2_fs *fs)
{
	return fs->mem.alloc(fs->mem.ctx, fs->bs);
}

static void mem_free(struct ext2_fs *fs, void *p)
{
	if (p)
		fs->mem.free(fs->mem.ctx, p);
}

static int bread_n(struct ext2_fs *fs, uint32_t blk, uint32_t n, void *buf)
{
	if (!n || blk >= fs->blocks_count || n > fs->blocks_count - blk)
		return EIO;
	if (fs->dev.read(fs->dev.ctx, (uint64_t)blk * fs->spb, n * fs->spb,
			 buf))
		return EIO;
	return 0;
}

static int bread(struct ext2_fs *fs, uint32_t blk, void *buf)
{
	return bread_n(fs, blk, 1, buf);
}

static int bwrite(struct ext2_fs *fs, uint32_t blk, const void *buf)
{
	if (blk >= fs->blocks_count)
		return EIO;
	if (fs->dev.write(fs->dev.ctx, (uint64_t)blk * fs->spb, fs->spb, buf))
		return EIO;
	return 0;
}

static uint32_t fs_now(struct ext2_fs *fs)
{
	return fs->now ? fs->now(fs->now_ctx) : 0;
}

/* ---------------------------------------------------------------- inodes */

static int inode_loc(struct ext2_fs *fs, uint32_t ino, uint32_t *blk,
		     uint32_t *off)
{
	uint32_t g, idx;
	uint64_t byte;

	if (!ino || ino > fs->inodes_count)
		return EIO;
	g = (ino - 1) / fs->ipg;
	idx = (ino - 1) % fs->ipg;
	byte = (uint64_t)idx * fs->inode_size;
	*blk = GD_INODE_TABLE(gd(fs, g)) + (uint32_t)(byte >> fs->log_bs);
	*off = (uint32_t)(byte & (fs->bs - 1));
	return 0;
}

static void inode_decode(struct ext2_inode *ip)
{
	const uint8_t *r = ip->raw;
	int i;

	ip->mode = get16(r + 0);
	ip->size = get32(r + 4);
	ip->atime = get32(r + 8);
	ip->ctime = get32(r + 12);
	ip->mtime = get32(r + 16);
	ip->dtime = get32(r + 20);
	ip->links = get16(r + 26);
	ip->blocks = get32(r + 28);
	ip->flags = get32(r + 32);
	for (i = 0; i < 15; i++)
		ip->block[i] = get32(r + 40 + 4 * i);
	ip->file_acl = get32(r + 104);
	if (is_reg(ip))
		ip->size |= (uint64_t)get32(r + 108) << 32;
}

static void inode_encode(struct ext2_inode *ip)
{
	uint8_t *r = ip->raw;
	int i;

	put16(r + 0, ip->mode);
	put32(r + 4, (uint32_t)ip->size);
	put32(r + 8, ip->atime);
	put32(r + 12, ip->ctime);
	put32(r + 16, ip->mtime);
	put32(r + 20, ip->dtime);
	put16(r + 26, ip->links);
	put32(r + 28, ip->blocks);
	put32(r + 32, ip->flags);
	for (i = 0; i < 15; i++)
		put32(r + 40 + 4 * i, ip->block[i]);
	put32(r + 104, ip->file_acl);
	if (is_reg(ip))
		put32(r + 108, (uint32_t)(ip->size >> 32));
}

static int iget(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *ip)
{
	uint32_t blk, off;
	uint8_t *buf;
	int ret;

	ret = inode_loc(fs, ino, &blk, &off);
	if (ret)
		return ret;
	buf = balloc(fs);
	if (!buf)
		return ENOMEM;
	ret = bread(fs, blk, buf);
	if (!ret) {
		memset(ip, 0, sizeof(*ip));
		ip->ino = ino;
		memcpy(ip->raw, buf + off, 128);
		inode_decode(ip);
	}
	mem_free(fs, buf);
	return ret;
}

/*
 * Write the first 128 bytes of the inode back.  For a new inode the whole
 * inode_size bytes are rewritten: zeros past byte 128 but i_extra_isize =
 * 32 (fs.md 10.3).
 */
#define IW_FRESH	1	/* a new inode: rewrite all inode_size bytes */
#define IW_FREEING	2	/* blocks were freed: inode before bitmaps */

static int inode_write(struct ext2_fs *fs, struct ext2_inode *ip, int how)
{
	uint32_t blk, off;
	uint8_t *buf;
	int ret;

	ret = inode_loc(fs, ip->ino, &blk, &off);
	if (ret)
		return ret;
	/*
	 * Bitmaps go before an inode in use (fs.md 10.1), after one being
	 * freed (its blocks must not look free while it still maps them).
	 */
	if (ip->links && !(how & IW_FREEING)) {
		ret = sync_bitmaps(fs);
		if (ret)
			return ret;
	}
	inode_encode(ip);
	buf = balloc(fs);
	if (!buf)
		return ENOMEM;
	ret = bread(fs, blk, buf);
	if (!ret) {
		if (how & IW_FRESH) {
			memset(buf + off, 0, fs->inode_size);
			if (fs->inode_size >= 160)
				put16(buf + off + 128, 32);
		}
		memcpy(buf + off, ip->raw, 128);
		ret = bwrite(fs, blk, buf);
	}
	mem_free(fs, buf);
	return ret;
}

static int iput(struct ext2_fs *fs, struct ext2_inode *ip)
{
	return inode_write(fs, ip, 0);
}

static int iput_fresh(struct ext2_fs *fs, struct ext2_inode *ip)
{
	return inode_write(fs, ip, IW_FRESH);
}

/* ---------------------------------------------------------------- block map */

static int block_path(const struct ext2_fs *fs, uint64_t fb, uint32_t off[4])
{
	uint64_t p = fs->ppb, p2 = p * p;

	if (fb < 12) {
		off[0] = (uint32_t)fb;
		return 1;
	}
	fb -= 12;
	if (fb < p) {
		off[0] = 12;
		off[1] = (uint32_t)fb;
		return 2;
	}
	fb -= p;
	if (fb < p2) {
		off[0] = 13;
		off[1] = (uint32_t)(fb / p);
		off[2] = (uint32_t)(fb % p);
		return 3;
	}
	fb -= p2;
	if (fb < p2 * p) {
		off[0] = 14;
		off[1] = (uint32_t)(fb / p2);
		off[2] = (uint32_t)((fb / p) % p);
		off[3] = (uint32_t)(fb % p);
		return 4;
	}
	return 0;
}

static int mc_writeback(struct ext2_fs *fs, struct ext2_mapcache *mc,
			int level)
{
	int ret;

	if (!mc->dirty[level])
		return 0;
	ret = bwrite(fs, mc->nr[level], mc->buf[level]);
	if (!ret)
		mc->dirty[level] = false;
	return ret;
}

/* Write back the indirect blocks changed through the cache. */
static int mc_flush(struct ext2_fs *fs, struct ext2_mapcache *mc)
{
	int ret = 0, r, i;

	for (i = 0; i < 3; i++) {
		r = mc_writeback(fs, mc, i);
		if (r && !ret)
			ret = r;
	}
	return ret;
}

static int mc_load(struct ext2_fs *fs, struct ext2_mapcache *mc, int level,
		  uint32_t blk)
{
	int ret;

	if (!valid_block(fs, blk))
		return EIO;
	if (!mc->buf[level]) {
		mc->buf[level] = balloc(fs);
		if (!mc->buf[level])
			return ENOMEM;
	} else if (mc->nr[level] == blk) {
		return 0;
	}
	ret = mc_writeback(fs, mc, level);
	if (ret)
		return ret;
	mc->nr[level] = 0;
	ret = bread(fs, blk, mc->buf[level]);
	if (ret)
		return ret;
	mc->nr[level] = blk;
	return 0;
}

/* Free the buffers; write paths call mc_flush first. */
static void mc_release(struct ext2_fs *fs, struct ext2_mapcache *mc)
{
	int i;

	for (i = 0; i < 3; i++) {
		mem_free(fs, mc->buf[i]);
		mc->buf[i] = NULL;
		mc->nr[i] = 0;
		mc->dirty[i] = false;
	}
}

static int bmap(struct ext2_fs *fs, const struct ext2_inode *ip, uint64_t fb,
	       struct ext2_mapcache *mc, uint32_t *phys)
{
	uint32_t off[4], p;
	int n, i, ret;

	n = block_path(fs, fb, off);
	if (!n)
		return EIO;
	p = ip->block[off[0]];
	for (i = 1; i < n; i++) {
		if (!p)
			break;
		ret = mc_load(fs, mc, i - 1, p);
		if (ret)
			return ret;
		p = get32(mc->buf[i - 1] + (size_t)off[i] * 4);
	}
	if (p && !valid_block(fs, p))
		return EIO;
	*phys = p;
	return 0;
}

/* ---------------------------------------------------------------- directories */

static uint32_t rec_len_from_disk(const struct ext2_fs *fs, uint16_t v)
{
	if (fs->bs >= 65536 && (v == 0 || v == 0xFFFF))
		return 65536;
	return v;
}

/*
 * Walk every entry of every block of a directory, validating each
 * (fs.md 8.2).  The directory's size bounds the walk; holes are skipped.
 */
static int dir_walk(struct ext2_fs *fs, const struct ext2_inode *dir,
		   dir_cb_t cb, void *arg)
{
	struct ext2_mapcache mc = { { 0 }, { NULL }, { false } };
	struct ext2_dent d;
	uint64_t nblocks, fb;
	uint8_t *buf;
	int ret = 0;

	nblocks = (dir->size + fs->bs - 1) >> fs->log_bs;
	if (nblocks > fs->blocks_count)
		return EIO;
	buf = balloc(fs);
	if (!buf)
		return ENOMEM;
	for (fb = 0; fb < nblocks && !ret; fb++) {
		uint32_t phys, off = 0, prev = NO_GROUP;

		ret = bmap(fs, dir, fb, &mc, &phys);
		if (ret || !phys)
			continue;
		ret = bread(fs, phys, buf);
		while (!ret && off < fs->bs) {
			uint8_t *e = buf + off;

			if (fs->bs - off < 8) {
				ret = EIO;
				break;
			}
			d.fb = fb;
			d.phys = phys;
			d.buf = buf;
			d.off = off;
			d.prev_off = prev;
			d.ino = get32(e);
			d.rec_len = rec_len_from_disk(fs, get16(e + 4));
			d.name_len = e[6];
			d.type = 0;
			if (fs->filetype)
				d.type = e[7];
			else
				d.name_len |= (uint32_t)e[7] << 8;
			d.name = (const char *)e + 8;
			if ((d.rec_len & 3) || d.rec_len < 8 + d.name_len ||
			    d.rec_len > fs->bs - off ||
			    (d.ino && (d.ino > fs->inodes_count ||
				       (d.ino < fs->first_ino &&
					d.ino != EXT2_ROOT_INO) ||
				       !d.name_len || d.name_len > 255))) {
				ret = EIO;
				break;
			}
			ret = cb(fs, &d, arg);
			prev = off;
			off += d.rec_len;
		}
	}
	mc_release(fs, &mc);
	mem_free(fs, buf);
	return ret;
}

struct find_arg {
	const char *name;
	size_t len;
	uint32_t ino;
};

static int find_cb(struct ext2_fs *fs, struct ext2_dent *d, void *arg)
{
	struct find_arg *a = arg;

	(void)fs;
	if (d->ino && d->name_len == a->len &&
	    !memcmp(d->name, a->name, a->len)) {
		a->ino = d->ino;
		return 1;
	}
	return 0;
}

static int dir_find(struct ext2_fs *fs, const struct ext2_inode *dir,
		   const char *name, size_t len, uint32_t *ino)
{
	struct find_arg a = { name, len, 0 };
	int ret;

	if (!len || len > EXT2_NAME_MAX)
		return ENOENT;
	ret = dir_walk(fs, dir, find_cb, &a);
	if (ret < 0)
		return ret;
	if (!ret)
		return ENOENT;
	*ino = a.ino;
	return 0;
}

static inline bool is_lnk(const struct ext2_inode *ip)
{
	return (ip->mode & S_IFMT) == S_IFLNK;
}

/*
 * The path that replaces a symbolic link met during a lookup: its target,
 * then '/' and rest (what followed the link in the path being resolved),
 * in a buffer of its own (*out, freed by the caller).  A fast link keeps
 * its target in i_block, a slow one in its first data block; a target
 * that is empty, longer than a block or than EXT2_SYMLINK_TARGET_MAX, or
 * stored where it cannot be is IO.
 */
static int link_splice(struct ext2_fs *fs, const struct ext2_inode *ip,
		       const char *rest, size_t rest_len, char **out,
		       size_t *out_len)
{
	struct ext2_mapcache mc = { { 0 }, { NULL }, { false } };
	uint64_t tlen = ip->size;
	uint8_t *blk = NULL;
	uint32_t phys = 0;
	char *p;
	int ret;

	if (!tlen || tlen > EXT2_SYMLINK_TARGET_MAX || tlen > fs->bs)
		return EIO;
	if (has_block_map(fs, ip)) {
		ret = bmap(fs, ip, 0, &mc, &phys);
		mc_release(fs, &mc);
		if (ret)
			return ret;
		if (!phys)
			return EIO;
		blk = balloc(fs);
		if (!blk)
			return ENOMEM;
		ret = bread(fs, phys, blk);
		if (ret) {
			mem_free(fs, blk);
			return ret;
		}
	} else if (tlen >= 60) {
		return EIO;	/* a fast link holds at most 59 bytes */
	}
	p = fs->mem.alloc(fs->mem.ctx, (size_t)tlen + 1 + rest_len);
	if (!p) {
		mem_free(fs, blk);
		return ENOMEM;
	}
	memcpy(p, blk ? blk : ip->raw + 40, (size_t)tlen);
	mem_free(fs, blk);
	p[tlen] = '/';
	if (rest_len)
		memcpy(p + tlen + 1, rest, rest_len);
	*out = p;
	*out_len = (size_t)tlen + 1 + rest_len;
	return 0;
}

/*
 * Resolve path[0 .. len) from the root.  Symbolic links are followed
 * wherever they are met, the last component included: a relative target
 * from the directory holding the link, an absolute one from the root of
 * this file system.  More than EXT2_SYMLINK_MAX links in one lookup is
 * taken for a loop (IO).
 */
static int namei(struct ext2_fs *fs, const char *path, size_t len,
		uint32_t *ino)
{
	struct ext2_inode ip;
	uint32_t cur = EXT2_ROOT_INO, next;
	unsigned int links = 0;
	char *own = NULL;	/* path after a link, ours to free */
	bool loaded = false;	/* ip holds cur */
	size_t i = 0;
	int ret;

	for (;;) {
		size_t start;

		while (i < len && path[i] == '/')
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && path[i] && path[i] != '/')
			i++;
		ret = ENOENT;		/* i == start: NUL inside the path */
		if (i == start)
			goto out;
		ret = loaded ? 0 : iget(fs, cur, &ip);
		if (ret)
			goto out;
		ret = ENOTDIR;
		if (!is_dir(&ip))
			goto out;
		ret = dir_find(fs, &ip, path + start, i - start, &next);
		if (ret)
			goto out;
		ret = iget(fs, next, &ip);
		if (ret)
			goto out;
		if (is_lnk(&ip)) {
			char *np;
			size_t nl;

			ret = EIO;
			if (++links > EXT2_SYMLINK_MAX)
				goto out;
			ret = link_splice(fs, &ip, path + i, len - i, &np, &nl);
			if (ret)
				goto out;
			mem_free(fs, own);
			own = np;
			path = np;
			len = nl;
			i = 0;
			if (path[0] == '/')
				cur = EXT2_ROOT_INO;
			loaded = false;
			continue;
		}
		cur = next;
		loaded = true;
	}
	*ino = cur;
	ret = 0;
out:
	mem_free(fs, own);
	return ret;
}

/* ---------------------------------------------------------------- mount */

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static int read_superblock(const struct ext2_dev *dev,
			   const struct ext2_alloc *mem, uint8_t *sb)
{
	uint32_t ss = dev->sector_size, count;
	uint64_t first;
	uint8_t *tmp;
	int ret;

	if (ss <= 1024) {
		first = 1024 / ss;
		count = 1024 / ss;
		if (first + count > dev->nr_sectors)
			return EIO;
		return dev->read(dev->ctx, first, count, sb) ? EIO : 0;
	}
	if (dev->nr_sectors < 1)
		return EIO;
	tmp = mem->alloc(mem->ctx, ss);
	if (!tmp)
		return ENOMEM;
	ret = dev->read(dev->ctx, 0, 1, tmp) ? EIO : 0;
	if (!ret)
		memcpy(sb, tmp + 1024, 1024);
	mem->free(mem->ctx, tmp);
	return ret;
}

static int fail(const char **why, const char *text, int err)
{
	if (why)
		*why = text;
	return err;
}

/* Check geometry and the group descriptors; fills the derived fields. */
static int validate(struct ext2_fs *fs, const uint8_t *sb, const char **why)
{
	uint64_t dev_bytes, groups;
	uint32_t log;

	log = get32(sb + SB_OFF_LOG_BS);
	if (log > 6)
		return fail(why, "bad block size", EIO);
	fs->log_bs = 10 + log;
	fs->bs = 1024u << log;
	if (fs->dev.sector_size > fs->bs)
		return fail(why, "sector larger than the block size", EIO);
	fs->spb = fs->bs / fs->dev.sector_size;
	fs->ppb = fs->bs / 4;
	fs->rev = get32(sb + SB_OFF_REV);
	if (fs->rev > 1)
		return fail(why, "unsupported revision", EIO);
	fs->blocks_count = get32(sb + SB_OFF_BLOCKS_COUNT);
	fs->inodes_count = get32(sb + SB_OFF_INODES_COUNT);
	fs->first_data_block = get32(sb + SB_OFF_FIRST_DATA);
	fs->bpg = get32(sb + SB_OFF_BPG);
	fs->ipg = get32(sb + SB_OFF_IPG);
	if (fs->rev == 0) {
		fs->inode_size = 128;
		fs->first_ino = 11;
	} else {
		fs->inode_size = get16(sb + SB_OFF_INODE_SIZE);
		fs->first_ino = get32(sb + SB_OFF_FIRST_INO);
	}
	if (!fs->bpg || fs->bpg > 8 * fs->bs || !fs->ipg ||
	    fs->ipg > 8 * fs->bs)
		return fail(why, "bad blocks or inodes per group", EIO);
	if (!is_pow2(fs->inode_size) || fs->inode_size < 128 ||
	    fs->inode_size > fs->bs)
		return fail(why, "bad inode size", EIO);
	if (fs->first_data_block != (fs->bs == 1024 ? 1u : 0u) ||
	    fs->blocks_count <= fs->first_data_block)
		return fail(why, "bad first data block or block count", EIO);
	groups = ((uint64_t)fs->blocks_count - fs->first_data_block +
		  fs->bpg - 1) / fs->bpg;
	fs->groups = (uint32_t)groups;
	if (groups * fs->ipg != fs->inodes_count)
		return fail(why, "inode count does not match the groups", EIO);
	if (fs->first_ino < 11 || fs->first_ino > fs->inodes_count)
		return fail(why, "bad first inode", EIO);
	dev_bytes = fs->dev.nr_sectors > UINT64_MAX / fs->dev.sector_size ?
		    UINT64_MAX : fs->dev.nr_sectors * fs->dev.sector_size;
	if ((uint64_t)fs->blocks_count << fs->log_bs > dev_bytes)
		return fail(why, "file system larger than the device", EIO);
	fs->gdt_blocks = (uint32_t)((groups * 32 + fs->bs - 1) >> fs->log_bs);
	if ((uint64_t)fs->first_data_block + 1 + fs->gdt_blocks >
	    fs->blocks_count)
		return fail(why, "descriptor table outside the device", EIO);
	fs->itb_per_group = (uint32_t)(((uint64_t)fs->ipg * fs->inode_size +
					fs->bs - 1) >> fs->log_bs);
	if (fs->free_blocks > fs->blocks_count ||
	    fs->free_inodes > fs->inodes_count)
		return fail(why, "bad free counts", EIO);
	return 0;
}

static int validate_groups(struct ext2_fs *fs, const char **why)
{
	uint64_t sum_b = 0, sum_i = 0;
	uint32_t g;

	for (g = 0; g < fs->groups; g++) {
		const uint8_t *d = gd(fs, g);
		uint64_t gs = fs->first_data_block + (uint64_t)g * fs->bpg;
		uint64_t ge = gs + fs->bpg;
		uint64_t it = GD_INODE_TABLE(d);

		if (ge > fs->blocks_count)
			ge = fs->blocks_count;
		if (GD_BLOCK_BITMAP(d) < gs || GD_BLOCK_BITMAP(d) >= ge ||
		    GD_INODE_BITMAP(d) < gs || GD_INODE_BITMAP(d) >= ge ||
		    it < gs || it + fs->itb_per_group > ge)
			return fail(why, "group metadata outside its group",
				    EIO);
		if (GD_FREE_BLOCKS(d) > ge - gs ||
		    GD_FREE_INODES(d) > fs->ipg || GD_USED_DIRS(d) > fs->ipg)
			return fail(why, "bad group counts", EIO);
		sum_b += GD_FREE_BLOCKS(d);
		sum_i += GD_FREE_INODES(d);
	}
	/* The descriptors are authoritative, as for Linux. */
	if (fs->free_blocks != sum_b || fs->free_inodes != sum_i) {
		fs->free_blocks = (uint32_t)sum_b;
		fs->free_inodes = (uint32_t)sum_i;
		fs->sb_dirty = true;
	}
	return 0;
}

static void fs_free(struct ext2_fs *fs)
{
	struct ext2_alloc mem = fs->mem;

	mem_free(fs, fs->sbbuf);
	mem_free(fs, fs->gdt);
	mem_free(fs, fs->bbm);
	mem_free(fs, fs->ibm);
	mem_free(fs, fs->pins);
	mem.free(mem.ctx, fs);
}

int ext2_mount(const struct ext2_dev *dev, const struct ext2_alloc *alloc,
	       const struct ext2_mount_opts *opts, struct ext2_fs **out,
	       const char **why)
{
	struct ext2_fs *fs;
	uint8_t *sb;
	uint32_t ro;
	int ret;

	if (why)
		*why = NULL;
	if (!dev || !alloc || !out || !dev->read || !dev->write ||
	    !alloc->alloc || !alloc->free || !is_pow2(dev->sector_size) ||
	    dev->sector_size > 65536)
		return fail(why, "bad arguments", EINVAL);
	*out = NULL;
	fs = alloc->alloc(alloc->ctx, sizeof(*fs));
	if (!fs)
		return fail(why, "out of memory", ENOMEM);
	memset(fs, 0, sizeof(*fs));
	fs->dev = *dev;
	fs->mem = *alloc;
	sb = fs->sb;
	ret = read_superblock(dev, alloc, sb);
	if (ret) {
		ret = fail(why, "cannot read the superblock", ret);
		goto err;
	}
	if (get16(sb + SB_OFF_MAGIC) != EXT2_MAGIC) {
		ret = fail(why, "invalid ext2 magic number", EIO);
		goto err;
	}
	fs->bbm_group = fs->ibm_group = NO_GROUP;
	fs->gdt_dirty_lo = 1;
	if (opts) {
		fs->now = opts->now;
		fs->now_ctx = opts->now_ctx;
	}
	fs->free_blocks = get32(sb + SB_OFF_FREE_BLOCKS);
	fs->free_inodes = get32(sb + SB_OFF_FREE_INODES);
	fs->compat = get32(sb + SB_OFF_COMPAT);
	fs->incompat = get32(sb + SB_OFF_INCOMPAT);
	fs->ro_compat = get32(sb + SB_OFF_RO_COMPAT);
	if (fs->incompat & ~(uint32_t)INCOMPAT_FILETYPE) {
		ret = fail(why, "unsupported incompatible features", EIO);
		goto err;
	}
	fs->filetype = fs->incompat & INCOMPAT_FILETYPE;
	fs->large_file = fs->ro_compat & RO_COMPAT_LARGE_FILE;
	ret = validate(fs, sb, why);
	if (ret)
		goto err;

	/* The block holding the superblock, kept for write-back. */
	fs->sb_blk = fs->bs == 1024 ? 1 : 0;
	fs->sb_off = fs->bs == 1024 ? 0 : 1024;
	fs->sbbuf = balloc(fs);
	fs->gdt = fs->mem.alloc(fs->mem.ctx, (size_t)fs->gdt_blocks * fs->bs);
	fs->bbm = balloc(fs);
	fs->ibm = balloc(fs);
	if (!fs->sbbuf || !fs->gdt || !fs->bbm || !fs->ibm) {
		ret = fail(why, "out of memory", ENOMEM);
		goto err;
	}
	ret = bread(fs, fs->sb_blk, fs->sbbuf);
	if (!ret)
		ret = bread_n(fs, fs->first_data_block + 1, fs->gdt_blocks,
			      fs->gdt);
	if (ret) {
		ret = fail(why, "cannot read the descriptor table", ret);
		goto err;
	}
	/* Keep what was validated, whatever the second read returned. */
	memcpy(fs->sbbuf + fs->sb_off, sb, sizeof(fs->sb));
	ret = validate_groups(fs, why);
	if (ret)
		goto err;

	/* fs.md 7.2: what forces a read-only mount. */
	ro = fs->ro_compat & ~(uint32_t)RO_COMPAT_OK;
	if (opts && (opts->flags & EXT2_MOUNT_RDONLY))
		fs->rdonly_reason = "read-only mount requested";
	else if (ro)
		fs->rdonly_reason = "unsupported read-only-compatible features";
	else if (fs->compat & COMPAT_HAS_JOURNAL)
		fs->rdonly_reason = "journal present";
	else if (get16(sb + SB_OFF_STATE) & STATE_ERROR)
		fs->rdonly_reason = "file system has errors";
	fs->rdonly = fs->rdonly_reason != NULL;

	fs->max_size = ((uint64_t)12 + fs->ppb + (uint64_t)fs->ppb * fs->ppb +
			(uint64_t)fs->ppb * fs->ppb * fs->ppb) << fs->log_bs;
	if (!fs->large_file)
		fs->max_size = 0x7FFFFFFFu;
	fs->generation = get32(sb + SB_OFF_WTIME) ^ fs->free_blocks;

	if (!fs->rdonly && fs->now) {
		uint8_t *s = fs->sbbuf + fs->sb_off;

		put32(s + SB_OFF_MTIME, fs_now(fs));
		put16(s + SB_OFF_MNT_COUNT,
		      (uint16_t)(get16(s + SB_OFF_MNT_COUNT) + 1));
		fs->sb_dirty = true;
	}
	if (!fs->rdonly) {
		/*
		 * Mounted read-write: not clean on disk until unmounted, so
		 * that a crash leaves a file system e2fsck will check.  A file
		 * system that was not clean stays so after the unmount.
		 */
		uint8_t *s = fs->sbbuf + fs->sb_off;
		uint16_t state = get16(s + SB_OFF_STATE);

		fs->was_clean = state & STATE_VALID;
		put16(s + SB_OFF_STATE, state & ~STATE_VALID);
		fs->sb_dirty = true;
		ret = flush_meta(fs);
		if (ret) {
			ret = fail(why, "cannot write the superblock", ret);
			goto err;
		}
	} else {
		fs->sb_dirty = false;
	}
	if (why)
		*why = fs->rdonly_reason;
	*out = fs;
	return 0;
err:
	fs_free(fs);
	return ret;
}

/* ---------------------------------------------------------------- metadata */

static int flush_meta(struct ext2_fs *fs)
{
	int ret = 0, r;
	uint32_t i;

	if (fs->rdonly)
		return 0;
	ret = sync_bitmaps(fs);
	for (i = fs->gdt_dirty_lo; i <= fs->gdt_dirty_hi &&
	     i < fs->gdt_blocks; i++) {
		r = bwrite(fs, fs->first_data_block + 1 + i,
				 fs->gdt + ((size_t)i << fs->log_bs));
		if (r && !ret)
			ret = r;
	}
	if (!ret) {
		fs->gdt_dirty_lo = 1;
		fs->gdt_dirty_hi = 0;
	}
	if (fs->sb_dirty) {
		uint8_t *s = fs->sbbuf + fs->sb_off;

		put32(s + SB_OFF_FREE_BLOCKS, fs->free_blocks);
		put32(s + SB_OFF_FREE_INODES, fs->free_inodes);
		if (fs->now)
			put32(s + SB_OFF_WTIME, fs_now(fs));
		r = bwrite(fs, fs->sb_blk, fs->sbbuf);
		if (r && !ret)
			ret = r;
		if (!r)
			fs->sb_dirty = false;
	}
	return ret;
}

int ext2_sync(struct ext2_fs *fs)
{
	int ret = flush_meta(fs);

	if (!fs->rdonly && fs->dev.flush && fs->dev.flush(fs->dev.ctx) &&
	    !ret)
		ret = EIO;
	return ret;
}

int ext2_unmount(struct ext2_fs *fs)
{
	int ret = 0, r;
	uint32_t i;

	if (!fs)
		return 0;
	for (i = 0; i < fs->npins && !fs->rdonly; i++) {
		struct ext2_inode ip;

		r = iget(fs, fs->pins[i].ino, &ip);
		if (!r && !ip.links)
			r = release_inode(fs, &ip);
		if (r && !ret)
			ret = r;
	}
	fs->npins = 0;
	if (!fs->rdonly && fs->was_clean) {
		uint8_t *s = fs->sbbuf + fs->sb_off;

		put16(s + SB_OFF_STATE, get16(s + SB_OFF_STATE) | STATE_VALID);
		fs->sb_dirty = true;
	}
	r = ext2_sync(fs);
	if (r && !ret)
		ret = r;
	fs_free(fs);
	return ret;
}

void ext2_get_info(const struct ext2_fs *fs, struct ext2_info *info)
{
	memset(info, 0, sizeof(*info));
	info->block_size = fs->bs;
	info->blocks_count = fs->blocks_count;
	info->free_blocks = fs->free_blocks;
	info->inodes_count = fs->inodes_count;
	info->free_inodes = fs->free_inodes;
	info->groups = fs->groups;
	info->inode_size = fs->inode_size;
	info->rev_level = fs->rev;
	info->feature_compat = fs->compat;
	info->feature_incompat = fs->incompat;
	info->feature_ro_compat = fs->ro_compat;
	info->rdonly = fs->rdonly;
	info->rdonly_reason = fs->rdonly_reason;
	info->max_file_size = fs->max_size;
}

/* ---------------------------------------------------------------- lookups */

int ext2_lookup(struct ext2_fs *fs, const char *path, uint32_t *ino)
{
	if (!path)
		return EINVAL;
	return namei(fs, path, strlen(path), ino);
}

int ext2_stat_ino(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st)
{
	struct ext2_inode ip;
	int ret;

	ret = iget(fs, ino, &ip);
	if (ret)
		return ret;
	memset(st, 0, sizeof(*st));
	st->ino = ino;
	st->mode = ip.mode;
	st->type = (uint8_t)(ip.mode >> 12);
	st->is_dir = is_dir(&ip);
	st->links = ip.links;
	st->size = ip.size;
	st->blocks = ip.blocks;
	st->atime = ip.atime;
	st->ctime = ip.ctime;
	st->mtime = ip.mtime;
	return 0;
}

int ext2_stat(struct ext2_fs *fs, const char *path, struct ext2_stat *st)
{
	uint32_t ino;
	int ret;

	ret = ext2_lookup(fs, path, &ino);
	if (ret)
		return ret;
	return ext2_stat_ino(fs, ino, st);
}

struct readdir_arg {
	ext2_dirent_fn fn;
	void *arg;
};

static int readdir_cb(struct ext2_fs *fs, struct ext2_dent *d, void *arg)
{
	struct readdir_arg *a = arg;
	bool dir;

	if (!d->ino)
		return 0;
	if (d->name[0] == '.' && (d->name_len == 1 ||
				  (d->name_len == 2 && d->name[1] == '.')))
		return 0;
	if (!utf8_valid(d->name, d->name_len))
		return 0;
	if (fs->filetype) {
		dir = d->type == EXT2_FT_DIR;
	} else {
		struct ext2_inode ip;
		int ret = iget(fs, d->ino, &ip);

		if (ret)
			return ret;
		dir = is_dir(&ip);
	}
	return a->fn(a->arg, d->name, d->name_len, dir);
}

int ext2_readdir(struct ext2_fs *fs, const char *path, ext2_dirent_fn fn,
		 void *arg)
{
	struct readdir_arg a = { fn, arg };
	struct ext2_inode ip;
	uint32_t ino;
	int ret;

	ret = ext2_lookup(fs, path, &ino);
	if (ret)
		return ret;
	ret = iget(fs, ino, &ip);
	if (ret)
		return ret;
	if (!is_dir(&ip))
		return ENOTDIR;
	return dir_walk(fs, &ip, readdir_cb, &a);
}

/* ---------------------------------------------------------------- open files */

static bool pinned(const struct ext2_fs *fs, uint32_t ino)
{
	uint32_t i;

	for (i = 0; i < fs->npins; i++) {
		if (fs->pins[i].ino == ino)
			return true;
	}
	return false;
}

/* Inode ino, which must be a regular file. */
static int iget_file(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *ip)
{
	int ret = iget(fs, ino, ip);

	return ret ? ret : check_file(ip);
}

/* Inode ino, a regular file still linked or held open (ENOENT if not). */
static int iget_live_file(struct ext2_fs *fs, uint32_t ino,
			  struct ext2_inode *ip)
{
	int ret = iget_file(fs, ino, ip);

	if (!ret && !ip->links && !pinned(fs, ino))
		ret = ENOENT;
	return ret;
}

static int pin(struct ext2_fs *fs, uint32_t ino)
{
	struct ext2_pin *p;
	uint32_t i;

	for (i = 0; i < fs->npins; i++) {
		if (fs->pins[i].ino == ino) {
			fs->pins[i].refs++;
			return 0;
		}
	}
	if (fs->npins == fs->cap_pins) {
		uint32_t cap = fs->cap_pins ? fs->cap_pins * 2 : 8;

		p = fs->mem.alloc(fs->mem.ctx, cap * sizeof(*p));
		if (!p)
			return ENOMEM;
		if (fs->npins)
			memcpy(p, fs->pins, fs->npins * sizeof(*p));
		mem_free(fs, fs->pins);
		fs->pins = p;
		fs->cap_pins = cap;
	}
	fs->pins[fs->npins].ino = ino;
	fs->pins[fs->npins].refs = 1;
	fs->npins++;
	return 0;
}

int ext2_open(struct ext2_fs *fs, const char *path, unsigned int flags,
	      uint32_t *ino)
{
	struct ext2_inode ip;
	uint32_t n;
	int ret;

	if (!path || (flags & ~(EXT2_O_CREATE | EXT2_O_EXCL | EXT2_O_TRUNC)))
		return EINVAL;
	ret = ext2_lookup(fs, path, &n);
	if (ret == ENOENT && (flags & EXT2_O_CREATE)) {
		if (fs->rdonly)
			return EROFS;
		ret = create(fs, path, &n);
		if (ret)
			return ret;
		flags &= ~(unsigned int)EXT2_O_TRUNC;
	} else if (ret) {
		return ret;
	} else if ((flags & EXT2_O_CREATE) && (flags & EXT2_O_EXCL)) {
		return EEXIST;
	}
	ret = iget_file(fs, n, &ip);
	if (ret)
		return ret;
	if (flags & EXT2_O_TRUNC) {
		ret = ext2_truncate(fs, n, 0);
		if (ret)
			return ret;
	}
	ret = pin(fs, n);
	if (ret)
		return ret;
	*ino = n;
	return 0;
}

int ext2_close(struct ext2_fs *fs, uint32_t ino)
{
	struct ext2_inode ip;
	uint32_t i;
	int ret = 0, r;

	for (i = 0; i < fs->npins; i++) {
		if (fs->pins[i].ino == ino)
			break;
	}
	if (i == fs->npins)
		return EINVAL;
	if (--fs->pins[i].refs)
		return 0;
	fs->pins[i] = fs->pins[--fs->npins];
	if (fs->rdonly)
		return 0;
	ret = iget(fs, ino, &ip);
	if (!ret && !ip.links)
		ret = release_inode(fs, &ip);
	r = flush_meta(fs);
	return ret ? ret : r;
}

/* ---------------------------------------------------------------- reading */

int64_t ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t pos, void *buf,
		  size_t len)
{
	struct ext2_mapcache mc = { { 0 }, { NULL }, { false } };
	uint8_t *dst = buf, *bounce = NULL;
	uint32_t run_start = 0, run_len = 0;
	uint8_t *run_dst = NULL;
	struct ext2_inode ip;
	uint64_t n, done = 0;
	int ret;

	ret = iget_live_file(fs, ino, &ip);
	if (ret)
		return ret;
	if (pos >= ip.size)
		return 0;
	n = ip.size - pos;
	if (n > len)
		n = len;
	if (n > INT64_MAX)
		n = INT64_MAX;

	while (done < n) {
		uint64_t fb = pos >> fs->log_bs;
		uint32_t off = (uint32_t)(pos & (fs->bs - 1)), phys;
		uint64_t chunk = fs->bs - off;

		if (chunk > n - done)
			chunk = n - done;
		ret = bmap(fs, &ip, fb, &mc, &phys);
		if (ret)
			break;
		/* Whole mapped blocks go straight to the caller, in runs. */
		if (phys && !off && chunk == fs->bs && run_len &&
		    phys == run_start + run_len && run_len < MAX_RUN_BLOCKS) {
			run_len++;
		} else {
			if (run_len) {
				ret = bread_n(fs, run_start, run_len, run_dst);
				run_len = 0;
				if (ret)
					break;
			}
			if (!phys) {
				memset(dst + done, 0, chunk);
			} else if (!off && chunk == fs->bs) {
				run_start = phys;
				run_len = 1;
				run_dst = dst + done;
			} else {
				if (!bounce)
					bounce = balloc(fs);
				if (!bounce) {
					ret = ENOMEM;
					break;
				}
				ret = bread(fs, phys, bounce);
				if (ret)
					break;
				memcpy(dst + done, bounce + off, chunk);
			}
		}
		done += chunk;
		pos += chunk;
	}
	if (!ret && run_len)
		ret = bread_n(fs, run_start, run_len, run_dst);
	mc_release(fs, &mc);
	mem_free(fs, bounce);
	return ret ? ret : (int64_t)done;
}

/* Where file blocks lie on the device, for read-ahead. */
int ext2_bmap(struct ext2_fs *fs, uint32_t ino, uint64_t fb, uint32_t count,
	      uint32_t *phys)
{
	struct ext2_mapcache mc = { { 0 }, { NULL }, { false } };
	struct ext2_inode ip;
	uint64_t nblocks;
	uint32_t i;
	int ret;

	ret = iget_file(fs, ino, &ip);
	if (ret)
		return ret;
	nblocks = (ip.size + fs->bs - 1) >> fs->log_bs;
	if (count > INT32_MAX)
		count = INT32_MAX;
	for (i = 0; i < count && fb < nblocks && i < nblocks - fb; i++) {
		ret = bmap(fs, &ip, fb + i, &mc, &phys[i]);
		if (ret)
			break;
	}
	mc_release(fs, &mc);
	return i ? (int)i : ret;
}

/* ================================================================ writing */

#define XATTR_MAGIC	0xEA020000u

/* ---------------------------------------------------------------- counts */

static void gd_dirty(struct ext2_fs *fs, uint32_t g)
{
	uint32_t b = (uint32_t)(((uint64_t)g * 32) >> fs->log_bs);

	if (fs->gdt_dirty_lo > fs->gdt_dirty_hi) {
		fs->gdt_dirty_lo = fs->gdt_dirty_hi = b;
	} else {
		if (b < fs->gdt_dirty_lo)
			fs->gdt_dirty_lo = b;
		if (b > fs->gdt_dirty_hi)
			fs->gdt_dirty_hi = b;
	}
}

static void gd_add(struct ext2_fs *fs, uint32_t g, uint32_t field, int delta)
{
	uint8_t *p = gd(fs, g) + field;

	put16(p, (uint16_t)(get16(p) + delta));
	gd_dirty(fs, g);
	fs->sb_dirty = true;
}

static uint32_t group_first(const struct ext2_fs *fs, uint32_t g)
{
	return fs->first_data_block + g * fs->bpg;
}

static uint32_t group_blocks(const struct ext2_fs *fs, uint32_t g)
{
	uint32_t n = fs->blocks_count - group_first(fs, g);

	return n > fs->bpg ? fs->bpg : n;
}

static uint32_t ino_group(const struct ext2_fs *fs, uint32_t ino)
{
	return (ino - 1) / fs->ipg;
}

/* ---------------------------------------------------------------- bitmaps */

/* Write a cached bitmap back if it changed. */
static int sync_bitmap(struct ext2_fs *fs, bool inodes)
{
	bool *dirty = inodes ? &fs->ibm_dirty : &fs->bbm_dirty;
	uint32_t g = inodes ? fs->ibm_group : fs->bbm_group;
	const uint8_t *d;
	int ret;

	if (!*dirty)
		return 0;
	d = gd(fs, g);
	ret = bwrite(fs, inodes ? GD_INODE_BITMAP(d) : GD_BLOCK_BITMAP(d),
		     inodes ? fs->ibm : fs->bbm);
	if (!ret)
		*dirty = false;
	return ret;
}

static int sync_bitmaps(struct ext2_fs *fs)
{
	int ret = sync_bitmap(fs, false), r = sync_bitmap(fs, true);

	return ret ? ret : r;
}

static int load_bitmap(struct ext2_fs *fs, bool inodes, uint32_t g)
{
	uint32_t *cached = inodes ? &fs->ibm_group : &fs->bbm_group;
	uint8_t *buf = inodes ? fs->ibm : fs->bbm;
	const uint8_t *d = gd(fs, g);
	int ret;

	if (*cached == g)
		return 0;
	ret = sync_bitmap(fs, inodes);
	if (ret)
		return ret;
	*cached = NO_GROUP;
	ret = bread(fs, inodes ? GD_INODE_BITMAP(d) : GD_BLOCK_BITMAP(d),
		    buf);
	if (!ret)
		*cached = g;
	return ret;
}

/* The cached bitmap changed: written before the next inode or at the end. */
static void bitmap_changed(struct ext2_fs *fs, bool inodes)
{
	if (inodes)
		fs->ibm_dirty = true;
	else
		fs->bbm_dirty = true;
}

static bool test_bit(const uint8_t *map, uint32_t i)
{
	return map[i >> 3] & (1u << (i & 7));
}

static void flip_bit(uint8_t *map, uint32_t i)
{
	map[i >> 3] ^= (uint8_t)(1u << (i & 7));
}

/* First clear bit in [from, to), or -1. */
static int64_t find_zero(const uint8_t *map, uint32_t from, uint32_t to)
{
	uint32_t i = from;

	while (i < to) {
		if (!(i & 7) && map[i >> 3] == 0xFF) {
			i += 8;
			continue;
		}
		if (!test_bit(map, i))
			return i;
		i++;
	}
	return -1;
}

/* ---------------------------------------------------------------- blocks */

/*
 * Allocate a block: the first free one at or after goal in goal's group,
 * then the other groups in increasing order (fs.md 10.2).
 */
static int alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out)
{
	uint32_t g0, start, k;
	int ret;

	if (!fs->free_blocks)
		return ENOSPC;
	if (goal < fs->first_data_block || goal >= fs->blocks_count)
		goal = fs->first_data_block;
	g0 = (goal - fs->first_data_block) / fs->bpg;
	start = (goal - fs->first_data_block) % fs->bpg;
	for (k = 0; k <= fs->groups; k++) {
		uint32_t g = (g0 + k) % fs->groups;
		uint32_t from = k ? 0 : start;
		uint32_t to = k == fs->groups ? start : group_blocks(fs, g);
		int64_t bit;

		if (from >= to || !GD_FREE_BLOCKS(gd(fs, g)))
			continue;
		ret = load_bitmap(fs, false, g);
		if (ret)
			return ret;
		bit = find_zero(fs->bbm, from, to);
		if (bit < 0)
			continue;
		flip_bit(fs->bbm, (uint32_t)bit);
		bitmap_changed(fs, false);
		gd_add(fs, g, 12, -1);
		fs->free_blocks--;
		*out = group_first(fs, g) + (uint32_t)bit;
		return 0;
	}
	return ENOSPC;
}

static int free_block(struct ext2_fs *fs, uint32_t b)
{
	uint32_t g, bit;
	int ret;

	if (!valid_block(fs, b))
		return EIO;
	g = (b - fs->first_data_block) / fs->bpg;
	bit = (b - fs->first_data_block) % fs->bpg;
	ret = load_bitmap(fs, false, g);
	if (ret)
		return ret;
	if (!test_bit(fs->bbm, bit))
		return EIO;		/* already free: corruption */
	flip_bit(fs->bbm, bit);
	bitmap_changed(fs, false);
	if (GD_FREE_BLOCKS(gd(fs, g)) < group_blocks(fs, g))
		gd_add(fs, g, 12, 1);
	if (fs->free_blocks < fs->blocks_count)
		fs->free_blocks++;
	fs->sb_dirty = true;
	return 0;
}

static uint32_t blk_units(const struct ext2_fs *fs)
{
	return fs->bs / 512;
}

static void sub_blocks(const struct ext2_fs *fs, struct ext2_inode *ip)
{
	ip->blocks = ip->blocks >= blk_units(fs) ? ip->blocks - blk_units(fs)
						 : 0;
}

/* ---------------------------------------------------------------- inodes */

static int try_inode_group(struct ext2_fs *fs, uint32_t g, bool dir,
			   uint32_t *out)
{
	uint64_t first = (uint64_t)g * fs->ipg + 1;
	uint32_t from = 0;
	int64_t bit;
	int ret;

	if (!GD_FREE_INODES(gd(fs, g)))
		return ENOSPC;
	if (first < fs->first_ino) {
		if (fs->first_ino - first >= fs->ipg)
			return ENOSPC;
		from = (uint32_t)(fs->first_ino - first);
	}
	ret = load_bitmap(fs, true, g);
	if (ret)
		return ret;
	bit = find_zero(fs->ibm, from, fs->ipg);
	if (bit < 0)
		return ENOSPC;
	flip_bit(fs->ibm, (uint32_t)bit);
	bitmap_changed(fs, true);
	gd_add(fs, g, 14, -1);
	if (dir)
		gd_add(fs, g, 16, 1);
	fs->free_inodes--;
	*out = (uint32_t)first + (uint32_t)bit;
	return 0;
}

/*
 * Directories go to the group with the most free inodes among those with
 * at least the average number of free blocks, files to their parent's
 * group; then every group in increasing order (fs.md 10.3).
 */
static int alloc_inode(struct ext2_fs *fs, uint32_t parent, bool dir,
		       uint32_t *out)
{
	uint32_t best = NO_GROUP, g;
	int ret;

	if (!fs->free_inodes)
		return ENOSPC;
	if (dir) {
		uint32_t avg = fs->free_blocks / fs->groups;

		for (g = 0; g < fs->groups; g++) {
			const uint8_t *d = gd(fs, g);

			if (GD_FREE_INODES(d) && GD_FREE_BLOCKS(d) >= avg &&
			    (best == NO_GROUP ||
			     GD_FREE_INODES(d) > GD_FREE_INODES(gd(fs, best))))
				best = g;
		}
	} else {
		best = ino_group(fs, parent);
	}
	if (best != NO_GROUP) {
		ret = try_inode_group(fs, best, dir, out);
		if (ret != ENOSPC)
			return ret;
	}
	for (g = 0; g < fs->groups; g++) {
		if (g == best)
			continue;
		ret = try_inode_group(fs, g, dir, out);
		if (ret != ENOSPC)
			return ret;
	}
	return ENOSPC;
}

static int free_inode_bit(struct ext2_fs *fs, uint32_t ino, bool dir)
{
	uint32_t g = ino_group(fs, ino), bit = (ino - 1) % fs->ipg;
	int ret;

	ret = load_bitmap(fs, true, g);
	if (ret)
		return ret;
	if (!test_bit(fs->ibm, bit))
		return EIO;
	flip_bit(fs->ibm, bit);
	bitmap_changed(fs, true);
	if (GD_FREE_INODES(gd(fs, g)) < fs->ipg)
		gd_add(fs, g, 14, 1);
	if (dir && GD_USED_DIRS(gd(fs, g)))
		gd_add(fs, g, 16, -1);
	if (fs->free_inodes < fs->inodes_count)
		fs->free_inodes++;
	fs->sb_dirty = true;
	return 0;
}

static void inode_init(struct ext2_fs *fs, struct ext2_inode *ip,
		       uint32_t ino, uint16_t mode, uint16_t links)
{
	uint32_t now = fs_now(fs);

	memset(ip, 0, sizeof(*ip));
	ip->ino = ino;
	ip->mode = mode;
	ip->links = links;
	ip->atime = ip->ctime = ip->mtime = now;
	put32(ip->raw + 100, ++fs->generation);		/* i_generation */
}

/* ---------------------------------------------------------------- mapping */

/* Where a block pointer lives: the inode (lvl 0) or a cached indirect. */
struct slot {
	int lvl;
	uint32_t idx;
	uint32_t val;
};

struct alloc_state {
	uint32_t goal;
	uint32_t off[4];
	uint32_t newblk[3];
	int n, first_new;
};

static int slot_set(struct ext2_fs *fs, struct ext2_inode *ip,
		    struct ext2_mapcache *mc, const struct slot *s, uint32_t v)
{
	(void)fs;
	if (!s->lvl) {
		ip->block[s->idx] = v;
		return 0;
	}
	if (!mc->nr[s->lvl - 1])
		return EIO;
	put32(mc->buf[s->lvl - 1] + (size_t)s->idx * 4, v);
	mc->dirty[s->lvl - 1] = true;
	return 0;
}

/* Take back the indirect blocks the last prepare() allocated. */
static void undo_prepare(struct ext2_fs *fs, struct ext2_inode *ip,
			 struct ext2_mapcache *mc, struct alloc_state *as)
{
	int t = as->first_new, i;
	struct slot parent;

	if (!t)
		return;
	parent.lvl = t - 1;
	parent.idx = as->off[t - 1];
	parent.val = 0;
	if (slot_set(fs, ip, mc, &parent, 0))
		return;		/* still pointed to: leave them */
	for (i = t; i < as->n; i++) {
		if (as->newblk[i - 1] && !free_block(fs, as->newblk[i - 1]))
			sub_blocks(fs, ip);
		mc->nr[i - 1] = 0;
		mc->dirty[i - 1] = false;
	}
	as->first_new = 0;
}

/*
 * Make sure every indirect block on the way to file block fb exists,
 * allocating (zeroed) ones as needed, and return the slot of the data
 * block pointer.
 */
static int prepare(struct ext2_fs *fs, struct ext2_inode *ip,
		   struct ext2_mapcache *mc, uint64_t fb,
		   struct alloc_state *as, struct slot *out)
{
	struct slot parent;
	int i, ret;

	as->first_new = 0;
	memset(as->newblk, 0, sizeof(as->newblk));
	as->n = block_path(fs, fb, as->off);
	if (!as->n)
		return EINVAL;
	parent.lvl = 0;
	parent.idx = as->off[0];
	parent.val = ip->block[as->off[0]];
	for (i = 1; i < as->n; i++) {
		uint32_t v = parent.val;

		if (!v) {
			if (ip->blocks > UINT32_MAX - 8 * blk_units(fs)) {
				ret = ENOSPC;
				goto undo;
			}
			if (!mc->buf[i - 1]) {
				mc->buf[i - 1] = balloc(fs);
				if (!mc->buf[i - 1]) {
					ret = ENOMEM;
					goto undo;
				}
			}
			ret = mc_writeback(fs, mc, i - 1);
			if (!ret)
				ret = alloc_block(fs, as->goal, &v);
			if (ret)
				goto undo;
			mc->nr[i - 1] = 0;
			memset(mc->buf[i - 1], 0, fs->bs);
			ret = bwrite(fs, v, mc->buf[i - 1]);
			if (!ret)
				ret = slot_set(fs, ip, mc, &parent, v);
			if (ret) {
				free_block(fs, v);
				goto undo;
			}
			mc->nr[i - 1] = v;
			ip->blocks += blk_units(fs);
			as->newblk[i - 1] = v;
			if (!as->first_new)
				as->first_new = i;
			as->goal = v + 1;
		} else {
			ret = mc_load(fs, mc, i - 1, v);
			if (ret)
				goto undo;
		}
		parent.lvl = i;
		parent.idx = as->off[i];
		parent.val = get32(mc->buf[i - 1] + (size_t)as->off[i] * 4);
	}
	if (parent.val && !valid_block(fs, parent.val)) {
		ret = EIO;
		goto undo;
	}
	*out = parent;
	return 0;
undo:
	undo_prepare(fs, ip, mc, as);
	return ret;
}

/* Goal for a new block of file block fb: after the previous one. */
static uint32_t goal_for(struct ext2_fs *fs, const struct ext2_inode *ip,
			 struct ext2_mapcache *mc, uint64_t fb)
{
	uint32_t prev = 0;

	if (fb && bmap(fs, ip, fb - 1, mc, &prev))
		prev = 0;
	return prev ? prev + 1 : group_first(fs, ino_group(fs, ip->ino));
}

/* Zero bytes [from, to) of the block holding byte from, if mapped. */
static int zero_tail(struct ext2_fs *fs, struct ext2_inode *ip, uint64_t from,
		     uint64_t to)
{
	struct ext2_mapcache mc = { { 0 }, { NULL }, { false } };
	uint32_t off = (uint32_t)(from & (fs->bs - 1)), end = fs->bs, phys, i;
	uint64_t bstart = from - off;
	uint8_t *buf = NULL;
	int ret;

	if (!off)
		return 0;
	if (to - bstart < end)
		end = (uint32_t)(to - bstart);
	ret = bmap(fs, ip, from >> fs->log_bs, &mc, &phys);
	mc_release(fs, &mc);
	if (ret || !phys)
		return ret;
	buf = balloc(fs);
	if (!buf)
		return ENOMEM;
	ret = bread(fs, phys, buf);
	for (i = off; !ret && i < end; i++) {
		if (buf[i]) {
			memset(buf + off, 0, end - off);
			ret = bwrite(fs, phys, buf);
			break;
		}
	}
	mem_free(fs, buf);
	return ret;
}

/* ---------------------------------------------------------------- file data */

int64_t ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t pos,
		   const void *buf, size_t len)
{
	struct ext2_mapcache mc = { { 0 }, { NULL }, { false } };
	const uint8_t *src = buf;
	struct alloc_state as;
	struct ext2_inode ip;
	uint8_t *bounce = NULL;
	uint64_t n, done = 0;
	bool too_big = false;
	int ret, r, meta;

	if (fs->rdonly)
		return EROFS;
	ret = iget_live_file(fs, ino, &ip);
	if (ret)
		return ret;
	if (!len)
		return 0;
	if (pos >= fs->max_size)
		return EINVAL;
	n = fs->max_size - pos;
	if (n >= len)
		n = len;
	else
		too_big = true;
	if (n > INT64_MAX)
		n = INT64_MAX;

	if (pos > ip.size) {
		ret = zero_tail(fs, &ip, ip.size, pos);
		if (ret)
			return ret;
	}
	as.goal = 0;
	while (done < n) {
		uint64_t fb = pos >> fs->log_bs;
		uint32_t off = (uint32_t)(pos & (fs->bs - 1)), phys;
		uint32_t chunk = fs->bs - off;
		const uint8_t *data = src + done;
		struct slot s;
		bool fresh;

		if (chunk > n - done)
			chunk = (uint32_t)(n - done);
		if (!as.goal)
			as.goal = goal_for(fs, &ip, &mc, fb);
		ret = prepare(fs, &ip, &mc, fb, &as, &s);
		if (ret)
			break;
		phys = s.val;
		fresh = !phys;
		if (fresh) {
			if (ip.blocks > UINT32_MAX - blk_units(fs))
				ret = ENOSPC;
			else
				ret = alloc_block(fs, as.goal, &phys);
			if (ret) {
				undo_prepare(fs, &ip, &mc, &as);
				break;
			}
		}
		if (chunk != fs->bs) {
			if (!bounce)
				bounce = balloc(fs);
			if (!bounce)
				ret = ENOMEM;
			else if (fresh)
				memset(bounce, 0, fs->bs);
			else
				ret = bread(fs, phys, bounce);
			if (!ret)
				memcpy(bounce + off, data, chunk);
			data = bounce;
		}
		if (!ret)
			ret = bwrite(fs, phys, data);
		if (!ret && fresh)
			ret = slot_set(fs, &ip, &mc, &s, phys);
		if (ret) {
			if (fresh) {
				free_block(fs, phys);
				undo_prepare(fs, &ip, &mc, &as);
			}
			break;
		}
		if (fresh)
			ip.blocks += blk_units(fs);
		as.goal = phys + 1;
		done += chunk;
		pos += chunk;
	}
	/* Indirect blocks, bitmaps, the inode, then the counts. */
	meta = mc_flush(fs, &mc);
	mc_release(fs, &mc);
	mem_free(fs, bounce);
	if (done && pos > ip.size)
		ip.size = pos;
	if (done)
		ip.mtime = ip.ctime = fs_now(fs);
	r = iput(fs, &ip);
	if (!meta)
		meta = r;
	r = flush_meta(fs);
	if (!meta)
		meta = r;
	if (meta)
		return meta;
	if (done)
		return (int64_t)done;
	if (ret)
		return ret;
	return too_big ? EINVAL : 0;
}

/* ---------------------------------------------------------------- truncate */

/* Regular files, directories and slow symbolic links have a block map. */
static bool has_block_map(const struct ext2_fs *fs,
			  const struct ext2_inode *ip)
{
	uint32_t acl;

	if (is_reg(ip) || is_dir(ip))
		return true;
	if ((ip->mode & S_IFMT) != S_IFLNK)
		return false;
	acl = ip->file_acl ? blk_units(fs) : 0;
	return ip->blocks > acl;
}

/*
 * Free what the subtree under *ptr (level 0: a data block, 1: a single
 * indirect block, ...) maps at file blocks >= keep; base is the first
 * file block it covers.  *ptr becomes 0 if the whole subtree went.
 */
static int trunc_tree(struct ext2_fs *fs, struct ext2_inode *ip,
		      uint32_t *ptr, int level, uint64_t base, uint64_t keep)
{
	uint64_t span = 1, cspan;
	bool changed = false;
	int ret = 0, r, i;
	uint8_t *buf;
	uint32_t k;

	for (i = 0; i < level; i++)
		span *= fs->ppb;
	if (!*ptr || base + span <= keep)
		return 0;
	if (!level) {
		ret = free_block(fs, *ptr);
		if (!ret)
			sub_blocks(fs, ip);
		*ptr = 0;
		return ret;
	}
	if (!valid_block(fs, *ptr))
		return EIO;
	buf = balloc(fs);
	if (!buf)
		return ENOMEM;
	ret = bread(fs, *ptr, buf);
	if (ret)
		goto out;
	cspan = span / fs->ppb;
	for (k = 0; k < fs->ppb; k++) {
		uint64_t cbase = base + k * cspan;
		uint32_t c = get32(buf + (size_t)k * 4), old = c;

		if (!c || cbase + cspan <= keep)
			continue;
		r = trunc_tree(fs, ip, &c, level - 1, cbase, keep);
		if (r && !ret)
			ret = r;
		if (c != old) {
			put32(buf + (size_t)k * 4, c);
			changed = true;
		}
	}
	if (base >= keep) {
		r = free_block(fs, *ptr);
		if (!r)
			sub_blocks(fs, ip);
		*ptr = 0;
	} else {
		r = changed ? bwrite(fs, *ptr, buf) : 0;
	}
	if (r && !ret)
		ret = r;
out:
	mem_free(fs, buf);
	return ret;
}

static int trunc_blocks(struct ext2_fs *fs, struct ext2_inode *ip,
			uint64_t keep)
{
	uint64_t p = fs->ppb, base = 12;
	int ret = 0, r, i;

	for (i = 0; i < 12; i++) {
		r = trunc_tree(fs, ip, &ip->block[i], 0, (uint64_t)i, keep);
		if (r && !ret)
			ret = r;
	}
	for (i = 1; i <= 3; i++) {
		r = trunc_tree(fs, ip, &ip->block[11 + i], i, base, keep);
		if (r && !ret)
			ret = r;
		base += i == 1 ? p : i == 2 ? p * p : 0;
	}
	return ret;
}

/* Set the size of an in-memory inode; the caller writes it. */
static int truncate_inode(struct ext2_fs *fs, struct ext2_inode *ip,
			 uint64_t size)
{
	int ret = 0, r;

	if (size < ip->size) {
		ret = trunc_blocks(fs, ip, (size + fs->bs - 1) >> fs->log_bs);
		r = zero_tail(fs, ip, size, UINT64_MAX);
		if (r && !ret)
			ret = r;
	} else if (size > ip->size) {
		ret = zero_tail(fs, ip, ip->size, size);
	}
	ip->size = size;
	ip->mtime = ip->ctime = fs_now(fs);
	return ret;
}

int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size)
{
	struct ext2_inode ip;
	int ret, r;

	if (fs->rdonly)
		return EROFS;
	ret = iget_live_file(fs, ino, &ip);
	if (ret)
		return ret;
	if (size > fs->max_size)
		return EINVAL;
	ret = truncate_inode(fs, &ip, size);
	r = inode_write(fs, &ip, IW_FREEING);
	if (!ret)
		ret = r;
	r = flush_meta(fs);
	return ret ? ret : r;
}

/* ---------------------------------------------------------------- freeing */

static int release_xattr(struct ext2_fs *fs, struct ext2_inode *ip)
{
	uint32_t b = ip->file_acl, refs;
	uint8_t *buf;
	int ret;

	if (!valid_block(fs, b))
		return EIO;
	buf = balloc(fs);
	if (!buf)
		return ENOMEM;
	ret = bread(fs, b, buf);
	if (!ret && get32(buf) != XATTR_MAGIC)
		ret = EIO;
	if (!ret) {
		refs = get32(buf + 4);
		if (refs <= 1) {
			ret = free_block(fs, b);
		} else {
			put32(buf + 4, refs - 1);
			ret = bwrite(fs, b, buf);
		}
	}
	if (!ret) {
		sub_blocks(fs, ip);
		ip->file_acl = 0;
	}
	mem_free(fs, buf);
	return ret;
}

/* Free an inode and everything it owns (fs.md 10.3). */
static int release_inode(struct ext2_fs *fs, struct ext2_inode *ip)
{
	bool dir = is_dir(ip);
	uint32_t now = fs_now(fs);
	int ret = 0, r;

	if (has_block_map(fs, ip))
		ret = trunc_blocks(fs, ip, 0);
	if (ip->file_acl) {
		r = release_xattr(fs, ip);
		if (r && !ret)
			ret = r;
	}
	ip->links = 0;
	ip->size = 0;
	ip->blocks = 0;
	memset(ip->block, 0, sizeof(ip->block));
	ip->dtime = now ? now : 1;
	ip->ctime = ip->mtime = now;
	r = iput(fs, ip);
	if (!r)
		r = free_inode_bit(fs, ip->ino, dir);
	return ret ? ret : r;
}

/* ---------------------------------------------------------------- directories */

static uint8_t ft_from_mode(uint16_t mode)
{
	switch (mode & S_IFMT) {
	case 0x8000: return 1;
	case 0x4000: return 2;
	case 0x2000: return 3;
	case 0x6000: return 4;
	case 0x1000: return 5;
	case 0xC000: return 6;
	case 0xA000: return 7;
	default: return 0;
	}
}

static void put_dent(const struct ext2_fs *fs, uint8_t *p, uint32_t ino,
		     uint32_t rec_len, const char *name, uint32_t len,
		     uint8_t type)
{
	put32(p, ino);
	put16(p + 4, rec_len >= 65536 ? 0xFFFF : (uint16_t)rec_len);
	p[6] = (uint8_t)len;
	p[7] = fs->filetype ? type : 0;
	memcpy(p + 8, name, len);
}

struct add_arg {
	const char *name;
	uint32_t len, ino;
	uint8_t type;
};

static int add_cb(struct ext2_fs *fs, struct ext2_dent *d, void *arg)
{
	struct add_arg *a = arg;
	uint32_t need = rec_size(a->len), used;
	uint8_t *p = d->buf + d->off;
	int ret;

	if (!d->ino) {
		if (d->rec_len < need)
			return 0;
		put_dent(fs, p, a->ino, d->rec_len, a->name, a->len, a->type);
	} else {
		used = rec_size(d->name_len);
		if (d->rec_len < used + need)
			return 0;
		put_dent(fs, p + used, a->ino, d->rec_len - used, a->name,
			 a->len, a->type);
		put16(p + 4, (uint16_t)used);
	}
	ret = bwrite(fs, d->phys, d->buf);
	return ret ? ret : 1;
}

/* Insert name -> ino into directory dino (fs.md 10.6). */
static int dir_add(struct ext2_fs *fs, uint32_t dino, const char *name,
		   uint32_t len, uint32_t ino, uint8_t type)
{
	struct add_arg a = { name, len, ino, type };
	struct ext2_mapcache mc = { { 0 }, { NULL }, { false } };
	struct ext2_inode dip;
	struct alloc_state as;
	struct slot s;
	uint32_t b = 0;
	uint64_t fb;
	uint8_t *buf;
	int ret, r;

	ret = iget(fs, dino, &dip);
	if (ret)
		return ret;
	if (!is_dir(&dip))
		return ENOTDIR;
	if (dip.size & (fs->bs - 1))
		return EIO;
	ret = dir_walk(fs, &dip, add_cb, &a);
	if (ret < 0)
		return ret;
	if (!ret) {
		/* No room: append a block holding just the new entry. */
		fb = dip.size >> fs->log_bs;
		if (dip.blocks > UINT32_MAX - 4 * blk_units(fs))
			return ENOSPC;
		buf = balloc(fs);
		if (!buf)
			return ENOMEM;
		as.goal = goal_for(fs, &dip, &mc, fb);
		ret = prepare(fs, &dip, &mc, fb, &as, &s);
		if (!ret && s.val)
			ret = EIO;	/* a block past the directory's end */
		if (!ret) {
			ret = alloc_block(fs, as.goal, &b);
			if (!ret) {
				memset(buf, 0, fs->bs);
				put_dent(fs, buf, ino, fs->bs, name, len, type);
				ret = bwrite(fs, b, buf);
				if (!ret)
					ret = slot_set(fs, &dip, &mc, &s, b);
				if (ret)
					free_block(fs, b);
			}
			if (ret)
				undo_prepare(fs, &dip, &mc, &as);
		}
		r = mc_flush(fs, &mc);
		if (!ret)
			ret = r;
		mc_release(fs, &mc);
		mem_free(fs, buf);
		if (ret) {
			/* Rolled back; the inode may still hold new maps. */
			iput(fs, &dip);
			return ret;
		}
		dip.blocks += blk_units(fs);
		dip.size += fs->bs;
	}
	dip.flags &= ~(uint32_t)EXT2_INDEX_FL;
	dip.mtime = dip.ctime = fs_now(fs);
	return iput(fs, &dip);
}

struct rm_arg {
	const char *name;
	uint32_t len, ino;
};

static int rm_cb(struct ext2_fs *fs, struct ext2_dent *d, void *arg)
{
	struct rm_arg *a = arg;
	uint32_t merged;
	int ret;

	if (!d->ino || d->name_len != a->len ||
	    memcmp(d->name, a->name, a->len))
		return 0;
	if (d->prev_off != NO_GROUP) {
		merged = d->off + d->rec_len - d->prev_off;
		put16(d->buf + d->prev_off + 4,
		      merged >= 65536 ? 0xFFFF : (uint16_t)merged);
	} else {
		put32(d->buf + d->off, 0);
	}
	a->ino = d->ino;
	ret = bwrite(fs, d->phys, d->buf);
	return ret ? ret : 1;
}

/* Remove name from directory dino (fs.md 10.7). */
static int dir_remove(struct ext2_fs *fs, uint32_t dino, const char *name,
		      uint32_t len)
{
	struct rm_arg a = { name, len, 0 };
	struct ext2_inode dip;
	int ret;

	ret = iget(fs, dino, &dip);
	if (ret)
		return ret;
	ret = dir_walk(fs, &dip, rm_cb, &a);
	if (ret < 0)
		return ret;
	if (!ret)
		return ENOENT;
	dip.flags &= ~(uint32_t)EXT2_INDEX_FL;
	dip.mtime = dip.ctime = fs_now(fs);
	return iput(fs, &dip);
}

static int empty_cb(struct ext2_fs *fs, struct ext2_dent *d, void *arg)
{
	(void)fs;
	(void)arg;
	if (!d->ino)
		return 0;
	if (d->name[0] == '.' && (d->name_len == 1 ||
				  (d->name_len == 2 && d->name[1] == '.')))
		return 0;
	return 1;
}

struct dotdot_arg {
	uint32_t parent;
};

static int dotdot_cb(struct ext2_fs *fs, struct ext2_dent *d, void *arg)
{
	struct dotdot_arg *a = arg;
	int ret;

	if (!d->ino || d->name_len != 2 || d->name[0] != '.' ||
	    d->name[1] != '.')
		return 0;
	put32(d->buf + d->off, a->parent);
	ret = bwrite(fs, d->phys, d->buf);
	return ret ? ret : 1;
}

/* ---------------------------------------------------------------- namespace */

/*
 * Split path into its parent directory (resolved) and final component.
 * A path naming the root gives len 0 and *dir = the root.
 */
static int split(struct ext2_fs *fs, const char *path, uint32_t *dir,
		 const char **name, uint32_t *len)
{
	struct ext2_inode ip;
	size_t l, s;
	int ret;

	if (!path)
		return EINVAL;
	l = strlen(path);
	while (l && path[l - 1] == '/')
		l--;
	s = l;
	while (s && path[s - 1] != '/')
		s--;
	*name = path + s;
	*len = (uint32_t)(l - s);
	if (!*len) {
		*dir = EXT2_ROOT_INO;
		return 0;
	}
	if (l - s > EXT2_NAME_MAX)
		return EINVAL;
	if (path[s] == '.' && (l - s == 1 ||
			       (l - s == 2 && path[s + 1] == '.')))
		return EINVAL;
	/* Listings skip names that are not UTF-8: never create one. */
	if (!utf8_valid(path + s, l - s))
		return EINVAL;
	ret = namei(fs, path, s, dir);
	if (ret)
		return ret;
	ret = iget(fs, *dir, &ip);
	if (ret)
		return ret;
	return is_dir(&ip) ? 0 : ENOTDIR;
}

/* Look name up in directory dino: 0 and *ino, ENOENT, or an error. */
static int find_in(struct ext2_fs *fs, uint32_t dino, const char *name,
		   uint32_t len, uint32_t *ino)
{
	struct ext2_inode dip;
	int ret;

	ret = iget(fs, dino, &dip);
	if (ret)
		return ret;
	return dir_find(fs, &dip, name, len, ino);
}

/*
 * Splits path for a name to be made: 0 when the name does not exist yet,
 * EEXIST when it does (or path is the root), or an error.
 */
static int split_new(struct ext2_fs *fs, const char *path, uint32_t *dir,
		     const char **name, uint32_t *len)
{
	uint32_t ino;
	int ret;

	ret = split(fs, path, dir, name, len);
	if (ret)
		return ret;
	if (!*len)
		return EEXIST;
	ret = find_in(fs, *dir, *name, *len, &ino);
	if (ret != ENOENT)
		return ret ? ret : EEXIST;
	return 0;
}

static int finish(struct ext2_fs *fs, int ret)
{
	int r = flush_meta(fs);

	return ret ? ret : r;
}

static int create(struct ext2_fs *fs, const char *path, uint32_t *out)
{
	struct ext2_inode ip;
	const char *name;
	uint32_t dir, len, ino;
	int ret;

	ret = split_new(fs, path, &dir, &name, &len);
	if (ret)
		return ret;
	ret = alloc_inode(fs, dir, false, &ino);
	if (ret)
		return finish(fs, ret);
	inode_init(fs, &ip, ino, S_IFREG | 0644, 1);
	ret = iput_fresh(fs, &ip);
	if (ret) {
		free_inode_bit(fs, ino, false);
		return finish(fs, ret);
	}
	ret = dir_add(fs, dir, name, len, ino, EXT2_FT_REG);
	if (ret) {
		release_inode(fs, &ip);
		return finish(fs, ret);
	}
	*out = ino;
	return finish(fs, 0);
}

int ext2_mkdir(struct ext2_fs *fs, const char *path)
{
	struct ext2_inode ip, pip;
	const char *name;
	uint32_t dir, len, ino, b;
	uint8_t *buf;
	int ret;

	if (fs->rdonly)
		return EROFS;
	ret = split_new(fs, path, &dir, &name, &len);
	if (ret)
		return ret;
	ret = iget(fs, dir, &pip);
	if (ret)
		return ret;
	if (pip.links >= EXT2_LINK_MAX)
		return ENOSPC;
	buf = balloc(fs);
	if (!buf)
		return ENOMEM;
	ret = alloc_inode(fs, dir, true, &ino);
	if (ret)
		goto out;
	ret = alloc_block(fs, group_first(fs, ino_group(fs, ino)), &b);
	if (ret) {
		free_inode_bit(fs, ino, true);
		goto out;
	}
	memset(buf, 0, fs->bs);
	put_dent(fs, buf, ino, 12, ".", 1, EXT2_FT_DIR);
	put_dent(fs, buf + 12, dir, fs->bs - 12, "..", 2, EXT2_FT_DIR);
	inode_init(fs, &ip, ino, S_IFDIR | 0755, 2);
	ip.size = fs->bs;
	ip.blocks = blk_units(fs);
	ip.block[0] = b;
	ret = bwrite(fs, b, buf);
	if (!ret)
		ret = iput_fresh(fs, &ip);
	if (ret) {
		free_block(fs, b);
		free_inode_bit(fs, ino, true);
		goto out;
	}
	ret = dir_add(fs, dir, name, len, ino, EXT2_FT_DIR);
	if (ret) {
		release_inode(fs, &ip);
		goto out;
	}
	ret = iget(fs, dir, &pip);
	if (!ret) {
		pip.links++;
		ret = iput(fs, &pip);
	}
out:
	mem_free(fs, buf);
	return finish(fs, ret);
}

/*
 * For the operations on an existing entry (unlink, rmdir): the file
 * system must be writable; split path into its directory and name (at_root
 * is the error when path is the root itself), find the name and read its
 * inode.
 */
static int lookup_entry(struct ext2_fs *fs, const char *path, int at_root,
			uint32_t *dir, const char **name, uint32_t *len,
			uint32_t *ino, struct ext2_inode *ip)
{
	int ret;

	if (fs->rdonly)
		return EROFS;
	ret = split(fs, path, dir, name, len);
	if (ret)
		return ret;
	if (!*len)
		return at_root;
	ret = find_in(fs, *dir, *name, *len, ino);
	return ret ? ret : iget(fs, *ino, ip);
}

int ext2_unlink(struct ext2_fs *fs, const char *path)
{
	struct ext2_inode ip;
	const char *name;
	uint32_t dir, len, ino;
	int ret;

	ret = lookup_entry(fs, path, EISDIR, &dir, &name, &len, &ino, &ip);
	if (ret)
		return ret;
	if (is_dir(&ip))
		return EISDIR;
	ret = dir_remove(fs, dir, name, len);
	if (ret)
		return finish(fs, ret);
	if (ip.links)
		ip.links--;
	ip.ctime = fs_now(fs);
	if (!ip.links && !pinned(fs, ino))
		ret = release_inode(fs, &ip);
	else
		ret = iput(fs, &ip);
	return finish(fs, ret);
}

int ext2_rmdir(struct ext2_fs *fs, const char *path)
{
	struct ext2_inode ip, pip;
	const char *name;
	uint32_t dir, len, ino;
	int ret;

	ret = lookup_entry(fs, path, EBUSY, &dir, &name, &len, &ino, &ip);
	if (ret)
		return ret;
	if (!is_dir(&ip))
		return ENOTDIR;
	if (ino == EXT2_ROOT_INO || ino == dir)
		return EBUSY;
	ret = dir_walk(fs, &ip, empty_cb, NULL);
	if (ret)
		return ret < 0 ? ret : ENOTEMPTY;
	ret = dir_remove(fs, dir, name, len);
	if (ret)
		return finish(fs, ret);
	ret = iget(fs, dir, &pip);
	if (!ret) {
		if (pip.links > 2)
			pip.links--;
		pip.ctime = pip.mtime = fs_now(fs);
		ret = iput(fs, &pip);
	}
	if (!ret)
		ret = release_inode(fs, &ip);
	return finish(fs, ret);
}

/* Is directory dino ino itself or below it?  Walks ".." up to the root. */
static int inside(struct ext2_fs *fs, uint32_t dino, uint32_t ino)
{
	uint32_t cur = dino, parent, steps = 0;
	int ret;

	for (;;) {
		if (cur == ino)
			return 1;
		if (cur == EXT2_ROOT_INO)
			return 0;
		ret = find_in(fs, cur, "..", 2, &parent);
		if (ret)
			return ret == ENOENT ? EIO : ret;
		if (parent == cur || ++steps > fs->inodes_count)
			return EIO;
		cur = parent;
	}
}

int ext2_rename(struct ext2_fs *fs, const char *from, const char *to)
{
	struct ext2_inode ip, dip;
	struct dotdot_arg dd;
	const char *fname, *tname;
	uint32_t fdir, tdir, flen, tlen, ino, other;
	bool dir;
	int ret;

	if (fs->rdonly)
		return EROFS;
	ret = split(fs, from, &fdir, &fname, &flen);
	if (ret)
		return ret;
	if (!flen)
		return EBUSY;
	ret = split(fs, to, &tdir, &tname, &tlen);
	if (ret)
		return ret;
	if (!tlen)
		return EEXIST;
	ret = find_in(fs, fdir, fname, flen, &ino);
	if (!ret)
		ret = iget(fs, ino, &ip);
	if (ret)
		return ret;
	ret = find_in(fs, tdir, tname, tlen, &other);
	if (ret != ENOENT)
		return ret ? ret : EEXIST;
	dir = is_dir(&ip);
	if (dir && ino == EXT2_ROOT_INO)
		return EBUSY;
	if (dir && fdir != tdir) {
		ret = inside(fs, tdir, ino);
		if (ret)
			return ret < 0 ? ret : EINVAL;
		ret = iget(fs, tdir, &dip);
		if (ret)
			return ret;
		if (dip.links >= EXT2_LINK_MAX)
			return ENOSPC;
	}
	ret = dir_add(fs, tdir, tname, tlen, ino, ft_from_mode(ip.mode));
	if (ret)
		return finish(fs, ret);
	ret = dir_remove(fs, fdir, fname, flen);
	if (ret) {
		dir_remove(fs, tdir, tname, tlen);
		return finish(fs, ret);
	}
	if (dir && fdir != tdir) {
		dd.parent = tdir;
		ret = dir_walk(fs, &ip, dotdot_cb, &dd);
		if (!ret)
			ret = EIO;	/* no ".." entry */
		if (ret == 1)
			ret = iget(fs, fdir, &dip);
		if (!ret) {
			if (dip.links > 2)
				dip.links--;
			ret = iput(fs, &dip);
		}
		if (!ret)
			ret = iget(fs, tdir, &dip);
		if (!ret) {
			dip.links++;
			ret = iput(fs, &dip);
		}
		if (ret)
			return finish(fs, ret);
	}
	ret = iget(fs, ino, &ip);
	if (!ret) {
		ip.ctime = fs_now(fs);
		ret = iput(fs, &ip);
	}
	return finish(fs, ret);
}
