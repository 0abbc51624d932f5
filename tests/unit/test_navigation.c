/* Finding one's way, as a new user tried it (issue 12): a page opens at its
 * top and scrolls back to it; the path of pages keeps its end; ties of a sort
 * are in the report's order and the sorted column is on the screen; the whole
 * selected row is marked; the places are searched as the tables are, and a
 * search says which match of how many it is on; c in the places does what its
 * help says; help says that more follows; the too-small notice fits.
 * Headless, as the terminal does it: an app on the built-in dataset, a key
 * (app_key), a frame drawn into a grid (app_frame), and the assertions made
 * on the grid's cells; the marked row is also read back through a real
 * terminal emulator, in colour and with NO_COLOR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <vterm.h>

#include "app.h"
#include "buf.h"
#include "builtin.h"
#include "dataset.h"
#include "grid.h"
#include "keymap.h"
#include "load.h"
#include "text.h"
#include "view.h"

#include "../support/pty_term.h"
#include "../support/testutil.h"

static dataset *zj; /* the built-in dataset */
static app *A;
static grid G;
static buf text_buf;

/* ---- the app under test ---- */

static void stop(void)
{
    if (A)
        app_free(A);
    A = NULL;
    grid_free(&G);
}

/* A fresh dashboard drawn once on a w x h screen. */
static void start(int w, int h, bool ascii)
{
    stop();
    struct app_options o = {ascii, NULL, NULL, NULL};
    A = app_new(zj, &o);
    grid_init(&G, w, h, ascii);
    app_frame(A, &G);
}

static int teardown(void **state)
{
    (void)state;
    stop();
    return 0;
}

/* A key, then the frame the terminal would draw. */
static void press(uint32_t key)
{
    app_key(A, key);
    app_frame(A, &G);
}

static void press_n(uint32_t key, int n)
{
    while (n-- > 0)
        press(key);
}

/* Typed text (UTF-8), a character at a time. */
static void type(const char *s)
{
    size_t n = strlen(s);
    while (n) {
        uint32_t cp;
        size_t len = text_decode(s, n, &cp);
        assert_true(len > 0);
        press(cp);
        s += len;
        n -= len;
    }
}

/* ---- reading the grid ---- */

/* Row y as text: the cells joined, right halves of wide characters skipped. */
static const char *row_text(int y)
{
    buf_clear(&text_buf);
    for (int x = 0; x < G.w; x++)
        if (grid_at(&G, y, x)->width)
            buf_puts(&text_buf, grid_at(&G, y, x)->text);
    return text_buf.data ? text_buf.data : "";
}

static bool row_has(int y, const char *needle)
{
    return strstr(row_text(y), needle) != NULL;
}

/* The first line of the page's body that shows needle, or -1. */
static int body_row(const char *needle)
{
    for (int y = A->layout.y; y < A->layout.y + A->layout.rows; y++)
        if (row_has(y, needle))
            return y;
    return -1;
}

static void expect_status(const char *needle)
{
    if (!row_has(G.h - 1, needle))
        fail_msg("the status line is \"%s\", without \"%s\"", row_text(G.h - 1), needle);
}

/* The heading line (the path of pages on a page), trailing blanks dropped. */
static const char *heading(void)
{
    static char out[1024];
    snprintf(out, sizeof out, "%s", row_text(2) + 1);
    size_t n = strlen(out);
    while (n && out[n - 1] == ' ')
        out[--n] = 0;
    return out;
}

/* The screen row of the selection, or -1. */
static int selected_y(void)
{
    for (int y = A->layout.y; y < A->layout.y + A->layout.rows; y++)
        if (grid_at(&G, y, 0)->style == ST_SELECTED)
            return y;
    return -1;
}

/* The start of a string: its first n characters. */
static const char *start_of(const char *s, int n)
{
    static char out[64];
    size_t at = 0;
    for (int k = 0; k < n && s[at]; k++) {
        uint32_t cp;
        at += text_decode(s + at, strlen(s + at), &cp);
    }
    snprintf(out, sizeof out, "%.*s", (int)at, s);
    return out;
}

/* ---- the dataset ---- */

static uint32_t record_id(const char *id)
{
    for (uint32_t r = 0; r < zj->nrecords; r++)
        if (!strcmp(ds_str(zj, zj->records[r].id), id))
            return r;
    fail_msg("no record %s", id);
    return NONE;
}

/* Opens a record as a user does: its tab, its row, Enter. */
static void open_record(uint32_t r)
{
    press('1' + zj->records[r].theme);
    const view *v = A->tabs[A->tab].view;
    long row = -1;
    for (uint32_t i = 0; i < v->nrows; i++)
        if (v->rows[i] == r)
            row = i;
    assert_true(row >= 0);
    press('g');
    press_n('j', (int)row);
    press(K_ENTER);
    assert_int_equal(app_top(A)->kind, PAGE_RECORD);
    assert_int_equal(app_top(A)->target.index, r);
}

/* The page's first line, as the screen shows it at the top of the body. */
static void expect_page_top(const char *what)
{
    const char *first = A->doc.lines[0].text;
    if (!row_has(A->layout.y, start_of(first, 4)))
        fail_msg("%s: the first line of the body is \"%s\", not the page's first \"%s\"", what,
                 row_text(A->layout.y), first);
}

/* ---- 1. a page opens at its top, and every way up gets back there ---- */

/* Every record, opened from its table at 80x24: the body starts with its 名称,
 * and 地点 shows where the record has one. */
static void every_record_should_open_at_its_top_at_80x24(void **state)
{
    (void)state;
    start(80, 24, false);
    for (uint32_t r = 0; r < zj->nrecords; r++) {
        open_record(r);
        const char *id = ds_str(zj, zj->records[r].id);
        if (!row_has(A->layout.y, "名称"))
            fail_msg("%s opens with \"%s\" at the top, not its 名称", id, row_text(A->layout.y));
        for (long i = 0; i < A->doc.n && i < 6; i++)
            if (!strncmp(A->doc.lines[i].text, "地点", strlen("地点")) && body_row("地点") < 0)
                fail_msg("%s: its 地点 line does not show when it opens", id);
        press(K_ESC);
    }
}

/* Down and j show every line of the longest record, one after the other;
 * from its end, k, Up, PgUp, g and Home each get back to its top. */
static void every_line_should_show_and_every_way_up_should_reach_the_top(void **state)
{
    (void)state;
    start(80, 24, false);
    open_record(record_id("r_org_mechanism"));
    long n = A->doc.n;
    assert_true(n > A->layout.rows); /* longer than the screen */
    static bool seen[1024];
    assert_true(n <= 1024);
    const uint32_t downs[] = {'j', K_DOWN};
    for (int d = 0; d < 2; d++) {
        press('g');
        memset(seen, 0, (size_t)n * sizeof *seen);
        for (int k = 0; k < 3 * n; k++) {
            for (int y = 0; y < A->layout.rows; y++) {
                long line = app_top(A)->top + y;
                if (line < n && row_has(A->layout.y + y, start_of(A->doc.lines[line].text, 6)))
                    seen[line] = true;
            }
            press(downs[d]);
        }
        for (long i = 0; i < n; i++)
            if (!seen[i] && A->doc.lines[i].text[0])
                fail_msg("line %ld \"%s\" never showed on the way down", i, A->doc.lines[i].text);
    }
    const uint32_t ups[] = {'k', K_UP, K_PGUP, 'g', K_HOME};
    const char *names[] = {"k", "Up", "PgUp", "g", "Home"};
    for (int u = 0; u < 5; u++) {
        press('G');
        assert_true(body_row("名称") < 0);
        int k = 0;
        while (!row_has(A->layout.y, "名称") && k++ < 3 * n)
            press(ups[u]);
        if (!row_has(A->layout.y, "名称"))
            fail_msg("%s never got back to the top of the page", names[u]);
        /* the selection, when there is one, is in sight */
        assert_true(app_top(A)->cursor < 0 || selected_y() >= 0);
    }
    /* End and G: the last name, selected */
    press(K_END);
    int y = selected_y();
    assert_true(y >= 0);
    assert_true(row_has(y, "湛江市"));
}

/* Down on a page until the name selected opens entity e, then Enter. */
static void open_name(uint32_t e)
{
    for (int k = 0; k < 3 * A->doc.n; k++) {
        long at = app_top(A)->cursor;
        if (at >= 0 && A->doc.lines[at].target.kind == LINK_ENTITY && A->doc.lines[at].target.index == e)
            break;
        press('j');
    }
    assert_true(selected_y() >= 0);
    press(K_ENTER);
    assert_int_equal(app_top(A)->kind, PAGE_ENTITY);
    assert_int_equal(app_top(A)->target.index, e);
}

/* A name opened from a page opens its own page at the top too: a village's
 * kind first; then up through the places it lies in to the city, whose
 * page, with all its records, is longer than the screen. */
static void a_page_opened_from_a_page_should_open_at_its_top(void **state)
{
    (void)state;
    start(80, 24, false);
    open_record(record_id("r_org_linwu"));
    uint32_t e = entity_named(zj, "林屋村");
    open_name(e);
    expect_page_top("林屋村");
    assert_true(row_has(A->layout.y, "village"));
    while (zj->entities[e].parent != NONE) {
        e = zj->entities[e].parent;
        open_name(e);
        expect_page_top(ds_str(zj, zj->entities[e].name));
    }
    assert_string_equal(ds_str(zj, zj->entities[e].name), "湛江市");
    assert_true(A->doc.n > A->layout.rows);
}

/* ---- 2. the path of pages keeps its end ---- */

/* The heading ends with the page's own name and fits; cut, it is cut in the
 * middle, after the tab where the tab fits. */
static void check_path(const char *name, const char *tab, const char *sep, const char *mark)
{
    buf full;
    buf_init(&full);
    app_crumbs(A, &full);
    const char *h = heading();
    int width = text_width(h, strlen(h));
    if (width > G.w - 2)
        fail_msg("the heading \"%s\" is wider than the line", h);
    size_t hn = strlen(h), nn = strlen(name);
    if (hn < nn || strcmp(h + hn - nn, name))
        fail_msg("the heading \"%s\" does not end with the page's name %s", h, name);
    if (text_width(full.data, full.len) <= G.w - 2) {
        assert_string_equal(h, full.data);
    } else {
        char middle[64];
        snprintf(middle, sizeof middle, "%s%s%s", sep, mark, sep);
        if (!strstr(h, middle))
            fail_msg("the heading \"%s\" of the path \"%s\" is not cut in the middle", h, full.data);
        char head[128];
        snprintf(head, sizeof head, "%s%s", tab, middle);
        if (text_width(head, strlen(head)) + text_width(name, nn) <= G.w - 2 && strncmp(h, head, strlen(head)))
            fail_msg("the heading \"%s\" drops the tab, though \"%s\" and the name fit", h, head);
    }
    buf_free(&full);
}

/* Deeper and deeper from 林屋村's record to the city, on the narrowest
 * dashboard, in both looks. */
static void the_path_of_pages_should_keep_its_end_and_cut_its_middle(void **state)
{
    (void)state;
    const char *chain[] = {"林屋村", "黄坡镇", "吴川市", "湛江市", "林屋村", "黄坡镇", "吴川市"};
    for (int ascii = 0; ascii < 2; ascii++) {
        start(60, 16, ascii);
        const char *sep = ascii ? " > " : " › ", *mark = ascii ? "~" : "…";
        uint32_t r = record_id("r_org_linwu");
        open_record(r);
        check_path(ds_str(zj, zj->records[r].name), "组织凝心", sep, mark);
        for (size_t i = 0; i < sizeof chain / sizeof *chain; i++) {
            app_open(A, (link_target){LINK_ENTITY, entity_named(zj, chain[i])});
            app_frame(A, &G);
            check_path(chain[i], "组织凝心", sep, mark);
        }
        assert_non_null(strstr(heading(), mark));
    }
    /* a record's name wider than the line with the tab: the name, from its start */
    start(60, 16, false);
    uint32_t r = record_id("r_org_yuekai");
    open_record(r);
    const char *name = ds_str(zj, zj->records[r].name);
    if (strncmp(heading(), start_of(name, 20), strlen(start_of(name, 20))))
        fail_msg("the heading \"%s\" does not name the record %s", heading(), name);
    /* wide enough, the whole path */
    start(140, 30, false);
    open_record(r);
    app_open(A, (link_target){LINK_ENTITY, entity_named(zj, "林屋村")});
    app_frame(A, &G);
    check_path("林屋村", "组织凝心", " › ", "…");
    assert_null(strstr(heading(), "…"));
}

/* ---- 3. sorts: ties in the report's order, the sorted column on screen ---- */

/* The table's rows as the screen shows them are a sort of the report's order
 * by the sorted column (empty cells last), equal cells in the report's order. */
static void check_ties(const char *what)
{
    const view *v = A->tabs[A->tab].view;
    int c = v->sort_column;
    buf x, y;
    buf_init(&x);
    buf_init(&y);
    for (uint32_t i = 1; c >= 0 && i < v->nrows; i++) {
        buf_clear(&x);
        buf_clear(&y);
        view_cell_text(&x, zj, v->rows[i - 1], (uint32_t)c);
        view_cell_text(&y, zj, v->rows[i], (uint32_t)c);
        if (!strcmp(x.data ? x.data : "", y.data ? y.data : "") && v->rows[i - 1] > v->rows[i])
            fail_msg("%s: %s and %s tie (\"%s\") but are not in the report's order", what,
                     ds_str(zj, zj->records[v->rows[i - 1]].id), ds_str(zj, zj->records[v->rows[i]].id),
                     x.data ? x.data : "");
    }
    /* and the screen shows those rows: the first rows' names, in order */
    int headings = body_row(ds_str(zj, zj->themes[A->tab].columns[0].label));
    assert_true(headings > 0);
    for (uint32_t i = 0; i < v->nrows && i < 5; i++)
        if (!row_has(headings + 1 + (int)i, start_of(ds_str(zj, zj->records[v->rows[i]].name), 3)))
            fail_msg("%s: row %u shows \"%s\", not %s", what, i, row_text(headings + 1 + (int)i),
                     ds_str(zj, zj->records[v->rows[i]].name));
    buf_free(&x);
    buf_free(&y);
}

/* Every column of every tab, after every other column, each way round. */
static void ties_should_be_in_report_order_whatever_was_sorted_before(void **state)
{
    (void)state;
    start(120, 40, false);
    for (uint32_t t = 0; t < zj->nthemes; t++) {
        press('1' + t);
        int n = (int)zj->themes[t].ncolumns;
        for (int before = 0; before < n; before++)
            for (int c = 0; c < n; c++) {
                char what[96];
                press_n('<', A->tabs[t].view->sort_column + 1); /* back to the report's order */
                press_n('>', before + 1);
                press('r');
                press_n('>', c - before + (c < before ? n + 1 : 0));
                assert_int_equal(A->tabs[t].view->sort_column, c);
                snprintf(what, sizeof what, "tab %u: by column %d after column %d descending", t + 1, c, before);
                check_ties(what);
            }
    }
    /* the two 超4000万元 donations: 党建联建 before 粤凯, as in the report */
    press('1');
    press_n('<', A->tabs[0].view->sort_column + 1);
    press_n('>', view_find_column(zj, 0, "name") + 1);
    press('r');
    press_n('>', view_find_column(zj, 0, "donation") - view_find_column(zj, 0, "name"));
    int y = body_row("党建联建");
    assert_true(y > 0 && row_has(y, "超4000万元") && row_has(y + 1, "粤凯") && row_has(y + 1, "超4000万元"));
}

/* The heading of the sorted column, with its mark, whatever the width. */
static bool sorted_heading_shows(void)
{
    for (int y = A->layout.y; y < A->layout.y + A->layout.rows; y++) {
        buf_clear(&text_buf);
        for (int x = 0; x < G.w; x++)
            if (grid_at(&G, y, x)->style == ST_COLUMN_SORTED)
                buf_puts(&text_buf, grid_at(&G, y, x)->text);
        if (text_buf.data && (strstr(text_buf.data, "▴") || strstr(text_buf.data, "▾")))
            return true;
    }
    return false;
}

static void the_sorted_column_should_show_at_every_width(void **state)
{
    (void)state;
    start(60, 16, false);
    for (uint32_t t = 0; t < zj->nthemes; t++) {
        press('1' + t);
        for (int c = 0; c < (int)zj->themes[t].ncolumns; c++) {
            press('>');
            assert_int_equal(A->tabs[t].view->sort_column, c);
            for (int w = 60; w <= 160; w += 5) {
                grid_resize(&G, w, 16 + (w - 60) / 10);
                app_frame(A, &G);
                if (!sorted_heading_shows())
                    fail_msg("tab %u at %dx%d: sorted by %s, but no column shows it", t + 1, G.w, G.h,
                             ds_str(zj, zj->themes[t].columns[c].label));
            }
        }
        press('>'); /* back to the report's order */
    }
}

/* ---- 4. the whole selected row is marked ---- */

static void expect_whole_row_selected(const char *what)
{
    int y = selected_y();
    if (y < 0)
        fail_msg("%s: no row is selected", what);
    for (int x = 0; x < G.w; x++) {
        int st = grid_at(&G, y, x)->style;
        if (st != ST_SELECTED && st != ST_MATCH)
            fail_msg("%s: the selected row \"%s\" is not marked at column %d (style %d)", what, row_text(y), x, st);
    }
    for (int other = A->layout.y; other < A->layout.y + A->layout.rows; other++)
        for (int x = 0; other != y && x < G.w; x++)
            if (grid_at(&G, other, x)->style == ST_SELECTED)
                fail_msg("%s: row \"%s\" is marked too", what, row_text(other));
}

static void the_whole_selected_row_should_be_marked(void **state)
{
    (void)state;
    const int widths[] = {60, 80, 100, 140};
    for (size_t i = 0; i < sizeof widths / sizeof *widths; i++) {
        start(widths[i], 24, i % 2);
        char what[64];
        for (uint32_t t = 0; t <= zj->nthemes; t++) {
            press('1' + t);
            press_n('j', 3);
            snprintf(what, sizeof what, "tab %u at width %d", t + 1, G.w);
            expect_whole_row_selected(what);
        }
        press('+'); /* the places, every place open, and a village */
        press_n('j', 4);
        snprintf(what, sizeof what, "a village at width %d", G.w);
        expect_whole_row_selected(what);
    }
}

/* Through a real terminal: every cell of the selected row, right edge too,
 * reversed (NO_COLOR) or on the selection's background (colour). */
static void check_marked_through_a_terminal(const char *const *env, const char *keys, bool reverse)
{
    struct term t;
    term_start(&t, 24, 80, NULL, env, false);
    pty_wait_for(&t.pty, "row 1 of");
    pty_settle(&t.pty);
    term_keys(&t, keys);
    pty_settle(&t.pty);
    int y = -1;
    for (int r = 4; r < 23 && y < 0; r++) {
        VTermScreenCell c;
        vterm_screen_get_cell(t.pty.screen, (VTermPos){r, 0}, &c);
        if (reverse ? c.attrs.reverse : !VTERM_COLOR_IS_DEFAULT_BG(&c.bg))
            y = r;
    }
    if (y < 0) {
        pty_dump(&t.pty);
        fail_msg("after \"%s\" no row is marked", keys);
    }
    for (int x = 0; x < 80; x++) {
        VTermScreenCell c;
        vterm_screen_get_cell(t.pty.screen, (VTermPos){y, x}, &c);
        if (c.chars[0] == (uint32_t)-1)
            continue; /* the right half of a wide character carries nothing of its own */
        if (reverse ? !c.attrs.reverse : VTERM_COLOR_IS_DEFAULT_BG(&c.bg)) {
            pty_dump(&t.pty);
            fail_msg("after \"%s\", %s: the marked row %d is not marked at column %d", keys,
                     reverse ? "NO_COLOR" : "in colour", y, x);
        }
    }
    term_quit(&t);
}

static void the_whole_selected_row_should_be_marked_on_a_real_terminal(void **state)
{
    (void)state;
    const char *const mono[] = {"NO_COLOR=1", NULL};
    check_marked_through_a_terminal(NULL, "jj", false);
    check_marked_through_a_terminal(mono, "jj", true);
    check_marked_through_a_terminal(NULL, "pj", false);
    check_marked_through_a_terminal(mono, "pj", true);
}

/* ---- 5. the places are searched as the tables are ---- */

static const char *selected_place(void)
{
    return ds_str(zj, zj->entities[A->places->rows[A->places_cursor].place].name);
}

/* Initials or syllables, either case, with every place closed: 林屋村 is
 * found and the places around it open to show it; a table finds it alike. */
static void the_places_should_find_by_pinyin_in_either_case(void **state)
{
    (void)state;
    const char *needles[] = {"lwc", "LWC", "linwu", "LinWu", "LINWU"};
    for (size_t i = 0; i < sizeof needles / sizeof *needles; i++) {
        start(80, 24, false);
        press('p');
        press('-');
        press('/');
        type(needles[i]);
        press(K_ENTER);
        int y = selected_y();
        if (y < 0 || !row_has(y, "林屋村"))
            fail_msg("/%s in the places selects \"%s\", not 林屋村", needles[i], y < 0 ? "nothing" : row_text(y));
        assert_true(body_row("黄坡镇") >= 0 && body_row("吴川市") >= 0);
        press('1');
        press('/');
        type(needles[i]);
        y = selected_y();
        if (y < 0 || !row_has(y, "林屋村"))
            fail_msg("/%s on a table selects \"%s\", not a row of 林屋村", needles[i], y < 0 ? "nothing" : row_text(y));
    }
}

/* n goes through every place that matches, inside closed places too, in
 * the tree's order, and says so; Esc goes back to the very place it left. */
static void n_in_the_places_should_reach_every_match_and_esc_the_place_left(void **state)
{
    (void)state;
    int want = 0;
    for (uint32_t e = 0; e < zj->nentities; e++)
        want += zj->entities[e].type == ENTITY_PLACE && strstr(ds_str(zj, zj->entities[e].name), "镇");
    assert_true(want >= 3);
    start(80, 24, false);
    press('p');
    press('-');
    press('/');
    type("镇");
    press(K_ENTER);
    char expect[64];
    snprintf(expect, sizeof expect, "match 1 of %d", want);
    expect_status(expect);
    const char *seen[64];
    int n = 0;
    seen[n++] = strdup(selected_place());
    for (int k = 1; k < want; k++) {
        press('n');
        snprintf(expect, sizeof expect, "match %d of %d", k + 1, want);
        expect_status(expect);
        assert_non_null(strstr(selected_place(), "镇"));
        for (int j = 0; j < n; j++)
            if (!strcmp(seen[j], selected_place()))
                fail_msg("n came back to %s after %d of %d matches", selected_place(), k, want);
        seen[n++] = strdup(selected_place());
    }
    press('n');
    expect_status("match 1 of");
    expect_status("from the top again");
    assert_string_equal(selected_place(), seen[0]);
    for (int j = 0; j < n; j++)
        free((void *)seen[j]);
    /* Esc after a search that opened places: the place the search began on */
    start(80, 24, false);
    press('p');
    press('-');
    press_n('j', 6);
    char left[64];
    snprintf(left, sizeof left, "%s", selected_place());
    press('/');
    type("lwc");
    assert_string_equal(selected_place(), "林屋村");
    press(K_ESC);
    assert_string_equal(selected_place(), left);
    assert_true(row_has(selected_y(), left));
}

/* ---- 6. a search says where it is ---- */

/* The rows of the current table that contain needle, as shown. */
static int rows_containing(const char *needle)
{
    const view *v = A->tabs[A->tab].view;
    int n = 0;
    buf cell;
    buf_init(&cell);
    for (uint32_t i = 0; i < v->nrows; i++) {
        bool hit = false;
        for (uint32_t c = 0; c < zj->themes[A->tab].ncolumns && !hit; c++) {
            buf_clear(&cell);
            view_cell_text(&cell, zj, v->rows[i], c);
            hit = cell.data && strstr(cell.data, needle);
        }
        n += hit;
    }
    buf_free(&cell);
    return n;
}

static void a_search_should_say_which_match_of_how_many_and_when_it_wrapped(void **state)
{
    (void)state;
    start(100, 30, false);
    int n = rows_containing("粤凯");
    assert_true(n >= 2);
    char want[96];
    press('/');
    type("粤凯");
    snprintf(want, sizeof want, "match 1 of %d", n);
    expect_status(want); /* beside the prompt, while typing */
    press(K_ENTER);
    press_n('n', n - 1);
    snprintf(want, sizeof want, "match %d of %d", n, n);
    expect_status(want);
    press('n');
    snprintf(want, sizeof want, "match 1 of %d, from the top again", n);
    expect_status(want);
    press('N');
    snprintf(want, sizeof want, "match %d of %d, from the bottom again", n, n);
    expect_status(want);
    press('N');
    snprintf(want, sizeof want, "match %d of %d", n - 1, n);
    expect_status(want);
    assert_null(strstr(row_text(G.h - 1), "again"));
    /* one match only: n stays on it, and says so */
    assert_int_equal(rows_containing("金富集团"), 1);
    press('/');
    type("金富集团");
    press(K_ENTER);
    expect_status("match 1 of 1");
    assert_null(strstr(row_text(G.h - 1), "only"));
    press('n');
    expect_status("match 1 of 1, the only one");
    /* on a page: its names that match */
    app_open(A, (link_target){LINK_ENTITY, entity_named(zj, "湛江市")});
    app_frame(A, &G);
    int names = 0;
    for (long i = 0; i < A->doc.n; i++)
        names += A->doc.lines[i].opens && strstr(A->doc.lines[i].text, "镇") != NULL;
    assert_true(names >= 2);
    press('/');
    type("镇");
    press(K_ENTER);
    snprintf(want, sizeof want, "match 1 of %d", names);
    expect_status(want);
}

/* Text longer than the line: what is being typed stays in sight, just
 * before the cursor. */
static void a_long_prompt_should_keep_its_end_in_sight(void **state)
{
    (void)state;
    const char *ends[] = {"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789_END",
                          "林屋村林屋村林屋村林屋村林屋村林屋村林屋村林屋村林屋村林屋村林屋村黄坡镇"};
    for (int i = 0; i < 2; i++) {
        start(60, 16, false);
        press('/');
        type(ends[i]);
        int x = app_frame(A, &G);
        assert_true(x > 0 && x < G.w);
        const char *tail = i ? "黄坡镇" : "_END";
        if (!row_has(G.h - 1, tail))
            fail_msg("the prompt shows \"%s\", without the end of what was typed", row_text(G.h - 1));
        /* the last character typed is the one before the cursor */
        int last = i ? x - 2 : x - 1;
        assert_string_equal(grid_at(&G, G.h - 1, last)->text, i ? "镇" : "D");
    }
}

/* ---- 7. c in the places ---- */

static int bar_cells(void)
{
    int n = 0;
    for (int y = A->layout.y; y < A->layout.y + A->layout.rows; y++)
        for (int x = 0; x < G.w; x++)
            n += grid_at(&G, y, x)->style == ST_BAR;
    return n;
}

/* Its help says bars; the bars go and come back, and the names get the room. */
static void c_in_the_places_should_do_what_its_help_says(void **state)
{
    (void)state;
    start(80, 24, false);
    press('p');
    const struct keydef *d = keymap_find(app_screen(A)->keys, 'c');
    assert_non_null(d);
    assert_non_null(strstr(keymap_words(d->help), "bars"));
    int with = bar_cells();
    assert_true(with > 0);
    press('c');
    expect_status("bars off");
    assert_int_equal(bar_cells(), 0);
    press('c');
    expect_status("bars on");
    assert_int_equal(bar_cells(), with);
    /* the help page lists it in the places' section */
    press('?');
    bool listed = false;
    for (long i = 0; i < A->doc.n; i++)
        listed |= strstr(A->doc.lines[i].text, keymap_words(d->help)) != NULL;
    assert_true(listed);
}

/* ---- 8. help says more follows; the notice fits ---- */

static void help_should_say_which_lines_show_and_that_more_follow(void **state)
{
    (void)state;
    start(80, 24, false);
    press('?');
    long n = A->doc.n;
    int rows = A->layout.rows;
    assert_true(n > rows);
    char want[64];
    snprintf(want, sizeof want, "lines 1-%d of %ld", rows, n);
    expect_status(want);
    expect_status("more below");
    press('G');
    snprintf(want, sizeof want, "lines %ld-%ld of %ld", n - rows + 1, n, n);
    expect_status(want);
    assert_false(row_has(G.h - 1, "more below"));
    press(K_PGUP);
    expect_status("more below");
}

/* Whatever the size: the notice, whole words, no cut mark, inside the grid;
 * the longest wording that fits. */
static void the_too_small_notice_should_fit_the_terminal(void **state)
{
    (void)state;
    const struct {
        int w, h;
        const char *shows[2];
    } sizes[] = {
        {1, 1, {"!", NULL}},
        {2, 1, {"!", NULL}},
        {5, 2, {"60×16", NULL}},
        {10, 3, {"too small:", "need 60×16"}},
        {12, 1, {"too small", NULL}},
        {20, 5, {"terminal too small", "need 60×16"}},
        {30, 5, {"terminal too small:", "need 60×16, have 30×5"}},
        {59, 15, {"terminal too small: need 60×16, have 59×15", NULL}},
        {100, 15, {"terminal too small: need 60×16, have 100×15", NULL}},
    };
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        start(sizes[i].w, sizes[i].h, false);
        buf all;
        buf_init(&all);
        for (int y = 0; y < G.h; y++) {
            buf_puts(&all, row_text(y));
            buf_putc(&all, '\n');
        }
        for (int k = 0; k < 2 && sizes[i].shows[k]; k++)
            if (!strstr(all.data, sizes[i].shows[k]))
                fail_msg("%dx%d shows\n%s\nwithout \"%s\"", G.w, G.h, all.data, sizes[i].shows[k]);
        if (strstr(all.data, "…"))
            fail_msg("%dx%d: the notice is cut:\n%s", G.w, G.h, all.data);
        buf_free(&all);
    }
}

/* ---- setup ---- */

static int load(void **state)
{
    (void)state;
    char err[512];
    buf_init(&text_buf);
    if (dataset_load_memory((const char *)zjdash_builtin_data, zjdash_builtin_size, "built-in", &zj, err,
                            sizeof err) != DATASET_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    return 0;
}

static int unload(void **state)
{
    (void)state;
    dataset_free(zj);
    buf_free(&text_buf);
    return 0;
}

#define T(fn) cmocka_unit_test_teardown(fn, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(every_record_should_open_at_its_top_at_80x24),
        T(every_line_should_show_and_every_way_up_should_reach_the_top),
        T(a_page_opened_from_a_page_should_open_at_its_top),
        T(the_path_of_pages_should_keep_its_end_and_cut_its_middle),
        T(ties_should_be_in_report_order_whatever_was_sorted_before),
        T(the_sorted_column_should_show_at_every_width),
        T(the_whole_selected_row_should_be_marked),
        T(the_whole_selected_row_should_be_marked_on_a_real_terminal),
        T(the_places_should_find_by_pinyin_in_either_case),
        T(n_in_the_places_should_reach_every_match_and_esc_the_place_left),
        T(a_search_should_say_which_match_of_how_many_and_when_it_wrapped),
        T(a_long_prompt_should_keep_its_end_in_sight),
        T(c_in_the_places_should_do_what_its_help_says),
        T(help_should_say_which_lines_show_and_that_more_follow),
        T(the_too_small_notice_should_fit_the_terminal),
    };
    return cmocka_run_group_tests(tests, load, unload);
}
