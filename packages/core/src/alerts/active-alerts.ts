import type { ActiveAlert } from '@vpp/contracts/alerts';
import type { Db } from '@vpp/db/database';

/** What is firing now, newest first: the dashboard's alerts panel. */
export async function listActiveAlerts(db: Db, limit = 50): Promise<{ items: ActiveAlert[]; total: number }> {
  const where = { state: 'FIRING' as const };
  const [total, rows] = await Promise.all([
    db.alertState.count({ where }),
    db.alertState.findMany({
      where,
      include: { rule: { select: { name: true, kind: true } } },
      orderBy: [{ firedAt: 'desc' }, { subjectId: 'asc' }],
      take: limit,
    }),
  ]);
  return {
    total,
    items: rows.map((row) => ({
      ruleId: row.ruleId,
      ruleName: row.rule.name,
      kind: row.rule.kind,
      subjectType: row.subjectType as ActiveAlert['subjectType'],
      subjectId: row.subjectId,
      subjectName: row.subjectName,
      message: row.message,
      firedAt: row.firedAt.toISOString(),
    })),
  };
}
