/* Pictures of the screen: golden text snapshots of every tab and a
 * drill-down, well-formed XML whatever the data, the same bytes every time,
 * the cell grid honoured by a real browser, and files written safely:
 * nothing overwritten, nothing half-written, nothing followed through a
 * symlink. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <png.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "grid.h"
#include "snapshot.h"
#include "text.h"

#include "../support/testutil.h"

static char tmpdir[64];

static int make_tmpdir(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/zjdash-snap-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Runs a program (no shell) with stdout and stderr to out; returns its status. */
static int run(char *const argv[], buf *out)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        close(fds[0]);
        setenv("ZJDASH_LANG", "en", 1); /* the assertions read the English frame */
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    char chunk[4096];
    ssize_t n;
    if (out)
        buf_clear(out);
    while ((n = read(fds[0], chunk, sizeof chunk)) > 0)
        if (out)
            buf_put(out, chunk, (size_t)n);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void path_in_tmp(char *path, size_t len, const char *name)
{
    snprintf(path, len, "%s/%s", tmpdir, name);
    unlink(path);
}

/* --snapshot FILE with extra arguments; returns the exit status. */
static int snapshot(const char *file, const char *const *args, buf *said)
{
    char *argv[24] = {(char *)zjdash_binary(), (char *)"--snapshot", (char *)file};
    int n = 3;
    for (; args && *args && n < 22; args++)
        argv[n++] = (char *)*args;
    argv[n] = NULL;
    return run(argv, said);
}

/* ---- golden text ---- */

/* tests/golden/LIST says how each golden is made (make golden makes them all
 * again, with tools/golden.sh): one a line, its file name and the arguments of
 * zjdash; the golden is the file "--snapshot @" writes, or else what zjdash
 * prints on standard output. */
#define GOLDEN_DIR "tests/golden"
#define GOLDEN_MAX_ARGS 32

/* Runs zjdash with args in the environment of every test (and of
 * tools/golden.sh), standard output to out, standard error to err; returns
 * its exit status. */
static int run_golden(char *const args[], buf *out, buf *err)
{
    int fds[2][2];
    assert_int_equal(pipe(fds[0]), 0);
    assert_int_equal(pipe(fds[1]), 0);
    pid_t pid = fork_or_fail();
    if (pid == 0) {
        child_environment(NULL);
        dup2(fds[0][1], 1);
        dup2(fds[1][1], 2);
        close(fds[0][0]);
        close(fds[1][0]);
        char *argv[GOLDEN_MAX_ARGS + 2] = {(char *)zjdash_binary()};
        for (int i = 0; args[i]; i++)
            argv[i + 1] = args[i];
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[0][1]);
    close(fds[1][1]);
    buf_clear(out);
    buf_clear(err);
    /* Standard error is small (a message); standard output is read first. */
    char chunk[4096];
    ssize_t n;
    while ((n = read(fds[0][0], chunk, sizeof chunk)) > 0)
        buf_put(out, chunk, (size_t)n);
    while ((n = read(fds[1][0], chunk, sizeof chunk)) > 0)
        buf_put(err, chunk, (size_t)n);
    close(fds[0][0]);
    close(fds[1][0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* One line of the list: false if it makes no golden (a comment, blank);
 * its words in line (cut in place), name and args (NULL-terminated), with
 * the @ after --snapshot replaced by file. */
static bool golden_line(char *line, const char **name, char *args[], char *file,
                        bool *snapshot)
{
    int n = 0;
    *name = NULL;
    *snapshot = false;
    for (char *w = strtok(line, " \t\r\n"); w; w = strtok(NULL, " \t\r\n")) {
        if (!*name) {
            if (*w == '#')
                return false;
            *name = w;
            continue;
        }
        if (n == GOLDEN_MAX_ARGS)
            fail_msg("%s: more than %d arguments", *name, GOLDEN_MAX_ARGS);
        if (n > 0 && !strcmp(args[n - 1], "--snapshot") && !strcmp(w, "@")) {
            w = file;
            *snapshot = true;
        }
        args[n++] = w;
    }
    args[n] = NULL;
    return *name != NULL;
}

/* Frees what the golden test holds; before it fails too, so that the
 * sanitizer build reports the failure and not a leak. */
enum { G_LIST, G_OUT, G_ERR, G_GOT, G_WANT, GOLDEN_BUFS };
static void golden_free(buf b[GOLDEN_BUFS])
{
    for (int i = 0; i < GOLDEN_BUFS; i++)
        buf_free(&b[i]);
}

/* Pixels of a PNG held in memory, as RGB; NULL if it is not one. */
static unsigned char *png_pixels(const buf *png, png_uint_32 *w, png_uint_32 *h)
{
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png->len || !png_image_begin_read_from_memory(&image, png->data, png->len))
        return NULL;
    image.format = PNG_FORMAT_RGB;
    unsigned char *pixels = malloc(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
        free(pixels);
        return NULL;
    }
    *w = image.width;
    *h = image.height;
    return pixels;
}

/* A picture drawn by cairo and a font may differ by a shade of
 * anti-aliasing from one build of a library to the next, never in its size
 * or in what is drawn where: the same size, and at most 1 pixel in 500 off
 * by more than a faint shade. */
static bool png_close_enough(const buf *got, const buf *want, char *why, size_t len)
{
    png_uint_32 gw, gh, ww, wh;
    unsigned char *g = png_pixels(got, &gw, &gh), *w = png_pixels(want, &ww, &wh);
    bool ok = g && w && gw == ww && gh == wh;
    if (!ok) {
        snprintf(why, len, "not the same size: %ux%u against %ux%u", g ? gw : 0, g ? gh : 0,
                 w ? ww : 0, w ? wh : 0);
    } else {
        size_t off = 0, n = (size_t)gw * gh;
        for (size_t i = 0; i < n; i++)
            for (int c = 0; c < 3; c++)
                if (abs(g[3 * i + (size_t)c] - w[3 * i + (size_t)c]) > 48) {
                    off++;
                    break;
                }
        ok = off * 500 <= n;
        snprintf(why, len, "%zu of %zu pixels differ", off, n);
    }
    free(g);
    free(w);
    return ok;
}

static void text_snapshots_should_match_the_golden_files(void **state)
{
    (void)state;
    buf b[GOLDEN_BUFS];
    for (int i = 0; i < GOLDEN_BUFS; i++)
        buf_init(&b[i]);
    if (!read_file(GOLDEN_DIR "/LIST", &b[G_LIST])) {
        golden_free(b);
        fail_msg("cannot read " GOLDEN_DIR "/LIST");
    }
    int goldens = 0, differ = 0;
    for (char *line = b[G_LIST].data, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char path[256], golden[256], *args[GOLDEN_MAX_ARGS + 1];
        const char *name;
        bool snapshot;
        if (!golden_line(line, &name, args, path, &snapshot))
            continue;
        goldens++;
        if (strchr(name, '/')) {
            fprintf(stderr, "%s: not a plain file name\n", name);
            golden_free(b); /* name was in it */
            fail_msg("a golden is a plain file name in " GOLDEN_DIR);
        }
        /* Named as the golden: the format --snapshot writes follows the name. */
        path_in_tmp(path, sizeof path, name);
        snprintf(golden, sizeof golden, GOLDEN_DIR "/%s", name);
        int st = run_golden(args, &b[G_OUT], &b[G_ERR]);
        if (st != 0) {
            fprintf(stderr, "%s: zjdash exited with status %d: %s", name, st,
                    b[G_ERR].data ? b[G_ERR].data : "");
            golden_free(b);
            fail_msg("a golden could not be made");
        }
        if (snapshot)
            assert_true(read_file(path, &b[G_GOT]));
        else {
            buf_clear(&b[G_GOT]);
            buf_put(&b[G_GOT], b[G_OUT].data ? b[G_OUT].data : "", b[G_OUT].len);
            FILE *f = fopen(path, "wb");
            assert_non_null(f);
            assert_int_equal(fwrite(b[G_GOT].data, 1, b[G_GOT].len, f), b[G_GOT].len);
            assert_int_equal(fclose(f), 0);
        }
        size_t nlen = strlen(name);
        bool png = nlen > 4 && !strcmp(name + nlen - 4, ".png");
        char why[128];
        if (!read_file(golden, &b[G_WANT])) {
            fprintf(stderr, "no golden file %s: make golden makes it\n", golden);
            differ++;
        } else if (png) {
            if (!png_close_enough(&b[G_GOT], &b[G_WANT], why, sizeof why)) {
                fprintf(stderr, "%s differs from its golden file: %s (the picture is %s)\n",
                        name, why, path);
                differ++;
                continue; /* kept, to be looked at */
            }
        } else if (b[G_GOT].len != b[G_WANT].len ||
                   memcmp(b[G_GOT].data, b[G_WANT].data, b[G_GOT].len)) {
            char *diff[] = {(char *)"diff", (char *)"-u", golden, path, NULL};
            run(diff, &b[G_ERR]);
            fprintf(stderr, "%s differs from its golden file:\n%s", name,
                    b[G_ERR].data ? b[G_ERR].data : "");
            differ++;
        }
        unlink(path);
    }
    golden_free(b);
    assert_true(goldens > 0);
    if (differ)
        fail_msg("%d of %d goldens differ (above, the diffs); if the change is meant: make "
                 "golden, and read git diff " GOLDEN_DIR " before committing it",
                 differ, goldens);
}

static void the_same_screen_should_give_the_same_bytes(void **state)
{
    (void)state;
    const char *formats[] = {"svg", "html", "txt", "ans"};
    buf a, b;
    buf_init(&a);
    buf_init(&b);
    for (int i = 0; i < 4; i++) {
        char one[256], two[256], name[32];
        snprintf(name, sizeof name, "one.%s", formats[i]);
        path_in_tmp(one, sizeof one, name);
        snprintf(name, sizeof name, "two.%s", formats[i]);
        path_in_tmp(two, sizeof two, name);
        const char *args[] = {"--tab", "industry", "--theme", "light", NULL};
        assert_int_equal(snapshot(one, args, NULL), 0);
        assert_int_equal(snapshot(two, args, NULL), 0);
        assert_true(read_file(one, &a));
        assert_true(read_file(two, &b));
        assert_true(a.len > 1000);
        assert_true(a.len == b.len && !memcmp(a.data, b.data, a.len));
    }
    buf_free(&a);
    buf_free(&b);
}

static void xmllint_ok(const char *path)
{
    buf said;
    buf_init(&said);
    char *argv[] = {(char *)"xmllint", (char *)"--noout", (char *)path, NULL};
    int st = run(argv, &said);
    if (st != 0)
        fail_msg("xmllint %s: %s", path, said.data ? said.data : "");
    buf_free(&said);
}

static void svg_and_html_should_be_well_formed_even_with_hostile_strings(void **state)
{
    (void)state;
    const char *datasets[] = {"data/zhanjiang-2024.json", "tests/fixtures/hostile.json"};
    const int tabs[] = {4, 1}; /* the hostile dataset has one theme */
    for (int d = 0; d < 2; d++)
        for (int tab = 1; tab <= tabs[d]; tab++) {
            char svg[256], html[256], t[16];
            snprintf(t, sizeof t, "%d", tab);
            path_in_tmp(svg, sizeof svg, "x.svg");
            path_in_tmp(html, sizeof html, "x.html");
            const char *args[] = {"--tab", t, datasets[d], NULL};
            assert_int_equal(snapshot(svg, args, NULL), 0);
            assert_int_equal(snapshot(html, args, NULL), 0);
            xmllint_ok(svg);
            xmllint_ok(html);
        }
    /* and the characters XML forbids or reads as markup, straight into the renderer */
    grid g;
    grid_init(&g, 40, 3, false);
    grid_puts(&g, 0, 0, 40, "a & b < c > d \" e ' f", ST_NORMAL, 0);
    grid_puts(&g, 1, 0, 40, "]]> <![CDATA[ x", ST_TITLE, 0);
    grid_puts(&g, 2, 0, 40, "\xEF\xBF\xBE \x01 \xED\xA0\x80", ST_NORMAL, 0);
    buf out;
    buf_init(&out);
    snapshot_render(&out, &g, SNAP_SVG, SNAP_DARK, "title & <b>");
    char path[256];
    path_in_tmp(path, sizeof path, "raw.svg");
    FILE *f = fopen(path, "wb");
    fwrite(out.data, 1, out.len, f);
    fclose(f);
    xmllint_ok(path);
    assert_non_null(strstr(out.data, "a &amp; b &lt; c &gt; d &quot; e &apos; f"));
    buf_free(&out);
    grid_free(&g);
}

static void numbers_should_not_depend_on_the_locale(void **state)
{
    (void)state;
    char c[256], de[256];
    path_in_tmp(c, sizeof c, "c.svg");
    path_in_tmp(de, sizeof de, "de.svg");
    assert_int_equal(snapshot(c, NULL, NULL), 0);
    setenv("LC_ALL", "de_DE.UTF-8", 1);
    setenv("LC_NUMERIC", "de_DE.UTF-8", 1);
    assert_int_equal(snapshot(de, NULL, NULL), 0);
    unsetenv("LC_ALL");
    unsetenv("LC_NUMERIC");
    buf a, b;
    buf_init(&a);
    buf_init(&b);
    assert_true(read_file(c, &a) && read_file(de, &b));
    assert_true(a.len == b.len && !memcmp(a.data, b.data, a.len));
    buf_free(&a);
    buf_free(&b);
}

/* ---- writing safely ---- */

static void an_existing_file_should_never_be_overwritten(void **state)
{
    (void)state;
    char path[256];
    path_in_tmp(path, sizeof path, "mine.svg");
    FILE *f = fopen(path, "w");
    fputs("precious", f);
    fclose(f);
    buf said, content;
    buf_init(&said);
    buf_init(&content);
    assert_int_equal(snapshot(path, NULL, &said), 3);
    assert_non_null(strstr(said.data, "exists already"));
    assert_true(read_file(path, &content));
    assert_string_equal(content.data, "precious");
    buf_free(&said);
    buf_free(&content);
}

static void a_symlink_at_the_target_should_not_be_followed(void **state)
{
    (void)state;
    char victim[256], link_path[256];
    path_in_tmp(victim, sizeof victim, "victim.txt");
    path_in_tmp(link_path, sizeof link_path, "planted.svg");
    FILE *f = fopen(victim, "w");
    fputs("untouched", f);
    fclose(f);
    assert_int_equal(symlink(victim, link_path), 0);
    assert_int_equal(snapshot_write(link_path, "<svg/>", 6), EEXIST);
    buf content;
    buf_init(&content);
    assert_true(read_file(victim, &content));
    assert_string_equal(content.data, "untouched");
    /* a dangling link is taken too */
    unlink(victim);
    assert_int_equal(snapshot_write(link_path, "<svg/>", 6), EEXIST);
    assert_int_equal(access(victim, F_OK), -1);
    /* the dashboard's own names step around it */
    char saved[512];
    assert_int_equal(snapshot_save_new(tmpdir, "planted", ".svg", "<svg/>", 6, saved, sizeof saved), 0);
    assert_non_null(strstr(saved, "planted-2.svg"));
    buf_free(&content);
}

/* Files in the directory whose names start with prefix. */
static int count_files(const char *prefix)
{
    DIR *d = opendir(tmpdir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += !strncmp(e->d_name, prefix, strlen(prefix));
    closedir(d);
    return n;
}

static void a_file_too_big_for_the_disk_should_leave_nothing_behind(void **state)
{
    (void)state;
    /* RLIMIT_FSIZE makes write() fail part-way as a full disk does, for any
     * user; where a small tmpfs can be mounted, a real full disk follows. */
    char path[256];
    path_in_tmp(path, sizeof path, "big.svg");
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit r = {4096, 4096};
        setrlimit(RLIMIT_FSIZE, &r);
        static char data[1 << 16];
        memset(data, 'x', sizeof data);
        _exit(snapshot_write(path, data, sizeof data) == EFBIG ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(count_files(".zjdash-snapshot-"), 0);

    char small[256];
    snprintf(small, sizeof small, "%s/small", tmpdir);
    mkdir(small, 0755);
    if (mount("tmpfs", small, "tmpfs", 0, "size=16k") == 0) {
        char full[300];
        snprintf(full, sizeof full, "%s/full.svg", small);
        static char data[1 << 17];
        memset(data, 'x', sizeof data);
        assert_int_equal(snapshot_write(full, data, sizeof data), ENOSPC);
        DIR *d = opendir(small);
        struct dirent *e;
        int left = 0;
        while ((e = readdir(d)))
            left += e->d_name[0] != '.' || strncmp(e->d_name, ".zjdash", 7) == 0;
        closedir(d);
        assert_int_equal(left, 0);
        umount(small);
    } else {
        fprintf(stderr, "note: no tmpfs could be mounted (%s); the simulated full disk stands\n",
                strerror(errno));
    }
}

static void an_unwritable_directory_should_be_reported(void **state)
{
    (void)state;
    /* /proc refuses new files even to root */
    assert_int_equal(snapshot_write("/proc/zjdash.svg", "<svg/>", 6) != 0, 1);
    buf said;
    buf_init(&said);
    assert_int_equal(snapshot("/proc/zjdash.svg", NULL, &said), 3);
    assert_non_null(strstr(said.data, "cannot save /proc/zjdash.svg"));
    buf_free(&said);
}

static void saved_files_should_have_mode_0644_minus_the_umask(void **state)
{
    (void)state;
    char path[256];
    path_in_tmp(path, sizeof path, "mode.txt");
    mode_t old = umask(027);
    assert_int_equal(snapshot_write(path, "x", 1), 0);
    umask(old);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
}

/* ---- in a browser ---- */

static bool have(const char *program)
{
    char *argv[] = {(char *)"sh", (char *)"-c", NULL, NULL};
    char cmd[128];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null", program);
    argv[2] = cmd;
    return run(argv, NULL) == 0;
}

struct png {
    int w, h;
    png_bytep *rows;
};

static bool read_png(const char *path, struct png *p)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        fclose(f);
        return false;
    }
    png_init_io(png, f);
    png_read_info(png, info);
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    png_read_update_info(png, info);
    p->w = (int)png_get_image_width(png, info);
    p->h = (int)png_get_image_height(png, info);
    p->rows = malloc(sizeof *p->rows * (size_t)p->h);
    for (int y = 0; y < p->h; y++)
        p->rows[y] = malloc(png_get_rowbytes(png, info));
    png_read_image(png, p->rows);
    png_destroy_read_struct(&png, &info, NULL);
    fclose(f);
    return true;
}

/* The leftmost and rightmost columns with ink (pixels unlike the page) in a band of rows. */
static void ink(const struct png *p, int y0, int y1, int *left, int *right)
{
    *left = p->w;
    *right = -1;
    png_bytep bg = p->rows[0] + 4 * (p->w - 1);
    for (int y = y0; y < y1 && y < p->h; y++)
        for (int x = 0; x < p->w; x++) {
            png_bytep px = p->rows[y] + 4 * x;
            int d = abs(px[0] - bg[0]) + abs(px[1] - bg[1]) + abs(px[2] - bg[2]);
            if (d > 96) {
                *left = x < *left ? x : *left;
                *right = x > *right ? x : *right;
            }
        }
}

static void a_browser_should_draw_chinese_in_exactly_two_cells(void **state)
{
    (void)state;
    const char *browser = have("chromium") ? "chromium" : NULL;
    if (!browser)
        fail_msg("chromium is missing: make check installs it");
    /* a picture with a CJK run and an ASCII run of the same number of characters */
    grid g;
    grid_init(&g, 40, 4, false);
    grid_puts(&g, 1, 2, 20, "湛江湛江湛江湛江湛江", ST_NORMAL, TEXT_NO_PAD);
    grid_puts(&g, 2, 2, 10, "MMMMMMMMMM", ST_NORMAL, TEXT_NO_PAD);
    buf svg;
    buf_init(&svg);
    snapshot_render(&svg, &g, SNAP_SVG, SNAP_LIGHT, "cells");
    char svg_path[256], png_path[256], profile[256];
    path_in_tmp(svg_path, sizeof svg_path, "cells.svg");
    path_in_tmp(png_path, sizeof png_path, "cells.png");
    snprintf(profile, sizeof profile, "--user-data-dir=%s/profile", tmpdir);
    FILE *f = fopen(svg_path, "wb");
    fwrite(svg.data, 1, svg.len, f);
    fclose(f);
    int width = 40 * SNAPSHOT_CELL_W, height = 4 * SNAPSHOT_CELL_H;
    char size[64], shot[300], url[300];
    snprintf(size, sizeof size, "--window-size=%d,%d", width, height);
    snprintf(shot, sizeof shot, "--screenshot=%s", png_path);
    snprintf(url, sizeof url, "file://%s", svg_path);
    char *argv[] = {(char *)browser, (char *)"--headless", (char *)"--no-sandbox",
                    (char *)"--disable-gpu", (char *)"--no-first-run",
                    (char *)"--disable-background-networking", (char *)"--disable-component-update",
                    (char *)"--disable-sync", (char *)"--hide-scrollbars",
                    (char *)"--force-device-scale-factor=1", profile, size, shot, url, NULL};
    buf said;
    buf_init(&said);
    int st = run(argv, &said);
    struct png p;
    if (st != 0 || !read_png(png_path, &p))
        fail_msg("chromium made no picture (exit %d): %s", st, said.data ? said.data : "");
    assert_int_equal(p.w, width);
    assert_int_equal(p.h, height);
    int cl, cr, al, ar;
    ink(&p, 1 * SNAPSHOT_CELL_H, 2 * SNAPSHOT_CELL_H, &cl, &cr);
    ink(&p, 2 * SNAPSHOT_CELL_H, 3 * SNAPSHOT_CELL_H, &al, &ar);
    fprintf(stderr, "note: CJK ink %d..%d, ASCII ink %d..%d\n", cl, cr, al, ar);
    assert_true(cr > cl && ar > al);
    /* both start in cell 2 */
    assert_in_range(cl, 2 * SNAPSHOT_CELL_W, 2 * SNAPSHOT_CELL_W + 4);
    assert_in_range(al, 2 * SNAPSHOT_CELL_W, 2 * SNAPSHOT_CELL_W + 4);
    /* ten Chinese characters cover twenty cells, twice ten ASCII ones, to within a cell */
    int cjk = cr - cl, ascii = ar - al;
    assert_in_range(cjk, 2 * ascii - SNAPSHOT_CELL_W, 2 * ascii + 2 * SNAPSHOT_CELL_W);
    assert_in_range(cr, 21 * SNAPSHOT_CELL_W, 22 * SNAPSHOT_CELL_W);
    for (int y = 0; y < p.h; y++)
        free(p.rows[y]);
    free(p.rows);
    buf_free(&said);
    buf_free(&svg);
    grid_free(&g);
}

int main(void)
{
    if (getenv("TEST_FILTER"))
        cmocka_set_test_filter(getenv("TEST_FILTER"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_snapshots_should_match_the_golden_files),
        cmocka_unit_test(the_same_screen_should_give_the_same_bytes),
        cmocka_unit_test(svg_and_html_should_be_well_formed_even_with_hostile_strings),
        cmocka_unit_test(numbers_should_not_depend_on_the_locale),
        cmocka_unit_test(an_existing_file_should_never_be_overwritten),
        cmocka_unit_test(a_symlink_at_the_target_should_not_be_followed),
        cmocka_unit_test(a_file_too_big_for_the_disk_should_leave_nothing_behind),
        cmocka_unit_test(an_unwritable_directory_should_be_reported),
        cmocka_unit_test(saved_files_should_have_mode_0644_minus_the_umask),
        cmocka_unit_test(a_browser_should_draw_chinese_in_exactly_two_cells),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
