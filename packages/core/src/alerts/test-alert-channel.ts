import type { AlertDelivery } from '@vpp/contracts/alerts';
import { AppError } from '@vpp/contracts/errors';
import { toAlertDelivery } from './alert-channels.ts';
import { type DeliveryDeps, deliverAlert } from './deliver-alert.ts';

/** "Send test": one message through the channel now, logged like any delivery, its outcome returned. */
export async function testAlertChannel(deps: DeliveryDeps, channelId: string): Promise<AlertDelivery> {
  const prisma = deps.database.prisma;
  const channel = await prisma.alertChannel.findUnique({ where: { id: channelId } });
  if (!channel) throw new AppError('NOT_FOUND', 'No such alert channel.');
  const delivery = await prisma.alertDelivery.create({
    data: {
      channelId,
      purpose: 'TEST',
      subject: `Test of channel "${channel.name}"`,
      message: 'This channel works: VPP Console alerts will arrive here.',
    },
  });
  await deliverAlert(deps, delivery.id, { number: 1, max: 1 });
  return toAlertDelivery(await prisma.alertDelivery.findUniqueOrThrow({ where: { id: delivery.id } }));
}
