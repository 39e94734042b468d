#ifndef GC_TIMEOUTS_CNCURSES_SHIM_H
#define GC_TIMEOUTS_CNCURSES_SHIM_H
/* Wide-character ncurses (ncursesw). Macro-only APIs are wrapped as functions so Swift sees them. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline int gc_color_pair(int n) { return COLOR_PAIR(n); }
static inline int gc_a_bold(void) { return A_BOLD; }
static inline int gc_a_reverse(void) { return A_REVERSE; }
static inline int gc_a_underline(void) { return A_UNDERLINE; }
static inline int gc_a_dim(void) { return A_DIM; }
static inline int gc_a_normal(void) { return A_NORMAL; }
static inline int gc_getmaxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int gc_getmaxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }
static inline WINDOW *gc_stdscr(void) { return stdscr; }
static inline int gc_key_resize(void) { return KEY_RESIZE; }
static inline int gc_err(void) { return ERR; }
/* Draws one wide string at (y, x) with attributes; returns ERR or OK. */
static inline int gc_put(int y, int x, const wchar_t *text, int attrs) {
    attr_t old; short pair; attr_get(&old, &pair, NULL);
    attrset(attrs);
    int rc = mvaddwstr(y, x, text);
    attrset(old);
    return rc;
}
static inline int gc_wcwidth(wchar_t c) { return wcwidth(c); }
#endif
