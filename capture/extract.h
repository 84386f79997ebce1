/*
 * Bounds-checked reads from captured bytes.
 *
 * A cursor is a pointer and the number of bytes left behind it. Every
 * reader compares the length it needs with what is left and returns -1,
 * leaving the cursor where it was, rather than read past the end; on
 * success it returns 0 and moves past what it read. Multi-byte values are
 * assembled byte by byte, so alignment and host byte order never matter.
 */
#ifndef SOCKVIZ_CAPTURE_EXTRACT_H
#define SOCKVIZ_CAPTURE_EXTRACT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct sv_cursor {
	const uint8_t *p;
	size_t len;
};

static inline struct sv_cursor
sv_cursor_init(const uint8_t *p, size_t len)
{
	struct sv_cursor c;

	c.p = p;
	c.len = p != NULL ? len : 0;
	return c;
}

/* Keep at most n bytes: the rest belongs to someone else (padding). */
static inline void
sv_cursor_clamp(struct sv_cursor *c, size_t n)
{
	if (c->len > n)
		c->len = n;
}

static inline int
sv_skip(struct sv_cursor *c, size_t n)
{
	if (c->len < n)
		return -1;
	c->p += n;
	c->len -= n;
	return 0;
}

static inline int
sv_get_bytes(struct sv_cursor *c, void *dst, size_t n)
{
	if (c->len < n)
		return -1;
	if (n > 0)
		memcpy(dst, c->p, n);
	c->p += n;
	c->len -= n;
	return 0;
}

static inline int
sv_get_u8(struct sv_cursor *c, uint8_t *v)
{
	if (c->len < 1)
		return -1;
	*v = c->p[0];
	c->p += 1;
	c->len -= 1;
	return 0;
}

static inline int
sv_get_be16(struct sv_cursor *c, uint16_t *v)
{
	if (c->len < 2)
		return -1;
	*v = (uint16_t)((unsigned)c->p[0] << 8 | c->p[1]);
	c->p += 2;
	c->len -= 2;
	return 0;
}

static inline int
sv_get_be32(struct sv_cursor *c, uint32_t *v)
{
	if (c->len < 4)
		return -1;
	*v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 |
	    (uint32_t)c->p[2] << 8 | c->p[3];
	c->p += 4;
	c->len -= 4;
	return 0;
}

static inline int
sv_get_le32(struct sv_cursor *c, uint32_t *v)
{
	if (c->len < 4)
		return -1;
	*v = (uint32_t)c->p[3] << 24 | (uint32_t)c->p[2] << 16 |
	    (uint32_t)c->p[1] << 8 | c->p[0];
	c->p += 4;
	c->len -= 4;
	return 0;
}

/* Look without moving: the byte at offset off. */
static inline int
sv_peek_u8(const struct sv_cursor *c, size_t off, uint8_t *v)
{
	if (c->len <= off)
		return -1;
	*v = c->p[off];
	return 0;
}

#endif
