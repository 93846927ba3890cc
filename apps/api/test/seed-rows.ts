import type { Database } from '@vpp/db/database';

export interface SeededRows {
  tokenId: string;
  storeAppId: string;
  applicationId: string;
  deploymentId: string;
  deviceId: string;
  personId: string;
  collectionId: string;
}

let seedCounter = 0;

/**
 * One row of each kind the API's `:id` routes name, written directly (test data, not through the
 * API): a token with a licensed store app, an application deployed to a device collection, a
 * device and a person.
 */
export async function seedRows(database: Database, label = 'Seed'): Promise<SeededRows> {
  seedCounter += 1;
  const unique = `${label}-${seedCounter}-${Date.now()}`;
  const { prisma } = database;
  const token = await prisma.vppToken.create({
    data: {
      name: `${label} token_1`,
      appleId: 'vpp@example.test',
      type: 'BUSINESS',
      orgName: 'Example Org',
      locationUid: `location-${unique}`,
      sTokenEncrypted: Buffer.alloc(32, 1),
      sTokenSha256: unique,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  const storeApp = await prisma.storeApp.create({
    data: {
      tokenId: token.id,
      adamId: String(361_309_726 + seedCounter),
      name: `${label} Pages`,
      pricingParam: 'STDQ',
      productType: 'APP',
      deviceAssignable: true,
      totalCount: 10,
      assignedCount: 0,
      availableCount: 10,
      retiredCount: 0,
    },
  });
  const person = await prisma.person.create({
    data: { clientUserId: `client-${unique}`, email: `${unique.toLowerCase()}@example.test` },
  });
  const device = await prisma.device.create({
    data: {
      serialNumber: `SN${String(seedCounter).padStart(4, '0')}${Date.now() % 1_000_000}`,
      name: 'iPad',
    },
  });
  const collection = await prisma.collection.create({
    data: { name: `${label} devices ${unique}`, type: 'DEVICE' },
  });
  const application = await prisma.application.create({
    data: { name: `${label} Pages`, storeAppId: storeApp.id },
  });
  const deployment = await prisma.deployment.create({
    data: {
      applicationId: application.id,
      collectionId: collection.id,
      action: 'INSTALL',
      purpose: 'REQUIRED',
    },
  });
  return {
    tokenId: token.id,
    storeAppId: storeApp.id,
    applicationId: application.id,
    deploymentId: deployment.id,
    deviceId: device.id,
    personId: person.id,
    collectionId: collection.id,
  };
}
