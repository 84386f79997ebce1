/*
 * The ladder's bookkeeping (render/ladder.h): the returns of blocked
 * calls, due in the order they happened, and the footer's counts.
 */
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
