#include "app.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"
#include "mem.h"
#include "text.h"
#include "value.h"

/* ---- lines of the record, entity and help pages ---- */

static void clear_lines(app *a)
{
    for (long i = 0; i < a->nlines; i++) {
        free(a->lines[i].text);
        free(a->lines[i].aside);
    }
    free(a->lines);
    a->lines = NULL;
    a->nlines = 0;
    a->lines_width = -1;
}

struct builder {
    app *a;
    size_t cap;
    int width;
};

static struct line *add_line(struct builder *b, const char *text, int style, int indent)
{
    app *a = b->a;
    a->lines = mem_grow(a->lines, &b->cap, (size_t)a->nlines + 1, sizeof *a->lines);
    struct line *l = &a->lines[a->nlines++];
    l->text = mem_strdup(text);
    l->style = style;
    l->indent = indent;
    l->opens = false;
    l->aside = NULL;
    return l;
}

static void add_link(struct builder *b, const char *text, int indent, enum link_kind kind,
                     uint32_t index, const char *aside)
{
    struct line *l = add_line(b, text, ST_LINK, indent);
    l->opens = true;
    l->target.kind = kind;
    l->target.index = index;
    l->aside = aside && *aside ? mem_strdup(aside) : NULL;
}

/* Adds text as as many lines as it takes at the builder's width; lines after
 * the first start hang cells further in. */
static void add_hanging(struct builder *b, const char *text, int style, int indent, int hang)
{
    buf safe;
    buf_init(&safe);
    text_sanitize(&safe, text, strlen(text));
    size_t i = 0;
    do {
        int at = indent + (i ? hang : 0);
        int width = b->width - at < 8 ? 8 : b->width - at;
        size_t n = text_wrap(safe.data ? safe.data + i : "", safe.len - i, width);
        char *part = mem_strndup(safe.data ? safe.data + i : "", n);
        add_line(b, part, style, at);
        free(part);
        i += n;
    } while (i < safe.len);
    buf_free(&safe);
}

static void add_wrapped(struct builder *b, const char *text, int style, int indent)
{
    add_hanging(b, text, style, indent, 0);
}

static void money_text(buf *out, qsum money)
{
    if (money.parts)
        value_format(out, money.value, UNIT_YUAN, money.qualifier, NULL, VALUE_WORDS);
    else
        buf_puts(out, "no money named");
}

/* The separator of the page lines: · unless ASCII was asked for. */
static const char *dot(const app *a)
{
    return a->ascii ? " - " : " · ";
}

static void entity_aside(buf *out, const app *a, uint32_t e)
{
    const dataset *ds = a->ds;
    const entity *en = &ds->entities[e];
    buf_puts(out, en->type == ENTITY_PLACE ? "place" : "organisation");
    if (en->kind != NONE)
        buf_printf(out, "%s%s", dot(a), ds_str(ds, en->kind));
}

static void path_text(buf *out, const dataset *ds, uint32_t e, const char *sep)
{
    uint32_t path[32];
    uint32_t n = link_path(ds, e, path, 32);
    for (uint32_t i = 0; i < n && i < 32; i++)
        buf_printf(out, "%s%s", i ? sep : "", ds_str(ds, ds->entities[path[i]].name));
}

static const char *crumb(const app *a)
{
    return a->ascii ? " > " : " › ";
}

static void build_record(struct builder *b, uint32_t r)
{
    app *a = b->a;
    const dataset *ds = a->ds;
    const theme *t = &ds->themes[ds->records[r].theme];
    buf line, text;
    buf_init(&line);
    buf_init(&text);
    int label_width = 0;
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        const char *label = ds_str(ds, t->columns[c].label);
        int w = text_width(label, strlen(label));
        label_width = w > label_width ? w : label_width;
    }
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        buf_clear(&text);
        view_cell_text(&text, ds, r, c);
        /* the quote has a section of its own below */
        if (!text.len ||
            (t->columns[c].type == COL_TEXT && ds_cell(ds, r, c) == ds->records[r].quote))
            continue;
        buf_clear(&line);
        const char *label = ds_str(ds, t->columns[c].label);
        text_fit(&line, label, strlen(label), label_width + 2, 0);
        buf_puts(&line, text.data);
        add_hanging(b, line.data, ST_NORMAL, 0, label_width + 2);
    }
    add_line(b, "", ST_NORMAL, 0);
    add_line(b, "The report's words", ST_HEADING, 0);
    buf_clear(&line);
    buf_printf(&line, "“%s”", ds_str(ds, ds->records[r].quote));
    add_wrapped(b, line.data, ST_DIM, 2);
    bool figures = false;
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        uint32_t f = ds_cell(ds, r, c);
        if (t->columns[c].type < COL_MONEY || f == NONE)
            continue;
        if (!figures) {
            add_line(b, "", ST_NORMAL, 0);
            add_line(b, "Figures", ST_HEADING, 0);
        }
        figures = true;
        buf_clear(&line);
        view_figure_text(&line, ds, f);
        buf_printf(&line, "  %s", ds_str(ds, ds->figures[f].label));
        add_wrapped(b, line.data, ST_FIGURE_VALUE, 2);
        buf_clear(&line);
        buf_printf(&line, "“%s”", ds_str(ds, ds->figures[f].quote));
        add_wrapped(b, line.data, ST_DIM, 4);
    }
    uint32_t *ents;
    uint32_t n = link_record_entities(ds, r, &ents);
    if (n) {
        add_line(b, "", ST_NORMAL, 0);
        add_line(b, "Named here (Enter opens)", ST_HEADING, 0);
    }
    for (uint32_t i = 0; i < n; i++) {
        buf_clear(&line);
        path_text(&line, ds, ents[i], crumb(a));
        buf_clear(&text);
        entity_aside(&text, a, ents[i]);
        add_link(b, line.data, 2, LINK_ENTITY, ents[i], text.data);
    }
    free(ents);
    buf_free(&line);
    buf_free(&text);
}

static void record_aside(buf *out, const dataset *ds, uint32_t r)
{
    const theme *t = &ds->themes[ds->records[r].theme];
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        uint32_t f = ds_cell(ds, r, c);
        if (t->columns[c].type < COL_MONEY || f == NONE)
            continue;
        if (out->len)
            buf_puts(out, "  ");
        view_figure_text(out, ds, f);
    }
}

/* The records, a heading per theme, a line each that opens the record. */
static void add_records_by_theme(struct builder *b, const uint32_t *recs, uint32_t nrecs)
{
    const dataset *ds = b->a->ds;
    buf line, aside;
    buf_init(&line);
    buf_init(&aside);
    for (uint32_t i = 0; i < nrecs;) {
        uint32_t t = ds->records[recs[i]].theme, j = i;
        while (j < nrecs && ds->records[recs[j]].theme == t)
            j++;
        add_line(b, "", ST_NORMAL, 0);
        buf_clear(&line);
        buf_printf(&line, "%u %s%s%s (%u)", t + 1, ds_str(ds, ds->themes[t].title), dot(b->a),
                   ds_str(ds, ds->themes[t].id), j - i);
        add_line(b, line.data, ST_HEADING, 0);
        for (; i < j; i++) {
            buf_clear(&aside);
            record_aside(&aside, ds, recs[i]);
            add_link(b, ds_str(ds, ds->records[recs[i]].name), 2, LINK_RECORD, recs[i], aside.data);
        }
    }
    buf_free(&line);
    buf_free(&aside);
}

static void build_unplaced(struct builder *b)
{
    places *p = app_places(b->a);
    buf line;
    buf_init(&line);
    buf_printf(&line, "%u record%s name no place, nor an organisation the report places", p->nunplaced,
               p->nunplaced == 1 ? "" : "s");
    add_line(b, line.data, ST_DIM, 0);
    buf_clear(&line);
    money_text(&line, places_stats(p, PLACES_UNPLACED)->money);
    add_line(b, line.data, ST_FIGURE_VALUE, 0);
    add_records_by_theme(b, p->unplaced, p->nunplaced);
    buf_free(&line);
}

static void build_entity(struct builder *b, uint32_t e)
{
    app *a = b->a;
    const dataset *ds = a->ds;
    const entity *en = &ds->entities[e];
    buf line, aside;
    buf_init(&line);
    buf_init(&aside);
    entity_aside(&line, a, e);
    buf_printf(&line, "%sid %s", dot(a), ds_str(ds, en->id));
    add_line(b, line.data, ST_DIM, 0);
    buf_clear(&line);
    path_text(&line, ds, e, crumb(a));
    add_wrapped(b, line.data, ST_NORMAL, 0);
    uint32_t *recs;
    uint32_t nrecs = link_entity_records(ds, e, &recs);
    buf_clear(&line);
    buf_printf(&line, "%u record%s%s", nrecs, nrecs == 1 ? "" : "s", dot(a));
    money_text(&line, link_money(ds, recs, nrecs));
    add_line(b, line.data, ST_FIGURE_VALUE, 0);
    if (en->parent != NONE) {
        add_line(b, "", ST_NORMAL, 0);
        add_line(b, en->type == ENTITY_PLACE ? "Lies in" : "Located in", ST_HEADING, 0);
        buf_clear(&aside);
        entity_aside(&aside, a, en->parent);
        add_link(b, ds_str(ds, ds->entities[en->parent].name), 2, LINK_ENTITY, en->parent,
                 aside.data);
    }
    uint32_t nchildren;
    const uint32_t *children = link_children(ds, e, &nchildren);
    if (nchildren) {
        add_line(b, "", ST_NORMAL, 0);
        add_line(b, "Inside", ST_HEADING, 0);
    }
    for (uint32_t i = 0; i < nchildren; i++) {
        uint32_t *sub;
        uint32_t nsub = link_entity_records(ds, children[i], &sub);
        buf_clear(&aside);
        buf_printf(&aside, "%u record%s%s", nsub, nsub == 1 ? "" : "s", dot(a));
        money_text(&aside, link_money(ds, sub, nsub));
        free(sub);
        add_link(b, ds_str(ds, ds->entities[children[i]].name), 2, LINK_ENTITY, children[i],
                 aside.data);
    }
    add_records_by_theme(b, recs, nrecs);
    free(recs);
    buf_free(&line);
    buf_free(&aside);
}

static const char *const help_text[][2] = {
    {"1-9", "go to that tab; the one after the themes is the places"},
    {"Tab  Shift-Tab", "next or previous tab"},
    {"Up Down  j k", "move one row"},
    {"PgUp PgDn", "move one page"},
    {"Home End  g G", "first or last row"},
    {"Enter  Right  l", "open the selected row or name"},
    {"Esc  Left  h  Backspace", "back to where you were; Esc also clears a filter"},
    {"<  >", "sort by the previous or next column"},
    {"r", "reverse the sort"},
    {"/", "search as you type; Enter keeps the place, Esc goes back"},
    {"n  N", "next or previous match"},
    {"f", "show only rows containing text; Esc clears"},
    {"p", "the places: a tree with records and money (Enter opens, Left closes)"},
    {"+  -", "in the places: open or close every place"},
    {"c", "bars beside the figures, on or off"},
    {"s", "save a picture of the screen (SVG) for a briefing"},
    {"t", "light or dark theme for those pictures"},
    {"?", "this help"},
    {"q", "back, or quit on a table"},
    {"Q  Ctrl-C", "quit at once"},
};

static void build_help(struct builder *b)
{
    add_line(b, "Keys", ST_HEADING, 0);
    for (size_t i = 0; i < sizeof help_text / sizeof help_text[0]; i++) {
        buf line;
        buf_init(&line);
        text_fit(&line, help_text[i][0], strlen(help_text[i][0]), 26, 0);
        buf_puts(&line, help_text[i][1]);
        add_hanging(b, line.data, ST_NORMAL, 2, 26);
        buf_free(&line);
    }
    add_line(b, "", ST_NORMAL, 0);
    add_line(b, "Searches and filters match any column as shown, figures too (1.3亿);", ST_DIM, 2);
    add_line(b, "ASCII letters match either case. Text typed at a prompt may be Chinese.", ST_DIM, 2);
    add_line(b, "Environment: NO_COLOR for a monochrome screen, ESCDELAY for Esc's wait,", ST_DIM, 2);
    add_line(b, "TERM for the terminal type, LANG or LC_ALL for a UTF-8 locale.", ST_DIM, 2);
}

void app_lines(app *a, int width)
{
    if (a->lines_width == width)
        return;
    clear_lines(a);
    a->lines_width = width;
    struct builder b = {a, 0, width};
    struct page *p = app_page(a);
    switch (p->kind) {
    case PAGE_RECORD:
        build_record(&b, p->target.index);
        break;
    case PAGE_ENTITY:
        build_entity(&b, p->target.index);
        break;
    case PAGE_HELP:
        build_help(&b);
        break;
    case PAGE_UNPLACED:
        build_unplaced(&b);
        break;
    case PAGE_TABLE:
    case PAGE_PLACES:
        break;
    }
    if (p->cursor < 0 || p->cursor >= a->nlines || !a->lines[p->cursor].opens) {
        p->cursor = -1;
        for (long i = 0; i < a->nlines && p->cursor < 0; i++)
            if (a->lines[i].opens)
                p->cursor = i;
    }
}

/* ---- setting up ---- */

static int sort_spec(const char *spec, char **name)
{
    *name = mem_strdup(spec);
    char *colon = strrchr(*name, ':');
    if (colon && (!strcmp(colon, ":desc") || !strcmp(colon, ":asc"))) {
        bool desc = colon[1] == 'd';
        *colon = 0;
        return desc;
    }
    return 0;
}

int app_find_tab(const dataset *ds, const char *name)
{
    int t = dataset_find_theme(ds, name);
    if (t >= 0)
        return t;
    char number[16];
    snprintf(number, sizeof number, "%u", ds->nthemes + 1);
    return !strcmp(name, "places") || !strcmp(name, number) ? (int)ds->nthemes : -1;
}

places *app_places(app *a)
{
    if (!a->places)
        a->places = places_new(a->ds);
    return a->places;
}

app *app_new(const dataset *ds, const struct app_options *o)
{
    app *a = mem_calloc(1, sizeof *a);
    a->ds = ds;
    a->ascii = o->ascii;
    a->tabs = mem_calloc(ds->nthemes, sizeof *a->tabs);
    char *sort_name = NULL;
    bool descending = o->sort ? sort_spec(o->sort, &sort_name) : false;
    for (uint32_t t = 0; t < ds->nthemes; t++) {
        a->tabs[t].view = view_new(ds, t);
        int c = sort_name ? view_find_column(ds, t, sort_name) : -1;
        if (c >= 0)
            view_sort(a->tabs[t].view, c, descending);
        if (o->filter)
            view_filter(a->tabs[t].view, o->filter);
    }
    free(sort_name);
    int t = o->tab ? app_find_tab(ds, o->tab) : 0;
    a->tab = t > 0 ? (uint32_t)t : 0;
    a->depth = 1;
    a->stack[0].kind = app_in_places(a) ? PAGE_PLACES : PAGE_TABLE;
    a->charts = true;
    a->lines_width = -1;
    a->page_rows = 10;
    buf_init(&a->input);
    return a;
}

void app_free(app *a)
{
    if (!a)
        return;
    for (uint32_t t = 0; t < a->ds->nthemes; t++) {
        view_free(a->tabs[t].view);
        free(a->tabs[t].widths);
    }
    free(a->tabs);
    places_free(a->places);
    clear_lines(a);
    buf_free(&a->input);
    free(a->prompt_saved);
    free(a->last_search);
    free(a);
}

/* ---- moving ---- */

static struct tab *current(app *a)
{
    return &a->tabs[a->tab];
}

static void clamp_table(struct tab *t)
{
    long n = (long)t->view->nrows;
    if (t->cursor >= n)
        t->cursor = n - 1;
    if (t->cursor < 0)
        t->cursor = 0;
}

static void say(app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(app *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->message, sizeof a->message, fmt, ap);
    va_end(ap);
}

static void switch_tab(app *a, uint32_t t)
{
    if (t > a->ds->nthemes)
        return;
    a->tab = t;
    a->depth = 1;
    a->stack[0].kind = app_in_places(a) ? PAGE_PLACES : PAGE_TABLE;
    a->prompt = PROMPT_NONE;
    clear_lines(a);
}

static void open_unplaced(app *a)
{
    if (a->depth == APP_MAX_DEPTH)
        return;
    struct page *p = &a->stack[a->depth++];
    p->kind = PAGE_UNPLACED;
    p->cursor = -1;
    p->top = 0;
    clear_lines(a);
}

void app_open(app *a, link_target target)
{
    if (a->depth == APP_MAX_DEPTH) {
        say(a, "too deep: go back first");
        return;
    }
    struct page *p = &a->stack[a->depth++];
    p->kind = target.kind == LINK_RECORD ? PAGE_RECORD : PAGE_ENTITY;
    p->target = target;
    p->cursor = -1;
    p->top = 0;
    clear_lines(a);
}

static void open_help(app *a)
{
    if (app_page(a)->kind == PAGE_HELP || a->depth == APP_MAX_DEPTH)
        return;
    struct page *p = &a->stack[a->depth++];
    p->kind = PAGE_HELP;
    p->cursor = -1;
    p->top = 0;
    clear_lines(a);
}

static bool back(app *a)
{
    if (a->depth <= 1)
        return false;
    a->depth--;
    clear_lines(a);
    return true;
}

static uint32_t selected_record(app *a)
{
    struct tab *t = current(a);
    return t->view->nrows ? t->view->rows[t->cursor] : NONE;
}

/* After the rows changed order or number: the same record stays selected. */
static void reselect(app *a, uint32_t rec)
{
    struct tab *t = current(a);
    t->cursor = 0;
    for (uint32_t i = 0; rec != NONE && i < t->view->nrows; i++)
        if (t->view->rows[i] == rec) {
            t->cursor = i;
            break;
        }
}

static void sort_to(app *a, int by, bool descending)
{
    struct tab *t = current(a);
    uint32_t rec = selected_record(a);
    view_sort(t->view, by, descending);
    reselect(a, rec);
}

/* absolute: by < 0 is the first row, else the last */
static void move_table(app *a, long by, bool absolute)
{
    struct tab *t = current(a);
    if (absolute)
        t->cursor = by < 0 ? 0 : (long)t->view->nrows - 1;
    else
        t->cursor += by;
    clamp_table(t);
}

/* On a page: the previous or next line that opens something, else scroll. */
static void move_page(app *a, long by, bool absolute)
{
    struct page *p = app_page(a);
    long n = a->nlines;
    bool any = false;
    for (long i = 0; i < n && !any; i++)
        any = a->lines[i].opens;
    if (!any) {
        p->top = absolute ? (by < 0 ? 0 : n) : p->top + by;
        long last = n - a->page_rows;
        if (p->top > last)
            p->top = last;
        if (p->top < 0)
            p->top = 0;
        return;
    }
    long target = absolute ? (by < 0 ? 0 : n - 1) : p->cursor + by;
    if (target < 0)
        target = 0;
    if (target >= n)
        target = n - 1;
    int dir = absolute ? (by < 0 ? 1 : -1) : (by < 0 ? -1 : 1);
    long i = target;
    while (i >= 0 && i < n && !a->lines[i].opens)
        i += dir;
    if (i < 0 || i >= n) { /* nothing further that way: stay, or take the nearest */
        i = target;
        while (i >= 0 && i < n && !a->lines[i].opens)
            i -= dir;
    }
    if (i >= 0 && i < n)
        p->cursor = i;
    if (p->cursor < p->top)
        p->top = p->cursor;
    if (p->cursor >= p->top + a->page_rows)
        p->top = p->cursor - a->page_rows + 1;
    if (!absolute && by < 0 && p->top > 0 && p->cursor == p->top) {
        /* show the heading above the first link when going up */
        long k = p->cursor - 1;
        while (k >= 0 && !a->lines[k].opens && a->lines[k].text[0])
            k--;
        if (k < p->cursor - 1 && k + 1 < p->top)
            p->top = k + 1 < 0 ? 0 : k + 1;
    }
}

static void move_places(app *a, long by, bool absolute)
{
    places *p = app_places(a);
    if (absolute)
        a->places_cursor = by < 0 ? 0 : (long)p->nrows - 1;
    else
        a->places_cursor += by;
    if (a->places_cursor >= (long)p->nrows)
        a->places_cursor = (long)p->nrows - 1;
    if (a->places_cursor < 0)
        a->places_cursor = 0;
}

static void move(app *a, long by, bool absolute)
{
    switch (app_page(a)->kind) {
    case PAGE_TABLE:
        move_table(a, by, absolute);
        break;
    case PAGE_PLACES:
        move_places(a, by, absolute);
        break;
    default:
        move_page(a, by, absolute);
    }
}

/* Keeps the cursor on the same place after the rows change. */
static void places_keep(app *a, uint32_t place)
{
    long row = places_find(app_places(a), place);
    /* hidden inside a closed place: the nearest place around it that shows */
    for (uint32_t up = place; row < 0 && up != PLACES_UNPLACED && up != NONE;) {
        up = a->ds->entities[up].parent;
        if (up != NONE)
            row = places_find(app_places(a), up);
    }
    a->places_cursor = row >= 0 ? row : 0;
}

/* The next place after row from (or before it) whose name contains text;
 * the cursor stays where it is when none does. */
static void places_search(app *a, const char *text, long from, int dir)
{
    places *p = app_places(a);
    long n = p->nrows;
    for (long k = 1; k <= n; k++) {
        long row = ((from + dir * k) % n + n) % n;
        uint32_t e = p->rows[row].place;
        if (e != PLACES_UNPLACED && strstr(ds_str(a->ds, a->ds->entities[e].name), text)) {
            a->places_cursor = row;
            return;
        }
    }
    say(a, "no place shown is called anything like that");
}

/* ---- searching and filtering ---- */

static void search(app *a, const char *text, long from, int dir, bool quiet)
{
    struct tab *t = current(a);
    long row = view_search(t->view, text, from, dir);
    if (row >= 0) {
        t->cursor = row;
        a->message[0] = 0;
    } else if (!quiet || *text) {
        buf safe;
        buf_init(&safe);
        text_sanitize(&safe, text, strlen(text));
        say(a, "no row contains \"%s\"", safe.data ? safe.data : "");
        buf_free(&safe);
    }
}

static void start_prompt(app *a, enum prompt_kind kind)
{
    if (app_page(a)->kind == PAGE_PLACES && kind == PROMPT_SEARCH) {
        a->prompt = kind;
        buf_clear(&a->input);
        a->prompt_from = a->places_cursor;
        a->message[0] = 0;
        return;
    }
    if (app_page(a)->kind != PAGE_TABLE) {
        say(a, "%s works on a table: go back first", kind == PROMPT_SEARCH ? "search" : "filter");
        return;
    }
    a->prompt = kind;
    buf_clear(&a->input);
    a->prompt_from = current(a)->cursor;
    free(a->prompt_saved);
    a->prompt_saved = NULL;
    if (kind == PROMPT_FILTER && current(a)->view->filter) {
        a->prompt_saved = mem_strdup(current(a)->view->filter);
        buf_puts(&a->input, a->prompt_saved);
    }
    a->message[0] = 0;
}

static void apply_filter(app *a, const char *text)
{
    uint32_t rec = selected_record(a);
    view_filter(current(a)->view, text);
    reselect(a, rec);
}

/* Whenever the typed text changes. */
static void prompt_changed(app *a)
{
    const char *text = a->input.data ? a->input.data : "";
    if (app_page(a)->kind == PAGE_PLACES) {
        a->places_cursor = a->prompt_from;
        a->message[0] = 0;
        if (*text)
            places_search(a, text, a->prompt_from - 1, 1);
        return;
    }
    if (a->prompt == PROMPT_SEARCH) {
        current(a)->cursor = a->prompt_from;
        if (*text)
            search(a, text, a->prompt_from - 1, 1, true);
        else
            a->message[0] = 0;
    } else {
        apply_filter(a, text);
    }
}

static void prompt_key(app *a, uint32_t key)
{
    switch (key) {
    case K_ENTER:
        if (a->prompt == PROMPT_SEARCH && a->input.len) {
            free(a->last_search);
            a->last_search = mem_strdup(a->input.data);
        }
        a->prompt = PROMPT_NONE;
        return;
    case K_ESC:
    case K_CTRL_C:
        if (app_page(a)->kind == PAGE_PLACES)
            a->places_cursor = a->prompt_from;
        else if (a->prompt == PROMPT_SEARCH)
            current(a)->cursor = a->prompt_from;
        else
            apply_filter(a, a->prompt_saved);
        a->prompt = PROMPT_NONE;
        a->message[0] = 0;
        return;
    case K_BACKSPACE: {
        size_t n = a->input.len;
        while (n > 0 && ((unsigned char)a->input.data[n - 1] & 0xC0) == 0x80)
            n--;
        a->input.len = n ? n - 1 : 0;
        if (a->input.data)
            a->input.data[a->input.len] = 0;
        prompt_changed(a);
        return;
    }
    case 0x15: /* Ctrl-U */
        buf_clear(&a->input);
        prompt_changed(a);
        return;
    default:
        break;
    }
    if (key < 0x20 || key == 0x7F || key >= 0x110000 || (key >= 0x80 && key < 0xA0) ||
        text_class_of(key) == TEXT_UNSAFE || a->input.len > 200)
        return;
    char u[4];
    buf_put(&a->input, u, text_encode(key, u));
    prompt_changed(a);
}

/* ---- keys ---- */

static void table_key(app *a, uint32_t key)
{
    struct tab *t = current(a);
    const theme *th = &a->ds->themes[a->tab];
    int ncolumns = (int)th->ncolumns;
    switch (key) {
    case K_ENTER:
    case K_RIGHT:
    case 'l':
        if (t->view->nrows)
            app_open(a, (link_target){LINK_RECORD, selected_record(a)});
        break;
    case K_ESC:
        if (t->view->filter) {
            apply_filter(a, NULL);
            say(a, "filter cleared");
        }
        break;
    case '<':
        sort_to(a, t->view->sort_column - 1 < -1 ? ncolumns - 1 : t->view->sort_column - 1,
                t->view->descending);
        break;
    case '>':
        sort_to(a, t->view->sort_column + 1 >= ncolumns ? -1 : t->view->sort_column + 1,
                t->view->descending);
        break;
    case 'r':
        sort_to(a, t->view->sort_column, !t->view->descending);
        break;
    case '/':
        start_prompt(a, PROMPT_SEARCH);
        break;
    case 'f':
        start_prompt(a, PROMPT_FILTER);
        break;
    case 'n':
    case 'N':
        if (a->last_search)
            search(a, a->last_search, t->cursor, key == 'n' ? 1 : -1, false);
        else
            say(a, "no search yet: press / to search");
        break;
    default:
        break;
    }
}

static void places_key(app *a, uint32_t key)
{
    places *p = app_places(a);
    if (!p->nrows)
        return;
    place_row *row = &p->rows[a->places_cursor];
    uint32_t here = row->place;
    int ncolumns = (int)places_column_count(p);
    switch (key) {
    case K_ENTER:
    case K_RIGHT:
    case 'l':
        if (row->has_children && !row->open) {
            places_set_open(p, here, true);
            places_keep(a, here);
        } else if (here == PLACES_UNPLACED) {
            open_unplaced(a);
        } else {
            app_open(a, (link_target){LINK_ENTITY, here});
        }
        break;
    case K_LEFT:
    case 'h':
        if (row->open) {
            places_set_open(p, here, false);
            places_keep(a, here);
        } else if (here != PLACES_UNPLACED && a->ds->entities[here].parent != NONE) {
            places_keep(a, a->ds->entities[here].parent);
        }
        break;
    case '+':
    case '-':
        places_open_all(p, key == '+');
        places_keep(a, here);
        break;
    case '<':
    case '>':
    case 'r': {
        int by = p->sort_column;
        bool descending = p->descending;
        if (key == '<')
            by = by - 1 < -1 ? ncolumns - 1 : by - 1;
        else if (key == '>')
            by = by + 1 >= ncolumns ? -1 : by + 1;
        else
            descending = !descending;
        places_sort(p, by, descending);
        places_keep(a, here);
        break;
    }
    case 'n':
    case 'N':
        if (a->last_search)
            places_search(a, a->last_search, a->places_cursor, key == 'n' ? 1 : -1);
        break;
    default:
        break;
    }
}

static void page_key(app *a, uint32_t key)
{
    struct page *p = app_page(a);
    switch (key) {
    case K_ENTER:
    case K_RIGHT:
    case 'l':
        if (p->cursor >= 0 && p->cursor < a->nlines && a->lines[p->cursor].opens)
            app_open(a, a->lines[p->cursor].target);
        break;
    case K_ESC:
        back(a);
        break;
    case '/':
    case 'f':
        start_prompt(a, key == '/' ? PROMPT_SEARCH : PROMPT_FILTER);
        break;
    default:
        break;
    }
}

void app_key(app *a, uint32_t key)
{
    if (a->prompt != PROMPT_NONE) {
        prompt_key(a, key);
        return;
    }
    a->message[0] = 0;
    switch (key) {
    case 'Q':
    case K_CTRL_C:
        a->quit = true;
        return;
    case 'q':
        if (!back(a))
            a->quit = true;
        return;
    case K_LEFT:
    case 'h':
        if (app_page(a)->kind == PAGE_PLACES)
            break; /* closes a place there */
        back(a);
        return;
    case K_BACKSPACE:
        back(a);
        return;
    case K_UP:
    case 'k':
        move(a, -1, false);
        return;
    case K_DOWN:
    case 'j':
        move(a, 1, false);
        return;
    case K_PGUP:
        move(a, -(a->page_rows > 1 ? a->page_rows - 1 : 1), false);
        return;
    case K_PGDN:
        move(a, a->page_rows > 1 ? a->page_rows - 1 : 1, false);
        return;
    case K_HOME:
    case 'g':
        move(a, -1, true);
        return;
    case K_END:
    case 'G':
        move(a, 1, true);
        return;
    case K_TAB:
        switch_tab(a, (a->tab + 1) % (a->ds->nthemes + 1));
        return;
    case K_BACKTAB:
        switch_tab(a, (a->tab + a->ds->nthemes) % (a->ds->nthemes + 1));
        return;
    case 'p':
        switch_tab(a, a->ds->nthemes);
        return;
    case 'c':
        a->charts = !a->charts;
        say(a, "charts %s", a->charts ? "on" : "off");
        return;
    case '?':
        open_help(a);
        return;
    case 's':
        a->want_snapshot = true;
        return;
    case 't':
        a->light_snapshots = !a->light_snapshots;
        say(a, "snapshots (s) now in the %s theme", a->light_snapshots ? "light" : "dark");
        return;
    default:
        break;
    }
    if (key >= '1' && key <= '9') {
        switch_tab(a, key - '1');
        return;
    }
    switch (app_page(a)->kind) {
    case PAGE_TABLE:
        table_key(a, key);
        break;
    case PAGE_PLACES:
        if (key == '/' || key == 'f') {
            if (key == 'f')
                say(a, "filter works on a theme's table");
            else
                start_prompt(a, PROMPT_SEARCH);
        } else {
            places_key(a, key);
        }
        break;
    default:
        page_key(a, key);
    }
}
