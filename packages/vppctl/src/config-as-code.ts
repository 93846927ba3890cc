import {
  applicationSchema,
  deploymentActionSchema,
  deploymentPurposeSchema,
  type deploymentSummarySchema,
} from '@vpp/contracts/deployments';
import {
  collectionMembersPageSchema,
  collectionSchema,
  collectionTypeSchema,
  deviceSchema,
  personSchema,
  replaceMembersResponseSchema,
} from '@vpp/contracts/inventory';
import { pagedSchema } from '@vpp/contracts/paging';
import { tokenSchema } from '@vpp/contracts/tokens';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type ApiClient, ApiRefusal, allPages } from './api-client.ts';

// Config as code: a YAML file says what token metadata, collections and deployments should be; `plan`
// compares it with the console (through the public API) and lists the changes; `apply` makes them.
// What the file does not mention is left alone, unless --prune (collections and deployments only:
// tokens are never deleted from a file). Applying the same file twice changes nothing the second time.

const text = (max: number) => z.string().trim().max(max);

const tokenEntrySchema = z
  .strictObject({
    /** Match the token by its Apple location name (then `name` renames it)... */
    location: text(200).min(1).optional(),
    /** ...or by its name. */
    name: text(100).min(1).optional(),
    description: text(1000).optional(),
    categories: z.array(text(50).min(1)).max(20).optional(),
  })
  .refine((entry) => entry.location !== undefined || entry.name !== undefined, {
    message: 'needs a location or a name to find the token by',
  });

const collectionEntrySchema = z.strictObject({
  name: text(100).min(1),
  type: collectionTypeSchema,
  description: text(1000).optional(),
  /** Serial numbers (DEVICE) or email addresses (USER): the complete membership when given. */
  members: z.array(text(254).min(1)).max(50_000).optional(),
});

const deploymentEntrySchema = z.strictObject({
  /** The application's name (or id). */
  application: text(200).min(1),
  /** The collection's name. */
  collection: text(100).min(1),
  action: deploymentActionSchema.default('INSTALL'),
  purpose: deploymentPurposeSchema.default('REQUIRED'),
});

export const vppFileSchema = z.strictObject({
  tokens: z.array(tokenEntrySchema).default([]),
  collections: z.array(collectionEntrySchema).default([]),
  deployments: z.array(deploymentEntrySchema).default([]),
});
export type VppFile = z.output<typeof vppFileSchema>;

export class FileProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileProblem';
  }
}

export function parseVppFile(source: string, fileName: string): VppFile {
  let raw: unknown;
  try {
    raw = parseYaml(source) ?? {};
  } catch (error) {
    throw new FileProblem(`${fileName} is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = vppFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new FileProblem(
      `${fileName} is not a vppctl file:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n')}`,
    );
  }
  const names = parsed.data.collections.map((collection) => collection.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice) throw new FileProblem(`${fileName} names the collection "${twice}" twice.`);
  return parsed.data;
}

export interface Change {
  action: 'create' | 'update' | 'delete';
  resource: 'token' | 'collection' | 'members' | 'deployment';
  name: string;
  details: string[];
}

interface PlannedChange extends Change {
  apply: (state: ApplyState) => Promise<void>;
}

export interface Plan {
  changes: Change[];
  /** What cannot be done as the file asks (unknown token, serial, application...): apply refuses. */
  problems: string[];
  run: () => Promise<void>;
}

interface ApplyState {
  collectionIds: Map<string, string>;
}

const pagedTokens = pagedSchema(tokenSchema);
const pagedCollections = pagedSchema(collectionSchema);
const pagedApplications = pagedSchema(applicationSchema);
const pagedDevices = pagedSchema(deviceSchema);
const pagedPeople = pagedSchema(personSchema);
type Deployment = z.infer<typeof deploymentSummarySchema>;

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((value, index) => value === [...b].sort()[index]);
const show = (values: readonly string[]) => `[${values.join(', ')}]`;

export async function makePlan(api: ApiClient, file: VppFile, options: { prune: boolean }): Promise<Plan> {
  const changes: PlannedChange[] = [];
  const problems: string[] = [];

  // ---- tokens: metadata only
  if (file.tokens.length > 0) {
    const tokens = await allPages((page, pageSize) =>
      api.get('/api/tokens', pagedTokens, { page, pageSize }),
    );
    for (const entry of file.tokens) {
      const matches = entry.location
        ? tokens.filter((token) => token.locationName === entry.location)
        : tokens.filter((token) => token.name === entry.name);
      const label = entry.location ? `location "${entry.location}"` : `"${entry.name}"`;
      if (matches.length !== 1) {
        problems.push(
          `token ${label}: ${matches.length === 0 ? 'no such token' : 'more than one token matches'}`,
        );
        continue;
      }
      const token = matches[0]!;
      const patch: Record<string, unknown> = {};
      const details: string[] = [];
      if (entry.location && entry.name !== undefined && entry.name !== token.name) {
        patch.name = entry.name;
        details.push(`name: "${token.name}" → "${entry.name}"`);
      }
      if (entry.description !== undefined && entry.description !== token.description) {
        patch.description = entry.description;
        details.push(`description: "${token.description}" → "${entry.description}"`);
      }
      if (entry.categories !== undefined && !sameList([...new Set(entry.categories)], token.categories)) {
        patch.categories = [...new Set(entry.categories)];
        details.push(`categories: ${show(token.categories)} → ${show(entry.categories)}`);
      }
      if (details.length === 0) continue;
      changes.push({
        action: 'update',
        resource: 'token',
        name: token.name,
        details,
        apply: async () => {
          await api.send('PATCH', `/api/tokens/${token.id}`, tokenSchema, patch);
        },
      });
    }
  }

  // ---- collections and their members
  const collections = await allPages((page, pageSize) =>
    api.get('/api/collections', pagedCollections, { page, pageSize }),
  );
  const byName = new Map(collections.map((collection) => [collection.name, collection]));
  let devices: Map<string, string> | undefined;
  let people: Map<string, string> | undefined;
  const memberIds = async (
    type: 'DEVICE' | 'USER',
    keys: string[],
    collection: string,
  ): Promise<string[] | null> => {
    if (type === 'DEVICE') {
      devices ??= new Map(
        (await allPages((page, pageSize) => api.get('/api/devices', pagedDevices, { page, pageSize }))).map(
          (device) => [device.serialNumber.toUpperCase(), device.id],
        ),
      );
    } else {
      people ??= new Map(
        (await allPages((page, pageSize) => api.get('/api/people', pagedPeople, { page, pageSize }))).map(
          (person) => [person.email.toLowerCase(), person.id],
        ),
      );
    }
    const lookup = type === 'DEVICE' ? devices! : people!;
    const ids: string[] = [];
    const unknown: string[] = [];
    for (const key of new Set(keys)) {
      const id = lookup.get(type === 'DEVICE' ? key.toUpperCase() : key.toLowerCase());
      if (id) ids.push(id);
      else unknown.push(key);
    }
    if (unknown.length > 0) {
      problems.push(
        `collection "${collection}": no ${type === 'DEVICE' ? 'device with serial number' : 'person with email'} ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''}`,
      );
      return null;
    }
    return ids;
  };

  for (const entry of file.collections) {
    const existing = byName.get(entry.name);
    const wantedIds = entry.members ? await memberIds(entry.type, entry.members, entry.name) : undefined;
    if (!existing) {
      changes.push({
        action: 'create',
        resource: 'collection',
        name: entry.name,
        details: [
          `type: ${entry.type}`,
          ...(entry.description ? [`description: "${entry.description}"`] : []),
          ...(wantedIds ? [`members: ${wantedIds.length}`] : []),
        ],
        apply: async (state) => {
          const created = await api.send('POST', '/api/collections', collectionSchema, {
            name: entry.name,
            type: entry.type,
            description: entry.description ?? '',
          });
          state.collectionIds.set(entry.name, created.id);
          if (wantedIds && wantedIds.length > 0) {
            await api.send('PUT', `/api/collections/${created.id}/members`, replaceMembersResponseSchema, {
              memberIds: wantedIds,
            });
          }
        },
      });
      continue;
    }
    if (existing.type !== entry.type) {
      problems.push(
        `collection "${entry.name}": is ${existing.type}, the file says ${entry.type} (a type cannot change)`,
      );
      continue;
    }
    if (entry.description !== undefined && entry.description !== existing.description) {
      changes.push({
        action: 'update',
        resource: 'collection',
        name: entry.name,
        details: [`description: "${existing.description}" → "${entry.description}"`],
        apply: async () => {
          await api.send('PATCH', `/api/collections/${existing.id}`, collectionSchema, {
            description: entry.description,
          });
        },
      });
    }
    if (wantedIds) {
      const current = (
        await allPages<{ id: string }>(async (page, pageSize) => {
          const members = await api.get(
            `/api/collections/${existing.id}/members`,
            collectionMembersPageSchema,
            {
              page,
              pageSize,
            },
          );
          return { items: members.items as { id: string }[], total: members.total };
        })
      ).map((member) => member.id);
      const currentSet = new Set(current);
      const wantedSet = new Set(wantedIds);
      const adding = wantedIds.filter((id) => !currentSet.has(id)).length;
      const removing = current.filter((id) => !wantedSet.has(id)).length;
      if (adding > 0 || removing > 0) {
        changes.push({
          action: 'update',
          resource: 'members',
          name: entry.name,
          details: [`${adding} to add, ${removing} to remove (${wantedIds.length} in all)`],
          apply: async () => {
            await api.send('PUT', `/api/collections/${existing.id}/members`, replaceMembersResponseSchema, {
              memberIds: wantedIds,
            });
          },
        });
      }
    }
  }

  // ---- deployments
  const applications = await allPages((page, pageSize) =>
    api.get('/api/applications', pagedApplications, { page, pageSize }),
  );
  const wantedDeployments = new Set<string>();
  for (const entry of file.deployments) {
    const matches = applications.filter(
      (app) => app.id === entry.application || app.name === entry.application,
    );
    const label = `${entry.application} → ${entry.collection} (${entry.action})`;
    if (matches.length !== 1) {
      problems.push(
        `deployment ${label}: ${matches.length === 0 ? 'no such application (create it from the store app in the console first)' : 'more than one application has this name; use its id'}`,
      );
      continue;
    }
    const application = matches[0]!;
    const collection = byName.get(entry.collection);
    const planned = file.collections.some((c) => c.name === entry.collection);
    if (!collection && !planned) {
      problems.push(`deployment ${label}: no collection "${entry.collection}"`);
      continue;
    }
    const live: Deployment | undefined = collection
      ? application.deployments.find(
          (deployment) =>
            deployment.collectionId === collection.id &&
            deployment.action === entry.action &&
            deployment.status !== 'STOPPED',
        )
      : undefined;
    if (live) {
      wantedDeployments.add(live.id);
      if (live.purpose !== entry.purpose) {
        changes.push({
          action: 'update',
          resource: 'deployment',
          name: `${application.name} → ${entry.collection}`,
          details: [`purpose: ${live.purpose} → ${entry.purpose}`],
          apply: async () => {
            await api.send('PATCH', `/api/deployments/${live.id}`, null, { purpose: entry.purpose });
          },
        });
      }
      continue;
    }
    changes.push({
      action: 'create',
      resource: 'deployment',
      name: `${application.name} → ${entry.collection}`,
      details: [`action: ${entry.action}`, `purpose: ${entry.purpose}`],
      apply: async (state) => {
        const collectionId = state.collectionIds.get(entry.collection) ?? collection?.id;
        if (!collectionId) throw new ApiRefusal(404, 'NOT_FOUND', `No collection "${entry.collection}".`);
        await api.send('POST', '/api/deployments', null, {
          applicationId: application.id,
          collectionId,
          action: entry.action,
          purpose: entry.purpose,
        });
      },
    });
  }

  // ---- --prune: what the file does not mention goes
  if (options.prune) {
    for (const application of applications) {
      for (const deployment of application.deployments) {
        if (deployment.status === 'STOPPED' || wantedDeployments.has(deployment.id)) continue;
        changes.push({
          action: 'delete',
          resource: 'deployment',
          name: `${application.name} → ${deployment.collectionName}`,
          details: [`action: ${deployment.action}`],
          apply: async () => {
            await api.send('DELETE', `/api/deployments/${deployment.id}`, null);
          },
        });
      }
    }
    const named = new Set(file.collections.map((collection) => collection.name));
    for (const collection of collections) {
      if (named.has(collection.name)) continue;
      changes.push({
        action: 'delete',
        resource: 'collection',
        name: collection.name,
        details: [`${collection.memberCount} members`],
        apply: async () => {
          await api.send('DELETE', `/api/collections/${collection.id}`, null);
        },
      });
    }
  }

  // Order: tokens, collections (created before deployments use them), members, deployments, deletions.
  const rank = (change: PlannedChange) =>
    change.action === 'delete'
      ? 10 + (change.resource === 'deployment' ? 0 : 1)
      : { token: 0, collection: 1, members: 2, deployment: 3 }[change.resource];
  changes.sort((a, b) => rank(a) - rank(b));
  return {
    changes: changes.map(({ apply: _apply, ...change }) => change),
    problems,
    run: async () => {
      const state: ApplyState = { collectionIds: new Map() };
      for (const change of changes) await change.apply(state);
    },
  };
}

export function describePlan(plan: Pick<Plan, 'changes' | 'problems'>, fileName: string): string {
  const lines: string[] = [];
  const sign = { create: '+', update: '~', delete: '-' } as const;
  for (const change of plan.changes) {
    lines.push(`${sign[change.action]} ${change.resource} "${change.name}"`);
    for (const detail of change.details) lines.push(`    ${detail}`);
  }
  for (const problem of plan.problems) lines.push(`! ${problem}`);
  const count = (action: Change['action']) =>
    plan.changes.filter((change) => change.action === action).length;
  if (plan.changes.length === 0 && plan.problems.length === 0) {
    lines.push(`No changes: the console matches ${fileName}.`);
  } else {
    lines.push(
      `Plan: ${count('create')} to create, ${count('update')} to change, ${count('delete')} to delete.`,
    );
  }
  if (plan.problems.length > 0)
    lines.push(`${plan.problems.length} problem(s): nothing will be applied until they are fixed.`);
  return lines.join('\n');
}
