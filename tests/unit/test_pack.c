#define _GNU_SOURCE /* memmem */
/* --snapshot as a briefing author runs it: the real binary, the files it
 * writes, read back with poppler's tools (pdfinfo, pdftotext) and the PNG
 * header: one page or a whole pack, what it refuses, what it never
 * overwrites, the same bytes every time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"

#include "../support/testutil.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/zjdash-test-pack-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A file in the test's directory. */
static const char *in_dir(const char *name)
{
    static char paths[8][256];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 256, "%s/%s", dir, name);
    return p;
}

/* Runs zjdash with args (NULL-terminated); its standard error into err.
 * Returns the exit status. */
static int zjdash(const char *const *args, buf *err, const char *const *env)
{
    const char *err_path = in_dir("stderr");
    pid_t pid = fork_or_fail();
    if (pid == 0) {
        child_environment(env);
        if (!freopen(err_path, "w", stderr) || !freopen("/dev/null", "w", stdout))
            _exit(126);
        const char *argv[32] = {zjdash_binary()};
        int n = 1;
        for (; *args && n < 31; args++)
            argv[n++] = *args;
        argv[n] = NULL;
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    buf_clear(err);
    read_file(err_path, err);
    unlink(err_path);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* What a poppler tool prints about a file: pdfinfo, or pdftotext to "-". */
static void poppler(const char *tool, const char *options, const char *path, buf *out)
{
    char cmd[512];
    bool text = !strcmp(tool, "pdftotext");
    snprintf(cmd, sizeof cmd, "%s %s '%s' %s 2>&1", tool, options, path, text ? "-" : "");
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char chunk[4096];
    size_t n;
    buf_clear(out);
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_put(out, chunk, n);
    assert_int_equal(pclose(p), 0);
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static void sizes_and_options_that_make_no_picture_should_be_refused(void **state)
{
    (void)state;
    buf err;
    buf_init(&err);
    char png[256]; /* in_dir's buffers are reused by the calls below */
    snprintf(png, sizeof png, "%s", in_dir("small.png"));
    assert_int_equal(zjdash((const char *[]){"--snapshot", png, "--size", "20x5", NULL}, &err, NULL), 2);
    assert_non_null(strstr(err.data, "--size"));
    assert_false(exists(png));
    /* numbers as they are written on a command line, nothing strtol also takes */
    static const char *const sizes[] = {" 100x30", "100x 30", "+100x+30", "0100x030", "100x30x", "100x", "x30",
                                        "100 x30", "1e2x30", "99999999999999999999x30"};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        int status = zjdash((const char *[]){"--snapshot", png, "--size", sizes[i], NULL}, &err, NULL);
        if (status != 2 || !strstr(err.data, sizes[i]))
            fail_msg("--size \"%s\": status %d, said %s", sizes[i], status, err.data);
    }
    static const char *const scales[] = {"9", "0", "01", "+2", " 2", "2 ", "-1"};
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++)
        assert_int_equal(zjdash((const char *[]){"--snapshot", png, "--scale", scales[i], NULL}, &err, NULL), 2);
    assert_false(exists(png));
    assert_int_equal(
        zjdash((const char *[]){"--snapshot", in_dir("a.svg"), "--scale", "3", NULL}, &err, NULL), 2);
    assert_non_null(strstr(err.data, "--scale is for a .png"));
    assert_int_equal(zjdash((const char *[]){"--dump", "txt", "--tab", "all", NULL}, &err, NULL), 2);
    assert_int_equal(zjdash((const char *[]){"--snapshot", in_dir("x.gif"), NULL}, &err, NULL), 2);
    assert_non_null(strstr(err.data, ".png, .pdf"));
    assert_false(exists(in_dir("x.gif")));
    buf_free(&err);
}

static void a_pack_should_have_a_page_for_every_tab_the_places_and_each_open(void **state)
{
    (void)state;
    buf err, out;
    buf_init(&err);
    buf_init(&out);
    const char *pdf = in_dir("brief.pdf");
    assert_int_equal(zjdash((const char *[]){"--snapshot", pdf, "--tab", "all", "--open", "文章村",
                                             "--open", "林屋村", NULL},
                            &err, NULL),
                     0);
    poppler("pdfinfo", "", pdf, &out);
    if (!strstr(out.data, "Pages:           7"))
        fail_msg("four tabs, the places and two villages should be 7 pages: %s", out.data);
    poppler("pdftotext", "-layout", pdf, &out);
    const char *expect[] = {"组织凝心", "联建强心", "治理同心", "帮扶暖心", "湛江市", "文章村", "林屋村",
                            "数据来源"};
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        if (!strstr(out.data, expect[i]))
            fail_msg("the pack's text lacks \"%s\"", expect[i]);
    buf_free(&err);
    buf_free(&out);
}

static void a_png_pack_should_be_numbered_files_and_never_overwrite(void **state)
{
    (void)state;
    buf err;
    buf_init(&err);
    const char *const args[] = {"--snapshot", in_dir("brief.png"), "--tab", "all", NULL};
    assert_int_equal(zjdash(args, &err, NULL), 0);
    for (int i = 1; i <= 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "brief-%d.png", i);
        buf png;
        buf_init(&png);
        if (!read_file(in_dir(name), &png) || png.len < 24 || memcmp(png.data, "\x89PNG", 4))
            fail_msg("%s is not a PNG", name);
        buf_free(&png);
    }
    assert_false(exists(in_dir("brief-6.png")));
    assert_false(exists(in_dir("brief.png")));
    /* one name taken: nothing is written, not even the names still free */
    unlink(in_dir("brief-1.png"));
    unlink(in_dir("brief-2.png"));
    assert_int_equal(zjdash(args, &err, NULL), 3);
    assert_non_null(strstr(err.data, "brief-3.png"));
    assert_false(exists(in_dir("brief-1.png")));
    buf_free(&err);
}

static void the_same_input_should_give_the_same_pdf_dated_by_source_date_epoch(void **state)
{
    (void)state;
    buf err, one, two, info;
    buf_init(&err);
    buf_init(&one);
    buf_init(&two);
    buf_init(&info);
    const char *const env[] = {"SOURCE_DATE_EPOCH=1706745600", NULL}; /* 2024-02-01 00:00 UTC */
    assert_int_equal(
        zjdash((const char *[]){"--snapshot", in_dir("one.pdf"), "--tab", "2", NULL}, &err, env), 0);
    assert_int_equal(
        zjdash((const char *[]){"--snapshot", in_dir("two.pdf"), "--tab", "2", NULL}, &err, env), 0);
    read_file(in_dir("one.pdf"), &one);
    read_file(in_dir("two.pdf"), &two);
    assert_true(one.len > 0 && one.len == two.len && !memcmp(one.data, two.data, one.len));
    poppler("pdfinfo", "", in_dir("one.pdf"), &info);
    if (!strstr(info.data, "2024"))
        fail_msg("SOURCE_DATE_EPOCH is not the PDF's date: %s", info.data);
    buf_free(&err);
    buf_free(&one);
    buf_free(&two);
    buf_free(&info);
}

/* 文章村 has no records in 组织凝心: its page must not say it came from there. */
static void an_opened_place_should_name_only_a_tab_that_holds_it(void **state)
{
    (void)state;
    buf err, text;
    buf_init(&err);
    buf_init(&text);
    const char *pdf = in_dir("wenzhang.pdf");
    assert_int_equal(zjdash((const char *[]){"--snapshot", pdf, "--open", "文章村", NULL}, &err, NULL), 0);
    poppler("pdftotext", "-layout", pdf, &text);
    assert_non_null(strstr(text.data, "文章村"));
    if (strstr(text.data, "组织凝心 ›") || strstr(text.data, "组织凝心 >"))
        fail_msg("the page of 文章村 names 组织凝心 in its path:\n%s", text.data);
    buf_free(&err);
    buf_free(&text);
}

/* The report's title comes from the file and goes into a picture's title
 * (SVG and HTML <title>, a PDF's /Title): sanitised there as on the screen,
 * so no bidi override, invisible filler or pile of marks gets through. */
static void a_pictures_title_should_be_sanitised_as_the_screen_is(void **state)
{
    (void)state;
    buf json, err, out;
    buf_init(&json);
    buf_init(&err);
    buf_init(&out);
    buf_puts(&json, "{\"format\": \"zjdash/1.0\", \"meta\": {\"title\": \"T\\u202eevil\\u200b\\u3164x");
    for (int i = 0; i < 500; i++)
        buf_puts(&json, "\\u0301");
    buf_puts(&json, "\", \"publisher\": \"P\", \"published\": \"2024-02-01\"}, \"themes\": [{\"id\": \"t\", "
                    "\"title\": \"T\", \"columns\": [{\"key\": \"name\", \"label\": \"N\", \"type\": \"text\"}], "
                    "\"records\": [{\"id\": \"r1\", \"name\": \"n\", \"quote\": \"q\"}]}]}\n");
    char data[256];
    snprintf(data, sizeof data, "%s", in_dir("evil.json"));
    FILE *f = fopen(data, "w");
    assert_non_null(f);
    fwrite(json.data, 1, json.len, f);
    fclose(f);
    static const char *const raw[] = {"\xE2\x80\xAE", "\xE2\x80\x8B", "\xE3\x85\xA4", "\xCC\x81\xCC\x81\xCC\x81\xCC\x81\xCC\x81"};
    const char *pictures[] = {"t.svg", "t.html", "t.pdf"};
    for (size_t p = 0; p < 3; p++) {
        char path[256];
        snprintf(path, sizeof path, "%s", in_dir(pictures[p]));
        assert_int_equal(zjdash((const char *[]){"--snapshot", path, data, NULL}, &err, NULL), 0);
        if (p < 2)
            read_file(path, &out);
        else
            poppler("pdfinfo", "", path, &out);
        for (size_t k = 0; k < sizeof raw / sizeof raw[0]; k++)
            if (memmem(out.data, out.len, raw[k], strlen(raw[k])))
                fail_msg("%s holds the raw bytes of case %zu", pictures[p], k);
        assert_non_null(strstr(out.data, p < 2 ? "&lt;U+202E&gt;" : "<U+202E>"));
        assert_non_null(strstr(out.data, "marks"));
        unlink(path);
    }
    unlink(data);
    buf_free(&json);
    buf_free(&err);
    buf_free(&out);
}

int main(void)
{
    if (getenv("TEST_FILTER"))
        cmocka_set_test_filter(getenv("TEST_FILTER"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sizes_and_options_that_make_no_picture_should_be_refused),
        cmocka_unit_test(a_pack_should_have_a_page_for_every_tab_the_places_and_each_open),
        cmocka_unit_test(a_png_pack_should_be_numbered_files_and_never_overwrite),
        cmocka_unit_test(the_same_input_should_give_the_same_pdf_dated_by_source_date_epoch),
        cmocka_unit_test(an_opened_place_should_name_only_a_tab_that_holds_it),
        cmocka_unit_test(a_pictures_title_should_be_sanitised_as_the_screen_is),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
