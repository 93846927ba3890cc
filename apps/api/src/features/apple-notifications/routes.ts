import { receiveAppleNotification } from '@vpp/core/notifications/apple-notifications';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

export function appleNotificationRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/apple/notifications/:tokenId',
      // Apple calls it with the token's own bearer secret, checked by the use case.
      access: 'public',
      tag: 'Apple',
      summary: "Apple's notifications for one token (ASSET_MANAGEMENT speeds up deployments)",
      params: z.object({ tokenId: z.uuid() }),
      body: z.unknown(),
      success: {
        status: 200,
        schema: z.object({ notificationType: z.string(), eventsChecked: z.number().int() }),
      },
      errors: ['UNAUTHENTICATED'],
      handler: ({ params, body, req }) =>
        receiveAppleNotification(
          deps.database.prisma,
          deps.config.TOKEN_ENCRYPTION_KEY,
          params.tokenId,
          req.get('authorization'),
          body,
        ),
    }),
  ];
}
