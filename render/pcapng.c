/*
 * The timeline as pcapng: the packets, each with its cause as a comment
 * that Wireshark shows in the packet list; the scenario's title and text
 * as the section's first comment; and the calls themselves, encoded by
 * timeline_io.c, as a second section comment, from which `sockviz render`
 * draws the same timeline without running anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capfile.h"
#include "capture/pcap_file.h"
#include "render/render.h"
#include "render/timeline_io.h"

static char *
section_text(const struct sv_timeline *tl)
{
	const char *parts[] = {
		"sockviz: ", tl->scenario ? tl->scenario : "capture",
		tl->title ? " - " : "", tl->title ? tl->title : "", "\n",
		tl->summary ? tl->summary : "", tl->summary ? "\n" : "",
		tl->source ? "\n" : "", tl->source ? tl->source : "",
	};
	size_t n = 1;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		n += strlen(parts[i]);
	char *s = malloc(n);
	if (s == NULL)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		strcat(s, parts[i]);
	return s;
}

static int
pcapng_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	char *human = section_text(tl);
	char *machine = sv_timeline_encode(tl);
	char **pieces = NULL;
	const char **comments = NULL;
	size_t n = 0;
	int r = -1;
	/* The calls, whole at any size: as many comments as it takes. */
	if (human == NULL || machine == NULL || (pieces = sv_timeline_split(
	    machine, SV_PCAPNG_OPT_MAX, &n)) == NULL ||
	    (comments = calloc(n + 1, sizeof(*comments))) == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		goto out;
	}
	comments[0] = human;
	for (size_t i = 0; i < n; i++)
		comments[i + 1] = pieces[i];
	uint32_t lt = tl->linktype;
	if (sv_pcapng_write_shb(o->fp, comments, n + 1, "sockviz") < 0 ||
	    sv_pcapng_write_idb(o->fp, lt, SV_PCAP_SNAPLEN, "lo") < 0)
		goto out;
	r = 0;
out:
	free(comments);
	sv_timeline_pieces_free(pieces, n);
	free(human);
	free(machine);
	return r;
}

/* "client connect(3, 127.0.0.1:8888), step 5", "server's kernel,
 * answering client connect(3, 127.0.0.1:8888), step 5" or "kernel:
 * delayed ACK" */
static void
cause_comment(const struct sv_timeline *tl, const struct sv_pktev *p,
    char *b, size_t n)
{
	if (p->cause < 0) {
		snprintf(b, n, "kernel%s%s", p->note[0] ? ": " : "", p->note);
		return;
	}
	const struct sv_call *c = &tl->ev[p->cause].u.call;
	const struct sv_lane *from = p->from >= 0 && p->from < tl->n_lanes ?
	    &tl->lanes[p->from] : NULL;
	if (p->origin == SV_ORIGIN_ANSWER)
		snprintf(b, n, "%s%s%s, answering %s %s, step %d",
		    from && from->endpoint ? "kernel at " : "",
		    from ? from->name : "kernel",
		    from && !from->endpoint ? "'s kernel" : "",
		    tl->lanes[c->actor].name, c->text, c->step);
	else
		snprintf(b, n, "%s %s, step %d", tl->lanes[c->actor].name,
		    c->text, c->step);
}

static int
pcapng_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	char comment[512];
	switch (ev->type) {
	case SV_EV_CALL:
		return 0;
	case SV_EV_PACKET:
		if (ev->u.pkt.pkt.linktype != tl->linktype) {
			snprintf(o->err, sizeof(o->err), "packets of several"
			    " link types in one timeline");
			return -1;
		}
		cause_comment(tl, &ev->u.pkt, comment, sizeof(comment));
		return sv_pcapng_write_epb(o->fp, 0, &ev->u.pkt.pkt, comment);
	}
	return 0;
}

const struct sv_renderer sv_render_pcapng = {
	.name = "pcapng",
	.ext = ".pcapng",
	.what = "the packets with their causes as comments, and the calls,"
	    " for Wireshark and for sockviz render",
	.binary = 1,
	.begin = pcapng_begin,
	.event = pcapng_event,
	.end = NULL,
};
