/* The briefing layout of pictures (tui/briefing.c, issue 13): what a
 * briefing author pasting a picture into a slide would notice. A caption
 * with the report's title, the tab's heading, the view (sort, filter) and
 * 单位 where amounts are; every row, every name whole (wrapped, never cut
 * with …); a footer that names the source from the dataset's meta and says
 * what Σ means when one shows; none of the terminal (no selection, no match
 * highlight, no status line, no tabs); exactly as tall as what it holds. A
 * filtered table's chart speaks of the rows its total adds; a page's path
 * names a tab only when the tab holds something of it; a pack has a page
 * per theme, the places, and each opened page.
 * Headless: an app on data/zhanjiang-2024.json (or the relations fixture,
 * another report with computed sums), briefing_draw into a grid, and the
 * assertions made on the grid's cells. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "briefing.h"
#include "buf.h"
#include "dataset.h"
#include "grid.h"
#include "link.h"
#include "load.h"
#include "places.h"
#include "text.h"
#include "view.h"

#include "../support/testutil.h"

static dataset *zj;  /* the report */
static dataset *rel; /* tests/fixtures/good/relations.json: another source, sums */
static app *A;
static grid P;       /* the briefing */
static grid S;       /* the screen, for what the two must agree on */
static buf text_buf, all_buf;

/* ---- the app under test ---- */

static void stop(void)
{
    if (A)
        app_free(A);
    A = NULL;
    grid_free(&P);
    grid_free(&S);
}

/* A dashboard as the command line would start it, drawn once on a 100x30
 * screen, as a user would have it before taking a picture. */
static void start(const dataset *ds, const char *tab, const char *sort, const char *filter)
{
    stop();
    struct app_options o = {false, tab, sort, filter};
    A = app_new(ds, &o);
    grid_init(&S, 100, 30, false);
    grid_init(&P, 1, 1, false);
    app_frame(A, &S);
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
    app_frame(A, &S);
}

/* The picture at a width. */
static void draw(int width)
{
    briefing_draw(A, width, &P);
}

/* A record, place or organisation by name or id, opened over the page shown. */
static void open_named(const dataset *ds, const char *name)
{
    link_target t[4];
    if (link_find(ds, name, t, 4) != 1)
        fail_msg("\"%s\" does not name exactly one thing", name);
    app_open(A, t[0]);
    app_frame(A, &S);
}

/* ---- reading a grid ---- */

/* A row's text: the cells' texts joined, right halves of wide characters skipped. */
static const char *row_of(const grid *g, int y)
{
    buf_clear(&text_buf);
    for (int x = 0; x < g->w; x++)
        if (grid_at(g, y, x)->width)
            buf_puts(&text_buf, grid_at(g, y, x)->text);
    return text_buf.data ? text_buf.data : "";
}

static const char *row(int y)
{
    return row_of(&P, y);
}

/* The first row from `from` on that contains needle, or -1. */
static int find_row(const grid *g, const char *needle, int from)
{
    for (int y = from < 0 ? 0 : from; y < g->h; y++)
        if (strstr(row_of(g, y), needle))
            return y;
    return -1;
}

/* The whole picture, its rows' texts trimmed and joined by nothing: text
 * wrapped over lines reads as one. */
static const char *joined(void)
{
    buf_clear(&all_buf);
    for (int y = 0; y < P.h; y++) {
        const char *r = row(y);
        size_t a = 0, b = strlen(r);
        while (r[a] == ' ')
            a++;
        while (b > a && r[b - 1] == ' ')
            b--;
        buf_put(&all_buf, r + a, b - a);
    }
    return all_buf.data ? all_buf.data : "";
}

static bool shows(const char *needle)
{
    return find_row(&P, needle, 0) >= 0;
}

static void expect_shows(const char *needle, const char *what)
{
    if (!shows(needle))
        fail_msg("%s: the picture shows no \"%s\"", what, needle);
}

static void expect_no(const char *needle, const char *what)
{
    int y = find_row(&P, needle, 0);
    if (y >= 0)
        fail_msg("%s: row %d of the picture shows \"%s\": %s", what, y, needle, row(y));
}

/* Whether a row is blank as a new grid's. */
static bool blank(const grid *g, int y)
{
    for (int x = 0; x < g->w; x++) {
        const grid_cell *c = grid_at(g, y, x);
        if (strcmp(c->text, " ") || c->style != ST_NORMAL)
            return false;
    }
    return true;
}

/* The first row drawn in a style at column 0 (a table's headings: ST_COLUMN), or -1. */
static int first_row_styled(const grid *g, enum style st)
{
    for (int y = 0; y < g->h; y++)
        if (grid_at(g, y, 0)->style == st)
            return y;
    return -1;
}

/* s without spaces, for comparing text that was wrapped where it had one. */
static void squeeze(buf *out, const char *s)
{
    buf_clear(out);
    for (; *s; s++)
        if (*s != ' ')
            buf_putc(out, *s);
}

/* The first column's cells of the table in the picture, each the lines of
 * one row joined (rows end at a rule ┼ or where the column's border stops);
 * the lines of the one that is name, or 0. */
static int name_cell_lines(const char *name)
{
    int head = first_row_styled(&P, ST_COLUMN);
    assert_true(head >= 0);
    int border = -1;
    for (int x = 0; x < P.w && border < 0; x++)
        if (!strcmp(grid_at(&P, head, x)->text, "│"))
            border = x;
    assert_true(border > 0);
    while (grid_at(&P, head, 0)->style == ST_COLUMN)
        head++;
    buf cell, want, got;
    buf_init(&cell);
    buf_init(&want);
    buf_init(&got);
    squeeze(&want, name);
    int found = 0, lines = 0;
    for (int y = head; y <= P.h && !found; y++) {
        const char *b = y < P.h ? grid_at(&P, y, border)->text : "";
        if (!strcmp(b, "│")) {
            for (int x = 0; x < border; x++)
                if (grid_at(&P, y, x)->width)
                    buf_puts(&cell, grid_at(&P, y, x)->text);
            lines++;
            continue;
        }
        squeeze(&got, cell.data ? cell.data : "");
        found = !strcmp(got.data ? got.data : "", want.data ? want.data : "") ? lines : 0;
        buf_clear(&cell);
        lines = 0;
        if (strcmp(b, "┼"))
            break; /* the table ends */
    }
    buf_free(&cell);
    buf_free(&want);
    buf_free(&got);
    return found;
}

static bool name_cell_is(const char *name)
{
    return name_cell_lines(name) > 0;
}

/* ---- the caption ---- */

/* A slide says whose report and which part of it, whatever the page. */
static void caption_should_name_the_report_and_the_tab(void **state)
{
    (void)state;
    start(zj, NULL, NULL, NULL);
    for (uint32_t t = 0; t < zj->nthemes; t++) {
        app_switch_tab(A, t);
        draw(100);
        if (!strstr(row(0), ds_str(zj, zj->meta.title)))
            fail_msg("tab %u: the first row is not the report's title: %s", t + 1, row(0));
        const theme *th = &zj->themes[t];
        if (!strstr(row(1), ds_str(zj, th->title)) || !strstr(row(1), ds_str(zj, th->heading)))
            fail_msg("tab %u: the second row is not the tab's heading: %s", t + 1, row(1));
    }
    app_switch_tab(A, zj->nthemes);
    draw(100);
    assert_non_null(strstr(row(1), "Places"));
    /* a page: its path, whole even where the screen cuts it */
    start(zj, "1", NULL, NULL);
    open_named(zj, "r_org_yuekai");
    uint32_t r;
    assert_int_equal(dataset_find_id(zj, "r_org_yuekai", &r), ID_RECORD);
    char want[512];
    snprintf(want, sizeof want, "组织凝心 › %s", ds_str(zj, zj->records[r].name));
    draw(140);
    if (!strstr(row(1), want))
        fail_msg("the record's picture is not headed \"%s\": %s", want, row(1));
    draw(60); /* narrower than the path: wrapped, not cut */
    buf path, got;
    buf_init(&path);
    buf_init(&got);
    squeeze(&path, want);
    squeeze(&got, joined());
    if (!strstr(got.data, path.data))
        fail_msg("at 60 cells the record's path is not whole: %s / %s", row(1), row(2));
    expect_no("…", "a path at 60 cells");
    buf_free(&path);
    buf_free(&got);
}

/* The rows are what the sort and filter made them: a picture has no status
 * line to say so, so its caption does. */
static void caption_should_say_the_sort_and_the_filter(void **state)
{
    (void)state;
    start(zj, "1", NULL, NULL);
    draw(100);
    expect_shows("in the report's order", "no sort");
    expect_no("only the", "no filter");
    start(zj, "1", "money:desc", "粤凯");
    draw(100);
    expect_shows("sorted by 投入资金, descending", "--sort money:desc");
    expect_shows("only the 2 of 13 records that contain \"粤凯\"", "--filter 粤凯");
    int head = first_row_styled(&P, ST_COLUMN);
    int said = find_row(&P, "sorted by", 0);
    assert_true(said >= 0 && said < head); /* above the table, not under it */
    /* the sorted column carries the screen's mark */
    assert_non_null(strstr(row(head), "投入资金 ▾"));
}

/* Chinese statistical tables put 单位 at the top right, where amounts show. */
static void unit_should_show_at_the_top_right_where_amounts_are(void **state)
{
    (void)state;
    start(zj, "1", NULL, NULL);
    draw(100);
    int y = find_row(&P, "单位:元", 0);
    if (y < 0 || y >= first_row_styled(&P, ST_COLUMN))
        fail_msg("a table of amounts shows no 单位:元 above it");
    const char *r = row(y);
    size_t n = strlen(r);
    while (n && r[n - 1] == ' ')
        n--;
    assert_true(n >= strlen("单位:元") && !strncmp(r + n - strlen("单位:元"), "单位:元", strlen("单位:元")));
    assert_true(text_width(r, n) >= P.w - 2); /* at the right edge */
    /* the places' money column is in 元 too */
    app_switch_tab(A, zj->nthemes);
    draw(100);
    expect_shows("单位:元", "the places");
    /* a table without amounts has no unit to give */
    start(zj, "3", NULL, NULL);
    draw(100);
    expect_no("单位", "治理同心, which names no money");
}

/* ---- the content ---- */

/* A name cut with … cannot be quoted: every record's name is there whole,
 * its lines in its cell joined, at every width a slide may want. */
static void every_name_of_tab_1_should_appear_whole(void **state)
{
    (void)state;
    const int widths[] = {60, 80, 100, 140};
    for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
        start(zj, "1", NULL, NULL);
        draw(widths[w]);
        const theme *t = &zj->themes[0];
        for (uint32_t r = t->first_record; r < t->first_record + t->nrecords; r++)
            if (!name_cell_is(ds_str(zj, zj->records[r].name)))
                fail_msg("at %d cells the name \"%s\" is not whole in its cell", widths[w],
                         ds_str(zj, zj->records[r].name));
        expect_no("…", "a picture cuts nothing");
    }
    /* a wider picture gives the names the room: the screen's last column
     * does not keep what is left over while names wrap */
    const char *name = ds_str(zj, zj->records[zj->themes[0].first_record].name);
    draw(80);
    int narrow = name_cell_lines(name);
    draw(140);
    if (name_cell_lines(name) >= narrow)
        fail_msg("\"%s\" takes %d lines at 140 cells, as many as at 80", name, narrow);
}

/* The cells of the picture's column headed label (between its borders),
 * or 0 when the picture leaves it out. */
static int column_width(const char *label)
{
    int head = first_row_styled(&P, ST_COLUMN), from = 0;
    for (int x = 0; x < P.w; x++) {
        if (!strcmp(grid_at(&P, head, x)->text, "│")) {
            from = x + 1;
            continue;
        }
        buf_clear(&text_buf);
        for (int k = x; k < P.w && strcmp(grid_at(&P, head, k)->text, "│"); k++)
            buf_puts(&text_buf, grid_at(&P, head, k)->text);
        if (x == from && strstr(text_buf.data, label)) {
            int to = x;
            while (to < P.w && strcmp(grid_at(&P, head, to)->text, "│"))
                to++;
            return to - from;
        }
    }
    return 0;
}

/* A quote squeezed into a narrow column would make every row ten lines
 * tall: the 原文 column is readable or not in the picture (it is on the
 * record's page). */
static void a_quote_column_should_be_readable_or_left_out(void **state)
{
    (void)state;
    start(zj, "1", NULL, NULL);
    bool seen = false;
    for (int width = 80; width <= 240; width += 10) {
        draw(width);
        int w = column_width("原文");
        if (w && w < 30)
            fail_msg("at %d cells the 原文 column is %d cells wide", width, w);
        seen |= w > 0;
    }
    assert_true(seen);
}

/* The screen shows a screenful; the picture every row of every table, the
 * places as they are opened, every one of them, and every line of a page. */
static void every_row_and_every_place_opened_should_show(void **state)
{
    (void)state;
    start(zj, "1", NULL, NULL);
    for (uint32_t t = 1; t < zj->nthemes; t++) {
        app_switch_tab(A, t);
        draw(100);
        const theme *th = &zj->themes[t];
        for (uint32_t r = th->first_record; r < th->first_record + th->nrecords; r++)
            if (!name_cell_is(ds_str(zj, zj->records[r].name)))
                fail_msg("%s: the record \"%s\" is not in the picture, whole", ds_str(zj, th->title),
                         ds_str(zj, zj->records[r].name));
    }
    /* too narrow for every column: the picture says which it leaves out */
    app_switch_tab(A, 0);
    draw(80);
    int said = find_row(&P, "not shown at this width: ", 0);
    assert_true(said > first_row_styled(&P, ST_COLUMN));
    assert_non_null(strstr(row(said), "原文"));
    draw(BRIEFING_MAX_WIDTH);
    expect_no("not shown", "a picture wide enough for every column");
    app_switch_tab(A, zj->nthemes);
    press('+'); /* every place open */
    draw(100);
    for (uint32_t e = 0; e < zj->nentities; e++)
        if (zj->entities[e].type == ENTITY_PLACE && !shows(ds_str(zj, zj->entities[e].name)))
            fail_msg("the place %s, open, is not in the picture", ds_str(zj, zj->entities[e].name));
    /* 湛江市's 约1.3亿 +5: what the +5 means, which the screen leaves to m */
    expect_shows("约1.3亿 +5", "湛江市's money");
    expect_shows("money +N: N more amounts named there, not added", "the places");
    /* a page: every line, the last one too, which a 30-line screen does not show */
    press('?');
    assert_int_equal(find_row(&S, "ZJDASH_SNAPSHOT_DIR", 0), -1);
    draw(100);
    expect_shows("ZJDASH_SNAPSHOT_DIR", "the last line of help");
}

/* The terminal stays out of the picture: no selection, no match, no tabs,
 * no status line with its hints and "row 1 of 13". */
static void no_terminal_chrome_should_reach_the_picture(void **state)
{
    (void)state;
    start(zj, "1", NULL, NULL);
    press('j');
    press('j');
    free(A->last_search);
    A->last_search = strdup("湛江"); /* as after / 湛江: the screen marks it */
    app_frame(A, &S);
    const char *pages = "table, places, entity, record, money, help";
    /* the status line's words and hints, the tabs; help names keys itself */
    const char *chrome[] = {"row 3 of", " of 13", "place 2 of", "1 组织凝心 │ 2", "▸",
                            "Enter open", "? help", "q quit", "Esc back", "(Enter opens)"};
    for (int page = 0; page < 6; page++) {
        if (page == 1) {
            app_switch_tab(A, zj->nthemes);
            press('j');
        } else if (page == 2) {
            press(K_ENTER); /* 湛江市's row opens... */
            press(K_ENTER); /* ...and then its page */
        } else if (page == 3) {
            start(zj, "1", NULL, NULL);
            open_named(zj, "r_org_yuekai");
            press('j');
        } else if (page == 4) {
            start(zj, "1", NULL, NULL);
            press('m');
        } else if (page == 5) {
            press('?');
        }
        draw(100);
        for (int y = 0; y < P.h; y++)
            for (int x = 0; x < P.w; x++) {
                enum style st = grid_at(&P, y, x)->style;
                if (st == ST_SELECTED || st == ST_MATCH || st == ST_STATUS || st == ST_STATUS_KEY ||
                    st == ST_TAB_CURRENT)
                    fail_msg("page %d of %s: (%d, %d) is drawn as the terminal's (style %d): %s", page,
                             pages, y, x, st, row(y));
            }
        for (size_t i = 0; i < sizeof chrome / sizeof *chrome; i++)
            if (page != 5 || i < 5)
                expect_no(chrome[i], pages);
    }
}

/* A picture is as tall as what it holds, however the grid came: no empty
 * bottom third. */
static void the_picture_should_be_as_tall_as_its_content(void **state)
{
    (void)state;
    start(zj, "1", NULL, NULL);
    grid_free(&P);
    grid_init(&P, 100, 400, false);
    draw(100);
    assert_true(P.h < 400);
    assert_false(blank(&P, P.h - 1));
    assert_false(blank(&P, 0));
    /* a blank line separates, never two */
    for (int y = 1; y < P.h; y++)
        if (blank(&P, y) && blank(&P, y - 1))
            fail_msg("rows %d and %d are both blank", y - 1, y);
    int tall = P.h;
    /* the same page, drawn again into a small grid: the same height */
    grid_free(&P);
    grid_init(&P, 10, 1, false);
    draw(100);
    assert_int_equal(P.h, tall);
    assert_int_equal(P.w, 100);
    /* every page kind ends with its footer */
    open_named(zj, "文章村");
    draw(80);
    assert_non_null(strstr(row(P.h - 1), "数据来源"));
    /* too narrow a width is widened to the least a briefing takes */
    draw(20);
    assert_int_equal(P.w, BRIEFING_MIN_WIDTH);
}

/* ---- the footer ---- */

/* The expected source line of a dataset, from its meta as the test reads it. */
static void source_of(const dataset *ds, buf *out)
{
    buf_clear(out);
    char day[11];
    snprintf(day, sizeof day, "%s", ds_str(ds, ds->meta.published));
    buf_printf(out, "数据来源:%s %s《%s》", ds_str(ds, ds->meta.publisher), day,
               ds_str(ds, ds->meta.title));
}

/* The source is the dataset's: another report names its own, never 南方日报
 * written into the program. */
static void footer_should_name_the_source_from_the_meta(void **state)
{
    (void)state;
    buf want, got;
    buf_init(&want);
    buf_init(&got);
    start(zj, "1", NULL, NULL);
    draw(100);
    source_of(zj, &want);
    assert_string_equal(want.data, "数据来源:南方日报 2024-02-01《湛江:凝“新”聚力 赋能“百千万工程”》");
    squeeze(&got, joined());
    if (!strstr(got.data, "数据来源:南方日报2024-02-01《湛江:凝“新”聚力赋能“百千万工程”》"))
        fail_msg("no source line in the picture");
    assert_true(find_row(&P, "数据来源", 0) > first_row_styled(&P, ST_COLUMN)); /* below the table */
    start(rel, "2", NULL, NULL);
    for (int width = 60; width <= 140; width += 40) {
        draw(width);
        squeeze(&got, joined());
        source_of(rel, &want);
        squeeze(&want, want.data);
        if (!strstr(got.data, want.data))
            fail_msg("at %d cells the fixture's picture does not end with %s", width, want.data);
        expect_no("南方日报", "another report's picture");
    }
    buf_free(&want);
    buf_free(&got);
}

/* A number the report does not give is marked Σ, as on the screen, and the
 * footer says what the mark means; where none shows, no note. */
static void a_computed_sum_should_be_marked_and_noted(void **state)
{
    (void)state;
    start(rel, "2", NULL, "River"); /* 1500万 + 905万, two investments */
    draw(100);
    assert_non_null(strstr(row(1), "Σ约2400万元"));
    int note = find_row(&P, "注:Σ 为按报道数字计算的合计", 0);
    assert_true(note > find_row(&P, "数据来源", 0));
    /* the places mark a place's sum in its cell, as the screen does */
    start(rel, "places", NULL, NULL);
    draw(100);
    expect_shows("Σ约1亿", "River County's money");
    expect_shows("注:Σ", "the places' note");
    /* the report's own figures: no mark, no note */
    start(zj, "1", NULL, NULL);
    draw(100);
    expect_no("Σ", "organisation");
    expect_no("注:", "organisation");
}

/* ---- the chart of a filtered table ---- */

/* Whether the report's figure f is charted in rows [from, to) of g. */
static bool charted_in(const grid *g, int from, int to, uint32_t f, const dataset *ds)
{
    for (int y = from; y < to; y++)
        if (strstr(row_of(g, y), ds_str(ds, ds->figures[f].label)))
            return true;
    return false;
}

/* The chart and the total above it speak of the same rows: filtered, the
 * chart shows the figures the rows shown name, which the total adds, and
 * not the whole report's; the screen and the picture alike. */
static void a_filtered_chart_should_show_what_its_total_adds(void **state)
{
    (void)state;
    const struct {
        dataset **ds;
        const char *tab, *filter, *total;
    } cases[] = {
        {&zj, "1", "粤凯", "超4000万元 +1 other kind"},
        {&zj, "4", "民营", "3365万元"},
        {&rel, "2", "River", "Σ约2400万元"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const dataset *ds = *cases[i].ds;
        start(ds, cases[i].tab, NULL, cases[i].filter);
        draw(100);
        const view *v = A->tabs[A->tab].view;
        const theme *t = &ds->themes[A->tab];
        if (!strstr(row(1), cases[i].total))
            fail_msg("%s: the heading does not total \"%s\": %s", cases[i].filter, cases[i].total, row(1));
        for (int g = 0; g < 2; g++) {
            const grid *at = g ? &S : &P;
            int from = g ? 3 : 2, to = first_row_styled(at, ST_COLUMN);
            assert_true(to > from);
            char says[128];
            snprintf(says, sizeof says, "figures of the %u rows shown (filter \"%s\")", v->nrows,
                     cases[i].filter);
            if (find_row(at, says, from) < 0 || find_row(at, says, from) >= to)
                fail_msg("%s: the %s's chart does not say whose figures it shows", cases[i].filter,
                         g ? "screen" : "picture");
            for (uint32_t f = 0; f < ds->nfigures; f++) {
                bool named = false;
                for (uint32_t r = 0; r < v->nrows; r++)
                    for (uint32_t c = 0; c < t->ncolumns; c++)
                        named |= t->columns[c].type >= COL_MONEY && ds_cell(ds, v->rows[r], c) == f;
                bool dated = ds->figures[f].unit == UNIT_DATE;
                bool headline = ds->figures[f].headline && ds->figures[f].theme == (int32_t)A->tab;
                if (named && !dated && !charted_in(at, from, to, f, ds))
                    fail_msg("%s: the %s's chart leaves out %s, which the total counts", cases[i].filter,
                             g ? "screen" : "picture", ds_str(ds, ds->figures[f].label));
                if (!named && headline && charted_in(at, from, to, f, ds))
                    fail_msg("%s: the %s's chart shows the whole report's %s over the rows shown",
                             cases[i].filter, g ? "screen" : "picture", ds_str(ds, ds->figures[f].label));
            }
        }
    }
    /* unfiltered: the report's headline figures, as before */
    start(zj, "1", NULL, NULL);
    draw(100);
    expect_shows("投入资金", "the headline chart");
    expect_no("figures of the", "an unfiltered chart");
}

/* ---- the path of pages ---- */

/* The path as app_crumbs gives it. */
static const char *crumbs(void)
{
    buf_clear(&text_buf);
    app_crumbs(A, &text_buf);
    return text_buf.data;
}

/* 文章村 has records in 联建强心 and 治理同心, none in 组织凝心: opened over
 * 组织凝心 its path must not send the reader there. */
static void a_path_should_name_a_tab_only_when_it_holds_the_page(void **state)
{
    (void)state;
    start(zj, "1", NULL, NULL);
    open_named(zj, "文章村");
    assert_string_equal(crumbs(), "文章村");
    draw(100);
    expect_no("组织凝心", "文章村 over 组织凝心");
    int y = find_row(&S, "文章村", 2);
    assert_int_equal(y, 2); /* the screen's path too */
    assert_null(strstr(row_of(&S, 2), "组织凝心"));
    start(zj, "2", NULL, NULL);
    open_named(zj, "文章村");
    assert_string_equal(crumbs(), "联建强心 › 文章村");
    /* a record of another tab */
    start(zj, "1", NULL, NULL);
    open_named(zj, "r_gov_yuehai");
    assert_null(strstr(crumbs(), "组织凝心"));
    /* reached through a record of the tab, the tab is where the reader came from */
    start(zj, "1", NULL, NULL);
    open_named(zj, "r_org_linwu");
    open_named(zj, "林屋村");
    assert_non_null(strstr(crumbs(), "组织凝心 › "));
    /* the places hold every place */
    start(zj, "places", NULL, NULL);
    open_named(zj, "文章村");
    assert_string_equal(crumbs(), "Places › 文章村");
    /* the home of a page opened by name holds it */
    link_target t[1];
    assert_int_equal(link_find(zj, "文章村", t, 1), 1);
    assert_int_equal(briefing_home_tab(zj, t[0]), 1);
    assert_int_equal(link_find(zj, "r_gov_yuehai", t, 1), 1);
    assert_int_equal(briefing_home_tab(zj, t[0]), 2);
}

/* ---- the pack ---- */

/* --tab all with two --open: four tables, the places opened to the
 * counties, then the two pages, each headed as a reader reaches it. */
static void a_pack_should_have_a_page_per_theme_the_places_and_each_opened(void **state)
{
    (void)state;
    start(zj, NULL, NULL, NULL);
    app_switch_tab(A, zj->nthemes);
    press('+'); /* a user had every place open */
    link_target opens[2];
    assert_int_equal(link_find(zj, "文章村", &opens[0], 1), 1);
    assert_int_equal(link_find(zj, "r_gov_yuehai", &opens[1], 1), 1);
    assert_int_equal(briefing_pack_count(zj, 2), 7);
    assert_int_equal(briefing_pack_count(zj, 0), 5);
    grid *pages;
    int n;
    briefing_pack(A, 100, opens, 2, &pages, &n);
    assert_int_equal(n, 7);
    for (int i = 0; i < n; i++) {
        const char *heading = row_of(&pages[i], 1);
        if (i < 4) {
            if (!strstr(heading, ds_str(zj, zj->themes[i].title)))
                fail_msg("page %d is not %s's table: %s", i + 1, ds_str(zj, zj->themes[i].title), heading);
            assert_true(first_row_styled(&pages[i], ST_COLUMN) > 0);
        } else if (i == 4) {
            assert_non_null(strstr(heading, "Places"));
            assert_true(find_row(&pages[i], "吴川市", 0) > 0);  /* a county */
            assert_int_equal(find_row(&pages[i], "黄坡镇", 0), -1); /* a town inside it: closed */
        } else if (i == 5) {
            assert_non_null(strstr(heading, "联建强心 › 文章村"));
        } else {
            assert_non_null(strstr(heading, "治理同心 › "));
        }
        assert_non_null(strstr(row_of(&pages[i], pages[i].h - 1), "数据来源"));
        grid_free(&pages[i]);
    }
    free(pages);
}

/* A picture only reads the app: the screen after it is the screen before. */
static void a_picture_should_leave_the_screen_as_it_was(void **state)
{
    (void)state;
    start(zj, "1", NULL, NULL);
    open_named(zj, "r_org_yuekai");
    grid before;
    grid_init(&before, S.w, S.h, false);
    memcpy(before.cells, S.cells, (size_t)S.w * (size_t)S.h * sizeof *S.cells);
    long lines = A->doc.n;
    draw(140);
    assert_int_equal(A->doc.n, lines);
    app_draw(A, &S);
    assert_memory_equal(before.cells, S.cells, (size_t)S.w * (size_t)S.h * sizeof *S.cells);
    grid_free(&before);
}

/* A report of many records: a picture holds the first PICTURE_MAX_ROWS
 * (1000) rows and says how many it leaves out, rather than growing past
 * what memory and image formats hold. */
static void a_picture_of_many_rows_should_say_what_it_leaves_out(void **state)
{
    (void)state;
    buf json;
    buf_init(&json);
    buf_puts(&json, "{\"format\": \"zjdash/1.0\", \"meta\": {\"title\": \"Many\", "
                    "\"publisher\": \"zjdash tests\", \"published\": \"2024-02-01\"}, \"themes\": "
                    "[{\"id\": \"t\", \"title\": \"Many\", \"columns\": [{\"key\": \"name\", "
                    "\"label\": \"Name\", \"type\": \"text\"}], \"records\": [");
    for (int r = 1; r <= 1200; r++)
        buf_printf(&json, "%s{\"id\": \"r%d\", \"name\": \"R%04d\", \"quote\": \"q\"}", r > 1 ? ", " : "",
                   r, r);
    buf_puts(&json, "]}]}");
    dataset *many = NULL;
    char err[512];
    if (dataset_load_memory(json.data, json.len, "many", &many, err, sizeof err) != DATASET_OK)
        fail_msg("the dataset of many records: %s", err);
    buf_free(&json);
    start(many, NULL, NULL, NULL);
    draw(80);
    expect_shows("R0001", "the first row");
    expect_shows("R1000", "the thousandth row");
    expect_no("R1001", "a row past the limit");
    expect_shows("the first 1000 of 1200 rows", "the rows left out");
    assert_true(P.h < 1100);
    stop();
    dataset_free(many);
}

/* ---- wrapping ---- */

/* Chinese typesetting: no line starts with 、 or ” and none ends with “. */
static void wrapped_lines_should_keep_marks_with_their_words(void **state)
{
    (void)state;
    grid g;
    grid_init(&g, 10, 1, false);
    const char *s = "林屋村企业联合党支部、广东粤凯机械“有限”公司党支部";
    int lines = grid_wrap(&g, 0, 0, 10, s, ST_NORMAL, 0);
    assert_int_equal(lines, grid_wrap_lines(s, 10));
    assert_true(g.h >= lines);
    buf all;
    buf_init(&all);
    for (int y = 0; y < lines; y++) {
        const char *r = row_of(&g, y);
        if (!strncmp(r, "、", strlen("、")) || !strncmp(r, "”", strlen("”")))
            fail_msg("line %d starts with a closing mark: %s", y, r);
        size_t n = strlen(r);
        while (n && r[n - 1] == ' ')
            n--;
        if (n >= strlen("“") && !strncmp(r + n - strlen("“"), "“", strlen("“")))
            fail_msg("line %d ends with an opening mark: %s", y, r);
        buf_put(&all, r, n);
    }
    assert_string_equal(all.data, s);
    buf_free(&all);
    grid_free(&g);
}

static int group_setup(void **state)
{
    (void)state;
    zj = load_dataset("data/zhanjiang-2024.json");
    rel = load_dataset("tests/fixtures/good/relations.json");
    return zj && rel ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    stop();
    dataset_free(zj);
    dataset_free(rel);
    buf_free(&text_buf);
    buf_free(&all_buf);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(caption_should_name_the_report_and_the_tab, teardown),
        cmocka_unit_test_teardown(caption_should_say_the_sort_and_the_filter, teardown),
        cmocka_unit_test_teardown(unit_should_show_at_the_top_right_where_amounts_are, teardown),
        cmocka_unit_test_teardown(every_name_of_tab_1_should_appear_whole, teardown),
        cmocka_unit_test_teardown(every_row_and_every_place_opened_should_show, teardown),
        cmocka_unit_test_teardown(a_quote_column_should_be_readable_or_left_out, teardown),
        cmocka_unit_test_teardown(no_terminal_chrome_should_reach_the_picture, teardown),
        cmocka_unit_test_teardown(the_picture_should_be_as_tall_as_its_content, teardown),
        cmocka_unit_test_teardown(footer_should_name_the_source_from_the_meta, teardown),
        cmocka_unit_test_teardown(a_computed_sum_should_be_marked_and_noted, teardown),
        cmocka_unit_test_teardown(a_filtered_chart_should_show_what_its_total_adds, teardown),
        cmocka_unit_test_teardown(a_path_should_name_a_tab_only_when_it_holds_the_page, teardown),
        cmocka_unit_test_teardown(a_pack_should_have_a_page_per_theme_the_places_and_each_opened,
                                  teardown),
        cmocka_unit_test_teardown(a_picture_should_leave_the_screen_as_it_was, teardown),
        cmocka_unit_test_teardown(a_picture_of_many_rows_should_say_what_it_leaves_out, teardown),
        cmocka_unit_test(wrapped_lines_should_keep_marks_with_their_words),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
