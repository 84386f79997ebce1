/*
 * Capture files in and out.
 *
 * Reading: one reader for classic pcap (either byte order, micro- or
 * nanosecond stamps) and pcapng (several sections and interfaces, EPB,
 * SPB and the obsolete Packet Block, options, comments), over a FILE or a
 * memory buffer. It streams: memory does not grow with the number of
 * packets. Damaged input is expected input: every error names the byte
 * offset where it was found.
 *
 * Writing pcapng: section header with comments, interface descriptions
 * with nanosecond resolution, enhanced packet blocks with a comment each.
 * (Classic pcap writing is in pcap_file.h.)
 */
#ifndef SOCKVIZ_CAPTURE_CAPFILE_H
#define SOCKVIZ_CAPTURE_CAPFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "capture/packet.h"

struct sv_capreader;

enum sv_capformat {
	SV_CAP_PCAP,
	SV_CAP_PCAPNG,
};

/* Open a reader. The FILE stays the caller's; the buffer must outlive the
 * reader. NULL with errbuf set when the start is not a capture file. */
struct sv_capreader *sv_capreader_open_file(FILE *fp, char *errbuf,
    size_t errlen);
struct sv_capreader *sv_capreader_open_mem(const uint8_t *buf, size_t len,
    char *errbuf, size_t errlen);
void sv_capreader_free(struct sv_capreader *r);

enum sv_capformat sv_capreader_format(const struct sv_capreader *r);

/*
 * The next packet. Returns 1 with *p filled (p->data and p->comment belong
 * to the reader and stay valid until the next call), 0 at a clean end of
 * file, -1 on damaged input with errbuf saying "byte N: what was expected,
 * what was found". After -1 the reader is done.
 * p->linktype is the packet's interface's LINKTYPE; p->ifindex the
 * interface's index within its section; p->origlen > p->caplen when the
 * snap length cut the frame short.
 */
int sv_capreader_next(struct sv_capreader *r, struct sv_packet *p,
    char *errbuf, size_t errlen);

/* The opt_comment strings of the section the last packet belongs to
 * (pcapng; none for pcap). Valid until the next call to _next. */
size_t sv_capreader_section_comments(const struct sv_capreader *r,
    const char *const **comments);

/* Bytes consumed so far: the offset of the next block or record. */
uint64_t sv_capreader_offset(const struct sv_capreader *r);

/* pcapng writing. Each returns 0, or -1 on a write error. Comments are
 * UTF-8; NULL or "" writes none; one longer than an option can hold
 * (SV_PCAPNG_OPT_MAX bytes) is cut there. */
#define SV_PCAPNG_OPT_MAX 65535
int sv_pcapng_write_shb(FILE *fp, const char *const *comments, size_t n,
    const char *userappl);
int sv_pcapng_write_idb(FILE *fp, uint32_t linktype, uint32_t snaplen,
    const char *ifname);
int sv_pcapng_write_epb(FILE *fp, uint32_t ifid, const struct sv_packet *p,
    const char *comment);

#endif
