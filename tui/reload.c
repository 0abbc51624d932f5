#define _GNU_SOURCE 1 /* pipe2: both ends close-on-exec from the start */
#include "reload.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"

/* A name in a watched folder. The file the dashboard was started on is
 * one; when that is a symbolic link, the file it points to is the other,
 * since an edit of that file is a change to the data too. */
struct watched {
    int folder;  /* inotify's watch descriptor; -1: none */
    char *name;  /* as inotify names it in that folder */
};

struct reload {
    char *path;
    int watch;          /* the inotify instance, or -1 */
    struct watched file, target;
    int done[2];        /* the reader writes a byte when it has finished */
    pthread_t reader;
    bool reading;       /* reader runs, or has finished and is not yet joined */
    bool again;         /* a change (or R) came while reading: read once more */
    long due_ms;        /* when a change is to be read; -1: none waits */
    atomic_bool cancel; /* reload_free: the reader stops at its next check */
    /* what the reader made, the caller's once taken */
    bool finished;
    enum dataset_status status;
    dataset *ds;
    places *pl;
    view **views;       /* by the new dataset's theme, as specs ask */
    char err[2048];
    /* the tables as the reader's were when the read began */
    struct view_spec *specs;
    uint32_t nspecs;
};

/* The folder, not the file: an editor that saves by writing a new file and
 * renaming it over the old one leaves a watch on the old file watching
 * nothing. IN_CREATE is for a link made anew (ln -sf) and is heeded only
 * then: a regular file created is not written yet, and its close will come. */
static bool watch(reload *r, const char *path, struct watched *w)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? mem_strdup(path) : mem_strdup(".");
    if (slash)
        dir[slash == path ? 1 : slash - path] = 0; /* "/data.json" is in "/" */
    w->folder = inotify_add_watch(r->watch, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE);
    w->name = w->folder < 0 ? NULL : mem_strdup(slash ? slash + 1 : path);
    free(dir);
    return w->folder >= 0;
}

static void unwatch(reload *r, struct watched *w)
{
    /* the two may share a folder, and inotify then gives both one descriptor */
    if (w->folder >= 0 && (w == &r->file || w->folder != r->file.folder))
        inotify_rm_watch(r->watch, w->folder);
    free(w->name);
    *w = (struct watched){-1, NULL};
}

/* Where the link points now: it may have been pointed elsewhere since. */
static void follow_link(reload *r)
{
    unwatch(r, &r->target);
    struct stat st;
    char *real = lstat(r->path, &st) == 0 && S_ISLNK(st.st_mode) ? realpath(r->path, NULL) : NULL;
    if (real)
        watch(r, real, &r->target);
    free(real);
}

reload *reload_new(const char *path, char *why, size_t whylen)
{
    reload *r = mem_calloc(1, sizeof *r);
    r->path = mem_strdup(path);
    r->due_ms = -1;
    r->file = r->target = (struct watched){-1, NULL};
    why[0] = 0;
    r->watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (r->watch >= 0 && !watch(r, r->path, &r->file)) {
        int e = errno;
        close(r->watch);
        r->watch = -1;
        errno = e;
    }
    if (r->watch < 0)
        snprintf(why, whylen, "%s", strerror(errno));
    else
        follow_link(r);
    if (pipe2(r->done, O_CLOEXEC | O_NONBLOCK) < 0) {
        r->done[0] = r->done[1] = -1;
        if (!why[0])
            snprintf(why, whylen, "%s", strerror(errno));
    }
    return r;
}

/* The reader: the whole dataset and its tree, or the located error. */
static bool cancelled(void *user)
{
    return atomic_load(&((reload *)user)->cancel);
}

static void *read_again(void *user)
{
    reload *r = user;
    struct load_progress p = {NULL, cancelled, r};
    r->status = dataset_load_file_progress(r->path, &p, &r->ds, r->err, sizeof r->err);
    if (r->status == DATASET_OK) {
        r->pl = places_new(r->ds);
        /* sorting and filtering a million rows is the dashboard's longest
         * wait after the read itself: done here, it costs no key anything */
        r->views = mem_calloc(r->ds->nthemes, sizeof *r->views);
        for (uint32_t i = 0; i < r->nspecs && !atomic_load(&r->cancel); i++) {
            view *v = view_new_as(r->ds, &r->specs[i]);
            if (v && !r->views[v->theme])
                r->views[v->theme] = v;
            else
                view_free(v);
        }
    }
    char done = 1;
    while (write(r->done[1], &done, 1) < 0 && errno == EINTR)
        ;
    return NULL;
}

/* The reader is joined before its result is read: the join is what makes
 * the reader's writes the loop's to see. */
static void join_reader(reload *r)
{
    pthread_join(r->reader, NULL);
    r->reading = false;
    r->finished = true;
}

/* Whatever a finished reader made and nobody took. */
static void drop_specs(reload *r)
{
    for (uint32_t i = 0; i < r->nspecs; i++)
        view_spec_free(&r->specs[i]);
    free(r->specs);
    r->specs = NULL;
    r->nspecs = 0;
}

static void drop_result(reload *r)
{
    for (uint32_t t = 0; r->views && t < r->ds->nthemes; t++)
        view_free(r->views[t]);
    free(r->views);
    r->views = NULL;
    places_free(r->pl);
    dataset_free(r->ds);
    r->pl = NULL;
    r->ds = NULL;
    r->finished = false;
}

void reload_free(reload *r)
{
    if (!r)
        return;
    if (r->reading) {
        atomic_store(&r->cancel, true);
        join_reader(r);
    }
    drop_result(r);
    drop_specs(r);
    if (r->watch >= 0) {
        unwatch(r, &r->target);
        unwatch(r, &r->file);
        close(r->watch);
    }
    if (r->done[0] >= 0) {
        close(r->done[0]);
        close(r->done[1]);
    }
    free(r->path);
    free(r);
}

int reload_fds(const reload *r, struct pollfd *out)
{
    int n = 0;
    if (r->watch >= 0)
        out[n++] = (struct pollfd){r->watch, POLLIN, 0};
    if (r->reading)
        out[n++] = (struct pollfd){r->done[0], POLLIN, 0};
    return n;
}

/* Whether an event is about the data: its folder's other files (an
 * editor's swap file, say) are not. */
static bool about_the_data(const reload *r, const struct inotify_event *e)
{
    if (e->mask & IN_Q_OVERFLOW) /* events were lost, perhaps the file's */
        return true;
    const struct watched *w = e->len && e->wd == r->file.folder && !strcmp(e->name, r->file.name)
                                  ? &r->file
                              : e->len && e->wd == r->target.folder &&
                                      !strcmp(e->name, r->target.name)
                                  ? &r->target
                                  : NULL;
    if (!w || !(e->mask & IN_CREATE))
        return w != NULL;
    struct stat st;
    return w == &r->file && lstat(r->path, &st) == 0 && S_ISLNK(st.st_mode);
}

static bool file_changed(reload *r)
{
    /* aligned as inotify(7) asks */
    char events[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    bool changed = false;
    for (;;) {
        ssize_t n = read(r->watch, events, sizeof events);
        if (n <= 0)
            return changed; /* EAGAIN: all read */
        for (ssize_t at = 0; at < n;) {
            const struct inotify_event *e = (const struct inotify_event *)(events + at);
            changed |= about_the_data(r, e);
            at += (ssize_t)(sizeof *e + e->len);
        }
    }
}

void reload_events(reload *r, const struct pollfd *fds, int n, long now_ms)
{
    for (int i = 0; i < n; i++) {
        if (!fds[i].revents)
            continue;
        if (fds[i].fd == r->watch && file_changed(r)) {
            if (r->reading)
                r->again = true;
            else
                r->due_ms = now_ms + RELOAD_SETTLE_MS; /* and later each time it changes again */
        } else if (fds[i].fd == r->done[0] && r->reading) {
            char done;
            while (read(r->done[0], &done, 1) > 0)
                ;
            join_reader(r);
            if (r->again) {
                r->again = false;
                r->due_ms = now_ms + RELOAD_SETTLE_MS;
            }
        }
    }
}

int reload_wait_ms(const reload *r, long now_ms)
{
    if (r->due_ms < 0 || r->reading)
        return -1;
    return r->due_ms <= now_ms ? 0 : (int)(r->due_ms - now_ms);
}

void reload_start(reload *r, const struct view_spec *specs, uint32_t nspecs)
{
    r->due_ms = -1;
    if (r->reading) {
        r->again = true;
        return;
    }
    drop_result(r); /* a result nobody took is older than the file now */
    drop_specs(r);
    r->specs = mem_calloc(nspecs ? nspecs : 1, sizeof *r->specs);
    for (uint32_t i = 0; i < nspecs; i++)
        r->specs[i] = (struct view_spec){
            mem_strdup(specs[i].theme_id),
            specs[i].column_key ? mem_strdup(specs[i].column_key) : NULL,
            specs[i].filter ? mem_strdup(specs[i].filter) : NULL, specs[i].descending};
    r->nspecs = nspecs;
    if (r->watch >= 0)
        follow_link(r);
    if (r->done[0] < 0) {
        r->status = DATASET_UNREADABLE;
        snprintf(r->err, sizeof r->err, "%s: %s", r->path, strerror(EMFILE));
        r->finished = true;
        return;
    }
    r->reading = !pthread_create(&r->reader, NULL, read_again, r);
    if (!r->reading) {
        r->status = DATASET_UNREADABLE;
        snprintf(r->err, sizeof r->err, "%s: %s", r->path, strerror(EAGAIN));
        r->finished = true;
    }
}

bool reload_busy(const reload *r)
{
    return r->reading;
}

bool reload_take(reload *r, enum dataset_status *status, dataset **ds, places **pl, view ***views,
                 char *err, size_t errlen)
{
    if (!r->finished)
        return false;
    *status = r->status;
    *ds = r->ds;
    *pl = r->pl;
    *views = r->views;
    snprintf(err, errlen, "%s", r->status == DATASET_OK ? "" : r->err);
    r->ds = NULL;
    r->pl = NULL;
    r->views = NULL;
    r->finished = false;
    return true;
}
