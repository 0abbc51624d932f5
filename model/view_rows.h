/* What view.c and view_sort.c share inside the view module. */
#ifndef ZJDASH_VIEW_ROWS_H
#define ZJDASH_VIEW_ROWS_H

#include "view.h"

/* The rows shown remade from the order and the filter's marks; version is
 * bumped when they differ from before. */
void view_rebuild_rows(view *v);

#endif
