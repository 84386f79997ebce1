/* Labels every format puts on a packet. */
#include <stdio.h>

#include "render/render.h"

int64_t
sv_rel_ns(const struct sv_timeline *tl, int64_t t)
{
	return t - tl->t0;
}

const char *
sv_pkt_flags(const struct sv_pktev *p, char *buf, size_t size)
{
	if (p->d.proto == SV_PROTO_TCP)
		return sv_tcp_flags_str(p->d.tcp_flags, ",", buf, size);
	buf[0] = '\0';
	return buf;
}

const char *
sv_pkt_label(const struct sv_pktev *p, char *buf, size_t size)
{
	const struct sv_decoded *d = &p->d;
	char f[64];
	switch (d->proto) {
	case SV_PROTO_TCP:
		snprintf(buf, size, "%s seq=%u ack=%u len=%u",
		    sv_tcp_flags_str(d->tcp_flags, ",", f, sizeof(f)),
		    p->rel_seq, p->rel_ack, d->payload_len);
		break;
	case SV_PROTO_UDP:
		snprintf(buf, size, "UDP len=%u", d->payload_len);
		break;
	case SV_PROTO_ICMP:
	case SV_PROTO_ICMP6: {
		int v4 = d->proto == SV_PROTO_ICMP;
		int unreach = v4 ? d->icmp_type == 3 : d->icmp_type == 1;
		int port = v4 ? d->icmp_code == 3 : d->icmp_code == 4;
		snprintf(buf, size, "%s %s", v4 ? "ICMP" : "ICMPv6",
		    unreach && port ? "port unreachable" : unreach ?
		    "unreachable" : "message");
		if (!(unreach && port) && !unreach)
			snprintf(buf, size, "%s type %u code %u",
			    v4 ? "ICMP" : "ICMPv6", d->icmp_type,
			    d->icmp_code);
		break;
	}
	case SV_PROTO_IPV4:
	case SV_PROTO_IPV6:
	case SV_PROTO_LINK:
	case SV_PROTO_UNKNOWN:
		snprintf(buf, size, "%s len=%u", sv_proto_name(d->proto),
		    p->pkt.origlen);
		break;
	}
	if (d->truncated && size > 12) {
		size_t n = 0;
		while (n < size && buf[n])
			n++;
		snprintf(buf + n, size - n, " (cut short)");
	}
	return buf;
}

const char *
sv_cause_name(const struct sv_timeline *tl, const struct sv_pktev *p,
    char *buf, size_t size)
{
	if (p->cause < 0) {
		snprintf(buf, size, "kernel");
		return buf;
	}
	const struct sv_call *c = &tl->ev[p->cause].u.call;
	snprintf(buf, size, "%s %s()", tl->lanes[c->actor].name, c->fn);
	return buf;
}
