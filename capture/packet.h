/*
 * Packets as sockviz keeps them: one captured frame, its kernel timestamp,
 * and the link type that says how to read its first byte.
 */
#ifndef SOCKVIZ_CAPTURE_PACKET_H
#define SOCKVIZ_CAPTURE_PACKET_H

#include <stddef.h>
#include <stdint.h>

/* Link types as the capture file formats number them (LINKTYPE_*). */
enum {
	SV_LINK_NULL = 0,        /* BSD loopback: 4-byte family, host order */
	SV_LINK_ETHERNET = 1,
	SV_LINK_RAW = 101,       /* bare IPv4 or IPv6 */
	SV_LINK_LINUX_SLL = 113,
	SV_LINK_IPV4 = 228,
	SV_LINK_IPV6 = 229,
	SV_LINK_LINUX_SLL2 = 276,
};

/*
 * One frame. ts_ns is nanoseconds since the Unix epoch on CLOCK_REALTIME,
 * the clock the kernel stamps captured packets with. data holds caplen
 * bytes; origlen is the frame's length on the wire (larger when the snap
 * length cut it short).
 */
struct sv_packet {
	int64_t ts_ns;
	uint32_t caplen;
	uint32_t origlen;
	uint32_t linktype;
	uint32_t ifindex;        /* interface within its capture file, 0 live */
	uint8_t *data;           /* owned: freed by sv_packet_clear() */
	char *comment;           /* owned, may be NULL (pcapng opt_comment) */
};

/* A growable array of packets. */
struct sv_packet_list {
	struct sv_packet *v;
	size_t n;
	size_t cap;
};

/* A copy of src that owns its bytes (the comment is not copied). 0, or -1
 * (ENOMEM) with *dst untouched. */
int sv_packet_copy(struct sv_packet *dst, const struct sv_packet *src);

/* Copy len bytes into a new packet at the end of the list. 0 or -1 (ENOMEM). */
int sv_packet_list_add(struct sv_packet_list *l, int64_t ts_ns,
    uint32_t linktype, const uint8_t *data, uint32_t caplen, uint32_t origlen);
void sv_packet_clear(struct sv_packet *p);
void sv_packet_list_free(struct sv_packet_list *l);

#endif
