/*
 * sockviz: what the socket API does on the wire.
 *
 * The thin executable over the sockviz_core library: parses the command
 * line, resolves the scenario, opens the output files (to temporary names,
 * renamed into place only when whole), runs, and renders.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "drive/cli.h"

int
main(int argc, char **argv)
{
	return sv_cli_main(argc, argv);
}
