#include "export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "lang.h"
#include "picture.h"

/* The same bytes as --dump csv with the tab's --sort and --filter (in the
 * places: the rows open, in their order), so a table exported by hand and
 * one made by a script can be compared; saved as s saves a picture: never
 * over a file, the whole path said. */
void export_table(app *a)
{
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    if (!out) {
        app_say_msg(a, MSG_MSG_CANNOT_EXPORT, strerror(errno), ".");
        return;
    }
    uint32_t rows;
    if (app_in_places(a)) {
        places *p = app_places(a);
        dump_places_csv(out, a->ds, p);
        rows = p->nrows;
    } else {
        view *v = a->tabs[a->tab].view;
        dump_view_csv(out, a->ds, v);
        rows = v->nrows;
    }
    fclose(out);
    char saved[PICTURE_PATH_MAX];
    if (picture_store(a, NULL, ".csv", data, len, MSG_MSG_CANNOT_EXPORT, saved, sizeof saved))
        app_say_msg(a, rows == 1 ? MSG_MSG_EXPORTED_ONE : MSG_MSG_EXPORTED, rows, saved);
    free(data);
}
