/*
 * The systemd notification protocol (sd_notify(3)) without libsystemd: a
 * datagram to the AF_UNIX socket named by $NOTIFY_SOCKET ('@' = abstract).
 * Without the variable it does nothing, so the daemon runs anywhere.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_SDNOTIFY_H
#define TOKENSHARE_SDNOTIFY_H

/* Sends state, e.g. "READY=1"; returns 0, or -1 if a socket is named but fails. */
int sd_notify_send(const char *state);

#endif
