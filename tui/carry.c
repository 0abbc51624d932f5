/* A reload: the dashboard moves onto a new dataset and the reader stays where
 * they were. Indices mean nothing across two files, so everything the reader
 * chose (a tab, a sort, a filter, a selected record, the pages opened over
 * it, the open places) is carried by id, and whatever no longer exists is
 * counted and said rather than guessed at. */
#include "app.h"

#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "mem.h"
#include "screens.h"

/* What could not be kept, for the status line. */
struct carried {
    unsigned lost_pages, lost_rows;
    bool lost_tab;
};

/* A theme of the old dataset in the new one, by id; -1 if it is gone. */
static int theme_in(const dataset *to, const dataset *from, uint32_t t)
{
    const char *id = ds_str(from, from->themes[t].id);
    for (uint32_t i = 0; i < to->nthemes; i++)
        if (!strcmp(ds_str(to, to->themes[i].id), id))
            return (int)i;
    return -1;
}

/* A tab (the themes, then the places) of the old app in the new one. */
static int tab_in(const dataset *to, const dataset *from, uint32_t tab)
{
    return tab == from->nthemes ? (int)to->nthemes : theme_in(to, from, tab);
}

/* A record or entity of the old dataset in the new one, by id. */
static bool target_in(const dataset *to, const dataset *from, link_target old, link_target *out)
{
    bool is_record = old.kind == LINK_RECORD;
    str_ref id = is_record ? from->records[old.index].id : from->entities[old.index].id;
    uint32_t index;
    enum id_kind kind = dataset_find_id(to, ds_str(from, id), &index);
    if (kind != (is_record ? ID_RECORD : ID_ENTITY))
        return false;
    *out = (link_target){old.kind, index};
    return true;
}

/* A money page of a place names it by index too; one of a tab's rows names
 * nothing. */
static bool page_in(const dataset *to, const dataset *from, const struct page *old,
                    struct page *out)
{
    *out = *old;
    switch (old->kind) {
    case PAGE_RECORD:
    case PAGE_ENTITY:
        return target_in(to, from, old->target, &out->target);
    case PAGE_MONEY:
        return old->of_tab || old->target.index == PLACES_UNPLACED ||
               target_in(to, from, old->target, &out->target);
    default:
        return true;
    }
}

/* The pages over a tab, as far as they still exist: a page whose record is
 * gone takes the pages opened from it with it. */
static int stack_in(const dataset *to, const dataset *from, const struct page *old, int depth,
                    struct page *out, struct carried *c)
{
    int kept = 1;
    out[0] = old[0];
    while (kept < depth && page_in(to, from, &old[kept], &out[kept]))
        kept++;
    c->lost_pages += (unsigned)(depth - kept);
    return kept;
}

/* The row of a record in a view, or -1. */
static long row_of(const view *v, uint32_t rec)
{
    for (uint32_t i = 0; i < v->nrows; i++)
        if (v->rows[i] == rec)
            return i;
    return -1;
}

/* A table keeps its order and filter by column key, and its selected
 * record by id, as near the same line of the screen as it can. The reader
 * may have made the table already, beside the dashboard (prepared): it is
 * taken if it still shows what the reader has chosen since. */
static void carry_table(const app *from, uint32_t old_t, struct tab *to_tab, view *prepared,
                        struct carried *c)
{
    const struct tab *old = &from->tabs[old_t];
    const view *ov = old->view;
    struct view_spec spec;
    view_spec_of(ov, &spec);
    if (prepared && view_spec_shown(prepared, &spec)) {
        view_free(to_tab->view);
        to_tab->view = prepared;
    } else {
        view_free(prepared);
        view *made = view_new_as(to_tab->view->ds, &spec);
        view_free(to_tab->view);
        to_tab->view = made;
    }
    view_spec_free(&spec);
    view *nv = to_tab->view;
    to_tab->chart = old->chart;
    if (!ov->nrows || old->cursor < 0)
        return;
    link_target rec;
    long row = -1;
    if (target_in(nv->ds, from->ds, (link_target){LINK_RECORD, ov->rows[old->cursor]}, &rec))
        row = row_of(nv, rec.index);
    if (row < 0) {
        c->lost_rows++;
        row = old->cursor < (long)nv->nrows ? old->cursor : (long)nv->nrows - 1;
    }
    to_tab->cursor = row < 0 ? 0 : row;
    long above = old->cursor - old->top;
    to_tab->top = to_tab->cursor > above ? to_tab->cursor - above : 0;
}

/* The places column of the old tree in the new one: a theme's moves with
 * its theme, the total and the money with the number of themes. */
static int places_column_in(const dataset *to, const dataset *from, int col)
{
    if (col <= PLACES_COLUMN_NAME)
        return col;
    if ((uint32_t)col <= from->nthemes) {
        int t = theme_in(to, from, (uint32_t)col - 1);
        return t < 0 ? -1 : t + 1;
    }
    return col + (int)to->nthemes - (int)from->nthemes;
}

/* The tree keeps which places are open, its order and the selected place. */
static void carry_places(app *from, places *to, long *cursor, long *top, struct carried *c)
{
    places *old = from->places;
    const dataset *fds = from->ds, *tds = to->ds;
    /* a place the old file did not have is as a new tree has it */
    for (uint32_t e = 0; e < tds->nentities; e++) {
        link_target was;
        if (target_in(fds, tds, (link_target){LINK_ENTITY, e}, &was))
            to->open[e] = old->open[was.index] && tds->entities[e].type == ENTITY_PLACE;
    }
    int by = old->sort_column >= 0 ? places_column_in(tds, fds, old->sort_column) : -1;
    places_sort(to, by, old->descending); /* and the rows, once, for what is open now */
    if (!old->nrows || from->places_cursor < 0 || from->places_cursor >= (long)old->nrows)
        return;
    uint32_t place = old->rows[from->places_cursor].place;
    link_target in = {LINK_ENTITY, PLACES_UNPLACED};
    long row = -1;
    if (place == PLACES_UNPLACED || target_in(tds, fds, (link_target){LINK_ENTITY, place}, &in))
        row = places_reveal(to, in.index);
    if (row < 0) {
        c->lost_rows++;
        row = from->places_cursor < (long)to->nrows ? from->places_cursor : (long)to->nrows - 1;
    }
    *cursor = row < 0 ? 0 : row;
    long above = from->places_cursor - from->places_top;
    *top = *cursor > above ? *cursor - above : 0;
}

/* Where each tab was, in the new app: its table, its pages, the tab shown. */
static void carry_tabs(app *from, app *to, view **prepared, struct carried *c)
{
    const dataset *fds = from->ds, *tds = to->ds;
    for (uint32_t t = 0; t < fds->nthemes; t++) {
        int nt = theme_in(tds, fds, t);
        if (nt >= 0) {
            carry_table(from, t, &to->tabs[nt], prepared ? prepared[nt] : NULL, c);
            if (prepared)
                prepared[nt] = NULL;
        }
    }
    for (uint32_t t = 0; prepared && t < tds->nthemes; t++)
        view_free(prepared[t]); /* of a theme the old file did not have */
    free(prepared);
    /* the tab shown keeps its pages in the live stack, the others in kept */
    memcpy(from->kept[from->tab].stack, from->stack, (size_t)from->depth * sizeof *from->stack);
    from->kept[from->tab].depth = from->depth;
    for (uint32_t t = 0; t <= fds->nthemes; t++) {
        int nt = tab_in(tds, fds, t);
        const struct tab_pages *old = &from->kept[t];
        if (nt >= 0 && old->depth)
            to->kept[nt].depth = stack_in(tds, fds, old->stack, old->depth, to->kept[nt].stack, c);
    }
    int shown = tab_in(tds, fds, from->tab);
    c->lost_tab = shown < 0;
    uint32_t tab = shown < 0 ? 0 : (uint32_t)shown;
    to->tab = tab;
    if (to->kept[tab].depth) {
        memcpy(to->stack, to->kept[tab].stack, (size_t)to->kept[tab].depth * sizeof *to->stack);
        to->depth = to->kept[tab].depth;
    } else {
        to->depth = 1;
        memset(to->stack, 0, sizeof *to->stack);
        to->stack[0].kind = tab == tds->nthemes ? PAGE_PLACES : PAGE_TABLE;
    }
}

/* The parts of an app that belong to its dataset change hands whole. */
#define SWAP(x, y)                                                                               \
    do {                                                                                         \
        __typeof__(x) swap_ = (x);                                                               \
        (x) = (y);                                                                               \
        (y) = swap_;                                                                             \
    } while (0)

static void swap_data(app *a, app *b)
{
    SWAP(a->ds, b->ds);
    SWAP(a->owned, b->owned);
    SWAP(a->tabs, b->tabs);
    SWAP(a->tab, b->tab);
    SWAP(a->places, b->places);
    SWAP(a->places_thread, b->places_thread);
    SWAP(a->places_pending, b->places_pending);
    SWAP(a->places_cursor, b->places_cursor);
    SWAP(a->places_top, b->places_top);
    SWAP(a->depth, b->depth);
    SWAP(a->kept, b->kept);
    SWAP(a->doc, b->doc);
    SWAP(a->doc_built, b->doc_built);
    struct page stack[APP_MAX_DEPTH];
    memcpy(stack, a->stack, sizeof stack);
    memcpy(a->stack, b->stack, sizeof stack);
    memcpy(b->stack, stack, sizeof stack);
}

struct view_spec *app_view_specs(const app *a)
{
    struct view_spec *specs = mem_calloc(a->ds->nthemes, sizeof *specs);
    for (uint32_t t = 0; t < a->ds->nthemes; t++)
        view_spec_of(a->tabs[t].view, &specs[t]);
    return specs;
}

void app_adopt(app *a, dataset *ds, places *pl, view **views, const char *name)
{
    struct app_options o = {.ascii = a->ascii};
    app *fresh = app_new(ds, &o);
    fresh->owned = ds;
    struct carried c = {0, 0, false};
    if (a->places_pending || a->places) {
        app_places(a);
        fresh->places = pl ? pl : places_new(ds);
        pl = NULL;
        carry_places(a, fresh->places, &fresh->places_cursor, &fresh->places_top, &c);
    }
    places_free(pl);
    carry_tabs(a, fresh, views, &c);
    swap_data(a, fresh);
    app_free(fresh); /* the old tables, pages and tree, then the old dataset */
    buf said;
    buf_init(&said);
    lang_printf(&said, MSG_MSG_RELOADED, name, ds->nrecords);
    if (c.lost_tab)
        buf_puts(&said, tr(MSG_MSG_RELOAD_LOST_TAB));
    if (c.lost_pages)
        lang_printf(&said, MSG_MSG_RELOAD_LOST_PAGES, c.lost_pages);
    if (c.lost_rows)
        lang_printf(&said, MSG_MSG_RELOAD_LOST_ROWS, c.lost_rows);
    app_say(a, "%s", said.data);
    buf_free(&said);
}
