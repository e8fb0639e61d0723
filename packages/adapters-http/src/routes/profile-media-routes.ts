import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../route.js';
import type { HttpDeps } from '../http-deps.js';
import { id } from '../schemas/text.js';
import { MeSchema, PictureSchema, presentMe, presentPicture } from '@kindred/protocol';
import { publicOrigin } from '../public-origin.js';

const BASE = '/api/v1/me';
const tags = ['Me'];
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Position and pictures of the signed-in user. */
export function profileMediaRoutes({ useCases, clock }: HttpDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'put',
      path: `${BASE}/location`,
      operationId: 'setLocation',
      summary: 'Set my position',
      description:
        'Shown to others only as a whole-km distance from a ~1 km grid, never as coordinates. 10 changes per hour.',
      tags,
      auth: true,
      body: z
        .strictObject({
          latitude: z.number().min(-90).max(90),
          longitude: z.number().min(-180).max(180),
          source: z.enum(['gps', 'manual']).default('manual'),
        })
        .meta({ examples: [{ latitude: 48.8566, longitude: 2.3522, source: 'gps' }] }),
      responses: { 200: { description: 'The signed-in user', schema: MeSchema } },
      problems: ['RATE_LIMITED'],
      handle: async ({ ctx, auth, body }) => {
        const user = await useCases.setLocation.execute({ userId: auth.userId, ...body });
        return { status: 200, body: presentMe(user, clock.now(), publicOrigin(ctx)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/pictures`,
      operationId: 'uploadPicture',
      summary: 'Upload a picture (multipart field `file`)',
      description:
        'JPEG, PNG or WebP by content, ≤ 10 MiB, ≤ 40 megapixels; stored re-encoded without metadata, longest side ≤ 2048 px. At most 5; the first becomes the profile picture.',
      tags,
      auth: true,
      upload: { field: 'file', maxBytes: MAX_UPLOAD_BYTES },
      responses: { 201: { description: 'The stored picture', schema: PictureSchema } },
      problems: ['VALIDATION_FAILED', 'TOO_MANY_PICTURES', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE'],
      handle: async ({ ctx, auth, file }) => {
        const { picture, user } = await useCases.uploadPicture.execute({ userId: auth.userId, bytes: file! });
        return { status: 201, body: presentPicture(picture, user.profilePictureId, publicOrigin(ctx)) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${BASE}/pictures/{id}`,
      operationId: 'deletePicture',
      summary: 'Delete one of my pictures',
      description:
        'Its file goes too. If it was the profile picture, the oldest remaining one takes its place.',
      tags,
      auth: true,
      params: z.object({ id: id('The picture') }),
      responses: { 204: { description: 'Deleted' } },
      problems: ['PICTURE_NOT_FOUND'],
      handle: async ({ auth, params }) => {
        await useCases.deletePicture.execute({ userId: auth.userId, pictureId: params.id });
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'put',
      path: `${BASE}/profile-picture`,
      operationId: 'setProfilePicture',
      summary: 'Choose my profile picture',
      description: 'One of my own pictures; any other id answers 404 PICTURE_NOT_FOUND.',
      tags,
      auth: true,
      body: z
        .strictObject({ pictureId: id('One of my pictures') })
        .meta({ examples: [{ pictureId: '01936f4e-8b7a-7cde-9f01-23456789abcd' }] }),
      responses: { 200: { description: 'The signed-in user', schema: MeSchema } },
      problems: ['PICTURE_NOT_FOUND'],
      handle: async ({ ctx, auth, body }) => {
        const user = await useCases.setProfilePicture.execute({
          userId: auth.userId,
          pictureId: body.pictureId,
        });
        return { status: 200, body: presentMe(user, clock.now(), publicOrigin(ctx)) };
      },
    }),
  ];
}
