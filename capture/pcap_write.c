#include "capture/pcap_file.h"

#include <string.h>

static void
put32(uint8_t *b, uint32_t v)
{
	memcpy(b, &v, 4);       /* host order: the magic tells readers */
}

static void
put16(uint8_t *b, uint16_t v)
{
	memcpy(b, &v, 2);
}

int
sv_pcap_write_header(FILE *fp, uint32_t linktype, uint32_t snaplen)
{
	uint8_t h[24];
	put32(h, 0xa1b23c4d);   /* nanosecond timestamps */
	put16(h + 4, 2);
	put16(h + 6, 4);
	put32(h + 8, 0);        /* thiszone */
	put32(h + 12, 0);       /* sigfigs */
	put32(h + 16, snaplen);
	put32(h + 20, linktype);
	return fwrite(h, sizeof(h), 1, fp) == 1 ? 0 : -1;
}

int
sv_pcap_write_packet(FILE *fp, const struct sv_packet *p)
{
	uint8_t h[16];
	int64_t sec = p->ts_ns / 1000000000;
	int64_t ns = p->ts_ns % 1000000000;
	if (ns < 0) {
		ns += 1000000000;
		sec--;
	}
	put32(h, (uint32_t)sec);
	put32(h + 4, (uint32_t)ns);
	put32(h + 8, p->caplen);
	put32(h + 12, p->origlen);
	if (fwrite(h, sizeof(h), 1, fp) != 1)
		return -1;
	if (p->caplen && fwrite(p->data, p->caplen, 1, fp) != 1)
		return -1;
	return 0;
}
