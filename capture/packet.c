#include "capture/packet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int
sv_packet_list_add(struct sv_packet_list *l, int64_t ts_ns, uint32_t linktype,
    const uint8_t *data, uint32_t caplen, uint32_t origlen)
{
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 64;
		struct sv_packet *nv = realloc(l->v, ncap * sizeof(*nv));
		if (nv == NULL)
			return -1;
		l->v = nv;
		l->cap = ncap;
	}
	struct sv_packet *p = &l->v[l->n];
	memset(p, 0, sizeof(*p));
	p->data = malloc(caplen ? caplen : 1);
	if (p->data == NULL)
		return -1;
	memcpy(p->data, data, caplen);
	p->ts_ns = ts_ns;
	p->linktype = linktype;
	p->caplen = caplen;
	p->origlen = origlen;
	l->n++;
	return 0;
}

int
sv_packet_copy(struct sv_packet *dst, const struct sv_packet *src)
{
	uint8_t *data = malloc(src->caplen ? src->caplen : 1);
	if (data == NULL)
		return -1;
	memcpy(data, src->data, src->caplen);
	*dst = *src;
	dst->data = data;
	dst->comment = NULL;
	return 0;
}

void
sv_packet_clear(struct sv_packet *p)
{
	free(p->data);
	free(p->comment);
	p->data = NULL;
	p->comment = NULL;
}

void
sv_packet_list_free(struct sv_packet_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		sv_packet_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
