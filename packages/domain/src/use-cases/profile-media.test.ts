import { beforeEach, describe, expect, it } from 'vitest';
import { createInMemoryPorts, type InMemoryPorts } from '../testing/in-memory-ports.js';
import { aUser } from '../testing/user-fixtures.js';
import {
  DeletePicture,
  SetLocation,
  SetProfilePicture,
  UploadPicture,
  approximateLocation,
} from './index.js';
import { DomainError } from '../errors.js';
import { isProfileComplete } from '../users/profile-completeness.js';

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const USER = '00000000-0000-7000-8000-0000000000a1';

async function code(promise: Promise<unknown>) {
  return promise.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );
}

describe('pictures', () => {
  let ports: InMemoryPorts;
  beforeEach(async () => {
    ports = createInMemoryPorts();
    await ports.users.add(aUser({ id: USER }));
  });

  it('the first upload becomes the profile picture; a sixth is refused', async () => {
    const upload = new UploadPicture(ports);
    const first = await upload.execute({ userId: USER, bytes: JPEG });
    expect(first.user.profilePictureId).toBe(first.picture.id);
    expect(first.picture.key).toMatch(/\.jpg$/);
    for (let i = 0; i < 4; i++) {
      ports.clock.advance(1000);
      const next = await upload.execute({ userId: USER, bytes: JPEG });
      expect(next.user.profilePictureId).toBe(first.picture.id);
    }
    expect(await code(upload.execute({ userId: USER, bytes: JPEG }))).toBe('TOO_MANY_PICTURES');
    expect(ports.pictureStorage.files.size).toBe(5);
  });

  it('refuses what is not a picture', async () => {
    expect(
      await code(
        new UploadPicture(ports).execute({ userId: USER, bytes: new TextEncoder().encode('hello') }),
      ),
    ).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('deleting the profile picture promotes the oldest remaining one and removes the file', async () => {
    const upload = new UploadPicture(ports);
    const a = await upload.execute({ userId: USER, bytes: JPEG });
    ports.clock.advance(1000);
    const b = await upload.execute({ userId: USER, bytes: JPEG });
    ports.clock.advance(1000);
    const c = await upload.execute({ userId: USER, bytes: JPEG });
    await new SetProfilePicture(ports).execute({ userId: USER, pictureId: c.picture.id });
    const after = await new DeletePicture(ports).execute({ userId: USER, pictureId: c.picture.id });
    expect(after.profilePictureId).toBe(a.picture.id);
    expect(ports.pictureStorage.files.has(c.picture.key)).toBe(false);
    await new DeletePicture(ports).execute({ userId: USER, pictureId: a.picture.id });
    expect((await ports.users.findById(USER))?.profilePictureId).toBe(b.picture.id);
    await new DeletePicture(ports).execute({ userId: USER, pictureId: b.picture.id });
    expect((await ports.users.findById(USER))?.profilePictureId).toBeNull();
  });

  it("answers PICTURE_NOT_FOUND for an unknown or another member's picture", async () => {
    const other = '00000000-0000-7000-8000-0000000000b2';
    await ports.users.add(aUser({ id: other }));
    const theirs = await new UploadPicture(ports).execute({ userId: other, bytes: JPEG });
    expect(await code(new DeletePicture(ports).execute({ userId: USER, pictureId: theirs.picture.id }))).toBe(
      'PICTURE_NOT_FOUND',
    );
    expect(
      await code(new SetProfilePicture(ports).execute({ userId: USER, pictureId: theirs.picture.id })),
    ).toBe('PICTURE_NOT_FOUND');
  });
});

describe('location', () => {
  let ports: InMemoryPorts;
  beforeEach(async () => {
    ports = createInMemoryPorts();
    await ports.users.add(aUser({ id: USER }));
  });

  it('sets a position within range, and refuses one out of range', async () => {
    const user = await new SetLocation(ports).execute({
      userId: USER,
      latitude: 48.85,
      longitude: 2.35,
      source: 'gps',
    });
    expect(user.location).toEqual({ latitude: 48.85, longitude: 2.35, source: 'gps', city: null });
    expect(
      await code(
        new SetLocation(ports).execute({ userId: USER, latitude: 91, longitude: 0, source: 'manual' }),
      ),
    ).toBe('VALIDATION_FAILED');
  });

  it('approximates from the IP address only when the member has none', async () => {
    const user = (await ports.users.findById(USER))!;
    const placed = await approximateLocation(ports, user, '81.2.69.160');
    expect(placed.location).toMatchObject({ source: 'ip', city: 'Bracknell' });
    const chosen = await new SetLocation(ports).execute({
      userId: USER,
      latitude: 1,
      longitude: 2,
      source: 'manual',
    });
    expect((await approximateLocation(ports, chosen, '81.2.69.160')).location?.source).toBe('manual');
    expect((await approximateLocation(ports, aUser({ id: USER }), '10.0.0.1')).location).toBeNull();
  });

  it('a complete profile needs the six items, and fame grows with completeness', async () => {
    let user = (await ports.users.findById(USER))!;
    expect(isProfileComplete(user)).toBe(false);
    const before = user.fameRating;
    user = await new SetLocation(ports).execute({
      userId: USER,
      latitude: 1,
      longitude: 2,
      source: 'manual',
    });
    expect(user.fameRating).toBeGreaterThan(before);
  });
});
