// Text a person searches for is matched literally. PostgreSQL's LIKE treats `%`, `_` and `\` as
// pattern characters, and Prisma's `contains` passes the text into a LIKE pattern unescaped: `%`
// would match everything, `_` any one character, and a trailing `\` is a broken pattern.

/** The text with LIKE's pattern characters escaped (the default escape character is `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
