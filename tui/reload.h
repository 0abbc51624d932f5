/* Following the dataset file while the dashboard shows it: its folder is
 * watched (inotify) for the file written and closed, or another moved in
 * over it (what editors, cp and mv do), and once changes have stopped for a
 * moment the file is read again on a thread of its own, with its places
 * tree, while the dashboard goes on with the data it has. Nothing is polled:
 * between changes the dashboard sleeps in poll(2) like any idle program. */
#ifndef ZJDASH_RELOAD_H
#define ZJDASH_RELOAD_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "dataset.h"
#include "load.h"
#include "places.h"
#include "view.h"

/* How long after the last change the file is read: an editor's save is a
 * burst of events (write, rename, attributes), and so is a slow copy. */
#define RELOAD_SETTLE_MS 200

typedef struct reload reload;

/* Watches path, which the dashboard was started on. When its folder cannot
 * be watched (no inotify, too many watches) the reload still reads the file
 * on request, and why says why it is not followed; else why is "". */
reload *reload_new(const char *path, char *why, size_t whylen);
/* Stops a read under way (it is cancelled, then joined) and the watch. */
void reload_free(reload *r);

/* What the loop waits on besides the terminal: at most RELOAD_FDS entries
 * of out are filled; returns how many. */
#define RELOAD_FDS 2
int reload_fds(const reload *r, struct pollfd *out);
/* After poll: reads the events the fds of reload_fds had (revents set). */
void reload_events(reload *r, const struct pollfd *fds, int n, long now_ms);
/* How long the loop may sleep before a change is due to be read: -1 for
 * as long as it likes, 0 when one is due now. */
int reload_wait_ms(const reload *r, long now_ms);
/* Starts reading the file again (R, or a change that is due), and making
 * the tables specs names of it (app_view_specs; copied). A read under way is
 * let finish and then followed by another. */
void reload_start(reload *r, const struct view_spec *specs, uint32_t nspecs);
/* Whether a read is under way. */
bool reload_busy(const reload *r);

/* The result of a read that has finished, once: true with DATASET_OK and
 * the dataset, its tree and its tables (by theme, each may be NULL: all the
 * caller's from here), or another status and the one-line located error in
 * err. False when no read has finished. */
bool reload_take(reload *r, enum dataset_status *status, dataset **ds, places **pl, view ***views,
                 char *err, size_t errlen);

#endif
