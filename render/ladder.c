#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/ladder.h"
#include "render/render.h"

int
sv_ladder_init(struct sv_ladder *l, const struct sv_timeline *tl)
{
	memset(l, 0, sizeof(*l));
	l->n_lanes = tl->n_lanes > 0 ? tl->n_lanes : 1;
	for (size_t i = 0; i < tl->n; i++)
		if (tl->ev[i].type == SV_EV_CALL) {
			l->calls++;
			l->blocked += tl->ev[i].u.call.blocked != 0;
		}
	/* Only calls in the timeline block, each once: room for all. */
	if (l->blocked > 0 && (l->wait = calloc(l->blocked,
	    sizeof(*l->wait))) == NULL)
		return -1;
	return 0;
}

void
sv_ladder_fini(struct sv_ladder *l)
{
	free(l->wait);
	l->wait = NULL;
	l->n_wait = 0;
}

int
sv_ladder_lane(const struct sv_ladder *l, int lane)
{
	return lane >= 0 && lane < l->n_lanes ? lane : 0;
}

void
sv_ladder_pkt_lanes(const struct sv_ladder *l, const struct sv_pktev *p,
    int *from, int *to)
{
	*from = sv_ladder_lane(l, p->from);
	*to = p->to >= 0 && p->to < l->n_lanes ? p->to : *from;
}

void
sv_ladder_count_call(struct sv_ladder *l, const struct sv_call *c)
{
	l->n_calls++;
	l->n_silent += c->n_packets == 0;
	if (c->expect != NULL) {
		l->n_expect++;
		l->n_failed += c->failure != NULL;
	}
}

int
sv_ladder_count_pkt(struct sv_ladder *l, const struct sv_pktev *p)
{
	/* Without calls nothing is known of causes: no packet is the
	 * kernel's own. */
	int kernel = p->cause < 0 && l->calls > 0;
	l->n_kernel += kernel;
	l->n_answer += p->cause >= 0 && p->origin == SV_ORIGIN_ANSWER;
	return kernel;
}

int
sv_ladder_wait(struct sv_ladder *l, const struct sv_event *ev, double y)
{
	if (l->n_wait == l->blocked)
		return -1;
	size_t i = l->n_wait;
	while (i > 0 && l->wait[i - 1].t > ev->u.call.t_end) {
		l->wait[i] = l->wait[i - 1];
		i--;
	}
	l->wait[i].t = ev->u.call.t_end;
	l->wait[i].ev = ev;
	l->wait[i].y = y;
	l->n_wait++;
	return 0;
}

int
sv_ladder_due(struct sv_ladder *l, int64_t t, struct sv_ladder_wait *w)
{
	if (l->n_wait == 0 || l->wait[0].t > t)
		return 0;
	*w = l->wait[0];
	l->n_wait--;
	memmove(l->wait, l->wait + 1, l->n_wait * sizeof(*l->wait));
	return 1;
}

static double
dmax(double a, double b)
{
	return a > b ? a : b;
}

int
sv_ladder_room(const struct sv_ladder *l, const struct sv_timeline *tl,
    const struct sv_ladder_measure *m, struct sv_ladder_room *room)
{
	char b[1200];

	memset(room, 0, sizeof(*room));
	room->right = calloc((size_t)l->n_lanes, sizeof(*room->right));
	if (room->right == NULL)
		return -1;
	for (size_t i = 0; i < tl->n; i++) {
		const struct sv_event *ev = &tl->ev[i];
		double need;
		switch (ev->type) {
		case SV_EV_CALL: {
			const struct sv_call *c = &ev->u.call;
			int lane = sv_ladder_lane(l, c->actor);
			need = m->call(c, sv_call_text(c, b,
			    sizeof(b)));
			if (c->blocked)
				need = dmax(need, m->ret(
				    sv_call_return(c, b, sizeof(b))));
			need = dmax(need, m->after(sv_call_after(c, b,
			    sizeof(b))));
			if (lane == 0 && l->n_lanes > 1)
				room->left = dmax(room->left, need);
			else
				room->right[lane] = dmax(room->right[lane],
				    need);
			break;
		}
		case SV_EV_PACKET: {
			const struct sv_pktev *p = &ev->u.pkt;
			int from, to;
			sv_ladder_pkt_lanes(l, p, &from, &to);
			room->pkt_events++;
			need = m->label(sv_pkt_short(p, b, sizeof(b)));
			/* Calls are not all counted yet: name the cause as
			 * if they were, which is never narrower. */
			need = dmax(need, m->detail(sv_pkt_detail(tl, p, 1, b,
			    sizeof(b)))) + m->pad_arrow + m->pad_text;
			if (from == to)
				room->right[from] = dmax(room->right[from],
				    need + m->loop + m->loop_inset);
			else
				room->arrow = dmax(room->arrow,
				    need / abs(to - from));
			break;
		}
		}
	}
	return 0;
}
