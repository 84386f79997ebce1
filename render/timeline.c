#include "render/timeline.h"

#include <stdlib.h>
#include <string.h>

void
sv_call_clear(struct sv_call *c)
{
	free(c->text);
	free(c->data);
	free(c->note);
	free(c->expect);
	free(c->failure);
	free(c->packets);
	memset(c, 0, sizeof(*c));
}

struct sv_timeline *
sv_timeline_new(void)
{
	struct sv_timeline *tl = calloc(1, sizeof(*tl));
	/* Until a packet says otherwise: what lo is on Linux. Link type 0
	 * is a real one (BSD loopback), never "unknown". */
	if (tl != NULL)
		tl->linktype = SV_LINK_ETHERNET;
	return tl;
}

const char *
sv_timeline_finals_heading(const struct sv_timeline *tl)
{
	if (tl->traced)
		return "When the programs had ended, the kernel held:";
	return "After the last step, the kernel holds:";
}

void
sv_timeline_free(struct sv_timeline *tl)
{
	if (tl == NULL)
		return;
	for (size_t i = 0; i < tl->n; i++) {
		struct sv_event *ev = &tl->ev[i];
		switch (ev->type) {
		case SV_EV_CALL:
			sv_call_clear(&ev->u.call);
			break;
		case SV_EV_PACKET:
			sv_packet_clear(&ev->u.pkt.pkt);
			break;
		}
	}
	free(tl->ev);
	free(tl->finals);
	free(tl->spans);
	for (int i = 0; i < tl->n_lanes; i++)
		free(tl->lanes[i].name);
	free(tl->lanes);
	free(tl->lane_hash);
	free(tl->scenario);
	free(tl->title);
	free(tl->summary);
	free(tl->intro);
	free(tl->source);
	free(tl->capfile);
	free(tl);
}

/* FNV-1a of a lane's name. */
static size_t
name_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* Put lane i into the name index, growing it to keep it half empty. Lanes
 * are looked up by name for every new endpoint of a capture: a walk over
 * all of them made 100,000 conversations quadratic. */
static int
index_lane(struct sv_timeline *tl, int i)
{
	if ((size_t)(tl->n_lanes + 1) * 2 > tl->lane_hash_cap) {
		size_t cap = tl->lane_hash_cap ? tl->lane_hash_cap * 2 : 64;
		int *h = malloc(cap * sizeof(*h));
		if (h == NULL)
			return -1;
		for (size_t k = 0; k < cap; k++)
			h[k] = -1;
		free(tl->lane_hash);
		tl->lane_hash = h;
		tl->lane_hash_cap = cap;
		for (int k = 0; k < tl->n_lanes; k++) {
			size_t j = name_hash(tl->lanes[k].name) & (cap - 1);
			while (h[j] >= 0)
				j = (j + 1) & (cap - 1);
			h[j] = k;
		}
	}
	size_t mask = tl->lane_hash_cap - 1;
	size_t j = name_hash(tl->lanes[i].name) & mask;
	while (tl->lane_hash[j] >= 0)
		j = (j + 1) & mask;
	tl->lane_hash[j] = i;
	return 0;
}

int
sv_timeline_add_lane(struct sv_timeline *tl, const char *name, int endpoint)
{
	if (tl->n_lanes == tl->lanes_cap) {
		int cap = tl->lanes_cap ? tl->lanes_cap * 2 : 8;
		struct sv_lane *nl = realloc(tl->lanes, (size_t)cap *
		    sizeof(*nl));
		if (nl == NULL)
			return -1;
		tl->lanes = nl;
		tl->lanes_cap = cap;
	}
	struct sv_lane *l = &tl->lanes[tl->n_lanes];
	if ((l->name = strdup(name)) == NULL)
		return -1;
	l->endpoint = endpoint;
	l->pid = 0;
	l->client_of = -1;
	/* Indexed before it counts: a failure leaves no lane half made. */
	if (index_lane(tl, tl->n_lanes) < 0) {
		free(l->name);
		return -1;
	}
	return tl->n_lanes++;
}

int
sv_timeline_find_lane(const struct sv_timeline *tl, const char *name)
{
	if (tl->lane_hash_cap == 0)
		return -1;
	size_t mask = tl->lane_hash_cap - 1;
	for (size_t j = name_hash(name) & mask; tl->lane_hash[j] >= 0;
	    j = (j + 1) & mask)
		if (strcmp(tl->lanes[tl->lane_hash[j]].name, name) == 0)
			return tl->lane_hash[j];
	return -1;
}

struct sv_event *
sv_timeline_append(struct sv_timeline *tl, enum sv_event_type t)
{
	if (tl->n == tl->cap) {
		size_t nc = tl->cap ? tl->cap * 2 : 64;
		struct sv_event *ne = realloc(tl->ev, nc * sizeof(*ne));
		if (ne == NULL)
			return NULL;
		tl->ev = ne;
		tl->cap = nc;
	}
	struct sv_event *ev = &tl->ev[tl->n++];
	memset(ev, 0, sizeof(*ev));
	ev->type = t;
	ev->id = (int)(tl->n - 1);
	return ev;
}

int
sv_timeline_add_packet(struct sv_timeline *tl, struct sv_packet *p)
{
	struct sv_event *ev = sv_timeline_append(tl, SV_EV_PACKET);
	if (ev == NULL)
		return -1;
	ev->u.pkt.pkt = *p;
	ev->u.pkt.from = ev->u.pkt.to = -1;
	ev->u.pkt.cause = -1;
	ev->t = p->ts_ns;
	memset(p, 0, sizeof(*p));
	return 0;
}

int
sv_timeline_add_final(struct sv_timeline *tl, int actor,
    const struct sv_endpoint *local, const struct sv_endpoint *peer,
    int state)
{
	struct sv_final *nf = realloc(tl->finals, (size_t)(tl->n_finals + 1) *
	    sizeof(*nf));
	if (nf == NULL)
		return -1;
	tl->finals = nf;
	nf[tl->n_finals].actor = actor;
	nf[tl->n_finals].local = *local;
	nf[tl->n_finals].peer = *peer;
	nf[tl->n_finals].state = state;
	tl->n_finals++;
	return 0;
}

const char *
sv_origin_name(enum sv_origin o)
{
	switch (o) {
	case SV_ORIGIN_KERNEL:
		return "kernel";
	case SV_ORIGIN_CALL:
		return "call";
	case SV_ORIGIN_ANSWER:
		return "answer";
	}
	return "kernel";
}
