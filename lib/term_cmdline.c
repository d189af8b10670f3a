// SPDX-License-Identifier: GPL-2.0
/* Command-line parsing for the terminal (include/lib/term_cmdline.h). */
#include <stdbool.h>
#include <lib/string.h>
#include <lib/term_cmdline.h>

struct parser {
	struct term_cmdline *c;
	size_t nslots;		/* slots used */
	size_t ntext;		/* text bytes used */
	size_t stage_words;	/* words in the current stage */
	size_t stage_first;	/* slot of its first word */
};

static int add_byte(struct parser *p, char ch)
{
	if (p->ntext >= sizeof(p->c->text))
		return TERM_CMD_E2BIG;
	p->c->text[p->ntext++] = ch;
	return 0;
}

static int start_word(struct parser *p)
{
	/* Leave room for the stage's NULL terminator. */
	if (p->nslots + 1 >= TERM_CMD_MAX_WORDS + TERM_CMD_MAX_STAGES ||
	    p->nslots - p->c->nstages >= TERM_CMD_MAX_WORDS)
		return TERM_CMD_E2BIG;
	p->c->slots[p->nslots++] = p->c->text + p->ntext;
	p->stage_words++;
	return 0;
}

static int end_stage(struct parser *p)
{
	struct term_cmdline *c = p->c;

	if (c->nstages >= TERM_CMD_MAX_STAGES)
		return TERM_CMD_E2BIG;
	c->stages[c->nstages].argc = p->stage_words;
	c->stages[c->nstages].argv = &c->slots[p->stage_first];
	c->slots[p->nslots++] = NULL;
	c->nstages++;
	p->stage_words = 0;
	p->stage_first = p->nslots;
	return 0;
}

static int fail(struct term_cmdline *c, int err, size_t pos)
{
	c->nstages = 0;
	c->err_pos = pos;
	return err;
}

int term_cmdline_parse(struct term_cmdline *c, const char *line, size_t len)
{
	struct parser p = { .c = c };
	bool in_word = false, any_stage_word = false;
	size_t i = 0, pipe_pos = 0;
	int err;

	c->nstages = 0;
	c->err_pos = 0;
	if (len > TERM_CMD_MAX_LEN)
		return fail(c, TERM_CMD_E2BIG, TERM_CMD_MAX_LEN);

	while (i < len) {
		char ch = line[i];

		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			if (in_word && (err = add_byte(&p, '\0')))
				return fail(c, err, i);
			in_word = false;
			i++;
			continue;
		}
		if (ch == '|') {
			if (in_word && (err = add_byte(&p, '\0')))
				return fail(c, err, i);
			in_word = false;
			if (!p.stage_words)
				return fail(c, TERM_CMD_EEMPTY_STAGE, i);
			if ((err = end_stage(&p)))
				return fail(c, err, i);
			pipe_pos = i;
			any_stage_word = false;
			i++;
			continue;
		}
		if (!in_word) {
			if ((err = start_word(&p)))
				return fail(c, err, i);
			in_word = true;
			any_stage_word = true;
		}
		if (ch == '\'') {
			size_t q = i++;

			while (i < len && line[i] != '\'')
				if ((err = add_byte(&p, line[i++])))
					return fail(c, err, i);
			if (i >= len)
				return fail(c, TERM_CMD_EQUOTE, q);
			i++;
		} else if (ch == '"') {
			size_t q = i++;

			while (i < len && line[i] != '"') {
				if (line[i] == '\\' && i + 1 < len &&
				    line[i + 1] &&
				    strchr("\"\\$`", line[i + 1]))
					i++;
				if ((err = add_byte(&p, line[i++])))
					return fail(c, err, i);
			}
			if (i >= len)
				return fail(c, TERM_CMD_EQUOTE, q);
			i++;
		} else if (ch == '\\') {
			if (i + 1 >= len)
				return fail(c, TERM_CMD_EESCAPE, i);
			if ((err = add_byte(&p, line[i + 1])))
				return fail(c, err, i);
			i += 2;
		} else {
			if ((err = add_byte(&p, ch)))
				return fail(c, err, i);
			i++;
		}
	}
	if (in_word && (err = add_byte(&p, '\0')))
		return fail(c, err, len);
	if (!any_stage_word) {
		if (c->nstages)		/* "a |" */
			return fail(c, TERM_CMD_EEMPTY_STAGE, pipe_pos);
		return 0;		/* blank line */
	}
	if ((err = end_stage(&p)))
		return fail(c, err, len);
	return 0;
}

const char *term_cmdline_strerror(int err)
{
	switch (err) {
	case 0:
		return "ok";
	case TERM_CMD_EQUOTE:
		return "unterminated quote";
	case TERM_CMD_EESCAPE:
		return "backslash at the end of the line";
	case TERM_CMD_EEMPTY_STAGE:
		return "missing command around '|'";
	case TERM_CMD_E2BIG:
		return "command line too long";
	}
	return "syntax error";
}
