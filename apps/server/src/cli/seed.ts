import { faker } from '@faker-js/faker';
import sharp from 'sharp';
import { join, resolve } from 'node:path';
import { SqlSocialRepository } from '@kindred/adapters-persistence';
import { Argon2PasswordHasher, NodeSecretTokens, UuidV7Ids } from '@kindred/adapters-security';
import { FilesystemPictureStorage, SharpImageProcessor } from '@kindred/adapters-pictures';
import { EMPTY_PROFILE, withFame, type Gender, type User } from '@kindred/domain';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { withCliStores } from './cli-stores.js';
import { runCli } from './run-cli.js';
import { INTEREST_VOCABULARY, around, pickCity } from '../seed/cities.js';

/**
 * `npm run seed -- --users 500`: realistic, verified, complete members around
 * real cities (weighted by population), with generated pictures, some likes
 * and visits between neighbours. Deterministic: running it again adds nothing.
 */
const args = process.argv.slice(2);
const count = Number(args[args.indexOf('--users') + 1] ?? 500);
if (!Number.isInteger(count) || count < 1 || !args.includes('--users')) {
  console.error('Usage: npm run seed -- --users 500');
  process.exit(2);
}
const DEMO = { username: 'demo', password: 'kindred demo account 2026' };

await runCli('seed', async () => {
  const config = loadConfig();
  const logger = createLogger(config);
  await withCliStores(config, logger, async ({ orm, users }) => {
    const social = new SqlSocialRepository(orm);
    const storage = new FilesystemPictureStorage(join(resolve(config.dataDir), 'media'));
    const images = new SharpImageProcessor();
    const secrets = new NodeSecretTokens();
    const ids = new UuidV7Ids();
    const passwordHash = await new Argon2PasswordHasher().hash(DEMO.password);
    faker.seed(20261122);
    const random = () => faker.number.float({ min: 0, max: 1 });
    const now = new Date();
    const made: User[] = [];
    let skipped = 0;

    for (let i = 0; i < count; i++) {
      const isDemo = i === 0;
      const gender: Gender = faker.helpers.weightedArrayElement([
        { weight: 47, value: 'female' },
        { weight: 47, value: 'male' },
        { weight: 6, value: 'nonbinary' },
      ]);
      const firstName = isDemo ? 'Demo' : faker.person.firstName(gender === 'nonbinary' ? undefined : gender);
      const lastName = faker.person.lastName();
      const username = isDemo
        ? DEMO.username
        : `${faker.internet
            .username({ firstName, lastName })
            .replace(/[^a-zA-Z0-9_.-]/g, '')
            .slice(0, 24)}_${i}`;
      const seeks: Gender[] | null = faker.helpers.weightedArrayElement([
        { weight: 60, value: gender === 'male' ? ['female'] : gender === 'female' ? ['male'] : null },
        { weight: 15, value: [gender] },
        { weight: 25, value: null },
      ]) as Gender[] | null;
      const city = isDemo ? { name: 'Paris', latitude: 48.8566, longitude: 2.3522 } : pickCity(random);
      const position = around(city, isDemo ? 1 : 8, random);
      const birth = faker.date.birthdate({ mode: 'age', min: 18, max: 62 });
      const user: User = {
        ...EMPTY_PROFILE,
        id: ids.next(),
        username,
        email: `${username.toLowerCase()}@seed.kindred.localhost`,
        emailVerified: true,
        passwordHash,
        firstName,
        lastName,
        birthDate: birth.toISOString().slice(0, 10),
        gender,
        sexualPreference: seeks ? [...seeks].sort() : null,
        biography: faker.person.bio(),
        interests: faker.helpers.arrayElements(INTEREST_VOCABULARY, { min: 2, max: 6 }),
        occupation: faker.person.jobTitle().slice(0, 100),
        location: { ...position, source: 'manual', city: city.name },
        createdAt: now,
        updatedAt: now,
      };
      const hue = Math.floor(random() * 360);
      // Every random draw is made before this check, so a re-run walks the very same sequence.
      const existing = await users.findByUsername(username);
      if (existing) {
        skipped += 1;
        made.push(existing);
        continue;
      }
      await users.add(user);
      const picture = await images.process(await portrait(firstName, lastName, hue));
      const stored = {
        id: ids.next(),
        key: `${secrets.generate()}.${picture.extension}`,
        contentType: picture.contentType,
        width: picture.width,
        height: picture.height,
        createdAt: now,
      };
      await storage.save(stored.key, picture.bytes);
      await users.addPicture(user.id, stored, 5);
      const withPicture = { ...user, pictures: [stored], profilePictureId: stored.id };
      await users.update(withPicture, user);
      made.push(withPicture);
    }

    // A little life between neighbours: likes and visits, then fame from them.
    if (skipped < count) {
      for (const user of made) {
        const others = faker.helpers.arrayElements(made, { min: 0, max: 6 }).filter((o) => o.id !== user.id);
        for (const other of others) {
          if (random() < 0.5) await social.like(user.id, other.id, now);
          await social.visit(user.id, other.id, now, 24 * 3600_000);
        }
      }
      for (const user of made) {
        const fresh = await users.findById(user.id);
        if (fresh) await users.update(withFame(fresh, await social.counts(user.id)), fresh);
      }
    }
    console.log(`Seeded ${count - skipped} members (${skipped} already there).`);
    console.log(`Demo account: username "${DEMO.username}", password "${DEMO.password}" (Paris).`);
  });
});

/** A portrait stand-in: a colour gradient with the member's initials, as a JPEG. */
async function portrait(firstName: string, lastName: string, hue: number): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="hsl(${hue},70%,60%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360},70%,35%)"/>
    </linearGradient></defs>
    <rect width="600" height="800" fill="url(#g)"/>
    <text x="300" y="460" font-size="220" font-family="sans-serif" fill="white" text-anchor="middle">${firstName[0] ?? ''}${lastName[0] ?? ''}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}
