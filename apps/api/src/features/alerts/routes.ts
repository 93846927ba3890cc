import {
  activeAlertSchema,
  alertChannelSchema,
  alertDeliveryQuerySchema,
  alertDeliverySchema,
  alertRuleSchema,
  createAlertChannelSchema,
  createAlertRuleSchema,
  updateAlertChannelSchema,
  updateAlertRuleSchema,
} from '@vpp/contracts/alerts';
import { pagedSchema } from '@vpp/contracts/paging';
import { listActiveAlerts } from '@vpp/core/alerts/active-alerts';
import {
  createAlertChannel,
  deleteAlertChannel,
  getAlertChannel,
  listAlertChannels,
  listAlertDeliveries,
  updateAlertChannel,
} from '@vpp/core/alerts/alert-channels';
import {
  createAlertRule,
  deleteAlertRule,
  getAlertRule,
  listAlertRules,
  updateAlertRule,
} from '@vpp/core/alerts/alert-rules';
import { testAlertChannel } from '@vpp/core/alerts/test-alert-channel';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

const idParams = z.object({ id: z.uuid() });
const TAG = 'Alerts';

// Alert channels and rules: admins change them, managers read them (secrets never leave).
export function alertRoutes(deps: AppDeps): Route[] {
  const { prisma } = deps.database;
  const { cipher } = deps.tokens;
  return [
    defineRoute({
      method: 'get',
      path: '/api/alert-channels',
      access: 'signedIn',
      tag: TAG,
      summary: 'Alert channels (email, signed webhook, Slack/Teams)',
      success: { status: 200, schema: z.object({ items: z.array(alertChannelSchema) }) },
      handler: () => listAlertChannels(prisma),
    }),
    defineRoute({
      method: 'post',
      path: '/api/alert-channels',
      access: 'admin',
      tag: TAG,
      summary: 'Add an alert channel',
      body: createAlertChannelSchema,
      success: { status: 201, schema: alertChannelSchema },
      handler: ({ body, ctx }) => createAlertChannel(prisma, cipher, ctx, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/alert-channels/:id',
      access: 'signedIn',
      tag: TAG,
      summary: 'One alert channel',
      params: idParams,
      success: { status: 200, schema: alertChannelSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) => getAlertChannel(prisma, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/alert-channels/:id',
      access: 'admin',
      tag: TAG,
      summary: "Change an alert channel's name, target or secret (its type stays)",
      params: idParams,
      body: updateAlertChannelSchema,
      success: { status: 200, schema: alertChannelSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params, body, ctx }) => updateAlertChannel(prisma, cipher, ctx, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/alert-channels/:id',
      access: 'admin',
      tag: TAG,
      summary: 'Delete an alert channel (rules stop sending to it)',
      params: idParams,
      success: { status: 204 },
      errors: ['NOT_FOUND'],
      handler: ({ params, ctx }) => deleteAlertChannel(prisma, ctx, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/alert-channels/:id/test',
      access: 'admin',
      tag: TAG,
      summary: 'Send a test message through the channel now; answers with the logged delivery',
      params: idParams,
      success: { status: 200, schema: alertDeliverySchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) =>
        testAlertChannel({ database: deps.database, cipher, config: deps.config, now: deps.now }, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/alert-channels/:id/deliveries',
      access: 'signedIn',
      tag: TAG,
      summary: "The channel's delivery log, newest first: attempts, response codes, errors",
      params: idParams,
      query: alertDeliveryQuerySchema,
      success: { status: 200, schema: pagedSchema(alertDeliverySchema) },
      errors: ['NOT_FOUND'],
      handler: ({ params, query }) => listAlertDeliveries(prisma, params.id, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/alert-rules',
      access: 'signedIn',
      tag: TAG,
      summary: 'Alert rules',
      success: { status: 200, schema: z.object({ items: z.array(alertRuleSchema) }) },
      handler: () => listAlertRules(prisma),
    }),
    defineRoute({
      method: 'post',
      path: '/api/alert-rules',
      access: 'admin',
      tag: TAG,
      summary: 'Add an alert rule (evaluated at once)',
      body: createAlertRuleSchema,
      success: { status: 201, schema: alertRuleSchema },
      handler: ({ body, ctx }) => createAlertRule(prisma, ctx, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/alert-rules/:id',
      access: 'signedIn',
      tag: TAG,
      summary: 'One alert rule',
      params: idParams,
      success: { status: 200, schema: alertRuleSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) => getAlertRule(prisma, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/alert-rules/:id',
      access: 'admin',
      tag: TAG,
      summary: "Change an alert rule's name, threshold, channels or scope (its kind stays)",
      params: idParams,
      body: updateAlertRuleSchema,
      success: { status: 200, schema: alertRuleSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params, body, ctx }) => updateAlertRule(prisma, ctx, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/alert-rules/:id',
      access: 'admin',
      tag: TAG,
      summary: 'Delete an alert rule',
      params: idParams,
      success: { status: 204 },
      errors: ['NOT_FOUND'],
      handler: ({ params, ctx }) => deleteAlertRule(prisma, ctx, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/alerts/active',
      access: 'signedIn',
      tag: TAG,
      summary: 'Alerts firing now, newest first (the dashboard panel)',
      success: {
        status: 200,
        schema: z.object({ items: z.array(activeAlertSchema), total: z.number().int() }),
      },
      handler: () => listActiveAlerts(prisma),
    }),
  ];
}
