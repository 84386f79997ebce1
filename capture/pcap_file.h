/*
 * The classic pcap file format: a 24-byte file header, then a 16-byte
 * record header before each frame. sockviz writes nanosecond files
 * (magic 0xa1b23c4d) in host byte order, as libpcap does.
 */
#ifndef SOCKVIZ_CAPTURE_PCAP_FILE_H
#define SOCKVIZ_CAPTURE_PCAP_FILE_H

#include <stdint.h>
#include <stdio.h>

#include "capture/packet.h"

#define SV_PCAP_SNAPLEN 262144

int sv_pcap_write_header(FILE *fp, uint32_t linktype, uint32_t snaplen);
int sv_pcap_write_packet(FILE *fp, const struct sv_packet *p);

#endif
