#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "export.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "lang.h"
#include "picture.h"
#include "snapshot.h"

/* The same bytes as --dump csv with the tab's --sort and --filter, so a
 * table exported by hand and one made by a script can be compared; saved
 * as s saves a picture: never over a file, the whole path said. */
void export_table(app *a)
{
    view *v = a->tabs[a->tab].view;
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    if (!out) {
        app_say_msg(a, MSG_MSG_CANNOT_EXPORT, strerror(errno), ".");
        return;
    }
    dump_view_csv(out, a->ds, v);
    fclose(out);
    char *resolved, stem[160], saved[PATH_MAX + 64], shown[SHOWN_PATH + 8];
    const char *dir = picture_dir(&resolved);
    picture_stem(a, stem, sizeof stem);
    int e = snapshot_save_new(dir, stem, ".csv", data, len, saved, sizeof saved);
    if (e)
        app_say_msg(a, MSG_MSG_CANNOT_EXPORT, strerror(e), picture_shown_path(dir, shown, sizeof shown));
    else
        app_say_msg(a, v->nrows == 1 ? MSG_MSG_EXPORTED_ONE : MSG_MSG_EXPORTED, v->nrows, saved);
    free(resolved);
    free(data);
}
