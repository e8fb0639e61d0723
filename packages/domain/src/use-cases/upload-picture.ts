import type { Ports } from '../ports/index.js';
import type { Picture } from '../users/picture.js';
import type { User } from '../users/user.js';
import { errors } from '../errors.js';
import { MAX_PICTURES } from '../users/picture.js';
import { withFreshFame } from '../matching/refresh-fame.js';
import { loadSelf } from './get-me.js';

type PicturePorts = Pick<
  Ports,
  'users' | 'images' | 'pictureStorage' | 'secrets' | 'ids' | 'clock' | 'social'
>;

/** Stores a re-encoded picture; the first one becomes the profile picture. At most 5. */
export class UploadPicture {
  constructor(private readonly ports: PicturePorts) {}

  async execute(input: {
    readonly userId: string;
    readonly bytes: Uint8Array;
  }): Promise<{ picture: Picture; user: User }> {
    const user = await loadSelf(this.ports.users, input.userId);
    // Refuse early, before the costly decoding; the repository has the final word under races.
    if (user.pictures.length >= MAX_PICTURES) throw errors.tooManyPictures();
    const image = await this.ports.images.process(input.bytes);
    const picture: Picture = {
      id: this.ports.ids.next(),
      key: `${this.ports.secrets.generate()}.${image.extension}`,
      contentType: image.contentType,
      width: image.width,
      height: image.height,
      createdAt: this.ports.clock.now(),
    };
    await this.ports.pictureStorage.save(picture.key, image.bytes);
    if (!(await this.ports.users.addPicture(user.id, picture, MAX_PICTURES))) {
      await this.ports.pictureStorage.remove(picture.key);
      throw errors.tooManyPictures();
    }
    const fresh = await loadSelf(this.ports.users, user.id);
    if (fresh.profilePictureId !== null) return { picture, user: fresh };
    const updated = await withFreshFame(this.ports, {
      ...fresh,
      profilePictureId: picture.id,
      updatedAt: this.ports.clock.now(),
    });
    await this.ports.users.update(updated, fresh);
    return { picture, user: updated };
  }
}
