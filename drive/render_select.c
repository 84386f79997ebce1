/*
 * --conv and --top (drive/render_select.h): conversation keys as
 * `render --flows` forms them, the counts of a first pass over the
 * capture, and the test each packet passes on the way to be drawn.
 */
#include "drive/render_select.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static void
key_make(struct sv_convkey *k, int proto, const struct sv_endpoint *x,
    const struct sv_endpoint *y)
{
	memset(k, 0, sizeof(*k));
	k->proto = proto;
	if (sv_endpoint_cmp(x, y) <= 0) {
		k->a = *x;
		k->b = *y;
	} else {
		k->a = *y;
		k->b = *x;
	}
}

static int
key_cmp(const struct sv_convkey *x, const struct sv_convkey *y)
{
	if (x->proto != y->proto)
		return x->proto < y->proto ? -1 : 1;
	int c = sv_endpoint_cmp(&x->a, &y->a);
	return c != 0 ? c : sv_endpoint_cmp(&x->b, &y->b);
}

static int
key_cmp_q(const void *x, const void *y)
{
	return key_cmp(x, y);
}

/* The packet's conversation, as --flows keys it. */
static void
packet_key(const struct sv_packet *p, struct sv_convkey *k)
{
	struct sv_decoded d;
	sv_decode(p->linktype, p->data, p->caplen, &d);
	key_make(k, (int)d.proto, &d.src, &d.dst);
}

/* ---- parsing ---- */

/* "127.0.0.1:8888", "[::1]:8888", or an address alone (port 0: ICMP). */
static int
parse_endpoint(const char *s, size_t n, struct sv_endpoint *e)
{
	char a[64];
	const char *port = NULL;
	size_t alen;
	memset(e, 0, sizeof(*e));
	if (n > 0 && s[0] == '[') {
		const char *close = memchr(s, ']', n);
		if (close == NULL)
			return -1;
		alen = (size_t)(close - s) - 1;
		if (alen >= sizeof(a))
			return -1;
		memcpy(a, s + 1, alen);
		a[alen] = '\0';
		size_t rest = n - (size_t)(close - s) - 1;
		if (rest > 0 && close[1] != ':')
			return -1;
		if (rest > 0)
			port = close + 2;
		if (inet_pton(AF_INET6, a, e->addr) != 1)
			return -1;
		e->family = 6;
	} else {
		const char *colon = memchr(s, ':', n);
		alen = colon ? (size_t)(colon - s) : n;
		if (alen >= sizeof(a))
			return -1;
		memcpy(a, s, alen);
		a[alen] = '\0';
		if (colon != NULL)
			port = colon + 1;
		if (inet_pton(AF_INET, a, e->addr) != 1)
			return -1;
		e->family = 4;
	}
	if (port != NULL) {
		size_t pl = n - (size_t)(port - s);
		unsigned long v = 0;
		if (pl == 0 || pl > 5)
			return -1;
		for (size_t i = 0; i < pl; i++) {
			if (!isdigit((unsigned char)port[i]))
				return -1;
			v = v * 10 + (unsigned long)(port[i] - '0');
		}
		if (v > 65535)
			return -1;
		e->port = (uint16_t)v;
	}
	return 0;
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* Where the two endpoints of a pair part: "<->", else a '-' or ',' out
 * of brackets, else a space. */
static const char *
pair_split(const char *s, size_t *sep_len)
{
	const char *x = strstr(s, "<->");
	if (x != NULL) {
		*sep_len = 3;
		return x;
	}
	for (int pass = 0; pass < 2; pass++) {
		int depth = 0;
		for (const char *p = s; *p; p++) {
			depth += *p == '[';
			depth -= *p == ']';
			if (depth == 0 && (pass == 0 ? *p == '-' || *p == ',' :
			    isspace((unsigned char)*p))) {
				*sep_len = 1;
				return p;
			}
		}
	}
	return NULL;
}

int
sv_select_add_conv(struct sv_select *s, const char *spec, char *err,
    size_t errlen)
{
	if (s->n_pick == SV_MAX_CONV) {
		snprintf(err, errlen, "--conv: at most %d of them",
		    SV_MAX_CONV);
		return -1;
	}
	struct sv_conv_pick *k = &s->pick[s->n_pick];
	memset(k, 0, sizeof(*k));
	k->spec = spec;
	size_t n = strlen(spec);
	int digits = n > 0 && n <= 9;
	for (size_t i = 0; i < n && digits; i++)
		digits = isdigit((unsigned char)spec[i]) != 0;
	if (digits) {
		k->index = strtoul(spec, NULL, 10);
		if (k->index == 0) {
			snprintf(err, errlen, "--conv %s: conversations count"
			    " from 1, as render --flows lists them", spec);
			return -1;
		}
		s->n_pick++;
		return 0;
	}
	size_t sep;
	const char *mid = pair_split(spec, &sep);
	struct sv_endpoint x, y;
	const char *a = spec, *b = mid ? mid + sep : NULL;
	size_t an = mid ? (size_t)(mid - spec) : 0, bn = b ? strlen(b) : 0;
	if (mid != NULL) {
		trim(&a, &an);
		trim(&b, &bn);
	}
	if (mid == NULL || parse_endpoint(a, an, &x) < 0 ||
	    parse_endpoint(b, bn, &y) < 0) {
		snprintf(err, errlen, "--conv wants a conversation's number in"
		    " render --flows (1, 2, ...) or its two endpoints, as"
		    " 127.0.0.1:41234-127.0.0.1:8888; not '%s'", spec);
		return -1;
	}
	key_make(&k->key, -1, &x, &y);
	s->n_pick++;
	return 0;
}

int
sv_select_active(const struct sv_select *s)
{
	return s != NULL && (s->n_pick > 0 || s->top > 0);
}

int
sv_select_needs_count(const struct sv_select *s)
{
	if (s == NULL)
		return 0;
	for (int i = 0; i < s->n_pick; i++)
		if (s->pick[i].index > 0)
			return 1;
	return s->top > 0;
}

void
sv_select_fini(struct sv_select *s)
{
	free(s->keys);
	s->keys = NULL;
	s->n_keys = 0;
}

/* ---- counting ---- */

struct conv {
	struct sv_convkey key;
	unsigned long packets;
};

struct sv_convcount {
	struct conv *v;          /* in the order first seen */
	size_t n, cap;
	long *slot;              /* key to position in v, -1 empty */
	size_t slot_cap;         /* a power of two */
};

static uint64_t
key_hash(const struct sv_convkey *k)
{
	const struct sv_endpoint *e[2] = { &k->a, &k->b };
	uint64_t h = 14695981039346656037ULL ^ (uint64_t)(k->proto + 1);
	for (int j = 0; j < 2; j++) {
		h = (h ^ e[j]->family) * 1099511628211ULL;
		for (int i = 0; i < 16; i++)
			h = (h ^ e[j]->addr[i]) * 1099511628211ULL;
		h = (h ^ e[j]->port) * 1099511628211ULL;
	}
	return h;
}

static size_t
count_find(const struct sv_convcount *c, const struct sv_convkey *k)
{
	size_t mask = c->slot_cap - 1, i = (size_t)key_hash(k) & mask;
	while (c->slot[i] >= 0 && key_cmp(&c->v[c->slot[i]].key, k) != 0)
		i = (i + 1) & mask;
	return i;
}

struct sv_convcount *
sv_convcount_new(void)
{
	return calloc(1, sizeof(struct sv_convcount));
}

void
sv_convcount_free(struct sv_convcount *c)
{
	if (c == NULL)
		return;
	free(c->v);
	free(c->slot);
	free(c);
}

int
sv_convcount_add(struct sv_convcount *c, const struct sv_packet *p)
{
	struct sv_convkey k;
	packet_key(p, &k);
	if ((c->n + 1) * 2 > c->slot_cap) {
		size_t nc = c->slot_cap ? c->slot_cap * 2 : 64;
		long *ns = malloc(nc * sizeof(*ns));
		if (ns == NULL)
			return -1;
		for (size_t i = 0; i < nc; i++)
			ns[i] = -1;
		free(c->slot);
		c->slot = ns;
		c->slot_cap = nc;
		for (size_t i = 0; i < c->n; i++)
			c->slot[count_find(c, &c->v[i].key)] = (long)i;
	}
	size_t i = count_find(c, &k);
	if (c->slot[i] < 0) {
		if (c->n == c->cap) {
			size_t nc = c->cap ? c->cap * 2 : 64;
			struct conv *nv = realloc(c->v, nc * sizeof(*nv));
			if (nv == NULL)
				return -1;
			c->v = nv;
			c->cap = nc;
		}
		c->v[c->n].key = k;
		c->v[c->n].packets = 0;
		c->slot[i] = (long)c->n++;
	}
	c->v[c->slot[i]].packets++;
	return 0;
}

/* The busiest first; of two as busy, the one seen first. */
static const struct conv *busy_base;

static int
busier(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	unsigned long a = busy_base[i].packets, b = busy_base[j].packets;
	if (a != b)
		return a > b ? -1 : 1;
	return i < j ? -1 : i > j;
}

int
sv_select_resolve(struct sv_select *s, const struct sv_convcount *c,
    const char *name, char *err, size_t errlen)
{
	for (int i = 0; i < s->n_pick; i++) {
		struct sv_conv_pick *k = &s->pick[i];
		if (k->index == 0)
			continue;
		if (k->index > c->n) {
			snprintf(err, errlen, "--conv %lu: %s holds %zu"
			    " conversation%s (render --flows lists them)",
			    k->index, name, c->n, c->n == 1 ? "" : "s");
			return -1;
		}
		k->key = c->v[k->index - 1].key;
	}
	if (s->top == 0)
		return 0;
	size_t n = s->top < c->n ? s->top : c->n;
	size_t *idx = malloc((c->n > 0 ? c->n : 1) * sizeof(*idx));
	s->keys = malloc((n > 0 ? n : 1) * sizeof(*s->keys));
	if (idx == NULL || s->keys == NULL) {
		free(idx);
		return -2;
	}
	for (size_t i = 0; i < c->n; i++)
		idx[i] = i;
	busy_base = c->v;
	if (c->n > 1)
		qsort(idx, c->n, sizeof(*idx), busier);
	busy_base = NULL;
	for (size_t i = 0; i < n; i++)
		s->keys[i] = c->v[idx[i]].key;
	s->n_keys = n;
	free(idx);
	if (n > 1)
		qsort(s->keys, n, sizeof(*s->keys), key_cmp_q);
	return 0;
}

int
sv_select_match(struct sv_select *s, const struct sv_packet *p)
{
	struct sv_convkey k;
	int in = 0;
	packet_key(p, &k);
	for (int i = 0; i < s->n_pick; i++) {
		struct sv_conv_pick *c = &s->pick[i];
		if ((c->key.proto < 0 || c->key.proto == k.proto) &&
		    sv_endpoint_cmp(&c->key.a, &k.a) == 0 &&
		    sv_endpoint_cmp(&c->key.b, &k.b) == 0) {
			c->matched++;
			in = 1;
		}
	}
	if (!in && s->n_keys > 0)
		in = bsearch(&k, s->keys, s->n_keys, sizeof(k),
		    key_cmp_q) != NULL;
	return in;
}

int
sv_select_check(const struct sv_select *s, const char *name, char *err,
    size_t errlen)
{
	for (int i = 0; s != NULL && i < s->n_pick; i++)
		if (s->pick[i].matched == 0 && s->pick[i].index == 0) {
			char a[64], b[64];
			snprintf(err, errlen, "--conv %s <-> %s: no such"
			    " conversation in %s (render --flows lists them)",
			    sv_endpoint_str(&s->pick[i].key.a,
			    s->pick[i].key.a.port != 0, a, sizeof(a)),
			    sv_endpoint_str(&s->pick[i].key.b,
			    s->pick[i].key.b.port != 0, b, sizeof(b)), name);
			return -1;
		}
	return 0;
}
