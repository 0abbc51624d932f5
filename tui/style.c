#include "style.h"

const struct look style_looks[ST_COUNT] = {
    [ST_NORMAL] = {COLOR_NONE, COLOR_NONE, 0, 0},
    [ST_TITLE] = {ANSI_WHITE, ANSI_BLUE, LOOK_BOLD, LOOK_REVERSE | LOOK_BOLD},
    [ST_TAB] = {COLOR_NONE, COLOR_NONE, 0, 0},
    [ST_TAB_CURRENT] = {ANSI_BLACK, ANSI_YELLOW, LOOK_BOLD, LOOK_REVERSE | LOOK_BOLD},
    [ST_HEADING] = {ANSI_CYAN, COLOR_NONE, LOOK_BOLD, LOOK_BOLD},
    [ST_FIGURE_VALUE] = {ANSI_YELLOW, COLOR_NONE, LOOK_BOLD, LOOK_BOLD},
    [ST_FIGURE_LABEL] = {COLOR_NONE, COLOR_NONE, 0, 0},
    [ST_COLUMN] = {COLOR_NONE, COLOR_NONE, LOOK_BOLD | LOOK_UNDERLINE, LOOK_BOLD | LOOK_UNDERLINE},
    [ST_COLUMN_SORTED] = {ANSI_YELLOW, COLOR_NONE, LOOK_BOLD | LOOK_UNDERLINE,
                          LOOK_BOLD | LOOK_UNDERLINE | LOOK_REVERSE},
    [ST_SELECTED] = {ANSI_BLACK, ANSI_CYAN, 0, LOOK_REVERSE},
    [ST_MATCH] = {ANSI_BLACK, ANSI_YELLOW, 0, LOOK_BOLD | LOOK_UNDERLINE},
    [ST_DIM] = {ANSI_BLUE, COLOR_NONE, 0, LOOK_DIM},
    [ST_LINK] = {ANSI_CYAN, COLOR_NONE, 0, LOOK_UNDERLINE},
    [ST_STATUS] = {ANSI_BLACK, ANSI_WHITE, 0, LOOK_REVERSE},
    [ST_STATUS_KEY] = {ANSI_BLUE, ANSI_WHITE, LOOK_BOLD, LOOK_REVERSE | LOOK_BOLD},
    [ST_PROMPT] = {COLOR_NONE, COLOR_NONE, LOOK_BOLD, LOOK_BOLD},
    [ST_ERROR] = {ANSI_RED, COLOR_NONE, LOOK_BOLD, LOOK_BOLD | LOOK_REVERSE},
    [ST_BAR] = {ANSI_GREEN, COLOR_NONE, 0, 0},
};

static const struct theme_paint themes[2] = {
    [SNAP_DARK] = {"#d7dae0", "#1e2127", {
        [ST_NORMAL] = {"#d7dae0", NULL},
        [ST_TITLE] = {"#ffffff", "#2f5f9e"},
        [ST_TAB] = {"#d7dae0", NULL},
        [ST_TAB_CURRENT] = {"#1e2127", "#e5c07b"},
        [ST_HEADING] = {"#56b6c2", NULL},
        [ST_FIGURE_VALUE] = {"#e5c07b", NULL},
        [ST_FIGURE_LABEL] = {"#d7dae0", NULL},
        [ST_COLUMN] = {"#d7dae0", NULL},
        [ST_COLUMN_SORTED] = {"#e5c07b", NULL},
        [ST_SELECTED] = {"#1e2127", "#56b6c2"},
        [ST_MATCH] = {"#1e2127", "#e5c07b"},
        [ST_DIM] = {"#7f8ea3", NULL},
        [ST_LINK] = {"#56b6c2", NULL},
        [ST_STATUS] = {"#1e2127", "#c8ccd4"},
        [ST_STATUS_KEY] = {"#2f5f9e", "#c8ccd4"},
        [ST_PROMPT] = {"#d7dae0", NULL},
        [ST_ERROR] = {"#e06c75", NULL},
        [ST_BAR] = {"#98c379", NULL},
    }},
    [SNAP_LIGHT] = {"#1f2328", "#ffffff", {
        [ST_NORMAL] = {"#1f2328", NULL},
        [ST_TITLE] = {"#ffffff", "#1f5fa8"},
        [ST_TAB] = {"#1f2328", NULL},
        [ST_TAB_CURRENT] = {"#1f2328", "#f2cc60"},
        [ST_HEADING] = {"#0b6b73", NULL},
        [ST_FIGURE_VALUE] = {"#8a5a00", NULL},
        [ST_FIGURE_LABEL] = {"#1f2328", NULL},
        [ST_COLUMN] = {"#1f2328", NULL},
        [ST_COLUMN_SORTED] = {"#8a5a00", NULL},
        [ST_SELECTED] = {"#1f2328", "#b6e3e8"},
        [ST_MATCH] = {"#1f2328", "#f2cc60"},
        [ST_DIM] = {"#6e7781", NULL},
        [ST_LINK] = {"#0b6b73", NULL},
        [ST_STATUS] = {"#1f2328", "#e6e8eb"},
        [ST_STATUS_KEY] = {"#1f5fa8", "#e6e8eb"},
        [ST_PROMPT] = {"#1f2328", NULL},
        [ST_ERROR] = {"#cf222e", NULL},
        [ST_BAR] = {"#2da44e", NULL},
    }},
};

/* An accessor, not the array: a theme out of range falls back to the dark
 * one instead of reading past the table. */
const struct theme_paint *style_theme(enum snapshot_theme theme)
{
    return &themes[theme == SNAP_LIGHT ? SNAP_LIGHT : SNAP_DARK];
}
