/** CSV answers: the file's type, its download name and its body (a whole text, or a stream sent as it is produced). */
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { attachment, CSV_CONTENT_TYPE } from '../reports/csv.js';

export function sendCsv(reply: FastifyReply, filename: string, body: string | Readable): FastifyReply {
  return reply.type(CSV_CONTENT_TYPE).header('content-disposition', attachment(filename)).send(body);
}
