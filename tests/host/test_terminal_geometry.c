// SPDX-License-Identifier: GPL-2.0
/* Tests for lib/term_geometry.c: the graphical terminal's window. */
#include <criterion/criterion.h>
#include <lib/term_geometry.h>

static void expect(struct term_geometry g, uint32_t x, uint32_t y, uint32_t w,
		   uint32_t h)
{
	cr_assert_eq(g.x, x, "x %u, want %u", g.x, x);
	cr_assert_eq(g.y, y, "y %u, want %u", g.y, y);
	cr_assert_eq(g.w, w, "w %u, want %u", g.w, w);
	cr_assert_eq(g.h, h, "h %u, want %u", g.h, h);
}

Test(term_geometry, default_is_the_spec_window)
{
	struct term_geometry g = TERM_GEOMETRY_DEFAULT;

	cr_assert_not(g.full);
	expect(g, 50, 50, 800, 600);
	cr_assert_eq(term_geometry_fit(&g, 1280, 800, 120, 60), 0);
	expect(g, 50, 50, 800, 600);
}

Test(term_geometry, size_keeps_the_position)
{
	struct term_geometry g = TERM_GEOMETRY_DEFAULT;

	cr_assert_eq(term_geometry_parse("640x480", &g), 0);
	expect(g, 50, 50, 640, 480);
}

Test(term_geometry, size_and_position)
{
	struct term_geometry g = TERM_GEOMETRY_DEFAULT;

	cr_assert_eq(term_geometry_parse("1024x700+0+12", &g), 0);
	cr_assert_not(g.full);
	expect(g, 0, 12, 1024, 700);
}

Test(term_geometry, full_covers_the_display)
{
	struct term_geometry g = TERM_GEOMETRY_DEFAULT;

	cr_assert_eq(term_geometry_parse("full", &g), 0);
	cr_assert(g.full);
	cr_assert_eq(term_geometry_fit(&g, 1920, 1080, 120, 60), 0);
	expect(g, 0, 0, 1920, 1080);
	/* A size after "full" is a window again. */
	cr_assert_eq(term_geometry_parse("300x200+1+2", &g), 0);
	cr_assert_not(g.full);
}

Test(term_geometry, malformed_is_refused_and_changes_nothing)
{
	static const char *const bad[] = {
		"",	   "x",		"800",	   "800x",     "x600",
		"0x600",   "800x0",	"800x600+", "800x600+5", "800x600+5+",
		"800x600-5-5", "800 x600", "800x600+5+5 ", "-800x600",
		"16385x10", "10x99999999999", "800x600+16385+0", "Full",
		"fullx", "800X600",
	};
	struct term_geometry g = { .x = 7, .y = 8, .w = 9, .h = 10 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(term_geometry_parse(bad[i], &g), -1, "'%s'",
			     bad[i]);
		cr_assert_not(g.full, "'%s'", bad[i]);
		expect(g, 7, 8, 9, 10);
	}
}

Test(term_geometry, window_moves_then_shrinks_to_fit)
{
	struct term_geometry g = TERM_GEOMETRY_DEFAULT;

	/* 800x600 at (50, 50) on 820x640: moved to (20, 40). */
	cr_assert_eq(term_geometry_fit(&g, 820, 640, 120, 60), 0);
	expect(g, 20, 40, 800, 600);

	g = (struct term_geometry)TERM_GEOMETRY_DEFAULT;
	cr_assert_eq(term_geometry_fit(&g, 640, 480, 120, 60), 0);
	expect(g, 0, 0, 640, 480);

	g = (struct term_geometry){ .x = 5000, .y = 5000, .w = 100, .h = 80 };
	cr_assert_eq(term_geometry_fit(&g, 1280, 800, 100, 80), 0);
	expect(g, 1180, 720, 100, 80);
}

Test(term_geometry, too_small_a_result_is_refused)
{
	struct term_geometry g = TERM_GEOMETRY_DEFAULT;

	cr_assert_eq(term_geometry_fit(&g, 100, 600, 120, 60), -1);
	g = (struct term_geometry){ .x = 0, .y = 0, .w = 119, .h = 600 };
	cr_assert_eq(term_geometry_fit(&g, 1280, 800, 120, 60), -1);
	g = (struct term_geometry){ .full = true };
	cr_assert_eq(term_geometry_fit(&g, 0, 0, 120, 60), -1);
}
