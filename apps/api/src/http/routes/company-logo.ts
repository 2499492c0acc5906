/**
 * The empresa's logo: `POST /api/v1/admin/mi-empresa/logo` (the old service's route: multipart
 * field `file`, same answer) and `GET /static/logos/<file>` (public, as the old one served it).
 * The bytes are checked (src/branding/logo.ts) and kept in the database, not on a disk, so any
 * instance serves them.
 */
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import { checkLogo, LogoRejectedError, logoFileName, logoUrl, MAX_LOGO_BYTES, type LogoProblem } from '../../branding/logo.js';
import { findLogo, replaceLogo } from '../../db/company-logos.js';
import { adminOf, sessionAuth } from '../auth.js';
import type { RouteModule } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { requireCompany } from '../lookups.js';
import { errorSchema, sessionSecurity } from '../schemas.js';

/** 400 for the format, as the old service answered; the checks it lacked get their own status. */
const REFUSALS: Record<LogoProblem, [number, string]> = {
  format: [400, 'Formato de imagen no permitido'],
  'too-large': [413, `El logo no puede pasar de ${MAX_LOGO_BYTES / 1024} KB`],
  empty: [422, 'El archivo está vacío'],
};

const FILE_NAME = /^logo_[A-Za-z0-9_-]{1,64}_[0-9a-f]{6}\.(?:png|jpg|webp)$/;

export const companyLogoRoutes: RouteModule = (app, ctx) => {
  // Multipart bodies only here: every other route keeps refusing what is not JSON.
  app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { files: 1, fields: 0, parts: 1, fileSize: MAX_LOGO_BYTES + 1 } });
    scoped.post(
      '/api/v1/admin/mi-empresa/logo',
      {
        onRequest: sessionAuth(ctx, ['cliente_admin']),
        schema: {
          tags: ['client admin'],
          security: sessionSecurity,
          summary: `Sets the empresa's logo (multipart field \`file\`: PNG, JPEG or WebP, at most ${MAX_LOGO_BYTES / 1024} KB)`,
          consumes: ['multipart/form-data'],
          response: {
            200: Type.Object({ message: Type.String(), logo_url: Type.String() }),
            400: errorSchema,
            401: errorSchema,
            403: errorSchema,
            404: errorSchema,
            413: errorSchema,
            422: errorSchema,
          },
        },
      },
      async (request) => {
        const company = await requireCompany(ctx, adminOf(request).empresa_id!);
        const upload = request.isMultipart() ? await request.file() : undefined;
        if (upload?.fieldname !== 'file') throw new HttpError(422, 'Envíe la imagen en el campo file (multipart/form-data)');
        try {
          let bytes: Buffer;
          try {
            bytes = await upload.toBuffer();
          } catch (error) {
            if (error instanceof scoped.multipartErrors.RequestFileTooLargeError) throw new LogoRejectedError('too-large');
            throw error;
          }
          const logo = checkLogo(upload.filename, bytes);
          const fileName = logoFileName(company.id, logo.extension);
          await replaceLogo(
            ctx.db,
            { file_name: fileName, company_id: company.id, content_type: logo.contentType, image: bytes },
            ctx.now(),
          );
          return { message: 'Logo actualizado correctamente', logo_url: logoUrl(fileName)! };
        } catch (error) {
          if (error instanceof LogoRejectedError) throw new HttpError(...REFUSALS[error.problem]);
          throw error;
        }
      },
    );
  });

  app.get(
    '/static/logos/:file',
    {
      schema: {
        tags: ['hosted portal page'],
        summary: "An empresa's logo (public; a new upload gets a new name, so it is cached for good)",
        params: Type.Object({ file: Type.String({ maxLength: 100 }) }),
      },
    },
    async (request, reply) => {
      const logo = FILE_NAME.test(request.params.file) ? await findLogo(ctx.db, request.params.file) : undefined;
      if (!logo) throw notFound('Logo no encontrado');
      return reply
        .headers({
          'content-type': logo.contentType,
          'cache-control': 'public, max-age=31536000, immutable',
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'",
          // Portals served by the router (another origin) show it too, as they did the old one's.
          'cross-origin-resource-policy': 'cross-origin',
        })
        .send(logo.image);
    },
  );
};
