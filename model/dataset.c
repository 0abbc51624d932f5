#include "dataset.h"

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
#include "jstream.h"
#include "mem.h"
#include "pinyin.h"
#include "text.h"

#define FORMAT_PREFIX "zjdash/"
#define FORMAT_MAJOR 1
#define FORMAT_MINOR 0
#define MAX_STEPS 8

/* Everything that exists only while a file is read. */
struct loader {
    jstream *js;
    dataset *ds;
    bool strict; /* unknown members are mistakes, not a newer minor version */

    size_t strings_cap, figures_cap, figure_at_cap, entities_cap, records_cap, refs_cap, themes_cap;
    size_t cells_len, cells_cap; /* of the theme being read */

    uint32_t *intern_ref, *intern_hash;
    uint32_t intern_mask, intern_count;
    uint32_t id_count;

    jstream_step steps[MAX_STEPS];
    size_t nsteps;
    buf scratch;
    buf figure_text; /* each figure as shown, NUL-terminated: see format_figure */
};

const char *column_type_name(enum column_type t)
{
    static const char *const names[] = {"text", "refs", "money", "count", "date"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

/* ---- strings ---- */

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, s + i, n - i);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
    h ^= h >> 29;
    return (uint32_t)h;
}

static void intern_grow(struct loader *L)
{
    uint32_t old_size = L->intern_mask + 1, size = L->intern_ref ? old_size * 2 : 1024;
    uint32_t *ref = mem_alloc(size * sizeof *ref), *hash = mem_alloc(size * sizeof *hash);
    memset(ref, 0xFF, size * sizeof *ref);
    for (uint32_t i = 0; L->intern_ref && i < old_size; i++) {
        if (L->intern_ref[i] == NONE)
            continue;
        uint32_t j = L->intern_hash[i] & (size - 1);
        while (ref[j] != NONE)
            j = (j + 1) & (size - 1);
        ref[j] = L->intern_ref[i];
        hash[j] = L->intern_hash[i];
    }
    free(L->intern_ref);
    free(L->intern_hash);
    L->intern_ref = ref;
    L->intern_hash = hash;
    L->intern_mask = size - 1;
}

static bool intern(struct loader *L, const char *s, size_t n, str_ref *out)
{
    dataset *ds = L->ds;
    if ((size_t)(L->intern_count + 1) * 4 > (size_t)(L->intern_mask + 1) * 3 || !L->intern_ref)
        intern_grow(L);
    uint32_t h = hash_bytes(s, n), j = h & L->intern_mask;
    for (; L->intern_ref[j] != NONE; j = (j + 1) & L->intern_mask) {
        const char *t = ds->strings + L->intern_ref[j];
        if (L->intern_hash[j] == h && !memcmp(t, s, n) && !t[n]) {
            *out = L->intern_ref[j];
            return true;
        }
    }
    if (ds->strings_len + n + 1 >= NONE) {
        jstream_fail_at_key(L->js, "expected at most 4 GiB of text in all");
        return false;
    }
    ds->strings = mem_grow(ds->strings, &L->strings_cap, ds->strings_len + n + 1, 1);
    memcpy(ds->strings + ds->strings_len, s, n);
    ds->strings[ds->strings_len + n] = 0;
    *out = (str_ref)ds->strings_len;
    ds->strings_len += n + 1;
    L->intern_ref[j] = *out;
    L->intern_hash[j] = h;
    L->intern_count++;
    return true;
}

/* ---- ids ---- */

/* The id table: slots of three words (the id's string, what it names, the
 * string's hash), open addressing with linear probing. */
#define ID_SLOT 3

static uint32_t *id_lookup(const dataset *ds, const char *id)
{
    if (!ds->id_slots)
        return NULL;
    uint32_t h = hash_bytes(id, strlen(id)), j = h & ds->id_mask;
    for (uint32_t *slot; (slot = &ds->id_slots[ID_SLOT * j])[0] != NONE; j = (j + 1) & ds->id_mask)
        if (slot[2] == h && !strcmp(ds->strings + slot[0], id))
            return slot;
    return NULL;
}

#define ID_KIND_SHIFT 29
#define ID_INDEX_MASK ((1u << ID_KIND_SHIFT) - 1)

static void id_insert(dataset *ds, str_ref id, uint32_t value, uint32_t h)
{
    uint32_t j = h & ds->id_mask;
    while (ds->id_slots[ID_SLOT * j] != NONE)
        j = (j + 1) & ds->id_mask;
    ds->id_slots[ID_SLOT * j] = id;
    ds->id_slots[ID_SLOT * j + 1] = value;
    ds->id_slots[ID_SLOT * j + 2] = h;
}

static void id_grow(struct loader *L)
{
    dataset *ds = L->ds;
    uint32_t old_size = ds->id_slots ? ds->id_mask + 1 : 0, size = old_size ? old_size * 2 : 256;
    uint32_t *old = ds->id_slots;
    ds->id_slots = mem_alloc((size_t)size * ID_SLOT * sizeof *old);
    memset(ds->id_slots, 0xFF, (size_t)size * ID_SLOT * sizeof *old);
    ds->id_mask = size - 1;
    for (uint32_t i = 0; i < old_size; i++)
        if (old[ID_SLOT * i] != NONE)
            id_insert(ds, old[ID_SLOT * i], old[ID_SLOT * i + 1], old[ID_SLOT * i + 2]);
    free(old);
}

enum id_kind dataset_find_id(const dataset *ds, const char *id, uint32_t *index)
{
    const uint32_t *slot = id_lookup(ds, id);
    if (!slot)
        return ID_NONE;
    *index = slot[1] & ID_INDEX_MASK;
    return (enum id_kind)(slot[1] >> ID_KIND_SHIFT);
}

int dataset_find_theme(const dataset *ds, const char *name)
{
    for (uint32_t t = 0; t < ds->nthemes; t++)
        if (!strcmp(ds_str(ds, ds->themes[t].id), name) || !strcmp(ds_str(ds, ds->themes[t].title), name))
            return (int)t;
    char *end;
    long n = strtol(name, &end, 10);
    if (*name >= '0' && *name <= '9' && !*end && n >= 1 && n <= (long)ds->nthemes)
        return (int)n - 1;
    return -1;
}

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

static void push_key(struct loader *L, const char *key)
{
    L->steps[L->nsteps].key = key;
    L->steps[L->nsteps].index = 1;
    L->nsteps++;
}

static void push_index(struct loader *L, size_t index)
{
    L->steps[L->nsteps].key = NULL;
    L->steps[L->nsteps].index = index;
    L->nsteps++;
}

static void pop_step(struct loader *L)
{
    L->nsteps--;
}

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

static bool missing(struct loader *L, const char *key, const char *what)
{
    return bad(L, "expected member \"%s\" (%s), found none", key, what);
}

/* ---- checking elements ---- */

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

static size_t slot_of(struct loader *L, const char *key, const char *const *keys, size_t nkeys,
                      const theme *columns)
{
    for (size_t k = 0; k < nkeys; k++)
        if (key[0] == keys[k][0] && !strcmp(key, keys[k]))
            return k;
    uint32_t ncolumns = columns ? columns->ncolumns : 0;
    for (uint32_t j = 0; j < ncolumns; j++)
        if (!strcmp(ds_str(L->ds, columns->columns[j].key), key))
            return nkeys + j;
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

static bool is_id(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || strchr("_-.:", s[i])))
            return false;
    return true;
}

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
    if (rule == ID_TEXT && !is_id(item->valuestring)) {
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
    return intern(L, item->valuestring, strlen(item->valuestring), out);
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

/* Registers the id of a new thing, refusing one already in use. */
static bool define_id(struct loader *L, str_ref id, enum id_kind kind, uint32_t index)
{
    dataset *ds = L->ds;
    const char *s = ds->strings + id;
    uint32_t *slot = id_lookup(ds, s);
    if (slot) {
        if (kind != ID_THEME) /* a theme's id is read as a value of its own */
            push_key(L, "id");
        uint32_t other = slot[1] & ID_INDEX_MASK;
        return bad(L, "expected an id not used before, found \"%s\", already the id of %s", s,
                   id_kind_name((enum id_kind)(slot[1] >> ID_KIND_SHIFT), ds, other));
    }
    if (index > ID_INDEX_MASK) {
        push_key(L, "id");
        return bad(L, "expected at most %u things of a kind", ID_INDEX_MASK);
    }
    if (!ds->id_slots || (size_t)(L->id_count + 1) * 4 > (size_t)(ds->id_mask + 1) * 3)
        id_grow(L);
    id_insert(ds, id, (uint32_t)kind << ID_KIND_SHIFT | index, hash_bytes(s, strlen(s)));
    L->id_count++;
    return true;
}

/* The id at the steps, which must name something of the given kind defined earlier. */
static bool resolve(struct loader *L, cJSON *item, enum id_kind want, const char *what,
                    uint32_t *index)
{
    if (!cJSON_IsString(item) || !is_id(item->valuestring)) {
        buf_clear(&L->scratch);
        return expected(L, what);
    }
    uint32_t found;
    enum id_kind kind = dataset_find_id(L->ds, item->valuestring, &found);
    if (kind == ID_NONE)
        return bad(L, "expected %s, found \"%s\", which no earlier element defines "
                   "(ids are defined before they are used)", what, item->valuestring);
    if (kind != want)
        return bad(L, "expected %s, found \"%s\", the id of %s", what, item->valuestring,
                   id_kind_name(kind, L->ds, found));
    *index = found;
    return true;
}

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

static bool parse_unit(const char *s, void *out)
{
    return unit_parse(s, out);
}

static bool parse_qualifier(const char *s, void *out)
{
    return qualifier_parse(s, out);
}

/* ---- the parts of the file ---- */

static cJSON *parse_value(struct loader *L, const char *s, size_t n)
{
    cJSON *item = cJSON_ParseWithLengthOpts(s, n, NULL, false);
    if (!item)
        jstream_fail_at(L->js, s, NULL, 0, "expected a value cJSON can read (out of memory?)");
    return item;
}

/* Reads the next whole value and hands it to fn as a cJSON tree. */
static bool with_value(struct loader *L, bool (*fn)(struct loader *, cJSON *, void *), void *ctx)
{
    const char *s;
    size_t n;
    if (!jstream_value(L->js, &s, &n))
        return false;
    cJSON *item = parse_value(L, s, n);
    if (!item)
        return false;
    L->nsteps = 0;
    bool ok = fn(L, item, ctx);
    cJSON_Delete(item);
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
    }
    return r == 0;
}

static bool read_format(struct loader *L, cJSON *item, void *ctx)
{
    (void)ctx;
    const char *want = "\"" FORMAT_PREFIX "1.0\"";
    if (!cJSON_IsString(item) || strncmp(item->valuestring, FORMAT_PREFIX, strlen(FORMAT_PREFIX)))
        return expected(L, want);
    const char *v = item->valuestring + strlen(FORMAT_PREFIX);
    unsigned major = 0, minor = 0;
    size_t i = 0, digits = 0;
    for (; v[i] >= '0' && v[i] <= '9' && digits < 4; i++, digits++)
        major = major * 10 + (unsigned)(v[i] - '0');
    if (!digits || v[i++] != '.')
        return expected(L, want);
    for (digits = 0; v[i] >= '0' && v[i] <= '9' && digits < 4; i++, digits++)
        minor = minor * 10 + (unsigned)(v[i] - '0');
    if (!digits || v[i])
        return expected(L, want);
    if (major != FORMAT_MAJOR)
        return bad(L, "expected format version %d.x, found \"%s\": this zjdash cannot read it",
                   FORMAT_MAJOR, item->valuestring);
    L->strict = minor <= FORMAT_MINOR;
    return true;
}

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

static bool read_figure(struct loader *L, cJSON *obj, void *ctx)
{
    static const char *const keys[] = {"id",        "label", "value",   "unit",
                                       "qualifier", "quote", "measure", "headline", NULL};
    enum { ID, LABEL, VALUE, UNIT, QUALIFIER, QUOTE, MEASURE, HEADLINE };
    dataset *ds = L->ds;
    figure f = {.theme = *(const int32_t *)ctx};
    enum unit unit;
    enum qualifier qualifier;
    struct members m;
    if (!bind_object(L, obj, "a figure (an object)", keys, NULL, &m) ||
        !text_member(L, m.item[ID], "id", true, ID_TEXT, &f.id) ||
        !text_member(L, m.item[LABEL], "label", true, ANY_TEXT, &f.label) ||
        !enum_member(L, m.item[UNIT], "unit", "a unit: yuan, person, person_time, item or date",
                     parse_unit, &unit) ||
        !enum_member(L, m.item[QUALIFIER], "qualifier",
                     "a qualifier: exact, about, over or at_least", parse_qualifier, &qualifier) ||
        !text_member(L, m.item[QUOTE], "quote", true, ANY_TEXT, &f.quote) ||
        !text_member(L, m.item[MEASURE], "measure", false, ANY_TEXT, &f.measure))
        return false;
    f.unit = (uint8_t)unit;
    f.qualifier = (uint8_t)qualifier;
    cJSON *headline = m.item[HEADLINE];
    if (headline) {
        push_key(L, "headline");
        if (!cJSON_IsBool(headline))
            return expected(L, "true or false");
        pop_step(L);
        f.headline = cJSON_IsTrue(headline);
    }
    cJSON *value = m.item[VALUE];
    if (!value)
        return missing(L, "value", unit == UNIT_DATE ? "a date" : "a number");
    push_key(L, "value");
    if (unit == UNIT_DATE) {
        if (!cJSON_IsString(value) || !value_parse_date(value->valuestring, &f.value))
            return expected(L, "a date \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\" (unit date)");
    } else {
        double d = cJSON_IsNumber(value) ? value->valuedouble : -1;
        if (!cJSON_IsNumber(value) || !isfinite(d) || d != floor(d) || d < 0 ||
            d > (double)VALUE_MAX || !whole_as_written(L))
            return expected(L, unit == UNIT_YUAN
                                   ? "a whole number of yuan from 0 to 9007199254740991"
                                   : "a whole number from 0 to 9007199254740991");
        f.value = (int64_t)d; /* -0 becomes 0 */
    }
    pop_step(L);
    if (!define_id(L, f.id, ID_FIGURE, ds->nfigures) || !format_figure(L, &f))
        return false;
    ds->figures = mem_grow(ds->figures, &L->figures_cap, ds->nfigures + 1, sizeof f);
    ds->figures[ds->nfigures++] = f;
    return true;
}

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
        !define_id(L, e.id, ID_ENTITY, ds->nentities))
        return false;
    ds->entities = mem_grow(ds->entities, &L->entities_cap, ds->nentities + 1, sizeof e);
    ds->entities[ds->nentities++] = e;
    return true;
}

/* ---- themes ---- */

static theme *current_theme(struct loader *L)
{
    return &L->ds->themes[L->ds->nthemes - 1];
}

static bool read_theme_text(struct loader *L, cJSON *item, void *ctx)
{
    const enum text_rule *rule = ctx;
    theme *t = current_theme(L);
    str_ref *out = *rule == ID_TEXT ? &t->id : t->title == NONE ? &t->title : &t->heading;
    if (!text_value(L, item, *rule, out))
        return false;
    return *rule != ID_TEXT || define_id(L, t->id, ID_THEME, L->ds->nthemes - 1);
}

static bool column_key_taken(struct loader *L, const theme *t, uint32_t upto, str_ref key)
{
    (void)L;
    for (uint32_t i = 0; i < upto; i++)
        if (t->columns[i].key == key)
            return true;
    return false;
}

static bool read_columns(struct loader *L, cJSON *arr, void *ctx)
{
    static const char *const keys[] = {"key", "label", "type", "unit", NULL};
    static const char *const types[] = {"text", "refs", "money", "count", "date", NULL};
    theme *t = current_theme(L);
    (void)ctx;
    enum { KEY, LABEL, TYPE, UNIT };
    if (!cJSON_IsArray(arr) || !arr->child)
        return expected(L, "an array of at least one column");
    uint32_t n = (uint32_t)cJSON_GetArraySize(arr), i = 0;
    if (n > MAX_COLUMNS)
        return bad(L, "expected at most %d columns, found %u", MAX_COLUMNS, n);
    t->columns = mem_calloc(n, sizeof *t->columns);
    for (cJSON *c = arr->child; c; c = c->next, i++) {
        column *col = &t->columns[i];
        push_index(L, i);
        struct members m;
        if (!bind_object(L, c, "a column (an object)", keys, NULL, &m) ||
            !text_member(L, m.item[KEY], "key", true, ID_TEXT, &col->key) ||
            !text_member(L, m.item[LABEL], "label", true, ANY_TEXT, &col->label))
            return false;
        if (column_key_taken(L, t, i, col->key)) {
            push_key(L, "key");
            return bad(L, "expected a key no other column of this theme has, found \"%s\" again",
                       ds_str(L->ds, col->key));
        }
        cJSON *type = m.item[TYPE];
        if (!type)
            return missing(L, "type", "text, refs, money, count or date");
        push_key(L, "type");
        int k = 0;
        while (cJSON_IsString(type) && types[k] && strcmp(types[k], type->valuestring))
            k++;
        if (!cJSON_IsString(type) || !types[k])
            return expected(L, "a column type: text, refs, money, count or date");
        pop_step(L);
        col->type = (uint8_t)k;
        const char *key = ds_str(L->ds, col->key);
        bool own = !strcmp(key, "id") || !strcmp(key, "name") || !strcmp(key, "quote");
        if (own && col->type != COL_TEXT) {
            push_key(L, "type");
            return bad(L, "expected type text for the record's own member \"%s\", found \"%s\"",
                       key, type->valuestring);
        }
        cJSON *unit = m.item[UNIT];
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
                       type->valuestring, L->scratch.data ? L->scratch.data : "one");
        }
        col->unit = (uint8_t)u;
        pop_step(L);
    }
    t->ncolumns = n;
    return true;
}

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
        if (!strcmp(key, "id") || !strcmp(key, "name") || !strcmp(key, "quote")) {
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
    if (!define_id(L, r.id, ID_RECORD, ds->nrecords))
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

static bool read_theme(struct loader *L)
{
    static const char *const names[TM_COUNT + 1] = {"id",      "title",   "heading", "columns",
                                                    "figures", "records", NULL};
    dataset *ds = L->ds;
    jstream *js = L->js;
    if (!jstream_begin_object(js))
        return false;
    ds->themes = mem_grow(ds->themes, &L->themes_cap, ds->nthemes + 1, sizeof *ds->themes);
    theme *t = &ds->themes[ds->nthemes++];
    memset(t, 0, sizeof *t);
    t->id = t->title = t->heading = NONE;
    t->first_record = ds->nrecords;
    t->first_figure = ds->nfigures;
    L->cells_cap = 0;
    bool seen[TM_COUNT] = {false};
    const char *key;
    size_t key_len;
    int r;
    while ((r = jstream_next_member(js, &key, &key_len)) == 1) {
        int m = which_member(L, key, names, seen);
        if (m == SKIP)
            continue;
        if (m == FAILED)
            return false;
        t = current_theme(L);
        bool ok;
        enum text_rule rule = m == TM_ID ? ID_TEXT : ANY_TEXT;
        int32_t theme_index = (int32_t)ds->nthemes - 1;
        switch ((enum theme_member)m) {
        case TM_ID:
            ok = with_value(L, read_theme_text, &rule);
            break;
        case TM_TITLE:
            ok = with_value(L, read_theme_text, &rule);
            break;
        case TM_HEADING:
            if (!seen[TM_TITLE]) { /* the heading goes in its own slot whatever the order */
                t->title = 0;
                ok = with_value(L, read_theme_text, &rule);
                t = current_theme(L);
                t->title = NONE;
            } else {
                ok = with_value(L, read_theme_text, &rule);
            }
            break;
        case TM_COLUMNS:
            ok = with_value(L, read_columns, NULL);
            break;
        case TM_FIGURES:
            if (seen[TM_RECORDS] || t->nfigures) {
                jstream_fail_at_key(js, "expected \"figures\" before \"records\" (the file is read "
                                        "in one pass), found \"figures\" after \"records\"");
                return false;
            }
            t->first_figure = ds->nfigures;
            ok = each_element(L, read_figure, &theme_index);
            current_theme(L)->nfigures = ds->nfigures - current_theme(L)->first_figure;
            break;
        case TM_RECORDS:
            if (!seen[TM_COLUMNS]) {
                jstream_fail_at_key(js, "expected \"columns\" before \"records\" "
                                        "(the file is read in one pass), found \"records\" first");
                return false;
            }
            t->first_record = ds->nrecords;
            ok = each_element(L, read_record, t);
            break;
        default:
            ok = false;
        }
        if (!ok)
            return false;
        jstream_release(js);
    }
    if (r < 0)
        return false;
    static const enum theme_member required[] = {TM_ID, TM_TITLE, TM_COLUMNS, TM_RECORDS};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!seen[required[i]]) {
            jstream_fail_at_closed(js, "expected member \"%s\", found none", names[required[i]]);
            return false;
        }
    return true;
}

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

static bool read_document(struct loader *L)
{
    static const char *const names[TOP_COUNT + 1] = {"format", "meta",          "figures",
                                                     "places", "organizations", "themes", NULL};
    jstream *js = L->js;
    dataset *ds = L->ds;
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
        if (m == FAILED)
            return false;
        enum entity_type place = ENTITY_PLACE, org = ENTITY_ORG;
        int32_t report = -1;
        bool ok;
        switch ((enum top_member)m) {
        case TOP_FORMAT:
            ok = with_value(L, read_format, NULL);
            break;
        case TOP_META:
            ok = with_value(L, read_meta, NULL);
            break;
        case TOP_FIGURES:
            ds->report_first_figure = ds->nfigures;
            ok = each_element(L, read_figure, &report);
            ds->report_nfigures = ds->nfigures - ds->report_first_figure;
            break;
        case TOP_PLACES:
            ok = each_element(L, read_entity, &place);
            break;
        case TOP_ORGS:
            ok = each_element(L, read_entity, &org);
            break;
        case TOP_THEMES:
            ok = read_themes(L);
            break;
        default:
            ok = false;
        }
        if (!ok)
            return false;
        jstream_release(js);
    }
    if (r < 0)
        return false;
    static const enum top_member required[] = {TOP_FORMAT, TOP_META, TOP_THEMES};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!seen[required[i]]) {
            jstream_fail_at_closed(js, "expected member \"%s\", found none", names[required[i]]);
            return false;
        }
    return jstream_end(js);
}

/* ---- after reading ---- */

/* Which records name each entity, in record order, each record once. */
static void build_named_by(dataset *ds)
{
    uint32_t n = ds->nentities;
    uint32_t *start = mem_calloc((size_t)n + 1, sizeof *start);
    uint32_t *last = mem_alloc(((size_t)n + 1) * sizeof *last);
    uint32_t *next = NULL, *items = NULL;
    for (int pass = 0; pass < 2; pass++) {
        memset(last, 0xFF, ((size_t)n + 1) * sizeof *last);
        for (uint32_t r = 0; r < ds->nrecords; r++) {
            const theme *t = &ds->themes[ds->records[r].theme];
            for (uint32_t c = 0; c < t->ncolumns; c++) {
                uint32_t cell = ds_cell(ds, r, c);
                if (t->columns[c].type != COL_REFS || cell == NONE)
                    continue;
                for (uint32_t k = 1; k <= ds->refs[cell]; k++) {
                    uint32_t e = ds->refs[cell + k];
                    if (last[e] == r)
                        continue;
                    last[e] = r;
                    if (pass == 0)
                        start[e + 1]++;
                    else
                        items[next[e]++] = r;
                }
            }
        }
        if (pass == 0) {
            for (uint32_t e = 0; e < n; e++)
                start[e + 1] += start[e];
            items = mem_alloc(((size_t)start[n] + 1) * sizeof *items);
            next = mem_alloc(((size_t)n + 1) * sizeof *next);
            memcpy(next, start, ((size_t)n + 1) * sizeof *next);
        }
    }
    free(next);
    free(last);
    ds->named_start = start;
    ds->named_by = items;
}

/* What lies inside each place: places whose parent it is, organisations in it. */
static void build_children(dataset *ds)
{
    uint32_t n = ds->nentities;
    uint32_t *start = mem_calloc((size_t)n + 1, sizeof *start);
    for (uint32_t e = 0; e < n; e++)
        if (ds->entities[e].parent != NONE)
            start[ds->entities[e].parent + 1]++;
    for (uint32_t e = 0; e < n; e++)
        start[e + 1] += start[e];
    uint32_t *items = mem_alloc(((size_t)start[n] + 1) * sizeof *items);
    uint32_t *next = mem_alloc(((size_t)n + 1) * sizeof *next);
    memcpy(next, start, ((size_t)n + 1) * sizeof *next);
    for (uint32_t e = 0; e < n; e++)
        if (ds->entities[e].parent != NONE)
            items[next[ds->entities[e].parent]++] = e;
    free(next);
    ds->child_start = start;
    ds->children = items;
}

/* Pinyin sort keys for every text cell and entity name, so that sorting by a
 * Chinese column is a sort of numbers, with full comparisons only for ties. */
static void build_sort_keys(dataset *ds)
{
    ds->name_keys = mem_alloc(((size_t)ds->nentities + 1) * 2 * sizeof *ds->name_keys);
    for (uint32_t e = 0; e < ds->nentities; e++)
        pinyin_key(ds_str(ds, ds->entities[e].name), ds->name_keys + 2 * (size_t)e);
    for (uint32_t ti = 0; ti < ds->nthemes; ti++) {
        theme *t = &ds->themes[ti];
        t->sort_keys = mem_calloc(t->ncolumns + 1, sizeof *t->sort_keys);
        for (uint32_t c = 0; c < t->ncolumns; c++) {
            if (t->columns[c].type != COL_TEXT)
                continue;
            uint64_t *keys = mem_alloc(((size_t)t->nrecords + 1) * 2 * sizeof *keys);
            for (uint32_t r = 0; r < t->nrecords; r++) {
                uint32_t cell = t->cells[(size_t)r * t->ncolumns + c];
                if (cell == NONE)
                    keys[2 * (size_t)r] = keys[2 * (size_t)r + 1] = 0;
                else
                    pinyin_key(ds_str(ds, cell), keys + 2 * (size_t)r);
            }
            t->sort_keys[c] = keys;
        }
    }
}

/* Gives back what doubling left unused. */
static void *shrink(void *ptr, size_t count, size_t size)
{
    return ptr ? mem_realloc(ptr, (count ? count : 1) * size) : NULL;
}
#define SHRINK(ptr, n) ((ptr) = shrink((ptr), (size_t)(n), sizeof *(ptr)))

static void finish(dataset *ds)
{
    SHRINK(ds->strings, ds->strings_len);
    SHRINK(ds->figures, ds->nfigures);
    SHRINK(ds->entities, ds->nentities);
    SHRINK(ds->records, ds->nrecords);
    SHRINK(ds->refs, ds->nrefs);
    SHRINK(ds->themes, ds->nthemes);
    for (uint32_t t = 0; t < ds->nthemes; t++)
        SHRINK(ds->themes[t].cells, (size_t)ds->themes[t].nrecords * ds->themes[t].ncolumns);
    build_named_by(ds);
    build_children(ds);
    build_sort_keys(ds);
    SHRINK(ds->figure_text, ds->figure_text_len);
    SHRINK(ds->figure_at, ds->nfigures);
}

void dataset_free(dataset *ds)
{
    if (!ds)
        return;
    free(ds->strings);
    free(ds->meta.section);
    free(ds->figures);
    free(ds->entities);
    for (uint32_t t = 0; t < ds->nthemes; t++) {
        for (uint32_t c = 0; ds->themes[t].sort_keys && c < ds->themes[t].ncolumns; c++)
            free(ds->themes[t].sort_keys[c]);
        free(ds->themes[t].sort_keys);
        free(ds->themes[t].columns);
        free(ds->themes[t].cells);
    }
    free(ds->name_keys);
    free(ds->figure_text);
    free(ds->figure_at);
    free(ds->themes);
    free(ds->records);
    free(ds->refs);
    free(ds->named_start);
    free(ds->named_by);
    free(ds->child_start);
    free(ds->children);
    free(ds->id_slots);
    free(ds);
}

static enum dataset_status load(jstream *js, dataset **out, char *err, size_t errlen)
{
    struct loader L = {.js = js, .strict = true};
    L.ds = mem_calloc(1, sizeof *L.ds);
    buf_init(&L.scratch);
    buf_init(&L.figure_text);
    bool ok = read_document(&L);
    free(L.intern_ref);
    free(L.intern_hash);
    buf_free(&L.scratch);
    if (!ok) {
        buf_free(&L.figure_text);
        snprintf(err, errlen, "%s", jstream_error(js));
        dataset_free(L.ds);
        *out = NULL;
        return jstream_unreadable(js) ? DATASET_UNREADABLE : DATASET_INVALID;
    }
    /* never NULL, even with no figures: searches start from it */
    L.ds->figure_text_len = L.figure_text.len;
    L.ds->figure_text = buf_take(&L.figure_text);
    finish(L.ds);
    *out = L.ds;
    return DATASET_OK;
}

enum dataset_status dataset_load_memory(const char *data, size_t len, const char *name,
                                        dataset **out, char *err, size_t errlen)
{
    jstream *js = jstream_open_mem(data, len, name);
    enum dataset_status st = load(js, out, err, errlen);
    jstream_free(js);
    return st;
}

enum dataset_status dataset_load_fd(int fd, const char *name, dataset **out, char *err,
                                    size_t errlen)
{
    jstream *js = jstream_open_fd(fd, name);
    enum dataset_status st = load(js, out, err, errlen);
    jstream_free(js);
    return st;
}

static void unreadable(const char *path, const char *why, char *err, size_t errlen)
{
    buf safe;
    buf_init(&safe);
    text_sanitize(&safe, path, strlen(path));
    snprintf(err, errlen, "%s: %s", safe.data ? safe.data : "", why);
    buf_free(&safe);
}

enum dataset_status dataset_load_file(const char *path, dataset **out, char *err, size_t errlen)
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
    enum dataset_status status = dataset_load_fd(fd, path, out, err, errlen);
    close(fd);
    return status;
}
