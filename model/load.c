/* The loader: reads the file once, front to back, and checks every value as
 * it goes, so that the rest of zjdash can trust the dataset; a mistake stops
 * it with one line that says where (file, line, column, path) and what. */
#include "load.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "dataset_build.h"
#include "jstream.h"
#include "jtree.h"
#include "mem.h"
#include "text.h"
#include "value.h"

#define FORMAT_PREFIX "zjdash/"
#define FORMAT_MAJOR 1
#define FORMAT_MINOR 1
#define MAX_STEPS 8

/* Everything that exists only while a file is read. */
struct loader {
    jstream *js;
    dataset *ds;
    dataset_builder build; /* the string pool's and the id table's, see dataset_build.h */
    bool strict; /* unknown members are mistakes, not a newer minor version */
    unsigned minor; /* the file's minor version: 1.0 files know fewer members */

    size_t figures_cap, figure_at_cap, entities_cap, records_cap, refs_cap, themes_cap;
    size_t relations_cap, listed_cap;
    /* by figure: the figure whose part_of or overlaps listed it last, so that
     * an id listed twice is found without a search */
    uint32_t *listed_by;
    uint8_t *depth;              /* by entity: how many places a place lies in */
    size_t depth_cap;
    size_t cells_len, cells_cap; /* of the theme being read */

    jstream_step steps[MAX_STEPS];
    size_t nsteps;
    jtree_arena tree; /* the element being read, emptied before the next */
    buf scratch;
    buf figure_text; /* each figure as shown, NUL-terminated: see format_figure */

    const struct load_progress *progress; /* NULL: nobody is watching */
    int fd;                               /* -1 for memory: where bytes read are asked */
    size_t file_size;                     /* 0 when unknown (a pipe) */
    uint32_t elements;                    /* read so far, to space the reports */
    bool cancelled;
};

/* Clashes and wrong references are clearer when they say what the id names already. */
static const char *id_kind_name(enum id_kind k, const dataset *ds, uint32_t index)
{
    switch (k) {
    case ID_THEME:
        return "a theme";
    case ID_FIGURE:
        return "a figure";
    case ID_ENTITY:
        return ds->entities[index].type == ENTITY_PLACE ? "a place" : "an organisation";
    case ID_RECORD:
        return "a record";
    default:
        return "nothing";
    }
}

/* ---- errors inside the element being read ---- */

/* Steps say where in the element a message points; jstream turns them into line:column. */
static void push_key(struct loader *L, const char *key)
{
    L->steps[L->nsteps].key = key;
    L->steps[L->nsteps].index = 1;
    L->nsteps++;
}

/* The same step for an array element. */
static void push_index(struct loader *L, size_t index)
{
    L->steps[L->nsteps].key = NULL;
    L->steps[L->nsteps].index = index;
    L->nsteps++;
}

/* Back up after a member checked well, so the next message points beside it. */
static void pop_step(struct loader *L)
{
    L->nsteps--;
}

/* One place turns a message into a located error, at the value or at its key. */
static bool vbad(struct loader *L, bool at_key, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static bool vbad(struct loader *L, bool at_key, const char *fmt, va_list ap)
{
    const char *at;
    size_t len;
    if (!jstream_locate(L->js, L->steps, L->nsteps, at_key, &at, &len))
        jstream_locate(L->js, NULL, 0, false, &at, &len);
    buf msg;
    buf_init(&msg);
    buf_vprintf(&msg, fmt, ap);
    jstream_fail_at(L->js, at, L->steps, L->nsteps, "%s", msg.data);
    buf_free(&msg);
    return false;
}

/* An error about the value the steps lead to. */
static bool bad(struct loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool bad(struct loader *L, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vbad(L, false, fmt, ap);
    va_end(ap);
    return false;
}

/* An error about a member's key rather than its value (unknown, repeated). */
static bool bad_key(struct loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool bad_key(struct loader *L, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vbad(L, true, fmt, ap);
    va_end(ap);
    return false;
}

/* "expected WHAT, found <the value the steps lead to>" */
static bool expected(struct loader *L, const char *what)
{
    const char *at;
    size_t len;
    buf_clear(&L->scratch);
    if (jstream_locate(L->js, L->steps, L->nsteps, false, &at, &len))
        jstream_describe(&L->scratch, at, len);
    return bad(L, "expected %s, found %s", what, L->scratch.data ? L->scratch.data : "nothing");
}

/* An absent member gets the same words everywhere. */
static bool missing(struct loader *L, const char *key, const char *what)
{
    return bad(L, "expected member \"%s\" (%s), found none", key, what);
}

/* ---- checking elements ---- */

/* An unknown member's message lists what the object may have instead. */
static void list_keys(buf *out, const char *const *keys)
{
    for (const char *const *k = keys; *k; k++)
        buf_printf(out, "%s%s", k == keys ? "" : ", ", *k);
}

/* Most members an object may have: a record's own three and its columns. */
#define MAX_MEMBERS 64
#define MAX_COLUMNS (MAX_MEMBERS - 4)

/* The members of an object by slot: the i-th key's in item[i], then (for a
 * record) column c's in item[nkeys + c]. */
struct members {
    cJSON *item[MAX_MEMBERS];
};

/* A key as it may be shown between double quotes: sanitised, with its own
 * quotes and backslashes escaped. */
static void quote_key(buf *out, const char *key)
{
    buf safe;
    buf_init(&safe);
    text_sanitize(&safe, key, strlen(key));
    buf_clear(out);
    for (size_t i = 0; i < safe.len; i++) {
        if (safe.data[i] == '"' || safe.data[i] == '\\')
            buf_putc(out, '\\');
        buf_putc(out, safe.data[i]);
    }
    if (!out->data)
        buf_puts(out, "");
    buf_free(&safe);
}

/* A misspelt key is the likeliest mistake: say which keys (and column keys) would do. */
static bool unknown_member(struct loader *L, const cJSON *c, const char *const *keys,
                           const theme *columns)
{
    buf list;
    buf_init(&list);
    list_keys(&list, keys);
    if (columns) {
        buf_puts(&list, " or a column key (");
        for (uint32_t j = 0; j < columns->ncolumns; j++)
            buf_printf(&list, "%s%s", j ? ", " : "", ds_str(L->ds, columns->columns[j].key));
        buf_putc(&list, ')');
    }
    push_key(L, c->string);
    quote_key(&L->scratch, c->string);
    bad_key(L, "expected one of %s, found member \"%s\"", list.data, L->scratch.data);
    buf_free(&list);
    return false;
}

/* Each member finds its slot (known key, then column key) once, not at every check. */
static size_t slot_of(struct loader *L, const char *key, const char *const *keys, size_t nkeys,
                      const theme *columns)
{
    for (size_t k = 0; k < nkeys; k++)
        if (key[0] == keys[k][0] && !strcmp(key, keys[k]))
            return k;
    uint32_t ncolumns = columns ? columns->ncolumns : 0;
    for (uint32_t j = 0; j < ncolumns; j++) {
        const char *column_key = ds_str(L->ds, columns->columns[j].key);
        if (key[0] == column_key[0] && !strcmp(column_key, key))
            return nkeys + j;
    }
    return nkeys + ncolumns;
}

/* Sorts an object's members into their slots in one pass, refusing a member
 * given twice and, unless the file is of a newer minor version, one this
 * version does not know. */
static bool bind_object(struct loader *L, cJSON *obj, const char *what, const char *const *keys,
                        const theme *columns, struct members *m)
{
    if (!cJSON_IsObject(obj))
        return expected(L, what);
    size_t nkeys = 0;
    while (keys[nkeys])
        nkeys++;
    size_t total = nkeys + (columns ? columns->ncolumns : 0);
    memset(m->item, 0, total * sizeof m->item[0]);
    for (cJSON *c = obj->child; c; c = c->next) {
        size_t k = slot_of(L, c->string, keys, nkeys, columns);
        if (k == total) {
            if (!L->strict)
                continue;
            return unknown_member(L, c, keys, columns);
        }
        if (m->item[k]) {
            size_t seen = 1;
            for (const cJSON *d = obj->child; d != c; d = d->next)
                seen += !strcmp(d->string, c->string);
            push_key(L, c->string);
            L->steps[L->nsteps - 1].index = seen;
            return bad_key(L, "expected each member once, found \"%s\" again", c->string);
        }
        m->item[k] = c;
    }
    return true;
}

/* ---- typed members ---- */

/* Ids link things across the file and are typed on command lines: a small, quotable alphabet. */
static bool is_id(const char *s, size_t n)
{
    if (n < 1 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || strchr("_-.:", s[i])))
            return false;
    return true;
}

/* Kinds (village, firm, ...) are words a program compares: a-z and _ only, never spelt two ways. */
static bool is_identifier(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
            return false;
    return true;
}

/* Every string of an element is hashed, and its slot in the string pool's
 * table asked of the cache, as soon as jstream has read it: the table
 * outgrows the cache, and the misses of one element then overlap with each
 * other and with the reading of the rest of it. The hash waits in the
 * node's valuedouble (jtree.h). */
static void string_made(void *user, cJSON *item)
{
    struct loader *L = user;
    uint32_t h = dataset_hash(item->valuestring, (size_t)item->valueint);
    item->valuedouble = h;
    dataset_prefetch(&L->build, h);
}

/* What string_made left in a string node. */
static uint32_t string_hash(const cJSON *item)
{
    return (uint32_t)item->valuedouble;
}

enum text_rule { ANY_TEXT, ID_TEXT, IDENT_TEXT };

/* The value the steps lead to as text; an empty string is refused. */
static bool text_value(struct loader *L, cJSON *item, enum text_rule rule, str_ref *out)
{
    static const char *const rule_what[] = {
        "non-empty text",
        "an id (1 to 64 characters from A-Z a-z 0-9 _ - . :)",
        "a name of lower-case letters and _ (at most 32)",
    };
    if (!cJSON_IsString(item) || !item->valuestring[0])
        return expected(L, rule_what[rule]);
    if (rule == ID_TEXT && !is_id(item->valuestring, (size_t)item->valueint)) {
        size_t chars = 0;
        for (const char *c = item->valuestring; *c; c++)
            chars += ((unsigned char)*c & 0xC0) != 0x80;
        if (chars <= 64)
            return expected(L, rule_what[rule]);
        buf_clear(&L->scratch);
        buf_printf(&L->scratch, "a string of %zu characters \"", chars);
        text_fit(&L->scratch, item->valuestring, strlen(item->valuestring), 40, TEXT_NO_PAD);
        buf_putc(&L->scratch, '"');
        return bad(L, "expected %s, found %s", rule_what[rule], L->scratch.data);
    }
    if (rule == IDENT_TEXT && !is_identifier(item->valuestring))
        return expected(L, rule_what[rule]);
    if (!dataset_intern_hashed(&L->build, L->ds, item->valuestring, (size_t)item->valueint,
                               string_hash(item), out)) {
        jstream_fail_at_key(L->js, "expected at most 4 GiB of text in all");
        return false;
    }
    return true;
}

/* A member's value as text: item is the member, NULL if the object has none. */
static bool text_member(struct loader *L, cJSON *item, const char *key, bool required,
                        enum text_rule rule, str_ref *out)
{
    *out = NONE;
    if (!item)
        return !required || missing(L, key, rule == ID_TEXT ? "an id" : "text");
    push_key(L, key);
    bool ok = text_value(L, item, rule, out);
    pop_step(L);
    return ok;
}

/* Registers the id of a new thing (the string of item, interned as id),
 * refusing one already in use. */
static bool define_id(struct loader *L, const cJSON *item, str_ref id, enum id_kind kind,
                      uint32_t index)
{
    dataset *ds = L->ds;
    const char *s = ds->strings + id;
    size_t n = (size_t)item->valueint;
    uint32_t other, h = string_hash(item);
    enum id_kind other_kind = dataset_builder_find_id(&L->build, ds, s, n, h, &other);
    if (other_kind != ID_NONE) {
        if (kind != ID_THEME) /* a theme's id is read as a value of its own */
            push_key(L, "id");
        return bad(L, "expected an id not used before, found \"%s\", already the id of %s", s,
                   id_kind_name(other_kind, ds, other));
    }
    if (index > DATASET_MAX_INDEX) {
        push_key(L, "id");
        return bad(L, "expected at most %u things of a kind", DATASET_MAX_INDEX);
    }
    dataset_add_id(&L->build, id, h, kind, index);
    return true;
}

/* The id at the steps, which must name something of the given kind defined earlier. */
static bool resolve(struct loader *L, cJSON *item, enum id_kind want, const char *what,
                    uint32_t *index)
{
    if (!cJSON_IsString(item) || !is_id(item->valuestring, (size_t)item->valueint))
        return expected(L, what);
    uint32_t found;
    enum id_kind kind = dataset_builder_find_id(&L->build, L->ds, item->valuestring,
                                                (size_t)item->valueint, string_hash(item), &found);
    if (kind == ID_NONE)
        return bad(L, "expected %s, found \"%s\", which no earlier element defines "
                   "(ids are defined before they are used)", what, item->valuestring);
    if (kind != want)
        return bad(L, "expected %s, found \"%s\", the id of %s", what, item->valuestring,
                   id_kind_name(kind, L->ds, found));
    *index = found;
    return true;
}

/* Where an entity is must be a place, never an organisation. */
static bool place_member(struct loader *L, cJSON *item, const char *key, uint32_t *out)
{
    *out = NONE;
    if (!item)
        return true;
    push_key(L, key);
    bool ok = resolve(L, item, ID_ENTITY, "the id of a place", out) &&
              (L->ds->entities[*out].type == ENTITY_PLACE ||
               bad(L, "expected the id of a place, found \"%s\", the id of an organisation",
                   item->valuestring));
    pop_step(L);
    return ok;
}

/* Units and qualifiers are closed lists: a member read by the list's own parser. */
static bool enum_member(struct loader *L, cJSON *item, const char *key, const char *what,
                        bool (*parse)(const char *, void *), void *out)
{
    if (!item)
        return missing(L, key, what);
    push_key(L, key);
    bool ok = (cJSON_IsString(item) && parse(item->valuestring, out)) || expected(L, what);
    pop_step(L);
    return ok;
}

/* unit_parse in the shape enum_member takes. */
static bool parse_unit(const char *s, void *out)
{
    return unit_parse(s, out);
}

/* qualifier_parse in the shape enum_member takes. */
static bool parse_qualifier(const char *s, void *out)
{
    return qualifier_parse(s, out);
}

/* figure_kind_parse in the shape enum_member takes. */
static bool parse_kind(const char *s, void *out)
{
    return figure_kind_parse(s, out);
}

/* ---- the parts of the file ---- */

/* How far the window has read, for a file or a pipe alike. */
static size_t bytes_read(const struct loader *L)
{
    return L->fd < 0 ? 0 : (size_t)jstream_bytes_read(L->js);
}

/* Tells the watcher how far the load is and asks whether to go on; false
 * (and cancelled) when it says stop. */
static bool tell_progress(struct loader *L)
{
    const struct load_progress *p = L->progress;
    if (p->report)
        p->report(p->user, bytes_read(L), L->file_size, L->ds->nrecords);
    if (p->cancelled && p->cancelled(p->user)) {
        L->cancelled = true;
        return false;
    }
    return true;
}

/* A pipe that has stalled between two reads: the watcher still hears about
 * it (and may stop the load) twenty times a second. */
static bool waiting(void *user)
{
    return tell_progress(user);
}

/* Between two elements, where a stop leaves nothing that load() cannot free;
 * a counter, not a clock, so that an unwatched load pays one increment. */
static bool tick(struct loader *L)
{
    if (!L->progress || ++L->elements % LOAD_PROGRESS_EVERY)
        return true;
    return tell_progress(L);
}

/* Reads the next whole value and hands it to fn as a tree of cJSON nodes. */
static bool with_value(struct loader *L, bool (*fn)(struct loader *, cJSON *, void *), void *ctx)
{
    cJSON *item;
    if (!jstream_tree(L->js, &L->tree, &item)) {
        jtree_reset(&L->tree);
        return false;
    }
    L->nsteps = 0;
    bool ok = fn(L, item, ctx);
    jtree_reset(&L->tree);
    return ok;
}

/* Streams an array, one element at a time. */
static bool each_element(struct loader *L, bool (*fn)(struct loader *, cJSON *, void *), void *ctx)
{
    if (!jstream_begin_array(L->js))
        return false;
    int r;
    while ((r = jstream_next_element(L->js)) == 1) {
        if (!with_value(L, fn, ctx))
            return false;
        jstream_release(L->js);
        if (!tick(L))
            return false;
    }
    return r == 0;
}

/* Read first, so that a newer minor version is read leniently and a newer major one refused. */
static bool read_format(struct loader *L, cJSON *item, void *ctx)
{
    (void)ctx;
    const char *want = "\"" FORMAT_PREFIX "1.1\"";
    if (!cJSON_IsString(item) || strncmp(item->valuestring, FORMAT_PREFIX, strlen(FORMAT_PREFIX)))
        return expected(L, want);
    const char *v = item->valuestring + strlen(FORMAT_PREFIX);
    unsigned major = 0, minor = 0;
    size_t i = 0, digits = 0;
    /* each number as semantic versioning writes it: no leading zero (01.0
     * is not 1.0 written otherwise, it is no version) */
    for (; v[i] >= '0' && v[i] <= '9' && digits < 4; i++, digits++)
        major = major * 10 + (unsigned)(v[i] - '0');
    if (!digits || (digits > 1 && v[0] == '0') || v[i++] != '.')
        return expected(L, want);
    size_t minor_at = i;
    for (digits = 0; v[i] >= '0' && v[i] <= '9' && digits < 4; i++, digits++)
        minor = minor * 10 + (unsigned)(v[i] - '0');
    if (!digits || (digits > 1 && v[minor_at] == '0') || v[i])
        return expected(L, want);
    if (major != FORMAT_MAJOR)
        return bad(L, "expected format version %d.x, found \"%s\": this zjdash cannot read it",
                   FORMAT_MAJOR, item->valuestring);
    L->strict = minor <= FORMAT_MINOR;
    L->minor = minor;
    return true;
}

/* The report's title, publisher and date head every screen and dump. */
static bool read_meta(struct loader *L, cJSON *obj, void *ctx)
{
    static const char *const keys[] = {"title", "publisher", "published", "section", NULL};
    enum { TITLE, PUBLISHER, PUBLISHED, SECTION };
    dataset *ds = L->ds;
    struct members m;
    (void)ctx;
    if (!bind_object(L, obj, "an object", keys, NULL, &m) ||
        !text_member(L, m.item[TITLE], "title", true, ANY_TEXT, &ds->meta.title) ||
        !text_member(L, m.item[PUBLISHER], "publisher", true, ANY_TEXT, &ds->meta.publisher) ||
        !text_member(L, m.item[PUBLISHED], "published", true, ANY_TEXT, &ds->meta.published))
        return false;
    if (!value_check_datetime(ds->strings + ds->meta.published)) {
        push_key(L, "published");
        return expected(L, "a date-time YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM]");
    }
    cJSON *section = m.item[SECTION];
    if (!section)
        return true;
    push_key(L, "section");
    if (!cJSON_IsArray(section))
        return expected(L, "an array of text");
    uint32_t n = (uint32_t)cJSON_GetArraySize(section), i = 0;
    ds->meta.section = mem_calloc(n, sizeof *ds->meta.section);
    for (cJSON *c = section->child; c; c = c->next, i++) {
        push_index(L, i);
        if (!text_value(L, c, ANY_TEXT, &ds->meta.section[i]))
            return false;
        pop_step(L);
    }
    ds->meta.nsection = n;
    pop_step(L);
    return true;
}

/* Whether the number the steps lead to is whole as written: a double hides
 * 4170.0000000000001 as 4170. */
static bool whole_as_written(struct loader *L)
{
    const char *s;
    size_t n;
    if (!jstream_locate(L->js, L->steps, L->nsteps, false, &s, &n))
        return false;
    size_t i = s[0] == '-' ? 1 : 0, int_start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    size_t int_end = i, frac_start = i, frac_end = i;
    if (i < n && s[i] == '.') {
        frac_start = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        frac_end = i;
    }
    long exponent = 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool minus = i < n && s[i] == '-';
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            exponent = exponent < 100000 ? exponent * 10 + (s[i] - '0') : exponent;
        if (minus)
            exponent = -exponent;
    }
    /* the digits after the point, moved by the exponent, must be zeros */
    for (size_t k = frac_start; k < frac_end; k++)
        if (s[k] != '0' && (long)(k - frac_start) >= exponent)
            return false;
    /* with a negative exponent, so must the last digits before the point */
    for (long k = 0; k < -exponent && (size_t)k < int_end - int_start; k++)
        if (s[int_end - 1 - (size_t)k] != '0')
            return false;
    return true;
}

/* The figure as shown goes into dataset.figure_text now, so that filters
 * search figures like any other text: formatting a million of them on the
 * first filter took longer than a filter may. Each figure's JSON holds its
 * measure, so this text grows no faster than the file. */
static bool format_figure(struct loader *L, const figure *f)
{
    dataset *ds = L->ds;
    size_t at = L->figure_text.len;
    value_format(&L->figure_text, f->value, f->unit, f->qualifier,
                 f->measure == NONE ? NULL : ds_str(ds, f->measure), VALUE_WORDS);
    buf_putc(&L->figure_text, 0);
    if (L->figure_text.len >= NONE) {
        jstream_fail_at_key(L->js, "expected at most 4 GiB of figures as shown in all");
        return false;
    }
    ds->figure_at = mem_grow(ds->figure_at, &L->figure_at_cap, ds->nfigures + 1, sizeof *ds->figure_at);
    ds->figure_at[ds->nfigures] = (uint32_t)at;
    return true;
}

/* A figure's value: a number of its unit, whole as written, or a date. */
static bool read_figure_value(struct loader *L, cJSON *value, figure *f)
{
    if (!value)
        return missing(L, "value", f->unit == UNIT_DATE ? "a date" : "a number");
    push_key(L, "value");
    if (f->unit == UNIT_DATE) {
        if (!cJSON_IsString(value) || !value_parse_date(value->valuestring, &f->value))
            return expected(L, "a date \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\" (unit date)");
    } else {
        double d = cJSON_IsNumber(value) ? value->valuedouble : -1;
        if (!cJSON_IsNumber(value) || !isfinite(d) || d != floor(d) || d < 0 ||
            d > (double)VALUE_MAX || !(value->type & JTREE_DIGITS_ONLY || whole_as_written(L)))
            return expected(L, f->unit == UNIT_YUAN
                                   ? "a whole number of yuan from 0 to 9007199254740991"
                                   : "a whole number from 0 to 9007199254740991");
        f->value = (int64_t)d; /* -0 becomes 0 */
    }
    pop_step(L);
    return true;
}

/* One id of a part_of or overlaps list: a figure defined before this one (f,
 * to be the self-th), of its unit, not listed already by this figure. */
static bool read_related(struct loader *L, cJSON *item, const figure *f, uint32_t self,
                         enum figure_relation how)
{
    dataset *ds = L->ds;
    uint32_t other;
    if (cJSON_IsString(item) && !strcmp(item->valuestring, ds_str(ds, f->id)))
        return bad(L, "expected the id of another figure, found \"%s\", this figure's own id",
                   item->valuestring);
    if (!resolve(L, item, ID_FIGURE, "the id of a figure", &other))
        return false;
    if (ds->figures[other].unit != f->unit)
        return bad(L, "expected the id of a figure with unit %s (this figure's), found \"%s\", "
                   "a figure with unit %s", unit_name(f->unit), item->valuestring,
                   unit_name(ds->figures[other].unit));
    if (L->listed_by[other] == self)
        return bad(L, "expected each figure once in part_of and overlaps, found \"%s\" again",
                   item->valuestring);
    if (ds->nrelations >= DATASET_MAX_INDEX)
        return bad(L, "expected at most %u relations between figures", DATASET_MAX_INDEX);
    L->listed_by[other] = self;
    ds->relations = mem_grow(ds->relations, &L->relations_cap, ds->nrelations + 1,
                             sizeof *ds->relations);
    ds->relations[ds->nrelations++] = (figure_pair){self, other, (uint8_t)how};
    return true;
}

/* part_of or overlaps (key): what the report says of how this figure relates
 * to earlier ones, so that no total adds what may overlap. */
static bool read_relations(struct loader *L, cJSON *list, const char *key, const figure *f,
                           enum figure_relation how)
{
    if (!list)
        return true;
    push_key(L, key);
    if (!cJSON_IsArray(list))
        return expected(L, "an array of ids of figures");
    uint32_t i = 0;
    for (cJSON *c = list->child; c; c = c->next, i++) {
        push_index(L, i);
        if (!read_related(L, c, f, L->ds->nfigures, how))
            return false;
        pop_step(L);
    }
    pop_step(L);
    return true;
}

/* The members a figure may have; a 1.0 file knows only the first eight, so
 * that one using kind, part_of or overlaps gets the usual unknown-member error. */
enum { FIG_ID, FIG_LABEL, FIG_VALUE, FIG_UNIT, FIG_QUALIFIER, FIG_QUOTE, FIG_MEASURE,
       FIG_HEADLINE, FIG_KIND, FIG_PART_OF, FIG_OVERLAPS };
static const char *const figure_keys_1_0[] = {"id",    "label",   "value",    "unit",
                                              "qualifier", "quote", "measure", "headline", NULL};
static const char *const figure_keys_1_1[] = {
    "id",      "label",    "value", "unit",    "qualifier", "quote",
    "measure", "headline", "kind",  "part_of", "overlaps",  NULL};

/* The members of a figure that are words of closed lists. */
static bool read_figure_words(struct loader *L, const struct members *m, figure *f)
{
    enum unit unit;
    enum qualifier qualifier;
    enum figure_kind kind = FIGURE_KIND_UNKNOWN;
    if (!enum_member(L, m->item[FIG_UNIT], "unit",
                     "a unit: yuan, person, person_time, item or date", parse_unit, &unit) ||
        !enum_member(L, m->item[FIG_QUALIFIER], "qualifier",
                     "a qualifier: exact, about, over or at_least", parse_qualifier, &qualifier))
        return false;
    cJSON *word = m->item[FIG_KIND];
    /* a newer minor version may know more kinds: one unknown here is unknown */
    bool newer_kind = word && !L->strict && cJSON_IsString(word) &&
                      !figure_kind_parse(word->valuestring, &kind);
    if (word && !newer_kind &&
        !enum_member(L, word, "kind", "a kind: investment, donation, income, output, funding or other",
                     parse_kind, &kind))
        return false;
    f->unit = (uint8_t)unit;
    f->qualifier = (uint8_t)qualifier;
    f->kind = (uint8_t)kind;
    return true;
}

/* headline is a flag: true or false, nothing that merely looks like one. */
static bool read_headline(struct loader *L, cJSON *headline, figure *f)
{
    if (!headline)
        return true;
    push_key(L, "headline");
    if (!cJSON_IsBool(headline))
        return expected(L, "true or false");
    pop_step(L);
    f->headline = cJSON_IsTrue(headline);
    return true;
}

/* A figure is checked whole (unit, qualifier, value, quote, relations) before
 * anything refers to it. */
static bool read_figure(struct loader *L, cJSON *obj, void *ctx)
{
    dataset *ds = L->ds;
    figure f = {.theme = *(const int32_t *)ctx};
    struct members m = {{NULL}};
    if (!bind_object(L, obj, "a figure (an object)", L->minor ? figure_keys_1_1 : figure_keys_1_0,
                     NULL, &m) ||
        !text_member(L, m.item[FIG_ID], "id", true, ID_TEXT, &f.id) ||
        !text_member(L, m.item[FIG_LABEL], "label", true, ANY_TEXT, &f.label) ||
        !read_figure_words(L, &m, &f) ||
        !text_member(L, m.item[FIG_QUOTE], "quote", true, ANY_TEXT, &f.quote) ||
        !text_member(L, m.item[FIG_MEASURE], "measure", false, ANY_TEXT, &f.measure) ||
        !read_headline(L, m.item[FIG_HEADLINE], &f) ||
        !read_figure_value(L, m.item[FIG_VALUE], &f))
        return false;
    L->listed_by = mem_grow(L->listed_by, &L->listed_cap, ds->nfigures + 1, sizeof *L->listed_by);
    L->listed_by[ds->nfigures] = NONE;
    if (!read_relations(L, m.item[FIG_PART_OF], "part_of", &f, REL_PART_OF) ||
        !read_relations(L, m.item[FIG_OVERLAPS], "overlaps", &f, REL_OVERLAPS) ||
        !define_id(L, m.item[FIG_ID], f.id, ID_FIGURE, ds->nfigures) || !format_figure(L, &f))
        return false;
    ds->figures = mem_grow(ds->figures, &L->figures_cap, ds->nfigures + 1, sizeof f);
    ds->figures[ds->nfigures++] = f;
    return true;
}

/* Places and organisations differ only in what their "where" member is called. */
static bool read_entity(struct loader *L, cJSON *obj, void *ctx)
{
    static const char *const place_keys[] = {"id", "name", "kind", "parent", NULL};
    static const char *const org_keys[] = {"id", "name", "kind", "place", NULL};
    dataset *ds = L->ds;
    enum { ID, NAME, KIND, WHERE };
    entity e = {.type = (uint8_t)*(const enum entity_type *)ctx};
    bool place = e.type == ENTITY_PLACE;
    struct members m;
    if (!bind_object(L, obj, place ? "a place (an object)" : "an organisation (an object)",
                     place ? place_keys : org_keys, NULL, &m) ||
        !text_member(L, m.item[ID], "id", true, ID_TEXT, &e.id) ||
        !text_member(L, m.item[NAME], "name", true, ANY_TEXT, &e.name) ||
        !text_member(L, m.item[KIND], "kind", false, IDENT_TEXT, &e.kind) ||
        !place_member(L, m.item[WHERE], place ? "parent" : "place", &e.parent) ||
        !define_id(L, m.item[ID], e.id, ID_ENTITY, ds->nentities))
        return false;
    L->depth = mem_grow(L->depth, &L->depth_cap, ds->nentities + 1, 1);
    L->depth[ds->nentities] = place && e.parent != NONE ? L->depth[e.parent] + 1 : 0;
    if (L->depth[ds->nentities] > DATASET_MAX_PLACE_DEPTH) {
        push_key(L, "parent");
        return bad(L, "expected places nested at most %d deep (a city, its counties, their towns ...), "
                      "found \"%s\", which lies in %d places already", DATASET_MAX_PLACE_DEPTH,
                   ds_str(ds, ds->entities[e.parent].id), DATASET_MAX_PLACE_DEPTH);
    }
    ds->entities = mem_grow(ds->entities, &L->entities_cap, ds->nentities + 1, sizeof e);
    ds->entities[ds->nentities++] = e;
    return true;
}

/* ---- themes ---- */

/* Readers find the theme they fill without being handed it: it is always the last. */
static theme *current_theme(struct loader *L)
{
    return &L->ds->themes[L->ds->nthemes - 1];
}

/* A theme's id, title or heading: what it must be and where it goes. */
struct theme_text {
    enum text_rule rule;
    str_ref *out;
};

/* A theme's id is defined while its value is the current one, so that a clash points at it. */
static bool read_theme_text(struct loader *L, cJSON *item, void *ctx)
{
    const struct theme_text *tt = ctx;
    theme *t = current_theme(L);
    if (!text_value(L, item, tt->rule, tt->out))
        return false;
    return tt->out != &t->id || define_id(L, item, t->id, ID_THEME, L->ds->nthemes - 1);
}

/* A record's member names its column by key, so two columns may not share one. */
static bool column_key_taken(const theme *t, uint32_t upto, str_ref key)
{
    for (uint32_t i = 0; i < upto; i++)
        if (t->columns[i].key == key)
            return true;
    return false;
}

/* id, name and quote are a record's own members, which a column may show. */
static bool is_own_member(const char *key)
{
    /* asked of every column of every record: the first letter settles most */
    if (key[0] != 'i' && key[0] != 'n' && key[0] != 'q')
        return false;
    return !strcmp(key, "id") || !strcmp(key, "name") || !strcmp(key, "quote");
}

/* Only a count column says what it counts; money is in yuan and dates are dates. */
static bool read_column_unit(struct loader *L, column *col, cJSON *unit, const char *type)
{
    enum unit u = col->type == COL_MONEY ? UNIT_YUAN : UNIT_DATE;
    if (col->type == COL_COUNT) {
        if (!enum_member(L, unit, "unit", "a unit for the count: person, person_time or item",
                         parse_unit, &u))
            return false;
        if (u == UNIT_YUAN || u == UNIT_DATE) {
            push_key(L, "unit");
            return expected(L, "a unit for the count: person, person_time or item");
        }
    } else if (unit) {
        push_key(L, "unit");
        buf_clear(&L->scratch);
        const char *at;
        size_t len;
        if (jstream_locate(L->js, L->steps, L->nsteps, false, &at, &len))
            jstream_describe(&L->scratch, at, len);
        return bad(L, "expected no unit for a %s column (only count columns have one), found %s",
                   type, L->scratch.data ? L->scratch.data : "one");
    }
    col->unit = (uint8_t)u;
    return true;
}

/* Each column is checked on its own, under its own index in the messages. */
static bool read_column(struct loader *L, theme *t, uint32_t i, cJSON *obj)
{
    static const char *const keys[] = {"key", "label", "type", "unit", NULL};
    enum { KEY, LABEL, TYPE, UNIT };
    column *col = &t->columns[i];
    struct members m;
    if (!bind_object(L, obj, "a column (an object)", keys, NULL, &m) ||
        !text_member(L, m.item[KEY], "key", true, ID_TEXT, &col->key) ||
        !text_member(L, m.item[LABEL], "label", true, ANY_TEXT, &col->label))
        return false;
    if (column_key_taken(t, i, col->key)) {
        push_key(L, "key");
        return bad(L, "expected a key no other column of this theme has, found \"%s\" again",
                   ds_str(L->ds, col->key));
    }
    cJSON *type = m.item[TYPE];
    if (!type)
        return missing(L, "type", "text, refs, money, count or date");
    push_key(L, "type");
    enum column_type k = COL_TEXT;
    while (cJSON_IsString(type) && k <= COL_DATE && strcmp(column_type_name(k), type->valuestring))
        k++;
    if (!cJSON_IsString(type) || k > COL_DATE)
        return expected(L, "a column type: text, refs, money, count or date");
    pop_step(L);
    col->type = (uint8_t)k;
    const char *key = ds_str(L->ds, col->key);
    if (is_own_member(key) && col->type != COL_TEXT) {
        push_key(L, "type");
        return bad(L, "expected type text for the record's own member \"%s\", found \"%s\"",
                   key, type->valuestring);
    }
    return read_column_unit(L, col, m.item[UNIT], type->valuestring);
}

/* Records are read against their theme's columns, so these come first. */
static bool read_columns(struct loader *L, cJSON *arr, void *ctx)
{
    theme *t = current_theme(L);
    (void)ctx;
    if (!cJSON_IsArray(arr) || !arr->child)
        return expected(L, "an array of at least one column");
    uint32_t n = (uint32_t)cJSON_GetArraySize(arr), i = 0;
    if (n > MAX_COLUMNS)
        return bad(L, "expected at most %d columns, found %u", MAX_COLUMNS, n);
    t->columns = mem_calloc(n, sizeof *t->columns);
    for (cJSON *c = arr->child; c; c = c->next, i++) {
        push_index(L, i);
        if (!read_column(L, t, i, c))
            return false;
        pop_step(L);
    }
    t->ncolumns = n;
    return true;
}

/* A list of names must name places or organisations already defined, each once. */
static bool read_refs(struct loader *L, cJSON *item, uint32_t *cell)
{
    dataset *ds = L->ds;
    if (!cJSON_IsArray(item))
        return expected(L, "an array of ids of places and organisations");
    uint32_t n = (uint32_t)cJSON_GetArraySize(item), i = 0;
    size_t at = ds->nrefs;
    ds->refs = mem_grow(ds->refs, &L->refs_cap, at + 1 + n, sizeof *ds->refs);
    ds->refs[at] = n;
    for (cJSON *c = item->child; c; c = c->next, i++) {
        push_index(L, i);
        uint32_t e;
        if (!resolve(L, c, ID_ENTITY, "the id of a place or an organisation", &e))
            return false;
        for (uint32_t k = 0; k < i; k++)
            if (ds->refs[at + 1 + k] == e)
                return bad(L, "expected each id once in the list, found \"%s\" again",
                           c->valuestring);
        ds->refs[at + 1 + i] = e;
        pop_step(L);
    }
    ds->nrefs = at + 1 + n;
    *cell = (uint32_t)at;
    return true;
}

/* A money, count or date cell names a figure, which must have the column's unit. */
static bool read_figure_cell(struct loader *L, cJSON *item, const column *col, uint32_t *cell)
{
    static const char *const what[] = {
        [COL_MONEY] = "the id of a figure in yuan",
        [COL_COUNT] = "the id of a figure",
        [COL_DATE] = "the id of a figure with unit date",
    };
    if (!resolve(L, item, ID_FIGURE, what[col->type], cell))
        return false;
    const figure *f = &L->ds->figures[*cell];
    if (f->unit != col->unit)
        return bad(L, "expected the id of a figure with unit %s (the column's), found \"%s\", "
                   "a figure with unit %s", unit_name(col->unit), item->valuestring,
                   unit_name(f->unit));
    return true;
}

/* A record is one row of its theme's table: its own members, then a cell per column. */
static bool read_record(struct loader *L, cJSON *obj, void *ctx)
{
    static const char *const keys[] = {"id", "name", "quote", NULL};
    enum { ID, NAME, QUOTE, COLUMNS };
    dataset *ds = L->ds;
    theme *t = ctx;
    record r = {.theme = ds->nthemes - 1};
    struct members m;
    if (!bind_object(L, obj, "a record (an object)", keys, t, &m) ||
        !text_member(L, m.item[ID], "id", true, ID_TEXT, &r.id) ||
        !text_member(L, m.item[NAME], "name", true, ANY_TEXT, &r.name) ||
        !text_member(L, m.item[QUOTE], "quote", true, ANY_TEXT, &r.quote))
        return false;
    L->cells_len = (size_t)t->nrecords * t->ncolumns;
    t->cells = mem_grow(t->cells, &L->cells_cap, L->cells_len + t->ncolumns, sizeof *t->cells);
    uint32_t *cells = t->cells + L->cells_len;
    for (uint32_t c = 0; c < t->ncolumns; c++) {
        const column *col = &t->columns[c];
        const char *key = ds_str(ds, col->key);
        cJSON *item = m.item[COLUMNS + c];
        cells[c] = NONE;
        if (is_own_member(key)) {
            cells[c] = key[0] == 'i' ? r.id : key[0] == 'n' ? r.name : r.quote;
            continue;
        }
        if (!item)
            continue;
        push_key(L, item->string);
        bool ok;
        switch (col->type) {
        case COL_TEXT:
            ok = text_value(L, item, ANY_TEXT, &cells[c]);
            break;
        case COL_REFS:
            ok = read_refs(L, item, &cells[c]);
            break;
        default:
            ok = read_figure_cell(L, item, col, &cells[c]);
        }
        if (!ok)
            return false;
        pop_step(L);
    }
    if (!define_id(L, m.item[ID], r.id, ID_RECORD, ds->nrecords))
        return false;
    ds->records = mem_grow(ds->records, &L->records_cap, ds->nrecords + 1, sizeof r);
    ds->records[ds->nrecords++] = r;
    t->nrecords++;
    return true;
}

enum { SKIP = -1, FAILED = -2 };

/* Which of the known members key is, marked as seen; SKIP for an unknown
 * member of a newer minor version (its value is passed over), FAILED for an
 * unknown or repeated one. */
static int which_member(struct loader *L, const char *key, const char *const *names, bool *seen)
{
    jstream *js = L->js;
    int m = 0;
    while (names[m] && strcmp(names[m], key))
        m++;
    if (!names[m]) {
        if (!L->strict) {
            const char *s;
            size_t n;
            if (!jstream_value(js, &s, &n))
                return FAILED;
            jstream_release(js);
            return SKIP;
        }
        buf list;
        buf_init(&list);
        list_keys(&list, names);
        quote_key(&L->scratch, key);
        jstream_fail_at_key(js, "expected one of %s, found member \"%s\"", list.data,
                            L->scratch.data ? L->scratch.data : "");
        buf_free(&list);
        return FAILED;
    }
    if (seen[m]) {
        jstream_fail_at_key(js, "expected each member once, found \"%s\" again", key);
        return FAILED;
    }
    seen[m] = true;
    return m;
}

enum theme_member { TM_ID, TM_TITLE, TM_HEADING, TM_COLUMNS, TM_FIGURES, TM_RECORDS, TM_COUNT };

/* A theme's records and figures are counted from where the last theme's ended. */
static void begin_theme(struct loader *L)
{
    dataset *ds = L->ds;
    ds->themes = mem_grow(ds->themes, &L->themes_cap, ds->nthemes + 1, sizeof *ds->themes);
    theme *t = &ds->themes[ds->nthemes++];
    memset(t, 0, sizeof *t);
    t->id = t->title = t->heading = NONE;
    t->first_record = ds->nrecords;
    t->first_figure = ds->nfigures;
    L->cells_cap = 0;
}

/* Members stream one by one: a million records never sit in memory as one cJSON tree. */
static bool read_theme_member(struct loader *L, enum theme_member m, const bool *seen)
{
    dataset *ds = L->ds;
    theme *t = current_theme(L);
    int32_t theme_index = (int32_t)ds->nthemes - 1;
    switch (m) {
    case TM_ID:
        return with_value(L, read_theme_text, &(struct theme_text){ID_TEXT, &t->id});
    case TM_TITLE:
        return with_value(L, read_theme_text, &(struct theme_text){ANY_TEXT, &t->title});
    case TM_HEADING:
        return with_value(L, read_theme_text, &(struct theme_text){ANY_TEXT, &t->heading});
    case TM_COLUMNS:
        return with_value(L, read_columns, NULL);
    case TM_FIGURES: {
        if (seen[TM_RECORDS] || t->nfigures) {
            jstream_fail_at_key(L->js, "expected \"figures\" before \"records\" (the file is read "
                                       "in one pass), found \"figures\" after \"records\"");
            return false;
        }
        t->first_figure = ds->nfigures;
        bool ok = each_element(L, read_figure, &theme_index);
        current_theme(L)->nfigures = ds->nfigures - current_theme(L)->first_figure;
        return ok;
    }
    case TM_RECORDS:
        if (!seen[TM_COLUMNS]) {
            jstream_fail_at_key(L->js, "expected \"columns\" before \"records\" "
                                       "(the file is read in one pass), found \"records\" first");
            return false;
        }
        t->first_record = ds->nrecords;
        return each_element(L, read_record, t);
    default:
        return false;
    }
}

/* A missing member is known only at the closing brace: point at the object's start. */
static bool require_members(struct loader *L, const char *const *names, const bool *seen,
                            const int *required, size_t nrequired)
{
    for (size_t i = 0; i < nrequired; i++)
        if (!seen[required[i]]) {
            jstream_fail_at_closed(L->js, "expected member \"%s\", found none", names[required[i]]);
            return false;
        }
    return true;
}

/* A theme's members may come in any order, as long as columns and figures precede records. */
static bool read_theme(struct loader *L)
{
    static const char *const names[TM_COUNT + 1] = {"id",      "title",   "heading", "columns",
                                                    "figures", "records", NULL};
    static const int required[] = {TM_ID, TM_TITLE, TM_COLUMNS, TM_RECORDS};
    jstream *js = L->js;
    if (!jstream_begin_object(js))
        return false;
    begin_theme(L);
    bool seen[TM_COUNT] = {false};
    const char *key;
    size_t key_len;
    int r;
    while ((r = jstream_next_member(js, &key, &key_len)) == 1) {
        int m = which_member(L, key, names, seen);
        if (m == SKIP)
            continue;
        if (m == FAILED || !read_theme_member(L, (enum theme_member)m, seen))
            return false;
        jstream_release(js);
    }
    return r >= 0 &&
           require_members(L, names, seen, required, sizeof required / sizeof required[0]);
}

/* A dataset with no theme would be a dashboard with nothing to show. */
static bool read_themes(struct loader *L)
{
    if (!jstream_begin_array(L->js))
        return false;
    int r;
    while ((r = jstream_next_element(L->js)) == 1)
        if (!read_theme(L))
            return false;
    if (r == 0 && L->ds->nthemes == 0) {
        jstream_fail_at_key(L->js, "expected at least one theme, found none");
        return false;
    }
    return r == 0;
}

enum top_member { TOP_FORMAT, TOP_META, TOP_FIGURES, TOP_PLACES, TOP_ORGS, TOP_THEMES, TOP_COUNT };

/* Each top-level section has its own reader; the big ones stream. */
static bool read_top_member(struct loader *L, enum top_member m)
{
    dataset *ds = L->ds;
    enum entity_type place = ENTITY_PLACE, org = ENTITY_ORG;
    int32_t report = -1;
    switch (m) {
    case TOP_FORMAT:
        return with_value(L, read_format, NULL);
    case TOP_META:
        return with_value(L, read_meta, NULL);
    case TOP_FIGURES: {
        ds->report_first_figure = ds->nfigures;
        bool ok = each_element(L, read_figure, &report);
        ds->report_nfigures = ds->nfigures - ds->report_first_figure;
        return ok;
    }
    case TOP_PLACES:
        return each_element(L, read_entity, &place);
    case TOP_ORGS:
        return each_element(L, read_entity, &org);
    case TOP_THEMES:
        return read_themes(L);
    default:
        return false;
    }
}

/* The file's top level, in one pass: format first, then any section order. */
static bool read_document(struct loader *L)
{
    static const char *const names[TOP_COUNT + 1] = {"format", "meta",          "figures",
                                                     "places", "organizations", "themes", NULL};
    static const int required[] = {TOP_FORMAT, TOP_META, TOP_THEMES};
    jstream *js = L->js;
    if (!jstream_begin_object(js))
        return false;
    bool seen[TOP_COUNT] = {false};
    const char *key;
    size_t key_len;
    int r;
    while ((r = jstream_next_member(js, &key, &key_len)) == 1) {
        if (!seen[TOP_FORMAT] && strcmp(key, "format")) {
            buf_clear(&L->scratch);
            text_sanitize(&L->scratch, key, strlen(key));
            jstream_fail_at_key(js, "expected \"format\" as the first member, found \"%s\"",
                                L->scratch.data ? L->scratch.data : "");
            return false;
        }
        int m = which_member(L, key, names, seen);
        if (m == SKIP)
            continue;
        if (m == FAILED || !read_top_member(L, (enum top_member)m))
            return false;
        jstream_release(js);
    }
    return r >= 0 &&
           require_members(L, names, seen, required, sizeof required / sizeof required[0]) &&
           jstream_end(js);
}

/* Memory, descriptor and file end here: one place decides between a whole dataset and none. */
static enum dataset_status load(jstream *js, const struct load_progress *progress, int fd,
                                dataset **out, char *err, size_t errlen)
{
    struct loader L = {.js = js, .strict = true, .progress = progress, .fd = fd};
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        L.file_size = (size_t)st.st_size;
    L.ds = mem_calloc(1, sizeof *L.ds);
    jtree_init(&L.tree);
    L.tree.string_made = string_made;
    L.tree.user = &L;
    buf_init(&L.scratch);
    buf_init(&L.figure_text);
    if (progress)
        jstream_on_wait(js, waiting, &L);
    bool ok = (!progress || tell_progress(&L)) && read_document(&L);
    if (ok)
        dataset_builder_finish(&L.build, L.ds);
    else
        dataset_builder_free(&L.build);
    jtree_free(&L.tree);
    buf_free(&L.scratch);
    free(L.listed_by);
    free(L.depth);
    if (!ok) {
        buf_free(&L.figure_text);
        snprintf(err, errlen, "%s", L.cancelled ? "" : jstream_error(js));
        dataset_free(L.ds);
        *out = NULL;
        if (L.cancelled)
            return DATASET_CANCELLED;
        return jstream_unreadable(js) ? DATASET_UNREADABLE : DATASET_INVALID;
    }
    if (progress && progress->report) /* the whole file: the bar ends full */
        progress->report(progress->user, L.file_size, L.file_size, L.ds->nrecords);
    /* never NULL, even with no figures: searches start from it */
    L.ds->figure_text_len = L.figure_text.len;
    L.ds->figure_text = buf_take(&L.figure_text);
    dataset_finish(L.ds);
    *out = L.ds;
    return DATASET_OK;
}

/* The built-in dataset is compiled into the binary. */
enum dataset_status dataset_load_memory(const char *data, size_t len, const char *name,
                                        dataset **out, char *err, size_t errlen)
{
    jstream *js = jstream_open_mem(data, len, name);
    enum dataset_status st = load(js, NULL, -1, out, err, errlen);
    jstream_free(js);
    return st;
}

/* Standard input ("-") has no path to open. */
enum dataset_status dataset_load_fd_progress(int fd, const char *name,
                                             const struct load_progress *p, dataset **out,
                                             char *err, size_t errlen)
{
    jstream *js = jstream_open_fd(fd, name);
    enum dataset_status st = load(js, p, fd, out, err, errlen);
    jstream_free(js);
    return st;
}

/* The callers that nobody watches. */
enum dataset_status dataset_load_fd(int fd, const char *name, dataset **out, char *err,
                                    size_t errlen)
{
    return dataset_load_fd_progress(fd, name, NULL, out, err, errlen);
}

/* A path comes from the user and may hold anything: sanitise it before it is shown. */
static void unreadable(const char *path, const char *why, char *err, size_t errlen)
{
    buf safe;
    buf_init(&safe);
    text_sanitize(&safe, path, strlen(path));
    snprintf(err, errlen, "%s: %s", safe.data ? safe.data : "", why);
    buf_free(&safe);
}

/* The common case: a file named on the command line. */
enum dataset_status dataset_load_file_progress(const char *path, const struct load_progress *p,
                                               dataset **out, char *err, size_t errlen)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        unreadable(path, strerror(errno), err, errlen);
        return DATASET_UNREADABLE;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        unreadable(path, "is a directory, expected a dataset file", err, errlen);
        return DATASET_UNREADABLE;
    }
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    enum dataset_status status = dataset_load_fd_progress(fd, path, p, out, err, errlen);
    close(fd);
    return status;
}

/* The callers that nobody watches. */
enum dataset_status dataset_load_file(const char *path, dataset **out, char *err, size_t errlen)
{
    return dataset_load_file_progress(path, NULL, out, err, errlen);
}
