/*
 * Isolation: a private network namespace for each run, entered before any
 * thread starts (unshare with CLONE_NEWUSER needs a single thread).
 */
#ifndef SOCKVIZ_DRIVE_NETNS_H
#define SOCKVIZ_DRIVE_NETNS_H

#include <stddef.h>

/*
 * Move this process into a new network namespace with lo up. As root only
 * the network namespace is new; otherwise a user namespace maps this uid
 * to root inside, which grants capture rights on the new lo and nothing
 * outside it. 0, or -1 with the reason and the remedy in errbuf.
 */
int sv_netns_enter(char *errbuf, size_t errlen);

/* Bring an interface up by name, via ioctl. 0 or -1 with errbuf. */
int sv_if_up(const char *ifname, char *errbuf, size_t errlen);

#endif
