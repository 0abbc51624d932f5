/* e: the table as it is shown (its sort, its filter, every column, nothing
 * cut) written to a CSV file beside the pictures, for a spreadsheet. */
#ifndef ZJDASH_EXPORT_H
#define ZJDASH_EXPORT_H

#include "app.h"

/* Writes the current tab's view (or the places' rows shown) and says where
 * on the status line. */
void export_table(app *a);

#endif
