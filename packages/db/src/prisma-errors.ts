// Prisma errors that writes turn into answers instead of 500s: they happen when a concurrent
// request changed the same rows between our check and our write.

function prismaCode(error: unknown): string | undefined {
  return (error as { code?: string })?.code;
}

/** A unique value (serial number, clientUserId, collection name) was taken. */
export function isUniqueViolation(error: unknown): boolean {
  return prismaCode(error) === 'P2002';
}

/** A referenced row (a primary user) no longer exists. */
export function isForeignKeyViolation(error: unknown): boolean {
  return prismaCode(error) === 'P2003';
}

/** The row to update or delete no longer exists. */
export function isRecordMissing(error: unknown): boolean {
  return prismaCode(error) === 'P2025';
}
