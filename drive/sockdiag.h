/*
 * The TCP state of a connection whose descriptor is gone (after close),
 * asked of the kernel through NETLINK_SOCK_DIAG by its four-tuple.
 */
#ifndef SOCKVIZ_DRIVE_SOCKDIAG_H
#define SOCKVIZ_DRIVE_SOCKDIAG_H

#include "capture/decode.h"

/* The state (TCP_TIME_WAIT, ...), TCP_CLOSE when the kernel holds no such
 * socket any more, or -1 when the kernel could not be asked. */
int sv_sockdiag_tcp_state(const struct sv_endpoint *local,
    const struct sv_endpoint *peer);

#endif
