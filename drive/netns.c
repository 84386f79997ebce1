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

int
sv_netns_enter(char *errbuf, size_t errlen)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int flags = CLONE_NEWNET | (uid == 0 ? 0 : CLONE_NEWUSER);

	if (unshare(flags) < 0) {
		int e = errno;
		if (uid == 0)
			snprintf(errbuf, errlen, "cannot make a private network"
			    " namespace: unshare(CLONE_NEWNET): %s; run with"
			    " --host to capture on the host's lo instead",
			    strerror(e));
		else
			snprintf(errbuf, errlen, "cannot make a private network"
			    " namespace: unshare(CLONE_NEWUSER|CLONE_NEWNET):"
			    " %s; unprivileged user namespaces are off here"
			    " (enable them with 'sysctl -w"
			    " kernel.unprivileged_userns_clone=1' or"
			    " 'sysctl -w user.max_user_namespaces=15000'),"
			    " or run as root, or with --host and CAP_NET_RAW",
			    strerror(e));
		return -1;
	}
	if (uid != 0) {
		char map[64];
		/* setgroups must be denied before an unprivileged gid_map. */
		if (write_file("/proc/self/setgroups", "deny", errbuf,
		    errlen) < 0)
			return -1;
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
		if (write_file("/proc/self/uid_map", map, errbuf, errlen) < 0)
			return -1;
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
		if (write_file("/proc/self/gid_map", map, errbuf, errlen) < 0)
			return -1;
	}
	char why[256];
	if (sv_if_up("lo", why, sizeof(why)) < 0) {
		snprintf(errbuf, errlen, "cannot bring up lo in the private"
		    " namespace: %s", why);
		return -1;
	}
	return 0;
}
