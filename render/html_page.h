/*
 * The style sheet and the script of the page html.c writes (html_page.c).
 * Internal to render/.
 */
#ifndef SOCKVIZ_RENDER_HTML_PAGE_H
#define SOCKVIZ_RENDER_HTML_PAGE_H

/* CSS: contains no '<' and no '&', so it is also XML character data. */
extern const char sv_html_style[];
/* JavaScript: contains no "]]>" and no "</", so it fits in a CDATA
 * section inside <script> and reads the same to HTML and XML parsers. */
extern const char sv_html_script[];

#endif
