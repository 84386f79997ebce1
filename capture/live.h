/*
 * Live capture on an interface with libpcap, synchronised with the run by
 * marker datagrams instead of sleeps.
 *
 * Threads: sv_live_start() starts one capture thread. It alone touches the
 * pcap handle and the packet list until sv_live_finish() has joined it.
 * The mutex guards only the marker bookkeeping (`seen`), which the capture
 * thread writes and the caller waits on through the condition variable.
 */
#ifndef SOCKVIZ_CAPTURE_LIVE_H
#define SOCKVIZ_CAPTURE_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "capture/packet.h"

struct sv_live;

enum sv_live_err {
	SV_LIVE_OK = 0,
	SV_LIVE_REFUSED,         /* no permission, no such device */
	SV_LIVE_FAILED,          /* anything else */
};

/*
 * Open ifname for capture: immediate mode, nanosecond stamps, a large
 * buffer. filter, when not NULL, is a pcap filter expression that admits
 * the run's traffic; the marker datagrams are admitted besides it.
 * Returns NULL with errbuf and *err set.
 */
struct sv_live *sv_live_open(const char *ifname, const char *filter,
    enum sv_live_err *err, char *errbuf, size_t errlen);

/* Start the capture thread and return once it has seen a start marker,
 * so that every packet sent afterwards is captured. */
int sv_live_start(struct sv_live *lv, int timeout_ms, char *errbuf,
    size_t errlen);

/*
 * Send an end marker from every CPU this thread may run on, wait until the
 * capture has seen them all (loopback packets queue per CPU, so one marker
 * proves only its own CPU's queue drained), then stop and join the thread.
 * The packets, markers excluded, move to *out; *dropped counts what the
 * kernel or libpcap lost.
 */
int sv_live_finish(struct sv_live *lv, int timeout_ms,
    struct sv_packet_list *out, uint64_t *dropped, char *errbuf,
    size_t errlen);

/* The link type of the captured frames (LINKTYPE_*). */
uint32_t sv_live_linktype(const struct sv_live *lv);

void sv_live_free(struct sv_live *lv);

#endif
