/*
 * The palette (render/palette.h): the terminal's scheme carried onto
 * white paper. SYN green, FIN amber, RST red, data cyan, UDP magenta,
 * ICMP red; everything else in greys.
 */
#include "render/palette.h"

static const struct sv_inkdef inks[SV_INK_COUNT] = {
	[SV_INK_TEXT] = { "text", "#1f2328", "", NULL, NULL },
	[SV_INK_DIM] = { "dim", "#59636e", "2", NULL, NULL },
	[SV_INK_LIFE] = { "life", "#b6bfc8", "2", NULL, NULL },
	[SV_INK_SYN] = { "syn", "#1a7f37", "32", "SYN", "green" },
	[SV_INK_FIN] = { "fin", "#b35900", "33", "FIN", "yellow" },
	[SV_INK_RST] = { "rst", "#cf222e", "1;31", "RST", "red" },
	[SV_INK_DATA] = { "data", "#0b7a99", "36", "data", "cyan" },
	[SV_INK_UDP] = { "udp", "#a3169f", "35", "UDP", "magenta" },
	[SV_INK_ICMP] = { "icmp", "#d1242f", "31", "ICMP", "red" },
	[SV_INK_ACK] = { "ack", "#3b4450", "", "ACK only", "plain" },
	[SV_INK_OTHER] = { "other", "#8c959f", "2", "other", "grey" },
	[SV_INK_OK] = { "ok", "#1a7f37", "32", NULL, NULL },
	[SV_INK_BAD] = { "bad", "#cf222e", "1;31", NULL, NULL },
	[SV_INK_NOTE] = { "note", "#27466e", "3", NULL, NULL },
	[SV_INK_WAIT] = { "wait", "#b08800", "33", NULL, NULL },
	[SV_INK_PAPER] = { "paper", "#ffffff", "", NULL, NULL },
	[SV_INK_NOTE_GROUND] = { "noteground", "#fff8c5", "", NULL, NULL },
	[SV_INK_BAD_GROUND] = { "badground", "#ffebe9", "", NULL, NULL },
	[SV_INK_WAIT_GROUND] = { "waitground", "#fbe6a2", "", NULL, NULL },
	[SV_INK_LANE_GROUND] = { "lane", "#eaf1f8", "", NULL, NULL },
	[SV_INK_LANE_EDGE] = { "laneline", "#54708f", "", NULL, NULL },
};

static const enum sv_ink arrow_inks[] = {
	SV_INK_SYN, SV_INK_FIN, SV_INK_RST, SV_INK_DATA, SV_INK_UDP,
	SV_INK_ICMP, SV_INK_ACK, SV_INK_OTHER,
};

const struct sv_inkdef *
sv_inkdef(enum sv_ink ink)
{
	return &inks[(unsigned)ink < SV_INK_COUNT ? ink : SV_INK_TEXT];
}

enum sv_ink
sv_pkt_ink(const struct sv_pktev *p)
{
	const struct sv_decoded *d = &p->d;
	switch (d->proto) {
	case SV_PROTO_TCP:
		if (d->tcp_flags & SV_TCP_RST)
			return SV_INK_RST;
		if (d->tcp_flags & SV_TCP_SYN)
			return SV_INK_SYN;
		if (d->tcp_flags & SV_TCP_FIN)
			return SV_INK_FIN;
		return d->payload_len ? SV_INK_DATA : SV_INK_ACK;
	case SV_PROTO_UDP:
		return SV_INK_UDP;
	case SV_PROTO_ICMP:
	case SV_PROTO_ICMP6:
		return SV_INK_ICMP;
	case SV_PROTO_IPV4:
	case SV_PROTO_IPV6:
	case SV_PROTO_LINK:
	case SV_PROTO_UNKNOWN:
		return SV_INK_OTHER;
	}
	return SV_INK_OTHER;
}

int
sv_arrow_ink(size_t i)
{
	return i < sizeof(arrow_inks) / sizeof(arrow_inks[0]) ?
	    (int)arrow_inks[i] : -1;
}
