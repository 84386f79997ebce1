/* The command line, as a library function so tests can call it. */
#ifndef SOCKVIZ_DRIVE_CLI_H
#define SOCKVIZ_DRIVE_CLI_H

/* Returns the exit status. */
int sv_cli_main(int argc, char **argv);

#endif
