/*
 * sd_notify without libsystemd (see sdnotify.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "collector/poll/sdnotify.h"
#include "core/log.h"

int sd_notify_send(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	if (!path || !*path)
		return 0;
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	size_t len = strlen(path);
	if ((path[0] != '/' && path[0] != '@') || len >= sizeof addr.sun_path) {
		log_warning("NOTIFY_SOCKET is not a socket path; not notifying systemd");
		return -1;
	}
	memcpy(addr.sun_path, path, len);
	if (path[0] == '@')
		addr.sun_path[0] = '\0';        // the abstract namespace
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		log_errno(LOG_WARNING, "cannot notify systemd");
		return -1;
	}
	socklen_t alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
	ssize_t n = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&addr, alen);
	if (n < 0)
		log_errno(LOG_WARNING, "cannot notify systemd");
	close(fd);
	return n < 0 ? -1 : 0;
}
