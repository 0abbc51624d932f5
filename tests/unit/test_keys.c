/* Every key of every keymap, one scenario each: the state a user would be in,
 * the key, and what the user would then notice (the screen's text, the tab,
 * the row selected, the sort mark, the heading, the prompt, the status line,
 * or the app's state where the terminal is what acts on it: quit, a picture).
 * The scenarios are listed by keymap and key, and a test fails when a key of
 * a keymap has no scenario, so a key added without a test does not pass.
 * Then the docs: README.md's key table and the man page's KEYS must name
 * exactly the keys the keymaps have, spelled as keymap_key_name spells them.
 * Everything runs headless, as the terminal would: a key, then a frame drawn
 * into a grid, and the assertions are made on its cells. */
#include <setjmp.h>
#include <dirent.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <png.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "buf.h"
#include "copy.h"
#include "frame.h"
#include "dataset.h"
#include "dump.h"
#include "grid.h"
#include "keymap.h"
#include "link.h"
#include "load.h"
#include "picture.h"
#include "places.h"
#include "screens.h"
#include "../support/testutil.h"
#include "text.h"
#include "view.h"

static dataset *zj;    /* data/zhanjiang-2024.json: four themes */
static dataset *eight; /* made here: eight themes, so that 6-9 are tabs too */

/* ---- the scenario table: a test per (keymap, key) ---- */

struct scenario {
    const struct keymap *map;
    uint32_t key;
    const char *name;
    CMUnitTestFunction run;
};

/* The scenario a test is running: its keymap and key. */
static const struct scenario *running(void **state)
{
    return *state;
}

/* ---- the app under test, made before each scenario and freed after ---- */

static app *A;
static grid G;

static void stop(void)
{
    if (!A)
        return;
    app_free(A);
    A = NULL;
    grid_free(&G);
}

/* A fresh dashboard on ds, drawn once on a w x h screen. */
static void start(const dataset *ds, int w, int h)
{
    stop();
    struct app_options o = {false, NULL, NULL, NULL};
    A = app_new(ds, &o);
    grid_init(&G, w, h, false);
    app_frame(A, &G);
}

static int scenario_setup(void **state)
{
    (void)state;
    start(zj, 100, 30);
    return 0;
}

static int scenario_teardown(void **state)
{
    (void)state;
    stop();
    return 0;
}

/* ---- reading the screen ---- */

static buf text_buf;

/* A row's text: the cells' texts joined, right halves of wide characters skipped. */
static const char *row_text(int y)
{
    buf_clear(&text_buf);
    for (int x = 0; x < G.w; x++) {
        const grid_cell *c = grid_at(&G, y, x);
        if (c->width)
            buf_puts(&text_buf, c->text);
    }
    return text_buf.data ? text_buf.data : "";
}

static bool row_has(int y, const char *needle)
{
    return strstr(row_text(y), needle) != NULL;
}

static bool row_starts(int y, const char *prefix)
{
    return !strncmp(row_text(y), prefix, strlen(prefix));
}

/* The first row of the body (below the heading, above the status line) that
 * contains needle, or -1. */
static int find_row(const char *needle)
{
    for (int y = 3; y < G.h - 1; y++)
        if (row_has(y, needle))
            return y;
    return -1;
}

static const char *status_line(void)
{
    return row_text(G.h - 1);
}

/* The status line, and the lines above it that a long message took (drawn
 * in the status line's style), as one text: a message may wrap anywhere. */
static const char *status_lines(void)
{
    static buf text;
    int top = G.h - 1;
    while (top > FRAME_BODY_Y && grid_at(&G, top - 1, 0)->style == ST_STATUS)
        top--;
    buf_clear(&text);
    for (int y = top; y < G.h; y++)
        buf_printf(&text, "%s%s", y > top ? "\n" : "", row_text(y));
    return text.data;
}

/* The status line, with the test's words when it lacks what it should say. */
static void expect_status(const char *needle)
{
    const char *lines = status_lines();
    buf flat;
    buf_init(&flat);
    /* the message's words, whichever line each is on: lines joined by one space */
    for (const char *line = lines; line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        while (n && line[n - 1] == ' ')
            n--;
        if (line != lines)
            while (n && *line == ' ')
                line++, n--;
        buf_printf(&flat, "%s%.*s", line != lines && flat.len ? " " : "", (int)n, line);
        line = end ? end + 1 : NULL;
    }
    buf_puts(&flat, "");
    bool found = strstr(flat.data, needle) != NULL;
    buf_free(&flat);
    if (!found)
        fail_msg("the status line is \"%s\", without \"%s\"", lines, needle);
}

static void expect_heading_starts(const char *prefix)
{
    const char *h = row_text(2);
    h += strspn(h, " ");
    if (strncmp(h, prefix, strlen(prefix)))
        fail_msg("the heading is \"%s\", expected it to start with \"%s\"", row_text(2), prefix);
}

static void expect_heading_has(const char *needle)
{
    if (!row_has(2, needle))
        fail_msg("the heading is \"%s\", without \"%s\"", row_text(2), needle);
}

/* The tab drawn as current, trimmed: "2 联建强心". */
static const char *current_tab(void)
{
    static char out[256];
    size_t n = 0;
    for (int x = 0; x < G.w; x++) {
        const grid_cell *c = grid_at(&G, 1, x);
        if (c->width && c->style == ST_TAB_CURRENT && n + strlen(c->text) < sizeof out) {
            memcpy(out + n, c->text, strlen(c->text));
            n += strlen(c->text);
        }
    }
    out[n] = 0;
    char *s = out;
    while (*s == ' ')
        s++;
    while (n && out[n - 1] == ' ')
        out[--n] = 0;
    return s;
}

static void expect_tab(const char *label)
{
    if (strcmp(current_tab(), label))
        fail_msg("the current tab is \"%s\", expected \"%s\"", current_tab(), label);
}

/* The screen row of the selection (a table's or the places' marked row, a
 * page's selected line), or -1. */
static int selected_y(void)
{
    for (int y = 3; y < G.h - 1; y++)
        if (grid_at(&G, y, 0)->style == ST_SELECTED)
            return y;
    return -1;
}

/* The selected row's first column as shown: the marker, the tree's indent and
 * sign and a cut mark taken off. */
static const char *first_column(int y)
{
    static char name[512];
    const char *s = row_text(y);
    if (!strncmp(s, "▸", strlen("▸")))
        s += strlen("▸");
    while (*s == ' ' || ((*s == '+' || *s == '-') && s[1] == ' '))
        s++;
    size_t n = 0;
    while (s[n] && strncmp(s + n, "│", strlen("│")) && strncmp(s + n, "  ", 2) && n + 1 < sizeof name)
        n++;
    memcpy(name, s, n);
    name[n] = 0;
    while (n && name[n - 1] == ' ')
        name[--n] = 0;
    if (n >= strlen("…") && !strcmp(name + n - strlen("…"), "…"))
        name[n -= strlen("…")] = 0;
    return name;
}

static const char *selected_name(void)
{
    int y = selected_y();
    return y < 0 ? "" : first_column(y);
}

/* Row y shows name in its first column, or as much of it as there is room for. */
static bool shows_name(int y, const char *name)
{
    const char *shown = first_column(y);
    return strlen(shown) >= 6 && !strncmp(name, shown, strlen(shown));
}

/* The selected row shows name (or as much of it as its column has room for). */
static void expect_selected(const char *name)
{
    int y = selected_y();
    if (y < 0 || !shows_name(y, name))
        fail_msg("the selected row shows \"%s\", expected %s", selected_name(), name);
}

/* "row N of M" from a table's status line: N, or -1. */
static long status_row(void)
{
    const char *s = strstr(status_line(), "row ");
    long n = -1;
    if (!s || sscanf(s, "row %ld of", &n) != 1)
        fail_msg("the status line \"%s\" says no row", status_line());
    return n;
}

/* ---- the model, for what the screen should then show ---- */

static struct tab *tab_now(void)
{
    return &A->tabs[A->tab];
}

static const char *record_name(uint32_t r)
{
    return ds_str(A->ds, A->ds->records[r].name);
}

/* The name of a table's row (0-based) of the current tab. */
static const char *row_name(long row)
{
    return record_name(tab_now()->view->rows[row]);
}

/* The row (0-based) of the current tab's table that shows the record of
 * that id: the tests name the records they need by id, not by where the
 * report's order happens to put them. */
static long row_of_record(const char *id)
{
    const view *v = tab_now()->view;
    for (uint32_t i = 0; i < v->nrows; i++)
        if (!strcmp(ds_str(A->ds, A->ds->records[v->rows[i]].id), id))
            return i;
    fail_msg("no row of the table shows the record %s", id);
    return -1;
}

/* The records of the current tab's theme, all of them: what its heading
 * counts unfiltered and its money page names. */
static uint32_t theme_records(void)
{
    return A->ds->themes[A->tab].nrecords;
}

/* The brute force the searches and filters are held to: a record contains
 * text if a cell of it, as shown, does. */
static bool record_contains(uint32_t r, const char *needle)
{
    const theme *t = &A->ds->themes[A->ds->records[r].theme];
    buf cell;
    buf_init(&cell);
    bool found = false;
    for (uint32_t c = 0; c < t->ncolumns && !found; c++) {
        buf_clear(&cell);
        view_cell_text(&cell, A->ds, r, c);
        found = cell.data && strstr(cell.data, needle);
    }
    buf_free(&cell);
    return found;
}

/* The rows (0-based) of the current tab's unfiltered table that contain
 * needle, in order; how many. */
static int matching_rows(const char *needle, long *rows, int max)
{
    const view *v = tab_now()->view;
    int n = 0;
    for (uint32_t i = 0; i < v->nrows && n < max; i++)
        if (record_contains(v->rows[i], needle))
            rows[n++] = i;
    return n;
}

/* ---- pressing keys ---- */

/* The keymap whose row app_key runs for key now, as app_key chooses it. */
static const struct keymap *handler_of(uint32_t key)
{
    if (A->prompt.kind != PROMPT_NONE)
        return keymap_find(&prompt_keys, key) ? &prompt_keys : NULL;
    const struct keymap *m = app_screen(A)->keys;
    if (keymap_find(m, key))
        return m;
    return keymap_find(&global_keys, key) ? &global_keys : NULL;
}

/* Like the terminal: the key, then the screen drawn again. */
static void press(uint32_t key)
{
    app_key(A, key);
    app_frame(A, &G);
}

/* Presses the scenario's key, first checking that the scenario's keymap is
 * what takes it here: a scenario tests its own row or fails. */
static void press_own(void **state)
{
    const struct scenario *s = running(state);
    const struct keymap *h = handler_of(s->key);
    char name[8];
    if (h != s->map)
        fail_msg("%s here is taken by %s, not by \"%s\", whose row this scenario tests",
                 keymap_key_name(s->key, name), h ? h->title : "no keymap", s->map->title);
    press(s->key);
}

/* Typed text (UTF-8), a character at a time. */
static void type_text(const char *s)
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

/* Closes the prompt as it stands, without going through a key's row. */
static void close_prompt(void)
{
    A->prompt.kind = PROMPT_NONE;
    app_frame(A, &G);
}

/* Opens the current tab's row (0-based) as a record page, the way Enter does,
 * without going through Enter's row. */
static void open_record_row(long row)
{
    tab_now()->cursor = row;
    app_open(A, (link_target){LINK_RECORD, tab_now()->view->rows[row]});
    app_frame(A, &G);
    assert_int_equal(app_top(A)->kind, PAGE_RECORD);
}

/* The k-th line (0-based) of the page on top that opens something, or -1. */
static long page_link(int k)
{
    for (long i = 0; i < A->doc.n; i++)
        if (A->doc.lines[i].opens && k-- == 0)
            return i;
    return -1;
}

/* Puts a page's cursor on its k-th link. */
static void select_link(int k)
{
    long i = page_link(k);
    assert_true(i >= 0);
    app_page(A)->cursor = i;
    app_frame(A, &G);
}

/* The selected line of a page shows its text. */
static void expect_selected_line(long line)
{
    int y = selected_y();
    if (y < 0)
        fail_msg("no line of the page is selected, expected \"%s\"", A->doc.lines[line].text);
    const char *want = A->doc.lines[line].text;
    char prefix[32];
    snprintf(prefix, sizeof prefix, "%.12s", want); /* four Chinese characters */
    if (!row_has(y, prefix))
        fail_msg("the selected line is \"%s\", expected \"%s\"", row_text(y), want);
    assert_int_equal(app_top(A)->cursor, line);
}

static void go_to_places(void)
{
    app_switch_tab(A, A->ds->nthemes);
    app_frame(A, &G);
    expect_heading_starts("Places");
}

/* Puts the places' cursor on a place that shows. */
static void select_place(const char *name)
{
    long row = places_find(app_places(A), entity_named(A->ds, name));
    if (row < 0)
        fail_msg("%s is not a row of the places", name);
    A->places_cursor = row;
    app_frame(A, &G);
    expect_selected(name);
}

/* ---- everywhere (global_keys) ---- */

/* 1-9: the digit's tab; 5 is the places on the report's four themes, and on
 * a dataset of eight themes 6-8 are themes and 9 the places. A digit with no
 * tab changes nothing and says so. */
static void a_digit_should_go_to_the_tab_of_that_number(void **state)
{
    uint32_t n = running(state)->key - '0';
    if (n > zj->nthemes + 1) {
        app_switch_tab(A, 1);
        app_frame(A, &G);
        press_own(state);
        expect_tab("2 联建强心");
        expect_heading_starts("联建强心");
        expect_status("no tab");
        start(eight, 120, 30);
    }
    const dataset *ds = A->ds;
    app_switch_tab(A, n == 1 ? 1 : 0); /* from another tab */
    app_frame(A, &G);
    press_own(state);
    char want[128];
    if (n <= ds->nthemes) {
        const char *title = ds_str(ds, ds->themes[n - 1].title);
        snprintf(want, sizeof want, "%u %s", n, title);
        expect_tab(want);
        expect_heading_starts(title);
    } else {
        snprintf(want, sizeof want, "%u Places", n);
        expect_tab(want);
        expect_heading_starts("Places");
    }
}

static void tab_should_go_to_the_next_tab_and_from_the_places_to_the_first(void **state)
{
    press_own(state);
    expect_tab("2 联建强心");
    expect_heading_starts("联建强心");
    go_to_places();
    press_own(state);
    expect_tab("1 组织凝心");
    expect_heading_starts("组织凝心");
}

static void shift_tab_should_go_to_the_previous_tab_and_from_the_first_to_the_places(void **state)
{
    app_switch_tab(A, 2);
    app_frame(A, &G);
    press_own(state);
    expect_tab("2 联建强心");
    press_own(state);
    expect_tab("1 组织凝心");
    press_own(state);
    expect_tab("5 Places");
    expect_heading_starts("Places");
}

static void tabs_should_keep_their_own_row_when_left_and_come_back_to(void **state)
{
    /* a property of 1-9, Tab and Shift-Tab alike: the row a tab had */
    tab_now()->cursor = 4;
    app_frame(A, &G);
    press_own(state);
    assert_int_equal(A->tab, 1);
    app_switch_tab(A, 0);
    app_frame(A, &G);
    assert_int_equal(status_row(), 5);
    expect_selected(row_name(4));
}

static void p_should_show_the_places_from_any_page(void **state)
{
    app_switch_tab(A, 1);
    app_frame(A, &G);
    open_record_row(2);
    press_own(state);
    expect_tab("5 Places");
    expect_heading_starts("Places");
    assert_int_equal(app_top(A)->kind, PAGE_PLACES);
    expect_selected("湛江市");
}

/* Up and k select the row above, Down and j the row below; on a page, the
 * name above or below. */
static void up_down_j_k_should_move_one_row_or_one_name(void **state)
{
    uint32_t key = running(state)->key;
    int dir = key == K_UP || key == 'k' ? -1 : 1;
    tab_now()->cursor = 5;
    app_frame(A, &G);
    int y = selected_y();
    press_own(state);
    assert_int_equal(status_row(), 6 + dir);
    expect_selected(row_name(5 + dir));
    assert_int_equal(selected_y(), y + dir);
    /* a record that names several places and organisations: 湛江市浙江商会
     * and its three firms, in 安铺镇, 岭北镇 and 坡头镇 */
    open_record_row(row_of_record("r_org_zj_chamber"));
    assert_true(page_link(2) >= 0);
    select_link(1);
    press_own(state);
    expect_selected_line(page_link(1 + dir));
    expect_heading_has("组织凝心 › ");
}

/* The rows of the table on screen: below the column headings. */
static int table_rows_shown(void)
{
    int headings = find_row("名称");
    assert_true(headings > 0);
    int n = 0;
    for (int y = headings + 1; y < G.h - 1; y++)
        n += row_text(y)[0] != 0 && strspn(row_text(y), " ") < strlen(row_text(y));
    return n;
}

/* PgDn moves as many rows as show less one, so the last row seen stays in
 * sight; PgUp the same way back. */
static void pgdn_and_pgup_on_a_table_should_move_one_page_less_one_row(void **state)
{
    start(zj, 100, 16);
    int shown = table_rows_shown();
    long n = (long)tab_now()->view->nrows;
    assert_true(shown >= 3 && shown < n - 1);
    bool down = running(state)->key == K_PGDN;
    long from = down ? 0 : n - 1;
    tab_now()->cursor = from;
    app_frame(A, &G);
    press_own(state);
    long want = down ? from + (shown - 1) : from - (shown - 1);
    assert_int_equal(status_row(), want + 1);
    expect_selected(row_name(want));
}

static void home_end_g_G_should_go_to_the_first_or_last_row(void **state)
{
    uint32_t key = running(state)->key;
    bool first = key == K_HOME || key == 'g';
    long n = (long)tab_now()->view->nrows;
    tab_now()->cursor = 6;
    app_frame(A, &G);
    press_own(state);
    assert_int_equal(status_row(), first ? 1 : n);
    expect_selected(row_name(first ? 0 : n - 1));
}

/* Left, h, Backspace: back to exactly the page, row and name left; on a
 * tab's own table there is nothing to go back to, and nothing happens. */
static void left_h_backspace_should_go_back_to_exactly_where_you_were(void **state)
{
    /* 林屋村's activity: the village and the two party branches it names */
    long row = row_of_record("r_org_linwu");
    open_record_row(row);
    select_link(1);
    long line = app_top(A)->cursor;
    app_open(A, A->doc.lines[line].target);
    app_frame(A, &G);
    assert_int_equal(app_top(A)->kind, PAGE_ENTITY);
    press_own(state);
    assert_int_equal(app_top(A)->kind, PAGE_RECORD);
    expect_selected_line(line);
    press_own(state);
    expect_heading_starts("组织凝心 村企共建激活发展潜力");
    assert_int_equal(status_row(), row + 1);
    expect_selected(row_name(row));
    press_own(state);
    assert_false(A->quit);
    expect_tab("1 组织凝心");
    assert_int_equal(status_row(), row + 1);
}

static void slash_should_search_as_you_type(void **state)
{
    long rows[16];
    int n = matching_rows("粤凯", rows, 16);
    assert_true(n >= 2);
    press_own(state);
    assert_int_equal(A->prompt.kind, PROMPT_SEARCH);
    if (!row_starts(G.h - 1, "/"))
        fail_msg("after /, the status line is \"%s\", not the search prompt", status_line());
    type_text("粤凯");
    if (!row_starts(G.h - 1, "/粤凯"))
        fail_msg("the prompt shows \"%s\", expected /粤凯", status_line());
    expect_selected(row_name(rows[0]));
    /* on a page too: the name that contains the text */
    close_prompt();
    open_record_row(row_of_record("r_org_zj_chamber"));
    press_own(state);
    type_text("遂溪");
    assert_true(strstr(A->doc.lines[app_top(A)->cursor].text, "遂溪") != NULL);
    expect_selected_line(app_top(A)->cursor);
}

/* n the next match of the last search, N the previous, both round the ends. */
static void n_and_N_should_go_to_the_next_or_previous_match(void **state)
{
    press_own(state);
    expect_status("no search yet");
    long rows[16];
    int n = matching_rows("粤凯", rows, 16);
    assert_true(n >= 2);
    free(A->last_search);
    A->last_search = strdup("粤凯");
    bool next = running(state)->key == 'n';
    tab_now()->cursor = rows[0];
    app_frame(A, &G);
    press_own(state);
    expect_selected(row_name(next ? rows[1] : rows[n - 1]));
    press_own(state);
    expect_selected(row_name(next ? rows[2 % n] : rows[n - 2]));
    /* nothing that contains it: said, and the row stays */
    free(A->last_search);
    A->last_search = strdup("没有这样的字");
    long at = tab_now()->cursor;
    press_own(state);
    expect_status("nothing here contains");
    assert_int_equal(tab_now()->cursor, at);
}

static void f_off_a_table_should_say_where_filtering_works(void **state)
{
    go_to_places();
    press_own(state);
    assert_int_equal(A->prompt.kind, PROMPT_NONE);
    expect_status("filter works on a theme's table");
    app_switch_tab(A, 0);
    open_record_row(1);
    press_own(state);
    assert_int_equal(A->prompt.kind, PROMPT_NONE);
    expect_status("filter works on a theme's table");
}

static void c_should_swap_the_chart_for_a_strip_and_back(void **state)
{
    int with_chart = find_row("名称");
    assert_true(with_chart > 4);
    press_own(state);
    assert_false(A->charts);
    expect_status("charts off");
    int without = find_row("名称");
    if (without >= with_chart)
        fail_msg("with the chart off the table starts at line %d, as with it (%d)", without, with_chart);
    press_own(state);
    assert_true(A->charts);
    expect_status("charts on");
    assert_int_equal(find_row("名称"), with_chart);
}

/* What the terminal does after a frame when a picture is wanted: saves it,
 * here in a directory of its own; svg gets the picture, and the directory
 * is removed again. */
static void terminal_takes_the_picture(buf *png)
{
    char dir[] = "/tmp/zjdash-test-keys-XXXXXX";
    assert_non_null(mkdtemp(dir));
    setenv("ZJDASH_SNAPSHOT_DIR", dir, 1);
    picture_save(A, &G);
    unsetenv("ZJDASH_SNAPSHOT_DIR");
    app_frame(A, &G);
    char path[4200] = "";
    const char *saved = strstr(A->message, dir);
    if (saved)
        snprintf(path, sizeof path, "%s", saved);
    bool ok = *path && read_file(path, png);
    if (*path)
        unlink(path);
    rmdir(dir);
    if (!ok)
        fail_msg("no picture was saved in %s; the status line says \"%s\"", dir, status_line());
    expect_status("saved /"); /* the whole path: over SSH the user must find it */
    expect_status(".png");
    assert_false(A->want_snapshot);
}

/* The colour of a PNG's top left pixel, the page's background: "#rrggbb". */
static const char *corner_of(const buf *png)
{
    static char colour[8];
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    assert_true(png_image_begin_read_from_memory(&image, png->data, png->len));
    image.format = PNG_FORMAT_RGB;
    unsigned char *pixels = malloc(PNG_IMAGE_SIZE(image));
    assert_true(png_image_finish_read(&image, NULL, pixels, 0, NULL));
    snprintf(colour, sizeof colour, "#%02x%02x%02x", pixels[0], pixels[1], pixels[2]);
    free(pixels);
    return colour;
}

/* A folder whose path leaves no room for the picture's name: said, with the
 * system's reason, and nothing written under a name cut short (which once
 * dropped the extension and still said "saved"). */
static void a_picture_path_too_long_should_be_refused_not_cut(void **state)
{
    (void)state;
    char top[] = "/tmp/zjdash-test-keys-XXXXXX";
    assert_non_null(mkdtemp(top));
    char deep[4200];
    snprintf(deep, sizeof deep, "%s", top);
    char part[241];
    memset(part, 'd', sizeof part - 1);
    part[sizeof part - 1] = 0;
    while (strlen(deep) < 4060) { /* a real folder, its path 4060 bytes: no room for a name */
        size_t at = strlen(deep), room = 4060 - at - 1;
        snprintf(deep + at, sizeof deep - at, "/%.*s", (int)(room < sizeof part - 1 ? room : sizeof part - 1), part);
        assert_int_equal(mkdir(deep, 0700), 0);
    }
    /* and one that is no folder, longer than any path: the name is never made */
    char longer[4500];
    snprintf(longer, sizeof longer, "%s/%s", deep, part);
    const char *dirs[] = {deep, longer};
    for (int press = 0; press < 4; press++) {
        setenv("ZJDASH_SNAPSHOT_DIR", dirs[press % 2], 1);
        picture_save(A, &G);
        unsetenv("ZJDASH_SNAPSHOT_DIR");
        app_frame(A, &G);
        expect_status("File name too long");
    }
    DIR *d = opendir(deep);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            fail_msg("%s was written", e->d_name);
    closedir(d);
    remove_tree(top);
}

static void s_should_save_a_picture_of_the_screen(void **state)
{
    assert_false(A->want_snapshot);
    press_own(state);
    assert_true(A->want_snapshot);
    buf png;
    buf_init(&png);
    terminal_takes_the_picture(&png);
    bool is_png = png.len > 8 && !memcmp(png.data, "\x89PNG\r\n\x1a\n", 8);
    buf_free(&png);
    assert_true(is_png);
    expect_status("zjdash-organization-");
    /* another format where the environment asks for one; a wrong one is said */
    setenv("ZJDASH_SNAPSHOT_FORMAT", "bmp", 1);
    picture_save(A, &G);
    unsetenv("ZJDASH_SNAPSHOT_FORMAT");
    app_frame(A, &G);
    expect_status("ZJDASH_SNAPSHOT_FORMAT: expected png, pdf");
}

static void t_should_switch_pictures_between_the_light_and_the_dark_theme(void **state)
{
    assert_false(A->dark_pictures);
    buf dark, light;
    buf_init(&dark);
    buf_init(&light);
    A->want_snapshot = true;
    terminal_takes_the_picture(&light);
    press_own(state);
    assert_true(A->dark_pictures);
    expect_status("dark theme");
    A->want_snapshot = true;
    terminal_takes_the_picture(&dark);
    char dark_bg[8], light_bg[8];
    snprintf(dark_bg, sizeof dark_bg, "%s", corner_of(&dark));
    snprintf(light_bg, sizeof light_bg, "%s", corner_of(&light));
    buf_free(&dark);
    buf_free(&light);
    assert_string_equal(dark_bg, "#1e2127");
    assert_string_equal(light_bg, "#ffffff");
    press_own(state);
    assert_false(A->dark_pictures);
    expect_status("light theme");
}

/* Help lists every keymap, over whatever page was open; Esc comes back. */
static void question_mark_should_open_the_help_over_the_page(void **state)
{
    /* a record whose name fits in the heading whole: “三个走进”活动 */
    long row = row_of_record("r_org_three");
    open_record_row(row);
    char crumb[512];
    snprintf(crumb, sizeof crumb, "组织凝心 › %s › help", row_name(row));
    press_own(state);
    assert_int_equal(app_top(A)->kind, PAGE_HELP);
    expect_heading_has(crumb);
    for (const struct keymap *const *m = app_keymaps; *m; m++) {
        bool found = false;
        for (long i = 0; i < A->doc.n && !found; i++)
            found = !strcmp(A->doc.lines[i].text, keymap_words((*m)->title));
        if (!found)
            fail_msg("the help has no section \"%s\"", (*m)->title);
    }
    assert_true(find_row("Everywhere") > 0);
    int depth = A->depth;
    press_own(state);
    assert_int_equal(A->depth, depth);
}

/* Q and Ctrl-C quit from any page, not only from a table. */
static void q_upper_and_ctrl_c_should_quit_at_once_from_any_page(void **state)
{
    open_record_row(3);
    press_own(state);
    assert_true(A->quit);
    A->quit = false;
    go_to_places();
    press_own(state);
    assert_true(A->quit);
}

/* Ctrl-L only asks: the terminal paints every cell at the next frame, and
 * nothing else changes. */
static void ctrl_l_should_ask_for_the_whole_screen_again_and_change_nothing(void **state)
{
    open_record_row(3);
    int depth = A->depth;
    long cursor = app_top(A)->cursor;
    press_own(state);
    assert_true(A->want_repaint);
    assert_int_equal(A->depth, depth);
    assert_int_equal(app_top(A)->cursor, cursor);
}

/* R: the terminal reads the file again (test_reload runs it); data from a
 * pipe or the built-in set has no file, and the status line says so. */
static void R_should_ask_for_the_file_again_or_say_there_is_none(void **state)
{
    A->data_name = "standard input";
    press_own(state);
    assert_false(A->want_reload);
    app_frame(A, &G);
    expect_status("nothing to read again: the data came from standard input");
    A->source = "d.json";
    press_own(state);
    assert_true(A->want_reload);
}

/* A page left for another tab is there on coming back: Tab, digits and p
 * keep each tab's pages. */
static void tabs_should_keep_their_pages_when_left_and_come_back_to(void **state)
{
    (void)state;
    long row = row_of_record("r_org_three"); /* a name that fits the heading whole */
    open_record_row(row);
    char crumb[512];
    snprintf(crumb, sizeof crumb, "组织凝心 › %s", row_name(row));
    press(K_TAB);
    expect_heading_starts("联建强心");
    press('p');
    expect_tab("5 Places");
    press('1');
    assert_int_equal(app_top(A)->kind, PAGE_RECORD);
    expect_heading_has(crumb);
    press(K_BACKTAB);
    press(K_TAB);
    expect_heading_has(crumb);
    press('h'); /* and back still leads to the table, on its row */
    assert_int_equal(app_top(A)->kind, PAGE_TABLE);
    assert_int_equal(tab_now()->cursor, row);
    open_record_row(row); /* the number of the tab shown: its table, at once */
    press('1');
    assert_int_equal(app_top(A)->kind, PAGE_TABLE);
    assert_int_equal(tab_now()->cursor, row);
}

/* Keys typed while a big table is being filtered are not each filtered:
 * with more keys waiting, the prompt takes the text and the last key (or the
 * terminal once it has read them all) filters, once, by all of it. */
static void keys_typed_ahead_should_filter_once_by_all_of_them(void **state)
{
    (void)state;
    press('2'); /* 联建强心: the 火龙果 records */
    uint32_t all = tab_now()->view->nrows;
    press('f');
    A->typing_ahead = true;
    app_key(A, 0x706B); /* 火 */
    app_key(A, 0x9F99); /* 龙 */
    const view *v = tab_now()->view;
    assert_null(v->filter); /* nothing filtered yet: more keys are coming */
    assert_true(A->prompt_stale);
    app_settle(A);
    app_frame(A, &G);
    assert_false(A->prompt_stale);
    assert_non_null(v->filter);
    assert_string_equal(v->filter, "火龙");
    assert_true(v->nrows > 0 && v->nrows < all);
    /* Enter typed ahead keeps what the whole text finds */
    A->typing_ahead = true;
    app_key(A, 0x679C); /* 果 */
    app_key(A, K_ENTER);
    A->typing_ahead = false;
    assert_int_equal(A->prompt.kind, PROMPT_NONE);
    assert_string_equal(tab_now()->view->filter, "火龙果");
}

/* The second press of a double click whose first press opened a page is
 * not a click on whatever that page shows there; a second press after a
 * first that only selected is one. */
static void the_second_press_of_a_double_click_that_opened_should_do_nothing(void **state)
{
    (void)state;
    open_record_row(3);
    long line = doc_first_link(&A->doc);
    assert_true(line >= 0 && line < A->layout.rows); /* a name in sight */
    int y = A->layout.y + (int)(line - app_top(A)->top);
    struct mouse_event second = {MOUSE_PRESS, 4, y, 2};
    int depth = A->depth;
    A->click_opened = true;
    app_mouse(A, &second);
    assert_int_equal(A->depth, depth);
    A->click_opened = false;
    app_mouse(A, &second);
    assert_int_equal(A->depth, depth + 1);
}

/* Found by the storm: n in the places before they were ever laid out (the
 * terminal too small to show them) has no tree to search from. */
static void n_in_places_never_shown_should_not_crash(void **state)
{
    (void)state;
    press('/');
    press('x');
    press(K_ENTER);
    grid small;
    grid_init(&small, 20, 5, false);
    app_key(A, 'p');
    app_frame(A, &small);
    app_key(A, 'n');
    app_frame(A, &small);
    grid_free(&small);
    app_frame(A, &G);
    expect_tab("5 Places");
}

/* A key with no meaning on a screen says so, rather than nothing. */
static void a_key_that_does_nothing_here_should_say_so(void **state)
{
    (void)state;
    press(K_DELETE);
    expect_status("Delete does nothing here");
    press('z');
    expect_status("z does nothing here");
    press('j'); /* and the next key clears it */
    if (row_has(G.h - 1, "does nothing"))
        fail_msg("the status line still says \"%s\"", status_line());
    app_unknown_key(A);
    app_frame(A, &G);
    expect_status("does not know");
}

/* A message wider than the status line (a located error, a long path) takes
 * the lines above it, whole, and gives them back at the next key. */
static void a_long_message_should_take_the_lines_above_not_be_cut(void **state)
{
    (void)state;
    press(K_END); /* the selected row at the bottom, where the message goes */
    char before[512];
    snprintf(before, sizeof before, "%s", row_text(G.h - 2));
    char words[400] = "";
    for (int i = 0; i < 20; i++)
        snprintf(words + strlen(words), sizeof words - strlen(words), "word%02d ", i);
    app_say(A, "%send", words);
    app_frame(A, &G);
    expect_status(words);
    expect_status("word19 end");
    if (!row_has(G.h - 2, "word0"))
        fail_msg("the line above the status line is \"%s\"", row_text(G.h - 2));
    press('k');
    press('j');
    assert_string_equal(row_text(G.h - 2), before);
    if (row_has(G.h - 1, "word"))
        fail_msg("the status line still says \"%s\"", status_line());
}

/* ---- on a theme's table (table_keys) ---- */

static void enter_right_l_on_a_table_should_open_the_selected_record(void **state)
{
    tab_now()->cursor = 5;
    app_frame(A, &G);
    char crumb[512];
    snprintf(crumb, sizeof crumb, "组织凝心 › %s", row_name(5));
    press_own(state);
    assert_int_equal(app_top(A)->kind, PAGE_RECORD);
    expect_heading_has(crumb);
    expect_status("record");
    assert_true(find_row("The report's words") > 0);
    /* an empty table has nothing to open */
    app_back(A);
    view_filter(tab_now()->view, "没有这样的字");
    app_frame(A, &G);
    press_own(state);
    assert_int_equal(app_top(A)->kind, PAGE_TABLE);
}

static void f_on_a_table_should_filter_the_rows_as_you_type(void **state)
{
    long rows[16];
    int n = matching_rows("粤凯", rows, 16);
    assert_true(n >= 2);
    uint32_t recs[16];
    for (int i = 0; i < n; i++)
        recs[i] = tab_now()->view->rows[rows[i]];
    press_own(state);
    assert_int_equal(A->prompt.kind, PROMPT_FILTER);
    if (!row_starts(G.h - 1, "filter: "))
        fail_msg("after f, the status line is \"%s\", not the filter prompt", status_line());
    type_text("粤凯");
    char count[64];
    snprintf(count, sizeof count, "%d records", n);
    expect_heading_has(count);
    assert_int_equal(table_rows_shown(), n);
    int headings = find_row("名称");
    for (int i = 0; i < n; i++)
        if (!shows_name(headings + 1 + i, record_name(recs[i])))
            fail_msg("the filtered table's row %d is \"%s\", expected %s", i + 1,
                     row_text(headings + 1 + i), record_name(recs[i]));
}

static void esc_on_a_table_should_clear_the_filter_and_keep_the_record(void **state)
{
    long rows[16];
    int n = matching_rows("粤凯", rows, 16);
    assert_true(n >= 2);
    const char *kept = row_name(rows[1]);
    view_filter(tab_now()->view, "粤凯");
    tab_now()->cursor = 1;
    app_frame(A, &G);
    expect_selected(kept);
    expect_status("filter \"粤凯\"");
    press_own(state);
    char all[64];
    snprintf(all, sizeof all, "%u records", theme_records());
    expect_heading_has(all);
    expect_status("filter cleared");
    expect_selected(kept);
    assert_int_equal(tab_now()->cursor, rows[1]);
}

/* < and > walk the columns (through the report's order), the mark and the
 * status line say which, and the selected record stays selected. */
static void lt_and_gt_on_a_table_should_sort_by_the_previous_or_next_column(void **state)
{
    bool next = running(state)->key == '>';
    tab_now()->cursor = 7;
    app_frame(A, &G);
    char kept[512];
    snprintf(kept, sizeof kept, "%s", row_name(7));
    /* the theme's columns in the report's order: > from the report's order
     * goes to the first (名称) then the second (参与组织); < to the last (原文)
     * then the one before it (计划/行动) */
    const theme *t = &A->ds->themes[A->tab];
    assert_true(t->ncolumns >= 4);
    uint32_t first = next ? 0 : t->ncolumns - 1, second = next ? 1 : t->ncolumns - 2;
    char want[256];
    press_own(state);
    snprintf(want, sizeof want, "sort %s ▴", ds_str(A->ds, t->columns[first].label));
    expect_status(want);
    if (next) /* the last column does not fit on the screen: only the status says it */
        assert_true(find_row("名称 ▴") > 0);
    expect_selected(kept);
    press_own(state);
    snprintf(want, sizeof want, "sort %s ▴", ds_str(A->ds, t->columns[second].label));
    expect_status(want);
    expect_selected(kept);
}

static void r_on_a_table_should_reverse_the_sort_and_keep_the_record(void **state)
{
    long n = (long)tab_now()->view->nrows;
    const char *last = record_name(tab_now()->view->rows[n - 1]);
    char kept[512];
    snprintf(kept, sizeof kept, "%s", row_name(2));
    tab_now()->cursor = 2;
    app_frame(A, &G);
    press_own(state);
    expect_status("report order, reversed");
    expect_selected(kept);
    assert_int_equal(status_row(), n - 2);
    /* the first row on screen is the report's last */
    int headings = find_row("名称");
    char prefix[16];
    snprintf(prefix, sizeof prefix, "%.12s", last);
    assert_true(row_has(headings + 1, prefix));
    view_sort(tab_now()->view, 0, false);
    app_frame(A, &G);
    press_own(state);
    expect_status("sort 名称 ▾");
    assert_true(find_row("名称 ▾") > 0);
}

/* What --dump prints with options o, into out. */
static void dumped(const struct dump_options *o, buf *out)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(dump_run(A->ds, o, f, stderr), 0);
    fclose(f);
    buf_put(out, text, len);
    free(text);
}

/* e: the table as shown goes to a CSV file beside the pictures, the same
 * bytes as --dump csv with the tab's sort and filter; never over a file. */
static void e_on_a_table_should_export_the_table_as_shown(void **state)
{
    view *v = tab_now()->view;
    view_filter(v, "湛江");
    view_sort(v, 2, true);
    app_frame(A, &G);
    char dir[] = "/tmp/zjdash-test-keys-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char paths[2][4200];
    for (int press_no = 0; press_no < 2; press_no++) {
        setenv("ZJDASH_SNAPSHOT_DIR", dir, 1);
        press_own(state);
        unsetenv("ZJDASH_SNAPSHOT_DIR");
        const char *at = strstr(A->message, dir);
        if (!at)
            fail_msg("the status line says \"%s\", not where the file is", status_line());
        snprintf(paths[press_no], sizeof paths[press_no], "%s", at);
        expect_status("exported");
    }
    /* a second press in the same second is another file, not the first again */
    assert_string_not_equal(paths[0], paths[1]);
    buf csv, dump;
    buf_init(&csv);
    buf_init(&dump);
    assert_true(read_file(paths[0], &csv));
    char sort[128];
    const theme *t = &A->ds->themes[v->theme];
    snprintf(sort, sizeof sort, "%s:desc", ds_str(A->ds, t->columns[2].key));
    struct dump_options o = {DUMP_CSV, ds_str(A->ds, t->id), sort, "湛江", NULL};
    dumped(&o, &dump);
    assert_int_equal(csv.len, dump.len);
    assert_memory_equal(csv.data, dump.data, csv.len);
    assert_non_null(strstr(csv.data, "湛江"));
    buf_free(&csv);
    buf_free(&dump);
    remove_tree(dir);
}

/* The base64 alphabet back to bytes: the test reads what the terminal would. */
static void from_base64(const char *in, size_t n, buf *out)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned v = 0;
    int bits = 0;
    for (size_t i = 0; i < n && in[i] != '='; i++) {
        const char *d = strchr(digits, in[i]);
        assert_non_null(d);
        v = v << 6 | (unsigned)(d - digits);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf_putc(out, (char)(v >> bits & 0xFF));
        }
    }
}

/* y and Y: what the terminal is sent (OSC 52, the text in base64) is the
 * selected row's first cell, or all its cells between tabs, as shown; on a
 * terminal that takes no OSC 52, a file beside the pictures instead. */
static void copy_should_send_the_selection_as_shown(void **state, bool whole)
{
    tab_now()->cursor = 1;
    app_frame(A, &G);
    press_own(state);
    assert_true(A->want_copy);
    buf want, osc, got;
    buf_init(&want);
    buf_init(&osc);
    buf_init(&got);
    uint32_t rec = tab_now()->view->rows[1];
    const theme *t = &A->ds->themes[A->tab];
    for (uint32_t c = 0; c < (whole ? t->ncolumns : 1); c++) {
        if (c)
            buf_putc(&want, '\t');
        view_cell_text(&want, A->ds, rec, c);
    }
    buf_puts(&want, "");
    copy_deliver(A, "xterm-256color", &osc);
    assert_false(A->want_copy);
    assert_true(osc.len > 8 && !memcmp(osc.data, "\033]52;c;", 7) && osc.data[osc.len - 1] == '\a');
    from_base64(osc.data + 7, osc.len - 8, &got);
    buf_puts(&got, "");
    assert_string_equal(got.data, want.data);
    app_frame(A, &G);
    expect_status(whole ? "copied the row" : "copied the cell");
    /* the Linux console takes none: a file, named on the status line */
    char dir[] = "/tmp/zjdash-test-keys-XXXXXX";
    assert_non_null(mkdtemp(dir));
    setenv("ZJDASH_SNAPSHOT_DIR", dir, 1);
    press_own(state);
    buf_clear(&osc);
    copy_deliver(A, "linux", &osc);
    unsetenv("ZJDASH_SNAPSHOT_DIR");
    assert_int_equal(osc.len, 0);
    app_frame(A, &G);
    const char *at = strstr(A->message, dir), *end = at ? strstr(at, ".txt") : NULL;
    assert_non_null(end);
    char path[4200];
    snprintf(path, sizeof path, "%.*s", (int)(end + 4 - at), at);
    buf_clear(&got);
    assert_true(read_file(path, &got));
    assert_int_equal(got.len, want.len);
    assert_memory_equal(got.data, want.data, want.len);
    expect_status("this terminal takes no clipboard");
    /* PuTTY, where its terminfo names it */
    setenv("ZJDASH_SNAPSHOT_DIR", dir, 1);
    press_own(state);
    buf_clear(&osc);
    copy_deliver(A, "putty-256color", &osc);
    unsetenv("ZJDASH_SNAPSHOT_DIR");
    assert_int_equal(osc.len, 0);
    app_frame(A, &G);
    expect_status("this terminal takes no clipboard");
    /* a file asked for, and a text no clipboard takes: each says why */
    setenv("ZJDASH_SNAPSHOT_DIR", dir, 1);
    setenv("ZJDASH_COPY_TO_FILE", "1", 1);
    press_own(state);
    buf_clear(&osc);
    copy_deliver(A, "xterm-256color", &osc);
    unsetenv("ZJDASH_COPY_TO_FILE");
    assert_int_equal(osc.len, 0);
    app_frame(A, &G);
    expect_status("a file was asked for");
    press_own(state);
    buf_clear(&A->copy);
    for (int i = 0; i < COPY_MAX_BYTES / 8 + 1; i++)
        buf_puts(&A->copy, "8 bytes.");
    copy_deliver(A, "xterm-256color", &osc);
    unsetenv("ZJDASH_SNAPSHOT_DIR");
    assert_int_equal(osc.len, 0);
    app_frame(A, &G);
    expect_status("over 64 KiB");
    remove_tree(dir);
    buf_free(&want);
    buf_free(&osc);
    buf_free(&got);
}

static void y_on_a_table_should_copy_the_selected_cell(void **state)
{
    /* RFC 4648's padding, which terminals check: texts of each length mod 3 */
    static const char *const cases[][2] = {{"a", "YQ=="}, {"ab", "YWI="}, {"abc", "YWJj"}, {"湛江", "5rmb5rGf"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf osc;
        buf_init(&osc);
        copy_osc52(&osc, cases[i][0], strlen(cases[i][0]));
        char want[64];
        snprintf(want, sizeof want, "\033]52;c;%s\a", cases[i][1]);
        assert_string_equal(osc.data, want);
        buf_free(&osc);
    }
    copy_should_send_the_selection_as_shown(state, false);
}

static void Y_on_a_table_should_copy_the_selected_row(void **state)
{
    copy_should_send_the_selection_as_shown(state, true);
}

/* m: the page of what the heading's money is made of, figure by figure. */
static void m_on_a_table_should_open_what_its_money_is_made_of(void **state)
{
    press_own(state);
    assert_int_equal(app_top(A)->kind, PAGE_MONEY);
    expect_heading_starts("组织凝心 › money");
    char named[64];
    snprintf(named, sizeof named, "Money named by %u records", theme_records());
    if (find_row(named) < 0)
        fail_msg("the money page does not say what it counts:\n%s", row_text(3));
    assert_true(find_row("Counted") > 0);
    assert_true(find_row("投入资金") > 0);
    /* the counted figure's words: the report's sentence from its subject (湛江制定…)
     * to the amount, which ends no other figure's quote */
    assert_true(find_row("“湛江制定《两新党组织党员服务") > find_row("Counted"));
    int words_end = find_row("投入资金约1.3亿元”");
    assert_true(words_end > find_row("Counted"));
    assert_true(words_end < find_row("Left out"));
    app_key(A, K_ESC);
    app_frame(A, &G);
    assert_int_equal(app_top(A)->kind, PAGE_TABLE);
}

static void q_on_a_table_should_quit(void **state)
{
    press_own(state);
    assert_true(A->quit);
}

/* ---- in the places (places_keys) ---- */

/* Enter, Right, l: a closed place opens in the tree first, then its page. */
static void enter_right_l_in_the_places_should_open_a_place_then_its_page(void **state)
{
    go_to_places();
    select_place("遂溪县");
    assert_true(row_has(selected_y(), "+ 遂溪县"));
    assert_int_equal(find_row("杨柑镇"), -1);
    press_own(state);
    assert_true(row_has(selected_y(), "- 遂溪县"));
    assert_true(find_row("杨柑镇") > selected_y());
    assert_int_equal(app_top(A)->kind, PAGE_PLACES);
    press_own(state);
    assert_int_equal(app_top(A)->kind, PAGE_ENTITY);
    expect_heading_has("Places › 遂溪县");
}

/* Left and h: up to the place around, then close it. */
static void left_h_in_the_places_should_go_up_to_the_place_around_then_close_it(void **state)
{
    go_to_places();
    places_set_open(app_places(A), entity_named(zj, "遂溪县"), true);
    app_frame(A, &G);
    select_place("杨柑镇");
    press_own(state);
    expect_selected("遂溪县");
    assert_true(row_has(selected_y(), "- 遂溪县"));
    press_own(state);
    expect_selected("遂溪县");
    assert_true(row_has(selected_y(), "+ 遂溪县"));
    assert_int_equal(find_row("杨柑镇"), -1);
    assert_int_equal(app_top(A)->kind, PAGE_PLACES);
}

static void plus_in_the_places_should_open_every_place(void **state)
{
    go_to_places();
    select_place("遂溪县");
    press_own(state);
    expect_selected("遂溪县");
    assert_true(row_has(selected_y(), "- 遂溪县"));
    assert_true(find_row("杨柑镇") > selected_y());
    assert_true(places_find(app_places(A), entity_named(zj, "布政村")) >= 0);
    assert_true(places_find(app_places(A), entity_named(zj, "林屋村")) >= 0);
}

/* The file e saved, named on the status line, read whole into out. */
static void exported(void **state, const char *dir, buf *out)
{
    setenv("ZJDASH_SNAPSHOT_DIR", dir, 1);
    press_own(state);
    unsetenv("ZJDASH_SNAPSHOT_DIR");
    const char *at = strstr(A->message, dir);
    if (!at)
        fail_msg("the status line says \"%s\", not where the file is", status_line());
    buf_clear(out);
    assert_true(read_file(at, out));
    expect_status("exported");
}

/* e in the places: the rows shown, in their order; every place open and
 * unsorted, the bytes of --dump csv --tab places. */
static void e_in_the_places_should_export_the_places_shown(void **state)
{
    go_to_places();
    places *p = app_places(A);
    places_open_all(p, true);
    app_frame(A, &G);
    char dir[] = "/tmp/zjdash-test-keys-XXXXXX";
    assert_non_null(mkdtemp(dir));
    buf csv, dump;
    buf_init(&csv);
    buf_init(&dump);
    exported(state, dir, &csv);
    struct dump_options o = {DUMP_CSV, "places", NULL, NULL, NULL};
    dumped(&o, &dump);
    assert_int_equal(csv.len, dump.len);
    assert_memory_equal(csv.data, dump.data, csv.len);
    /* closed and sorted by records, the most first: as shown */
    places_open_to_depth(p, 1);
    places_sort(p, (int)places_column_total(p), true);
    app_frame(A, &G);
    exported(state, dir, &csv);
    const char *second = strstr(csv.data, "\r\n") + 2; /* the first row after the heading */
    const char *id = ds_str(zj, zj->entities[p->rows[0].place].id);
    assert_memory_equal(second, id, strlen(id));
    assert_null(strstr(csv.data, "林屋村")); /* inside a closed place */
    uint32_t lines = 0;
    for (const char *c = csv.data; (c = strstr(c, "\r\n")); c += 2)
        lines++;
    assert_int_equal(lines, p->nrows + 1);
    buf_free(&csv);
    buf_free(&dump);
    remove_tree(dir);
}

/* The text y or Y put on the clipboard, read back from what the terminal
 * is sent. */
static void copied_text(buf *got)
{
    buf osc;
    buf_init(&osc);
    copy_deliver(A, "xterm-256color", &osc);
    assert_true(osc.len > 8 && !memcmp(osc.data, "\033]52;c;", 7));
    buf_clear(got);
    from_base64(osc.data + 7, osc.len - 8, got);
    buf_puts(got, "");
    buf_free(&osc);
}

/* y and Y in the places: the name, or the row as shown, between tabs. */
static void copy_in_the_places_should_send_the_place(void **state, bool whole)
{
    go_to_places();
    select_place("遂溪县");
    press_own(state);
    buf got;
    buf_init(&got);
    copied_text(&got);
    uint32_t suixi = entity_named(zj, "遂溪县");
    const places *p = app_places(A);
    if (!whole) {
        assert_string_equal(got.data, "遂溪县");
    } else {
        char want[64];
        snprintf(want, sizeof want, "\t%u\t", places_stats(p, suixi)->total);
        assert_memory_equal(got.data, "遂溪县\t", strlen("遂溪县\t"));
        assert_non_null(strstr(got.data, want));
        uint32_t tabs = 0;
        for (const char *c = got.data; *c; c++)
            tabs += *c == '\t';
        assert_int_equal(tabs, places_column_count(p) - 1);
    }
    app_frame(A, &G);
    expect_status(whole ? "copied the row" : "copied the cell");
    buf_free(&got);
}

static void y_in_the_places_should_copy_the_name(void **state)
{
    copy_in_the_places_should_send_the_place(state, false);
}

static void Y_in_the_places_should_copy_the_row(void **state)
{
    copy_in_the_places_should_send_the_place(state, true);
}

static void minus_in_the_places_should_close_every_place(void **state)
{
    go_to_places();
    places_open_all(app_places(A), true);
    app_frame(A, &G);
    select_place("遂溪县");
    press_own(state);
    assert_true(row_has(selected_y(), "+ 湛江市"));
    assert_int_equal(find_row("遂溪县"), -1);
    assert_int_equal(places_find(app_places(A), entity_named(zj, "杨柑镇")), -1);
}

static void lt_and_gt_in_the_places_should_sort_by_the_previous_or_next_column(void **state)
{
    go_to_places();
    select_place("湛江市");
    press_own(state);
    bool next = running(state)->key == '>';
    expect_status(next ? "sort place ▴" : "sort money 元 ▴");
    assert_true(find_row(next ? "Place ▴" : "money 元 ▴") > 0);
    expect_selected("湛江市");
    press_own(state);
    expect_status(next ? "sort 组织凝心 ▴" : "sort records ▴");
    expect_selected("湛江市");
}

static void r_in_the_places_should_reverse_the_sort(void **state)
{
    go_to_places();
    places_sort(app_places(A), 0, false);
    places_set_open(app_places(A), entity_named(zj, "遂溪县"), true);
    app_frame(A, &G);
    select_place("杨柑镇");
    press_own(state);
    expect_status("sort place ▾");
    assert_true(find_row("Place ▾") > 0);
    expect_selected("杨柑镇");
    press_own(state);
    expect_status("sort place ▴");
}

/* m in the places: the money of the place under the cursor. */
static void m_in_the_places_should_open_what_a_places_money_is_made_of(void **state)
{
    go_to_places();
    select_place("遂溪县");
    press_own(state);
    assert_int_equal(app_top(A)->kind, PAGE_MONEY);
    expect_heading_starts("Places › money");
    assert_true(find_row("Money named by 6 records") > 0);
    assert_true(find_row("遂溪县") > 0);
    assert_true(find_row("1500万元") > 0);
    assert_true(find_row("Counted") > 0);
}

static void q_in_the_places_should_quit(void **state)
{
    go_to_places();
    press_own(state);
    assert_true(A->quit);
}

/* The bars in the places' rows: cells drawn in the bar's style. */
static int place_bar_cells(void)
{
    int n = 0;
    for (int y = 3; y < G.h - 1; y++)
        for (int x = 0; x < G.w; x++)
            n += grid_at(&G, y, x)->style == ST_BAR;
    return n;
}

/* c in the places: the bars go, and come back; the themes' charts with them. */
static void c_in_the_places_should_hide_and_show_the_bars(void **state)
{
    go_to_places();
    int bars = place_bar_cells();
    assert_true(bars > 0);
    press_own(state);
    assert_false(A->charts);
    expect_status("bars off");
    assert_int_equal(place_bar_cells(), 0);
    press_own(state);
    assert_true(A->charts);
    expect_status("bars on");
    assert_int_equal(place_bar_cells(), bars);
}

/* ---- on a page (page_keys) ---- */

static void enter_right_l_on_a_page_should_open_the_name_under_the_cursor(void **state)
{
    open_record_row(8);
    select_link(1);
    link_target t = A->doc.lines[app_top(A)->cursor].target;
    assert_int_equal(t.kind, LINK_ENTITY);
    const char *name = ds_str(zj, zj->entities[t.index].name);
    press_own(state);
    assert_int_equal(app_top(A)->kind, PAGE_ENTITY);
    assert_true(app_top(A)->target.index == t.index);
    char crumb[512];
    snprintf(crumb, sizeof crumb, "%s › %s", record_name(tab_now()->view->rows[8]), name);
    expect_heading_has(crumb);
    expect_status(zj->entities[t.index].type == ENTITY_PLACE ? "place" : "organisation");
    /* and from the entity's page, a record of it */
    long rec = -1;
    for (long i = 0; i < A->doc.n && rec < 0; i++)
        if (A->doc.lines[i].opens && A->doc.lines[i].target.kind == LINK_RECORD)
            rec = i;
    assert_true(rec >= 0);
    app_page(A)->cursor = rec;
    app_frame(A, &G);
    press_own(state);
    assert_int_equal(app_top(A)->kind, PAGE_RECORD);
    expect_status("record");
}

/* Esc and q on a page: back to the page and line it came from, and from a
 * tab's first page to its row; never out of the program. */
static void esc_and_q_on_a_page_should_go_back_to_exactly_where_you_were(void **state)
{
    open_record_row(9);
    select_link(1);
    long line = app_top(A)->cursor;
    app_open(A, A->doc.lines[line].target);
    app_frame(A, &G);
    press_own(state);
    assert_int_equal(app_top(A)->kind, PAGE_RECORD);
    expect_selected_line(line);
    press_own(state);
    assert_int_equal(app_top(A)->kind, PAGE_TABLE);
    expect_heading_starts("组织凝心");
    assert_int_equal(status_row(), 10);
    expect_selected(row_name(9));
    assert_false(A->quit);
    /* help is a page too */
    app_push(A, PAGE_HELP);
    app_frame(A, &G);
    press_own(state);
    assert_int_equal(app_top(A)->kind, PAGE_TABLE);
    assert_false(A->quit);
}

/* m on a place's or an organisation's page: what the page's total is made
 * of; on a record's page there is no total, and it says so. */
static void m_on_a_page_should_open_what_its_total_is_made_of(void **state)
{
    uint32_t wuchuan = entity_named(zj, "吴川市");
    app_open(A, (link_target){LINK_ENTITY, wuchuan});
    app_frame(A, &G);
    press_own(state);
    assert_int_equal(app_top(A)->kind, PAGE_MONEY);
    assert_true(app_top(A)->target.index == wuchuan);
    assert_true(find_row("Money named by") > 0);
    assert_true(find_row("吴川市") > 0);
    assert_true(find_row("Counted") > 0);
    app_key(A, K_ESC);
    app_frame(A, &G);
    assert_int_equal(app_top(A)->kind, PAGE_ENTITY);
    /* a record's page has no total */
    app_open(A, (link_target){LINK_RECORD, tab_now()->view->rows[0]});
    app_frame(A, &G);
    press_own(state);
    assert_int_equal(app_top(A)->kind, PAGE_RECORD);
    expect_status("no total on this page");
}

/* y on a page: the line under the cursor, a name as the page shows it. */
static void y_on_a_page_should_copy_the_selected_line(void **state)
{
    uint32_t wuchuan = entity_named(zj, "吴川市");
    app_open(A, (link_target){LINK_ENTITY, wuchuan});
    app_frame(A, &G);
    app_key(A, K_DOWN); /* the first name */
    app_frame(A, &G);
    long line = app_top(A)->cursor;
    assert_true(line >= 0 && A->doc.lines[line].opens);
    press_own(state);
    buf got;
    buf_init(&got);
    copied_text(&got);
    assert_string_equal(got.data, A->doc.lines[line].text);
    app_frame(A, &G);
    expect_status("copied the line");
    buf_free(&got);
}

/* Y on a record's page: the report's own words for it, whole, not the lines
 * the terminal wrapped them into; on another page, the page as text. */
static void Y_on_a_page_should_copy_the_quote(void **state)
{
    uint32_t rec = tab_now()->view->rows[4];
    app_open(A, (link_target){LINK_RECORD, rec});
    app_frame(A, &G);
    press_own(state);
    buf got;
    buf_init(&got);
    copied_text(&got);
    const char *quote = ds_str(zj, zj->records[rec].quote);
    assert_true(strlen(quote) > 100); /* longer than a line: wrapped on the page */
    assert_string_equal(got.data, quote);
    app_frame(A, &G);
    expect_status("copied the quote");
    app_open(A, (link_target){LINK_ENTITY, entity_named(zj, "吴川市")});
    app_frame(A, &G);
    press_own(state);
    copied_text(&got);
    assert_non_null(strstr(got.data, "吴川市"));
    assert_non_null(strstr(got.data, "\n"));
    app_frame(A, &G);
    expect_status("copied the page");
    buf_free(&got);
}

/* ---- at the prompt (prompt_keys) ---- */

static void enter_at_the_prompt_should_keep_what_was_found(void **state)
{
    long rows[16];
    int n = matching_rows("粤凯", rows, 16);
    assert_true(n >= 2);
    prompt_start(A, PROMPT_SEARCH);
    type_text("粤凯");
    press_own(state);
    assert_int_equal(A->prompt.kind, PROMPT_NONE);
    if (row_starts(G.h - 1, "/"))
        fail_msg("after Enter the prompt is still there: \"%s\"", status_line());
    expect_selected(row_name(rows[0]));
    assert_non_null(A->last_search);
    assert_string_equal(A->last_search, "粤凯");
    /* a filter stays */
    prompt_start(A, PROMPT_FILTER);
    type_text("粤凯");
    press_own(state);
    assert_int_equal(A->prompt.kind, PROMPT_NONE);
    expect_status("filter \"粤凯\"");
    char count[64];
    snprintf(count, sizeof count, "%d records", n);
    expect_heading_has(count);
}

/* Esc and Ctrl-C at the prompt: as if it had never opened (and Ctrl-C does
 * not quit from there). */
static void esc_and_ctrl_c_at_the_prompt_should_undo_it(void **state)
{
    tab_now()->cursor = 2;
    app_frame(A, &G);
    prompt_start(A, PROMPT_SEARCH);
    type_text("粤凯");
    assert_int_not_equal(tab_now()->cursor, 2);
    press_own(state);
    assert_int_equal(A->prompt.kind, PROMPT_NONE);
    assert_false(A->quit);
    assert_int_equal(status_row(), 3);
    expect_selected(row_name(2));
    assert_null(A->last_search);
    /* a filter goes back to what it was */
    view_filter(tab_now()->view, "党");
    app_frame(A, &G);
    prompt_start(A, PROMPT_FILTER);
    type_text("建");
    assert_string_equal(tab_now()->view->filter, "党建");
    press_own(state);
    assert_int_equal(A->prompt.kind, PROMPT_NONE);
    assert_false(A->quit);
    expect_status("filter \"党\"");
}

static void backspace_at_the_prompt_should_remove_the_last_character(void **state)
{
    prompt_start(A, PROMPT_SEARCH);
    type_text("粤凯x");
    expect_status("nothing here contains");
    press_own(state);
    if (!row_starts(G.h - 1, "/粤凯") || row_starts(G.h - 1, "/粤凯x"))
        fail_msg("after Backspace the prompt shows \"%s\", expected /粤凯", status_line());
    press_own(state);
    if (!row_starts(G.h - 1, "/粤 ") && !row_starts(G.h - 1, "/粤\xe2"))
        if (!row_starts(G.h - 1, "/粤") || row_starts(G.h - 1, "/粤凯"))
            fail_msg("after Backspace the prompt shows \"%s\", expected /粤", status_line());
    long rows[16];
    assert_true(matching_rows("粤", rows, 16) >= 1);
    expect_selected(row_name(rows[0]));
    assert_int_equal(A->prompt.kind, PROMPT_SEARCH);
}

static void ctrl_u_at_the_prompt_should_remove_all_the_text(void **state)
{
    tab_now()->cursor = 2;
    app_frame(A, &G);
    prompt_start(A, PROMPT_SEARCH);
    type_text("粤凯");
    press_own(state);
    assert_int_equal(A->prompt.kind, PROMPT_SEARCH);
    if (!row_starts(G.h - 1, "/ "))
        fail_msg("after Ctrl-U the prompt shows \"%s\", expected an empty /", status_line());
    assert_int_equal(tab_now()->cursor, 2);
    expect_selected(row_name(2));
    close_prompt();
    /* a filter: every row again */
    prompt_start(A, PROMPT_FILTER);
    type_text("粤凯");
    press_own(state);
    char all[64];
    snprintf(all, sizeof all, "%u records", theme_records());
    expect_heading_has(all);
    if (!row_starts(G.h - 1, "filter:  "))
        fail_msg("after Ctrl-U the prompt shows \"%s\", expected an empty filter", status_line());
}

/* ---- the table of scenarios ---- */

#define S(map, key, fn) {&map, key, #fn, fn}
#define N(map, key, name, fn) {&map, key, name, fn}

static const struct scenario scenarios[] = {
    N(global_keys, '1', "key_1_should_show_the_first_theme", a_digit_should_go_to_the_tab_of_that_number),
    N(global_keys, '2', "key_2_should_show_the_second_theme", a_digit_should_go_to_the_tab_of_that_number),
    N(global_keys, '3', "key_3_should_show_the_third_theme", a_digit_should_go_to_the_tab_of_that_number),
    N(global_keys, '4', "key_4_should_show_the_fourth_theme", a_digit_should_go_to_the_tab_of_that_number),
    N(global_keys, '5', "key_5_should_show_the_places_after_four_themes",
      a_digit_should_go_to_the_tab_of_that_number),
    N(global_keys, '6', "key_6_should_show_a_sixth_theme_or_nothing", a_digit_should_go_to_the_tab_of_that_number),
    N(global_keys, '7', "key_7_should_show_a_seventh_theme_or_nothing", a_digit_should_go_to_the_tab_of_that_number),
    N(global_keys, '8', "key_8_should_show_an_eighth_theme_or_nothing", a_digit_should_go_to_the_tab_of_that_number),
    N(global_keys, '9', "key_9_should_show_the_places_after_eight_themes_or_nothing",
      a_digit_should_go_to_the_tab_of_that_number),
    S(global_keys, K_TAB, tab_should_go_to_the_next_tab_and_from_the_places_to_the_first),
    S(global_keys, K_BACKTAB, shift_tab_should_go_to_the_previous_tab_and_from_the_first_to_the_places),
    S(global_keys, 'p', p_should_show_the_places_from_any_page),
    N(global_keys, K_UP, "up_should_select_the_row_or_name_above", up_down_j_k_should_move_one_row_or_one_name),
    N(global_keys, K_DOWN, "down_should_select_the_row_or_name_below", up_down_j_k_should_move_one_row_or_one_name),
    N(global_keys, 'k', "k_should_select_the_row_or_name_above", up_down_j_k_should_move_one_row_or_one_name),
    N(global_keys, 'j', "j_should_select_the_row_or_name_below", up_down_j_k_should_move_one_row_or_one_name),
    N(global_keys, K_PGUP, "pgup_on_a_table_should_move_one_page_up",
      pgdn_and_pgup_on_a_table_should_move_one_page_less_one_row),
    N(global_keys, K_PGDN, "pgdn_on_a_table_should_move_one_page_down",
      pgdn_and_pgup_on_a_table_should_move_one_page_less_one_row),
    N(global_keys, K_HOME, "home_should_select_the_first_row", home_end_g_G_should_go_to_the_first_or_last_row),
    N(global_keys, K_END, "end_should_select_the_last_row", home_end_g_G_should_go_to_the_first_or_last_row),
    N(global_keys, 'g', "g_should_select_the_first_row", home_end_g_G_should_go_to_the_first_or_last_row),
    N(global_keys, 'G', "G_should_select_the_last_row", home_end_g_G_should_go_to_the_first_or_last_row),
    N(global_keys, K_LEFT, "left_on_a_page_should_go_back_to_exactly_where_you_were",
      left_h_backspace_should_go_back_to_exactly_where_you_were),
    N(global_keys, 'h', "h_on_a_page_should_go_back_to_exactly_where_you_were",
      left_h_backspace_should_go_back_to_exactly_where_you_were),
    N(global_keys, K_BACKSPACE, "backspace_on_a_page_should_go_back_to_exactly_where_you_were",
      left_h_backspace_should_go_back_to_exactly_where_you_were),
    S(global_keys, '/', slash_should_search_as_you_type),
    N(global_keys, 'n', "n_should_go_to_the_next_match", n_and_N_should_go_to_the_next_or_previous_match),
    N(global_keys, 'N', "N_should_go_to_the_previous_match", n_and_N_should_go_to_the_next_or_previous_match),
    S(global_keys, 'f', f_off_a_table_should_say_where_filtering_works),
    S(global_keys, 'c', c_should_swap_the_chart_for_a_strip_and_back),
    S(global_keys, 's', s_should_save_a_picture_of_the_screen),
    S(global_keys, 't', t_should_switch_pictures_between_the_light_and_the_dark_theme),
    S(global_keys, '?', question_mark_should_open_the_help_over_the_page),
    N(global_keys, 'Q', "Q_should_quit_at_once_from_any_page", q_upper_and_ctrl_c_should_quit_at_once_from_any_page),
    N(global_keys, K_CTRL_C, "ctrl_c_should_quit_at_once_from_any_page",
      q_upper_and_ctrl_c_should_quit_at_once_from_any_page),
    N(global_keys, K_F10, "f10_should_quit_at_once_from_any_page",
      q_upper_and_ctrl_c_should_quit_at_once_from_any_page),
    N(global_keys, K_F1, "f1_should_open_the_help_over_the_page",
      question_mark_should_open_the_help_over_the_page),
    S(global_keys, K_CTRL_L, ctrl_l_should_ask_for_the_whole_screen_again_and_change_nothing),
    S(global_keys, 'R', R_should_ask_for_the_file_again_or_say_there_is_none),

    N(table_keys, K_ENTER, "enter_on_a_table_should_open_the_selected_record",
      enter_right_l_on_a_table_should_open_the_selected_record),
    N(table_keys, K_RIGHT, "right_on_a_table_should_open_the_selected_record",
      enter_right_l_on_a_table_should_open_the_selected_record),
    N(table_keys, 'l', "l_on_a_table_should_open_the_selected_record",
      enter_right_l_on_a_table_should_open_the_selected_record),
    S(table_keys, 'f', f_on_a_table_should_filter_the_rows_as_you_type),
    S(table_keys, K_ESC, esc_on_a_table_should_clear_the_filter_and_keep_the_record),
    N(table_keys, '<', "lt_on_a_table_should_sort_by_the_previous_column",
      lt_and_gt_on_a_table_should_sort_by_the_previous_or_next_column),
    N(table_keys, '>', "gt_on_a_table_should_sort_by_the_next_column",
      lt_and_gt_on_a_table_should_sort_by_the_previous_or_next_column),
    S(table_keys, 'r', r_on_a_table_should_reverse_the_sort_and_keep_the_record),
    S(table_keys, 'e', e_on_a_table_should_export_the_table_as_shown),
    S(table_keys, 'y', y_on_a_table_should_copy_the_selected_cell),
    S(table_keys, 'Y', Y_on_a_table_should_copy_the_selected_row),
    S(table_keys, 'm', m_on_a_table_should_open_what_its_money_is_made_of),
    S(table_keys, 'q', q_on_a_table_should_quit),

    N(places_keys, K_ENTER, "enter_in_the_places_should_open_a_place_then_its_page",
      enter_right_l_in_the_places_should_open_a_place_then_its_page),
    N(places_keys, K_RIGHT, "right_in_the_places_should_open_a_place_then_its_page",
      enter_right_l_in_the_places_should_open_a_place_then_its_page),
    N(places_keys, 'l', "l_in_the_places_should_open_a_place_then_its_page",
      enter_right_l_in_the_places_should_open_a_place_then_its_page),
    N(places_keys, K_LEFT, "left_in_the_places_should_go_up_then_close_a_place",
      left_h_in_the_places_should_go_up_to_the_place_around_then_close_it),
    N(places_keys, 'h', "h_in_the_places_should_go_up_then_close_a_place",
      left_h_in_the_places_should_go_up_to_the_place_around_then_close_it),
    S(places_keys, '+', plus_in_the_places_should_open_every_place),
    S(places_keys, '-', minus_in_the_places_should_close_every_place),
    N(places_keys, '<', "lt_in_the_places_should_sort_by_the_previous_column",
      lt_and_gt_in_the_places_should_sort_by_the_previous_or_next_column),
    N(places_keys, '>', "gt_in_the_places_should_sort_by_the_next_column",
      lt_and_gt_in_the_places_should_sort_by_the_previous_or_next_column),
    S(places_keys, 'r', r_in_the_places_should_reverse_the_sort),
    S(places_keys, 'm', m_in_the_places_should_open_what_a_places_money_is_made_of),
    S(places_keys, 'e', e_in_the_places_should_export_the_places_shown),
    S(places_keys, 'y', y_in_the_places_should_copy_the_name),
    S(places_keys, 'Y', Y_in_the_places_should_copy_the_row),
    S(places_keys, 'q', q_in_the_places_should_quit),
    S(places_keys, 'c', c_in_the_places_should_hide_and_show_the_bars),

    N(page_keys, K_ENTER, "enter_on_a_page_should_open_the_name_under_the_cursor",
      enter_right_l_on_a_page_should_open_the_name_under_the_cursor),
    N(page_keys, K_RIGHT, "right_on_a_page_should_open_the_name_under_the_cursor",
      enter_right_l_on_a_page_should_open_the_name_under_the_cursor),
    N(page_keys, 'l', "l_on_a_page_should_open_the_name_under_the_cursor",
      enter_right_l_on_a_page_should_open_the_name_under_the_cursor),
    N(page_keys, K_ESC, "esc_on_a_page_should_go_back_to_exactly_where_you_were",
      esc_and_q_on_a_page_should_go_back_to_exactly_where_you_were),
    S(page_keys, 'm', m_on_a_page_should_open_what_its_total_is_made_of),
    S(page_keys, 'y', y_on_a_page_should_copy_the_selected_line),
    S(page_keys, 'Y', Y_on_a_page_should_copy_the_quote),
    N(page_keys, 'q', "q_on_a_page_should_go_back_not_quit",
      esc_and_q_on_a_page_should_go_back_to_exactly_where_you_were),

    S(prompt_keys, K_ENTER, enter_at_the_prompt_should_keep_what_was_found),
    N(prompt_keys, K_ESC, "esc_at_the_prompt_should_undo_it", esc_and_ctrl_c_at_the_prompt_should_undo_it),
    N(prompt_keys, K_CTRL_C, "ctrl_c_at_the_prompt_should_undo_it_not_quit",
      esc_and_ctrl_c_at_the_prompt_should_undo_it),
    S(prompt_keys, K_BACKSPACE, backspace_at_the_prompt_should_remove_the_last_character),
    S(prompt_keys, K_CTRL_U, ctrl_u_at_the_prompt_should_remove_all_the_text),
};

#define NSCENARIOS (sizeof scenarios / sizeof scenarios[0])

/* Tests that are not one key's, run as if they were (setup, a scenario). */
static const struct scenario extra_tests[] = {
    N(global_keys, K_TAB, "tab_should_keep_each_tab_its_own_row",
      tabs_should_keep_their_own_row_when_left_and_come_back_to),
    N(global_keys, '1', "tabs_should_keep_their_pages_when_left_and_come_back_to",
      tabs_should_keep_their_pages_when_left_and_come_back_to),
    N(global_keys, 'z', "a_key_that_does_nothing_here_should_say_so",
      a_key_that_does_nothing_here_should_say_so),
    N(global_keys, 'j', "a_long_message_should_take_the_lines_above_not_be_cut",
      a_long_message_should_take_the_lines_above_not_be_cut),
    N(global_keys, 'n', "n_in_places_never_shown_should_not_crash",
      n_in_places_never_shown_should_not_crash),
    N(global_keys, '1', "the_second_press_of_a_double_click_that_opened_should_do_nothing",
      the_second_press_of_a_double_click_that_opened_should_do_nothing),
    N(table_keys, 'f', "keys_typed_ahead_should_filter_once_by_all_of_them",
      keys_typed_ahead_should_filter_once_by_all_of_them),
    N(global_keys, 's', "a_picture_path_too_long_should_be_refused_not_cut",
      a_picture_path_too_long_should_be_refused_not_cut),
};

/* ---- every key has a scenario ---- */

static const struct scenario *scenario_for(const struct keymap *m, uint32_t key)
{
    for (size_t i = 0; i < NSCENARIOS; i++)
        if (scenarios[i].map == m && scenarios[i].key == key)
            return &scenarios[i];
    return NULL;
}

static void every_key_of_every_keymap_should_have_a_scenario(void **state)
{
    (void)state;
    buf missing;
    buf_init(&missing);
    char name[8];
    int n = 0;
    for (const struct keymap *const *m = app_keymaps; *m; m++)
        for (const struct keydef *d = (*m)->defs; d->keys[0]; d++)
            for (int i = 0; i < KEYMAP_KEYS && d->keys[i]; i++)
                if (!scenario_for(*m, d->keys[i])) {
                    buf_printf(&missing, "\n  keymap \"%s\": key %s (\"%s\") has no scenario", (*m)->title,
                               keymap_key_name(d->keys[i], name), d->help);
                    n++;
                }
    /* and no scenario for a key its keymap no longer has */
    for (size_t i = 0; i < NSCENARIOS; i++) {
        const struct keymap *const *m = app_keymaps;
        while (*m && *m != scenarios[i].map)
            m++;
        if (!*m || !keymap_find(scenarios[i].map, scenarios[i].key)) {
            buf_printf(&missing, "\n  scenario %s: keymap \"%s\" has no key %s", scenarios[i].name,
                       scenarios[i].map->title, keymap_key_name(scenarios[i].key, name));
            n++;
        }
    }
    if (n) {
        print_error("%s\n", missing.data);
        buf_free(&missing);
        fail_msg("%d key(s) and scenario(s) do not match", n);
    }
    buf_free(&missing);
}

/* ---- the docs name exactly the keys ---- */

#define MAX_NAMES 128

struct names {
    char name[MAX_NAMES][16];
    int n;
};

static bool names_has(const struct names *s, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->name[i], name))
            return true;
    return false;
}

static void names_add(struct names *s, const char *name)
{
    if (names_has(s, name))
        return;
    if (s->n == MAX_NAMES || strlen(name) >= sizeof s->name[0])
        fail_msg("too many key names, or one too long: \"%s\"", name);
    snprintf(s->name[s->n++], sizeof s->name[0], "%s", name);
}

/* A range of one-character keys, "1" to "9": each of them. */
static void names_add_range(struct names *s, const char *from, const char *to, const char *doc_name)
{
    if (strlen(from) != 1 || strlen(to) != 1 || from[0] > to[0])
        fail_msg("%s: the range %s–%s is not one of single characters", doc_name, from, to);
    for (char c = from[0]; c <= to[0]; c++) {
        char one[2] = {c, 0};
        names_add(s, one);
    }
}

/* Every key of every keymap, as keymap_key_name spells it; and where from. */
static void keymap_names(struct names *s, const char **where)
{
    char name[8];
    s->n = 0;
    for (const struct keymap *const *m = app_keymaps; *m; m++)
        for (const struct keydef *d = (*m)->defs; d->keys[0]; d++)
            for (int i = 0; i < KEYMAP_KEYS && d->keys[i]; i++) {
                const char *k = keymap_key_name(d->keys[i], name);
                if (!names_has(s, k))
                    where[s->n] = (*m)->title;
                names_add(s, k);
            }
}

/* The two sets, equal, or a message naming each difference. */
static void compare_with_keymaps(const struct names *listed, const char *doc_name)
{
    struct names keys;
    const char *where[MAX_NAMES];
    keymap_names(&keys, where);
    buf diff;
    buf_init(&diff);
    int n = 0;
    for (int i = 0; i < keys.n; i++)
        if (!names_has(listed, keys.name[i])) {
            buf_printf(&diff, "\n  %s lacks the key %s (keymap \"%s\")", doc_name, keys.name[i], where[i]);
            n++;
        }
    for (int i = 0; i < listed->n; i++)
        if (!names_has(&keys, listed->name[i])) {
            buf_printf(&diff, "\n  %s lists the key \"%s\", which no keymap has", doc_name, listed->name[i]);
            n++;
        }
    if (n) {
        print_error("%s\n", diff.data);
        buf_free(&diff);
        fail_msg("%s and the keymaps differ in %d key(s)", doc_name, n);
    }
    buf_free(&diff);
}

/* The README's key table: the Markdown table after the line that mentions
 * "Keys in the dashboard"; the backticked keys of its first column, `1`–`9`
 * a range. */
static void parse_readme_keys(const char *text, struct names *s)
{
    s->n = 0;
    const char *p = strstr(text, "Keys in the dashboard");
    if (!p)
        fail_msg("README.md has no line that mentions \"Keys in the dashboard\"");
    p = strchr(p, '\n');
    while (p && p[1] && p[1] != '|') /* to the table */
        p = strchr(p + 1, '\n');
    if (!p || !p[1])
        fail_msg("README.md has no table after \"Keys in the dashboard\"");
    int rows = 0;
    for (p++; *p == '|'; rows++) {
        const char *end = strchr(p, '\n');
        if (!end)
            end = p + strlen(p);
        /* the first column: to the next | outside backticks */
        const char *q = p + 1;
        bool code = false;
        while (q < end && (code || *q != '|')) {
            code ^= *q == '`';
            q++;
        }
        if (rows >= 2) { /* after the heading and the --- line */
            char prev[16] = "";
            const char *c = p + 1;
            bool range = false;
            while (c < q) {
                if (*c == '`') {
                    const char *close = memchr(c + 1, '`', (size_t)(q - c - 1));
                    if (!close)
                        fail_msg("README.md key table: an unclosed ` in \"%.*s\"", (int)(end - p), p);
                    char key[16];
                    snprintf(key, sizeof key, "%.*s", (int)(close - c - 1), c + 1);
                    if (range)
                        names_add_range(s, prev, key, "README.md");
                    else
                        names_add(s, key);
                    snprintf(prev, sizeof prev, "%s", key);
                    range = false;
                    c = close + 1;
                } else if (!strncmp(c, "–", strlen("–"))) {
                    range = true;
                    c += strlen("–");
                } else {
                    c++;
                }
            }
        }
        p = *end ? end + 1 : end;
    }
    if (rows < 3)
        fail_msg("README.md's key table has no rows");
}

/* One argument of a roff request as text: \- is -, \e a backslash, \& nothing;
 * \(en stays itself (a range between two keys). */
static void roff_unescape(const char *s, size_t n, char *out, size_t outlen, const char *line)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 5 < outlen; i++) {
        if (s[i] != '\\') {
            out[o++] = s[i];
            continue;
        }
        i++;
        if (i < n && s[i] == '-')
            out[o++] = '-';
        else if (i < n && s[i] == 'e')
            out[o++] = '\\';
        else if (i < n && s[i] == '&')
            ;
        else if (i + 2 < n && s[i] == '(' && s[i + 1] == 'e' && s[i + 2] == 'n') {
            memcpy(out + o, "\\(en", 4);
            o += 4;
            i += 2;
        } else
            fail_msg("man page KEYS: an escape the test does not know in \"%s\"", line);
    }
    out[o] = 0;
}

/* The arguments of a roff request line: words, or "quoted strings". */
static int roff_args(const char *line, char args[][64], int max)
{
    int n = 0;
    const char *p = line;
    while (*p && *p != ' ')
        p++;
    while (*p && n < max) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *from, *to;
        if (*p == '"') {
            from = ++p;
            while (*p && *p != '"')
                p++;
            to = p;
            if (*p)
                p++;
        } else {
            from = p;
            while (*p && *p != ' ')
                p++;
            to = p;
        }
        roff_unescape(from, (size_t)(to - from), args[n++], 64, line);
    }
    return n;
}

/* The man page's KEYS: the line after each .TP, `.B key` or `.BR key ", " key
 * ...`: the bold words are keys, and \(en between two of them a range. */
static void parse_man_keys(const char *text, struct names *s)
{
    s->n = 0;
    const char *p = strstr(text, "\n.SH KEYS\n");
    if (!p)
        fail_msg("man/zjdash.1 has no .SH KEYS section");
    p += strlen("\n.SH KEYS\n");
    int items = 0;
    while (*p && strncmp(p, ".SH ", 4)) {
        const char *end = strchr(p, '\n');
        if (!end)
            end = p + strlen(p);
        bool tp = !strncmp(p, ".TP", 3) && p + 3 == end;
        p = *end ? end + 1 : end;
        if (!tp)
            continue;
        end = strchr(p, '\n');
        if (!end)
            end = p + strlen(p);
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)(end - p), p);
        char args[32][64];
        int n = roff_args(line, args, 32);
        if (!strncmp(line, ".B ", 3)) {
            if (n != 1)
                fail_msg("man page KEYS: \"%s\" should name one key", line);
            names_add(s, args[0]);
        } else if (!strncmp(line, ".BR ", 4)) {
            for (int i = 0; i < n; i += 2) {
                if (i >= 2 && !strcmp(args[i - 1], "\\(en"))
                    names_add_range(s, args[i - 2], args[i], "man/zjdash.1");
                else
                    names_add(s, args[i]);
                if (i + 1 < n && strcmp(args[i + 1], ", ") && strcmp(args[i + 1], "\\(en"))
                    fail_msg("man page KEYS: \"%s\": keys should be parted by \", \" or \\(en, not \"%s\"",
                             line, args[i + 1]);
            }
        } else {
            fail_msg("man page KEYS: after .TP, \"%s\" is neither .B nor .BR", line);
        }
        items++;
        p = *end ? end + 1 : end;
    }
    if (!items)
        fail_msg("man/zjdash.1's KEYS has no .TP items");
}

/* A doc's keys, read by its parser, against the keymaps'. */
static void check_doc_keys(const char *path, void (*parse)(const char *, struct names *),
                           const char *what)
{
    buf text;
    buf_init(&text);
    bool ok = read_file(path, &text);
    struct names listed;
    if (ok)
        parse(text.data ? text.data : "", &listed);
    buf_free(&text);
    if (!ok)
        fail_msg("cannot read %s: run the tests from the top of the tree", path);
    compare_with_keymaps(&listed, what);
}

static void readme_key_table_should_list_exactly_the_keys_of_the_keymaps(void **state)
{
    (void)state;
    check_doc_keys("README.md", parse_readme_keys, "README.md's key table");
}

static void man_page_keys_should_list_exactly_the_keys_of_the_keymaps(void **state)
{
    (void)state;
    check_doc_keys("man/zjdash.1", parse_man_keys, "man/zjdash.1's KEYS");
}

/* The parsers themselves: a range, escapes, a key that is a dash. */
static void doc_parsers_should_read_ranges_escapes_and_dashes(void **state)
{
    (void)state;
    struct names s;
    parse_readme_keys("Keys in the dashboard:\n\n| key | does |\n| --- | --- |\n"
                      "| `1`–`3`, `Tab` | a |\n| `+` `-` | b `x` |\n| `Ctrl-U` | c |\n\nafter\n",
                      &s);
    assert_int_equal(s.n, 7);
    assert_true(names_has(&s, "2") && names_has(&s, "-") && names_has(&s, "Ctrl-U"));
    assert_false(names_has(&s, "x"));
    parse_man_keys("x\n.SH KEYS\n.TP\n.BR 1 \\(en 3 \", \" Shift\\-Tab\nwords\n.TP\n.B \\-\n.B "
                   "notakey\n.SH NEXT\n.TP\n.B after\n",
                   &s);
    assert_int_equal(s.n, 5);
    assert_true(names_has(&s, "3") && names_has(&s, "Shift-Tab") && names_has(&s, "-"));
    assert_false(names_has(&s, "notakey") || names_has(&s, "after"));
}

/* ---- the datasets ---- */

/* Eight themes of one record each: enough tabs for every digit. */
static dataset *make_eight(void)
{
    buf json;
    buf_init(&json);
    buf_puts(&json, "{\"format\": \"zjdash/1.0\", \"meta\": {\"title\": \"Eight themes\", "
                    "\"publisher\": \"zjdash tests\", \"published\": \"2024-02-01\"}, \"themes\": [");
    for (int t = 1; t <= 8; t++)
        buf_printf(&json,
                   "%s{\"id\": \"t%d\", \"title\": \"Theme%d\", \"columns\": [{\"key\": \"name\", "
                   "\"label\": \"Name\", \"type\": \"text\"}], \"records\": [{\"id\": \"r%d\", "
                   "\"name\": \"Record of theme %d\", \"quote\": \"quote %d\"}]}",
                   t > 1 ? ", " : "", t, t, t, t, t);
    buf_puts(&json, "]}");
    dataset *ds = NULL;
    char err[512];
    if (dataset_load_memory(json.data, json.len, "eight", &ds, err, sizeof err) != DATASET_OK)
        fprintf(stderr, "the eight-theme dataset: %s\n", err);
    buf_free(&json);
    return ds;
}

static int group_setup(void **state)
{
    (void)state;
    zj = load_dataset("data/zhanjiang-2024.json");
    eight = make_eight();
    return zj && eight ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    stop();
    dataset_free(zj);
    dataset_free(eight);
    buf_free(&text_buf);
    return 0;
}

int main(void)
{
    enum { NEXTRA = sizeof extra_tests / sizeof extra_tests[0] };
    static struct CMUnitTest tests[NSCENARIOS + NEXTRA + 4];
    size_t n = 0;
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(every_key_of_every_keymap_should_have_a_scenario);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(readme_key_table_should_list_exactly_the_keys_of_the_keymaps);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(man_page_keys_should_list_exactly_the_keys_of_the_keymaps);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(doc_parsers_should_read_ranges_escapes_and_dashes);
    for (size_t i = 0; i < NSCENARIOS + NEXTRA; i++) {
        const struct scenario *s = i < NSCENARIOS ? &scenarios[i] : &extra_tests[i - NSCENARIOS];
        tests[n++] = (struct CMUnitTest){s->name, s->run, scenario_setup, scenario_teardown, (void *)s};
    }
    return _cmocka_run_group_tests("test_keys", tests, n, group_setup, group_teardown);
}
