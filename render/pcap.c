/* The timeline's packets as a pcap file, for every tool that reads one. */
#include "capture/pcap_file.h"
#include "render/render.h"

static int
pcap_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	uint32_t lt = tl->linktype ? tl->linktype : SV_LINK_ETHERNET;
	/* A file holds one link type; a timeline drawn from a capture with
	 * several interfaces of different types cannot be one pcap. */
	for (size_t i = 0; i < tl->n; i++) {
		const struct sv_event *ev = &tl->ev[i];
		if (ev->type == SV_EV_PACKET && ev->u.pkt.pkt.linktype != lt) {
			snprintf(o->err, sizeof(o->err), "packets of link"
			    " types %u and %u cannot share a pcap file;"
			    " write .pcapng", lt, ev->u.pkt.pkt.linktype);
			return -1;
		}
	}
	return sv_pcap_write_header(o->fp, lt, SV_PCAP_SNAPLEN);
}

static int
pcap_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	(void)tl;
	switch (ev->type) {
	case SV_EV_CALL:
		return 0;
	case SV_EV_PACKET:
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
