#include "drive/netns.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int
write_file(const char *path, const char *text, char *errbuf, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(errbuf, errlen, "open %s: %s", path, strerror(errno));
		return -1;
	}
	size_t n = strlen(text);
	ssize_t w = write(fd, text, n);
	int e = errno;
	close(fd);
	if (w != (ssize_t)n) {
		snprintf(errbuf, errlen, "write %s: %s", path,
		    w < 0 ? strerror(e) : "short write");
		return -1;
	}
	return 0;
}

int
sv_if_up(const char *ifname, char *errbuf, size_t errlen)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(errbuf, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		snprintf(errbuf, errlen, "SIOCGIFFLAGS %s: %s", ifname,
		    strerror(errno));
		close(fd);
		return -1;
	}
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0) {
		snprintf(errbuf, errlen, "SIOCSIFFLAGS %s: %s", ifname,
		    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * Enter a new user namespace together with the network namespace. Its
 * creator holds every capability inside it, mapped or not, and that is
 * what capturing on the new lo needs. The uid map only makes getuid()
 * say 0 inside; kernels since 5.12 refuse to map uid 0 without
 * CAP_SETFCAP (root in a container), so a refused map is no failure.
 */
static int
enter_userns(uid_t uid, gid_t gid)
{
	char map[64], ignored[128];
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)
		return -1;
	/* setgroups must be denied before an unprivileged gid_map. */
	write_file("/proc/self/setgroups", "deny", ignored, sizeof(ignored));
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	write_file("/proc/self/uid_map", map, ignored, sizeof(ignored));
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	write_file("/proc/self/gid_map", map, ignored, sizeof(ignored));
	return 0;
}

int
sv_netns_enter(char *errbuf, size_t errlen)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int net_errno = 0;

	/* Root with CAP_SYS_ADMIN needs only a network namespace. Root
	 * without it (a container) and everyone else go through a user
	 * namespace, which grants capture rights on the new lo alone. */
	if (uid == 0 && unshare(CLONE_NEWNET) == 0)
		goto up;
	if (uid == 0)
		net_errno = errno;
	if (enter_userns(uid, gid) < 0) {
		int e = errno;
		char first[128] = "";
		if (net_errno)
			snprintf(first, sizeof(first), "unshare(CLONE_NEWNET):"
			    " %s; ", strerror(net_errno));
		snprintf(errbuf, errlen, "cannot make a private network"
		    " namespace: %sunshare(CLONE_NEWUSER|CLONE_NEWNET): %s."
		    " Unprivileged user namespaces are off or used up here"
		    " (or refused to a chroot, or by a container's policy):"
		    " enable them (sysctl -w kernel.unprivileged_userns_clone=1"
		    " or sysctl -w user.max_user_namespaces=15000), or run as"
		    " root, or run with --host as root (or with CAP_NET_RAW)"
		    " to capture on the host's lo", first, strerror(e));
		return -1;
	}
up:;
	char why[256];
	if (sv_if_up("lo", why, sizeof(why)) < 0) {
		snprintf(errbuf, errlen, "cannot bring up lo in the private"
		    " namespace: %s", why);
		return -1;
	}
	return 0;
}
