// SPDX-License-Identifier: GPL-2.0
/*
 * Values on the terminal's screen (value-and-terminal.md 4.4-4.5): the
 * same text as value_render(), with attributes.  Widths come from
 * value_render_width(), so tables line up exactly as the reference's.
 */
#include <lib/string.h>
#include <lib/term_screen.h>

static void text(struct term_screen *s, const char *t, size_t n,
		 const struct term_attr *a)
{
	term_screen_set_attr(s, a);
	term_screen_write(s, t, n);
}

static void fill(struct term_screen *s, char c, size_t n,
		 const struct term_attr *a)
{
	char buf[16];
	size_t k;

	memset(buf, c, sizeof(buf));
	while (n) {
		k = n < sizeof(buf) ? n : sizeof(buf);
		text(s, buf, k, a);
		n -= k;
	}
}

static void render(struct term_screen *s, const struct panda_value *v,
		   const struct term_attr *a);

static void table_row(struct term_screen *s, const struct panda_value *t,
		      struct panda_value *const *row, const size_t *widths,
		      const struct term_attr *a)
{
	size_t c, cols = t->u.table.cols, w;

	for (c = 0; c < cols; c++) {
		if (c)
			fill(s, ' ', 2, a);
		render(s, row[c], a);
		if (c + 1 == cols)
			break;
		w = value_render_width(row[c]);
		if (widths[c] > w)
			fill(s, ' ', widths[c] - w, a);
	}
	text(s, "\n", 1, a);
}

#define WIDTHS_ON_STACK	32

static void table(struct term_screen *s, const struct panda_value *t,
		  const struct term_attr *a)
{
	size_t cols = t->u.table.cols, c, r, total, stack[WIDTHS_ON_STACK];
	size_t *widths = stack;
	struct term_attr head = *a;

	if (!cols)
		return;
	if (cols > WIDTHS_ON_STACK) {
		widths = s->mem->alloc(s->mem->ctx, cols * sizeof(size_t));
		if (!widths) {
			text(s, "<table>", 7, a);
			return;
		}
	}
	for (c = 0; c < cols; c++)
		widths[c] = value_column_width(t, c);
	if (t->u.table.has_headers && t->u.table.headers) {
		head.flags |= TERM_ATTR_BOLD;
		table_row(s, t, t->u.table.headers, widths, &head);
		total = 2 * (cols - 1);
		for (c = 0; c < cols; c++)
			total += widths[c];
		fill(s, '-', total, a);
		text(s, "\n", 1, a);
	}
	for (r = 0; r < t->u.table.ncells / cols; r++)
		table_row(s, t, t->u.table.cells + r * cols, widths, a);
	if (widths != stack && s->mem->free)
		s->mem->free(s->mem->ctx, widths, cols * sizeof(size_t));
}

static void render(struct term_screen *s, const struct panda_value *v,
		   const struct term_attr *a)
{
	char buf[PANDA_VALUE_TEXT_MAX];
	struct term_attr in;
	size_t i, n;

	if (!v)
		return;
	switch (v->kind) {
	case PANDA_VALUE_STRING:
		text(s, v->u.str.data, v->u.str.len, a);
		break;
	case PANDA_VALUE_ARRAY:
		for (i = 0; i < v->u.array.len; i++) {
			if (i)
				text(s, "\n", 1, a);
			text(s, "  - ", 4, a);
			render(s, v->u.array.items[i], a);
		}
		break;
	case PANDA_VALUE_MAP:
		for (i = 0; i < v->u.map.len; i++) {
			const struct panda_map_entry *e = &v->u.map.entries[i];

			if (i)
				text(s, "\n", 1, a);
			text(s, e->key, e->key_len, a);
			text(s, ": ", 2, a);
			render(s, e->value, a);
		}
		break;
	case PANDA_VALUE_STYLED:
		in = term_attr_from_style(&v->u.styled.style, a);
		render(s, v->u.styled.inner, &in);
		break;
	case PANDA_VALUE_LINK:
		in = *a;
		in.flags |= TERM_ATTR_UNDERLINE;
		render(s, v->u.link.inner, &in);
		text(s, " (", 2, a);
		text(s, v->u.link.url, v->u.link.url_len, a);
		text(s, ")", 1, a);
		break;
	case PANDA_VALUE_TABLE:
		table(s, v, a);
		break;
	default:
		/* Scalars: the reference's text. */
		n = value_render(v, buf, sizeof(buf));
		text(s, buf, n < sizeof(buf) ? n : sizeof(buf) - 1, a);
		break;
	}
}

void term_screen_write_value(struct term_screen *s,
			     const struct panda_value *v)
{
	struct term_attr base = s->attr;
	bool ww = s->word_wrap;

	s->word_wrap = true;
	render(s, v, &base);
	s->word_wrap = ww;
	term_screen_set_attr(s, &base);
}
