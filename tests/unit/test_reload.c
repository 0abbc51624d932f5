#define _GNU_SOURCE /* the fields of /proc/PID/stat */
/* Reading the dataset again while the dashboard shows it: headless, that a
 * reload keeps what the reader chose (app_adopt), by id; through a
 * pseudo-terminal, that a change to the file is followed (a file moved in
 * over it, a file rewritten in place), that a bad file leaves the data shown
 * as it was and says where it is wrong, that R reads the file, and that the
 * dashboard uses no CPU while it waits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "app.h"
#include "buf.h"
#include "lang.h"
#include "load.h"
#include "reload.h"

#include "../support/pty_screen.h"
#include "../support/pty_term.h"
#include "../support/testutil.h"

#define DATA_FILE "data/zhanjiang-2024.json"

/* ---- the dataset, edited as a user edits the file ---- */

static cJSON *records_of(cJSON *root, int theme_index)
{
    return cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "themes"), theme_index),
                               "records");
}

/* The theme's record with an id, and where it is. */
static cJSON *record_with_id(cJSON *records, const char *id, int *at)
{
    int i = 0;
    for (cJSON *r = records->child; r; r = r->next, i++)
        if (!strcmp(cJSON_GetObjectItem(r, "id")->valuestring, id)) {
            *at = i;
            return r;
        }
    fail_msg("no record %s", id);
    return NULL;
}

/* organization's r_org_plan renamed and moved to the end: a selection that
 * follows its row number, not its id, selects another record. */
static void move_and_rename(cJSON *root)
{
    cJSON *records = records_of(root, 0);
    int at;
    cJSON *r = record_with_id(records, "r_org_plan", &at);
    cJSON_DetachItemFromArray(records, at);
    char name[512];
    snprintf(name, sizeof name, "改过的名字%s", cJSON_GetObjectItem(r, "name")->valuestring);
    cJSON_ReplaceItemInObject(r, "name", cJSON_CreateString(name));
    cJSON_AddItemToArray(records, r);
}

static void drop_party_plus(cJSON *root)
{
    int at;
    cJSON *records = records_of(root, 2);
    record_with_id(records, "r_gov_party_plus", &at);
    cJSON_DeleteItemFromArray(records, at);
}

static void drop_governance(cJSON *root)
{
    cJSON_DeleteItemFromArray(cJSON_GetObjectItem(root, "themes"), 2);
}

static void unchanged(cJSON *root)
{
    (void)root;
}

/* The data file, edited, as JSON text (malloc'ed). */
static char *edited(void (*edit)(cJSON *root))
{
    buf text;
    buf_init(&text);
    assert_true(read_file(DATA_FILE, &text));
    cJSON *root = cJSON_Parse(text.data);
    assert_non_null(root);
    buf_free(&text);
    edit(root);
    char *out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return out;
}

static dataset *load_edited(void (*edit)(cJSON *root))
{
    char *text = edited(edit);
    dataset *ds = NULL;
    char err[512];
    assert_int_equal(dataset_load_memory(text, strlen(text), "edited", &ds, err, sizeof err),
                     DATASET_OK);
    free(text);
    return ds;
}

/* An app on the data file that owns its dataset, as the dashboard's does. */
static app *app_on_file(void)
{
    struct app_options o = {false, NULL, NULL, NULL};
    dataset *ds = load_dataset(DATA_FILE);
    assert_non_null(ds);
    app *a = app_new(ds, &o);
    a->owned = ds;
    return a;
}

static const char *record_id(const app *a, uint32_t rec)
{
    return ds_str(a->ds, a->ds->records[rec].id);
}

static const char *selected_id(const app *a, uint32_t tab)
{
    const struct tab *t = &a->tabs[tab];
    return record_id(a, t->view->rows[t->cursor]);
}

static void select_record(app *a, uint32_t tab, const char *id)
{
    view *v = a->tabs[tab].view;
    for (uint32_t i = 0; i < v->nrows; i++)
        if (!strcmp(record_id(a, v->rows[i]), id)) {
            a->tabs[tab].cursor = i;
            return;
        }
    fail_msg("%s is not a row", id);
}

static const char *sort_key(const app *a, uint32_t tab)
{
    const view *v = a->tabs[tab].view;
    return ds_str(a->ds, a->ds->themes[tab].columns[v->sort_column].key);
}

/* ---- headless: what app_adopt keeps ---- */

static void a_reload_should_keep_each_tabs_sort_filter_and_selected_record(void **state)
{
    (void)state;
    app *a = app_on_file();
    int by = view_find_column(a->ds, 0, "name");
    assert_true(by >= 0);
    view_sort(a->tabs[0].view, by, true);
    select_record(a, 0, "r_org_plan");
    app_switch_tab(a, 1);
    view_filter(a->tabs[1].view, "湛江");
    uint32_t filtered = a->tabs[1].view->nrows;
    assert_true(filtered > 1 && filtered < a->tabs[1].view->total);
    a->tabs[1].cursor = 1;
    char second[64];
    snprintf(second, sizeof second, "%s", selected_id(a, 1));

    app_adopt(a, load_edited(move_and_rename), NULL, NULL, "d.json");

    assert_int_equal(a->tab, 1);
    assert_string_equal(a->tabs[1].view->filter, "湛江");
    assert_int_equal(a->tabs[1].view->nrows, filtered);
    assert_string_equal(selected_id(a, 1), second);
    assert_string_equal(sort_key(a, 0), "name");
    assert_true(a->tabs[0].view->descending);
    assert_string_equal(selected_id(a, 0), "r_org_plan"); /* its row moved: it was followed */
    assert_non_null(strstr(ds_str(a->ds, a->ds->records[a->tabs[0].view->rows[a->tabs[0].cursor]].name),
                           "改过的名字"));
    assert_string_equal(a->message, "reloaded d.json: 42 records");
    app_free(a);
}

static void pages_over_a_record_that_is_gone_should_close_and_be_counted(void **state)
{
    (void)state;
    app *a = app_on_file();
    app_switch_tab(a, 2);
    select_record(a, 2, "r_gov_party_plus");
    uint32_t rec = a->tabs[2].view->rows[a->tabs[2].cursor];
    app_open(a, (link_target){LINK_RECORD, rec});
    uint32_t *names, n = link_record_entities(a->ds, rec, &names);
    assert_true(n > 0);
    app_open(a, (link_target){LINK_ENTITY, names[0]});
    free(names);
    assert_int_equal(a->depth, 3);
    app_switch_tab(a, 0); /* the pages are kept with their tab */
    app_open(a, (link_target){LINK_RECORD, a->tabs[0].view->rows[0]});

    app_adopt(a, load_edited(drop_party_plus), NULL, NULL, "d.json");

    assert_int_equal(a->tab, 0);
    assert_int_equal(a->depth, 2); /* this tab's page still exists */
    assert_int_equal(a->stack[1].kind, PAGE_RECORD);
    app_switch_tab(a, 2);
    assert_int_equal(a->depth, 1);
    assert_string_equal(a->message,
                        "reloaded d.json: 41 records; pages gone: 2; selected rows gone: 1 "
                        "(the nearest is selected)");
    app_free(a);
}

static void a_tab_that_is_gone_should_give_the_first(void **state)
{
    (void)state;
    app *a = app_on_file();
    app_switch_tab(a, 2);
    app_switch_tab(a, 3);
    select_record(a, 3, ds_str(a->ds, a->ds->records[a->tabs[3].view->rows[2]].id));
    char id[64];
    snprintf(id, sizeof id, "%s", selected_id(a, 3));

    app_adopt(a, load_edited(drop_governance), NULL, NULL, "d.json");

    assert_int_equal(a->ds->nthemes, 3);
    assert_int_equal(a->tab, 2); /* assistance is third now */
    assert_string_equal(ds_str(a->ds, a->ds->themes[a->tab].id), "assistance");
    assert_string_equal(selected_id(a, 2), id);
    app_switch_tab(a, 3); /* the places moved up a number with the themes */
    assert_int_equal(a->stack[0].kind, PAGE_PLACES);
    app_free(a);

    a = app_on_file();
    app_switch_tab(a, 2);
    app_adopt(a, load_edited(drop_governance), NULL, NULL, "d.json");
    assert_int_equal(a->tab, 0);
    assert_non_null(strstr(a->message, "the tab shown is gone"));
    app_free(a);
}

static void the_places_should_keep_what_is_open_their_order_and_selection(void **state)
{
    (void)state;
    app *a = app_on_file();
    app_switch_tab(a, a->ds->nthemes);
    places *p = app_places(a);
    uint32_t village = entity_named(a->ds, "林屋村");
    a->places_cursor = places_reveal(p, village);
    places_sort(p, (int)places_column_total(p), true);
    a->places_cursor = places_find(p, village);
    assert_true(a->places_cursor >= 0);
    uint32_t shown = p->nrows;

    app_adopt(a, load_edited(unchanged), NULL, NULL, "d.json");

    p = a->places;
    assert_non_null(p);
    assert_int_equal(p->nrows, shown);
    assert_int_equal(p->sort_column, (int)places_column_total(p));
    assert_true(p->descending);
    assert_int_equal(p->rows[a->places_cursor].place, entity_named(a->ds, "林屋村"));
    app_free(a);
}

/* The reader thread makes the tables as they were when the read began; a
 * table the reader has sorted since is made again as it is now. */
static void tables_made_beside_should_be_taken_only_if_they_still_show_the_same(void **state)
{
    (void)state;
    app *a = app_on_file();
    int by = view_find_column(a->ds, 0, "name");
    view_sort(a->tabs[0].view, by, false);
    view_filter(a->tabs[0].view, "湛江");
    select_record(a, 0, "r_org_plan");
    struct view_spec *specs = app_view_specs(a);
    dataset *ds = load_edited(move_and_rename);
    view **views = calloc(ds->nthemes, sizeof *views);
    for (uint32_t t = 0; t < a->ds->nthemes; t++) {
        view *v = view_new_as(ds, &specs[t]);
        assert_non_null(v);
        views[v->theme] = v;
        view_spec_free(&specs[t]);
    }
    free(specs);
    /* marked, since a table freed and made again may well get the same address */
    views[0]->money_made = 77;
    view_sort(a->tabs[1].view, 0, true); /* after the read began */

    app_adopt(a, ds, NULL, views, "d.json");

    assert_int_equal(a->tabs[0].view->money_made, 77);
    assert_string_equal(selected_id(a, 0), "r_org_plan");
    assert_string_equal(a->tabs[0].view->filter, "湛江");
    assert_int_equal(a->tabs[1].view->sort_column, 0);
    assert_true(a->tabs[1].view->descending);
    app_free(a);
}

/* The text of every line but the status line. */
static void screen_text(app *a, buf *out)
{
    grid g;
    grid_init(&g, 100, 30, false);
    app_frame(a, &g);
    buf_clear(out);
    for (int y = 0; y < g.h - 1; y++) {
        for (int x = 0; x < g.w; x++)
            buf_puts(out, grid_at(&g, y, x)->text);
        buf_putc(out, '\n');
    }
    grid_free(&g);
}

static void a_reload_of_the_same_file_should_change_nothing_on_any_page(void **state)
{
    (void)state;
    app *a = app_on_file();
    buf before, after;
    buf_init(&before);
    buf_init(&after);
    const char *keys[] = {">>", "jjj", "\r", "jj", NULL}; /* sort, select, open, move */
    for (int k = 0; keys[k]; k++)
        for (const char *c = keys[k]; *c; c++)
            app_key(a, (uint8_t)*c);
    screen_text(a, &before);
    app_adopt(a, load_edited(unchanged), NULL, NULL, "d.json");
    screen_text(a, &after);
    assert_string_equal(after.data, before.data);
    app_key(a, K_ESC);
    screen_text(a, &after);
    assert_non_null(strstr(after.data, "▸")); /* the table, its row still selected */
    buf_free(&before);
    buf_free(&after);
    app_free(a);
}

/* A big file takes seconds to read again: the status line says it is
 * being read until it is, whatever keys are pressed meanwhile. */
static void the_status_line_should_say_while_the_file_is_read_again(void **state)
{
    (void)state;
    app *a = app_on_file();
    grid g;
    grid_init(&g, 100, 30, false);
    a->rereading = true;
    app_key(a, 'j');
    app_frame(a, &g);
    buf status;
    buf_init(&status);
    for (int x = 0; x < g.w; x++)
        buf_puts(&status, grid_at(&g, g.h - 1, x)->text);
    assert_non_null(strstr(status.data, "reading the file again…"));
    buf_free(&status);
    grid_free(&g);
    app_free(a);
}

/* ---- through a pseudo-terminal ---- */

struct folder {
    char dir[64], file[96];
};

static void make_folder(struct folder *f, const char *text)
{
    snprintf(f->dir, sizeof f->dir, "/tmp/zjdash-test-reload-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->file, sizeof f->file, "%s/d.json", f->dir);
    FILE *out = fopen(f->file, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
}

static void remove_folder(struct folder *f)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
}

/* As an editor that saves safely does: a new file, renamed over the old. */
static void move_in(const struct folder *f, const char *text)
{
    char tmp[128];
    snprintf(tmp, sizeof tmp, "%s/.d.json.new", f->dir);
    FILE *out = fopen(tmp, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
    assert_int_equal(rename(tmp, f->file), 0);
}

/* As cp, a shell's > and many editors do: the same file, rewritten. */
static void rewrite(const char *path, const char *text)
{
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
}

/* The selected row: the one drawn in reverse or on a colour. */
static void selected_text(struct term *t, buf *out)
{
    for (int y = 5; y < t->pty.rows - 1; y++) {
        VTermScreenCell c;
        vterm_screen_get_cell(t->pty.screen, (VTermPos){y, 0}, &c);
        if (c.attrs.reverse || !VTERM_COLOR_IS_DEFAULT_BG(&c.bg)) {
            pty_row(&t->pty, y, out);
            return;
        }
    }
    fail_msg("no row is selected");
}

/* Clock ticks the program has used, user and system. */
static long cpu_ticks(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    buf stat;
    buf_init(&stat);
    assert_true(read_file(path, &stat));
    const char *after_name = strrchr(stat.data, ')');
    assert_non_null(after_name);
    long utime = 0, stime = 0;
    /* fields 14 and 15; the name (field 2) may hold spaces, hence from ')' */
    assert_int_equal(sscanf(after_name + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %ld %ld",
                            &utime, &stime),
                     2);
    buf_free(&stat);
    return utime + stime;
}

/* The dashboard on a copy of the data file, its fourth row selected:
 * r_org_plan, which move_and_rename moves to the end. */
struct running {
    struct folder f;
    struct term t;
    char *original, *moved;
};

static void start_on_the_fourth_row(struct running *r, int cols)
{
    r->original = edited(unchanged);
    r->moved = edited(move_and_rename);
    make_folder(&r->f, r->original);
    const char *args[] = {r->f.file, NULL};
    term_start(&r->t, 30, cols, args, NULL, false);
    pty_wait_for(&r->t.pty, "row 1 of 13");
    term_keys(&r->t, "jjj");
    pty_wait_for(&r->t.pty, "row 4 of 13");
    buf row;
    buf_init(&row);
    selected_text(&r->t, &row);
    assert_non_null(strstr(row.data, "制定《两新"));
    buf_free(&row);
}

static void stop_running(struct running *r)
{
    term_quit(&r->t);
    remove_folder(&r->f);
    free(r->original);
    free(r->moved);
}

static void a_file_moved_in_should_be_shown_keeping_the_selected_record(void **state)
{
    (void)state;
    struct running r;
    start_on_the_fourth_row(&r, 100);

    /* waiting for nothing to change costs nothing */
    pty_settle(&r.t.pty);
    long idle = cpu_ticks(r.t.pid);
    usleep(500 * 1000);
    assert_int_equal(cpu_ticks(r.t.pid), idle);

    move_in(&r.f, r.moved);
    pty_wait_for(&r.t.pty, "reloaded");
    pty_wait_for(&r.t.pty, "row 13 of 13");
    pty_settle(&r.t.pty);
    buf row;
    buf_init(&row);
    selected_text(&r.t, &row);
    assert_non_null(strstr(row.data, "改过的名字"));
    term_keys(&r.t, "k"); /* the news goes with the next key, and nothing is left being read */
    pty_wait_for(&r.t.pty, "row 12 of 13");
    assert_false(pty_shows(&r.t.pty, "reloaded", NULL));
    assert_false(pty_shows(&r.t.pty, "reading the file again", NULL));
    buf_free(&row);
    stop_running(&r);
}

static void a_bad_rewrite_should_keep_the_data_shown_and_say_where_it_is_wrong(void **state)
{
    (void)state;
    struct running r;
    start_on_the_fourth_row(&r, 140);

    /* a record whose id is a number: valid JSON, not a valid dataset */
    char *bad = strdup(r.moved);
    char *id = strstr(bad, "\"id\":\"r_org_plan\"");
    assert_non_null(id);
    memcpy(id, "\"id\":12345678901", 16);
    rewrite(r.f.file, bad);
    char where[160];
    snprintf(where, sizeof where, "not reloaded, data kept: %s:1:", r.f.file);
    int y = pty_wait_for(&r.t.pty, where);
    buf line;
    buf_init(&line);
    pty_row(&r.t.pty, y, &line);
    assert_non_null(strstr(line.data, ".id: expected"));
    selected_text(&r.t, &line);
    assert_non_null(strstr(line.data, "制定《两新")); /* the old data, still selected */

    term_keys(&r.t, "j"); /* the old data still works */
    pty_wait_for(&r.t.pty, "row 5 of 13");
    rewrite(r.f.file, r.moved);
    pty_wait_for(&r.t.pty, "reloaded");
    buf_free(&line);
    free(bad);
    stop_running(&r);
}

/* A dataset reached through a symbolic link: an edit of the file it points
 * to is a change of the data, and so is the link pointed anew (ln -sf
 * without a rename: removed, then made). */
static void a_link_should_be_followed_to_its_file_and_when_pointed_anew(void **state)
{
    (void)state;
    struct running r;
    r.original = edited(unchanged);
    r.moved = edited(move_and_rename);
    make_folder(&r.f, r.original);
    char target[128], other[128];
    snprintf(target, sizeof target, "%s/a.json", r.f.dir);
    snprintf(other, sizeof other, "%s/b.json", r.f.dir);
    assert_int_equal(rename(r.f.file, target), 0);
    assert_int_equal(symlink("a.json", r.f.file), 0);
    rewrite(other, r.original);
    const char *args[] = {r.f.file, NULL};
    term_start(&r.t, 30, 100, args, NULL, false);
    pty_wait_for(&r.t.pty, "row 1 of 13");
    term_keys(&r.t, "jjj");
    pty_wait_for(&r.t.pty, "row 4 of 13");

    rewrite(target, r.moved);
    pty_wait_for(&r.t.pty, "row 13 of 13"); /* r_org_plan, moved to the end */
    pty_wait_for(&r.t.pty, "改过的名字");

    assert_int_equal(unlink(r.f.file), 0);
    assert_int_equal(symlink("b.json", r.f.file), 0);
    pty_wait_for(&r.t.pty, "row 4 of 13"); /* back where b.json has it */
    pty_wait_for(&r.t.pty, "reloaded");
    assert_false(pty_shows(&r.t.pty, "改过的名字", NULL));
    stop_running(&r);
}

/* A change made through a hard link in another folder is not seen by a
 * watch on the file's own folder: only R can bring it. */
static void R_should_read_the_file_again(void **state)
{
    (void)state;
    struct folder f, other;
    char *original = edited(unchanged), *moved = edited(move_and_rename);
    make_folder(&f, original);
    make_folder(&other, "");
    char alias[128];
    snprintf(alias, sizeof alias, "%s/alias.json", other.dir);
    assert_int_equal(link(f.file, alias), 0);
    struct term t;
    const char *args[] = {f.file, NULL};
    term_start(&t, 30, 100, args, NULL, false);
    pty_wait_for(&t.pty, "row 1 of 13");
    rewrite(alias, moved);
    usleep(2 * RELOAD_SETTLE_MS * 1000);
    pty_settle(&t.pty);
    assert_false(pty_shows(&t.pty, "改过的名字", NULL));
    term_keys(&t, "R");
    pty_wait_for(&t.pty, "reloaded");
    term_keys(&t, "G");
    pty_wait_for(&t.pty, "改过的名字");
    term_quit(&t);
    remove_folder(&f);
    remove_folder(&other);
    free(original);
    free(moved);
}

static int group_setup(void **state)
{
    (void)state;
    lang_set(LANG_EN);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_reload_should_keep_each_tabs_sort_filter_and_selected_record),
        cmocka_unit_test(pages_over_a_record_that_is_gone_should_close_and_be_counted),
        cmocka_unit_test(a_tab_that_is_gone_should_give_the_first),
        cmocka_unit_test(the_places_should_keep_what_is_open_their_order_and_selection),
        cmocka_unit_test(tables_made_beside_should_be_taken_only_if_they_still_show_the_same),
        cmocka_unit_test(a_reload_of_the_same_file_should_change_nothing_on_any_page),
        cmocka_unit_test(the_status_line_should_say_while_the_file_is_read_again),
        cmocka_unit_test(a_file_moved_in_should_be_shown_keeping_the_selected_record),
        cmocka_unit_test(a_bad_rewrite_should_keep_the_data_shown_and_say_where_it_is_wrong),
        cmocka_unit_test(a_link_should_be_followed_to_its_file_and_when_pointed_anew),
        cmocka_unit_test(R_should_read_the_file_again),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
