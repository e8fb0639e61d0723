import Koa from 'koa';
import Router from '@koa/router';
import cors from '@koa/cors';
import type { HttpDeps } from './http-deps.js';
import { HttpProblem } from './problem.js';
import type { RouteDefinition } from './route.js';
import { parseWith } from './validation.js';
import { authenticate } from './middleware/authentication.js';
import { errorHandler } from './middleware/error-handler.js';
import { jsonBody } from './middleware/json-body.js';
import { requestContext } from './middleware/request-context.js';
import { securityHeaders } from './middleware/security-headers.js';
import { buildOpenApiDocument } from './openapi.js';
import { buildAsyncApiDocument } from '@kindred/protocol';
import { mountDocsPage } from './docs-page.js';
import { authRoutes } from './routes/auth-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { meRoutes } from './routes/me-routes.js';
import { profileMediaRoutes } from './routes/profile-media-routes.js';
import { interestRoutes } from './routes/interest-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { relationRoutes } from './routes/relation-routes.js';
import { discoveryRoutes } from './routes/discovery-routes.js';
import { chatRoutes } from './routes/chat-routes.js';
import { adminRoutes } from './routes/admin-routes.js';
import { mountMedia } from './routes/media-routes.js';
import { mountAdminPage } from './routes/admin-page.js';
import { fileUpload } from './middleware/file-upload.js';

export const API_VERSION = '1.0.0';

export function allRoutes(deps: HttpDeps): RouteDefinition[] {
  return [
    ...healthRoutes(deps),
    ...authRoutes(deps),
    ...meRoutes(deps),
    ...profileMediaRoutes(deps),
    ...interestRoutes(deps),
    ...userRoutes(deps),
    ...relationRoutes(deps),
    ...discoveryRoutes(deps),
    ...chatRoutes(deps),
    ...adminRoutes(deps),
  ];
}

/**
 * The OpenAPI document alone, for generators (the client SDK's types): the
 * routes are defined over inert dependencies, and no handler runs.
 */
export function openApiDocument(): object {
  const inert: object = new Proxy(() => {}, {
    get: () => inert,
    apply: () => {
      throw new Error('Describing the API runs no handler');
    },
  });
  return buildOpenApiDocument(allRoutes(inert as HttpDeps), API_VERSION);
}

/** The Koa application: middleware chain, every route, `/openapi.json`, `/asyncapi.json` and `/docs`. */
export function createHttpApp(deps: HttpDeps): Koa {
  const app = new Koa({ proxy: deps.trustProxy });
  const router = new Router();
  const routes = allRoutes(deps);
  for (const route of routes) mount(router, route, deps);

  const openApi = JSON.stringify(buildOpenApiDocument(routes, API_VERSION));
  router.get('/openapi.json', (ctx) => {
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = openApi;
  });
  // The WebSocket protocol, from the frame map the server sends (protocol's SERVER_FRAMES).
  const asyncApi = JSON.stringify(buildAsyncApiDocument(API_VERSION));
  router.get('/asyncapi.json', (ctx) => {
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = asyncApi;
  });
  mountDocsPage(router);
  mountMedia(router, deps.pictureStorage);
  mountAdminPage(router);

  app.use(requestContext(deps.logger, deps.observe));
  app.use(errorHandler());
  app.use(
    securityHeaders({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          // Plain-HTTP development servers would otherwise have /docs assets rewritten to https.
          upgradeInsecureRequests: null,
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );
  app.use(corsFor(deps.corsOrigins));
  app.use(router.routes());
  app.use(methodNotAllowed(router));
  return app;
}

/**
 * A path that exists, asked with a method it does not take: 405 with
 * `Allow` (RFC 9110), or for OPTIONS, 204 with `Allow`.
 */
function methodNotAllowed(router: Router): Koa.Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.body !== undefined || ctx.status !== 404) return;
    const { path, route } = router.match(ctx.path, ctx.method);
    if (route) return;
    const allowed = path.flatMap((layer) => layer.methods);
    if (allowed.length === 0) return;
    const allow = [...new Set([...allowed, 'OPTIONS'])].join(', ');
    if (ctx.method === 'OPTIONS') {
      ctx.set('Allow', allow);
      ctx.status = 204;
      return;
    }
    throw new HttpProblem('METHOD_NOT_ALLOWED', `This path takes ${allow}`, undefined, { Allow: allow });
  };
}

function corsFor(origins: readonly string[]) {
  const any = origins.includes('*');
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('origin');
      if (any) return '*';
      return origins.includes(origin) ? origin : '';
    },
    credentials: !any,
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
}

function mount(router: Router, route: RouteDefinition, deps: HttpDeps): void {
  const readBody = jsonBody();
  const readFile = route.upload ? fileUpload(route.upload.field, route.upload.maxBytes) : null;
  const koaPath = route.path.replace(/\{(\w+)\}/g, ':$1');
  router[route.method](koaPath, async (ctx) => {
    // The contract's order when several problems apply: 401 first, then 400.
    const auth =
      route.auth === false ? null : await authenticate(ctx, deps.useCases.authenticate, route.auth === true);
    const file = readFile ? await readFile(ctx) : undefined;
    if (route.body) await readBody(ctx);
    const body = route.body ? parseWith(route.body, ctx.request.body, 'body', route.rules) : undefined;
    const query = route.query ? parseWith(route.query, { ...ctx.query }, 'query') : undefined;
    const params = route.params ? parseWith(route.params, ctx.params, 'params') : undefined;
    const reply = await route.handle({ ctx, body, query, params, auth, file } as never);
    ctx.status = reply.status;
    if (reply.body !== undefined) ctx.body = reply.body;
  });
}
