/* The timeline's packets as a pcap file, for every tool that reads one. */
#include "capture/pcap_file.h"
#include "render/render.h"

/* A file holds one link type; a timeline drawn from a capture with
 * several interfaces of different types cannot be one pcap. */
static int
one_linktype(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	if (ev->type != SV_EV_PACKET || ev->u.pkt.pkt.linktype == tl->linktype)
		return 0;
	snprintf(o->err, sizeof(o->err), "packets of link types %u and %u"
	    " cannot share a pcap file; write .pcapng", tl->linktype,
	    ev->u.pkt.pkt.linktype);
	return -1;
}

static int
pcap_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	for (size_t i = 0; i < tl->n; i++)
		if (one_linktype(o, tl, &tl->ev[i]) < 0)
			return -1;
	return sv_pcap_write_header(o->fp, tl->linktype, SV_PCAP_SNAPLEN);
}

static int
pcap_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	switch (ev->type) {
	case SV_EV_CALL:
		return 0;
	case SV_EV_PACKET:
		/* A streamed capture's packets are seen here first. */
		if (one_linktype(o, tl, ev) < 0)
			return -1;
		return sv_pcap_write_packet(o->fp, &ev->u.pkt.pkt);
	}
	return 0;
}

const struct sv_renderer sv_render_pcap = {
	.name = "pcap",
	.ext = ".pcap",
	.what = "the captured packets, for tcpdump, Wireshark, tshark",
	.binary = 1,
	.begin = pcap_begin,
	.event = pcap_event,
	.end = NULL,
};
