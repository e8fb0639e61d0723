import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { problem, type ProblemCode } from './problem.js';

const REASONS: Record<number, string> = { 400: 'Bad Request', 431: 'Request Header Fields Too Large' };

/**
 * Requests Node refuses before any middleware runs (headers over its limit,
 * a request line it cannot parse) get a problem document too, instead of
 * Node's bare status line: 431 for headers or a request line too large, 400
 * for the rest.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (error.code === 'ECONNRESET' && !socket.readable)) return void socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW' || error.code === 'HPE_URI_TOO_LONG';
    const code: ProblemCode = tooLarge ? 'HEADERS_TOO_LARGE' : 'VALIDATION_FAILED';
    const body = JSON.stringify(
      problem(
        code,
        tooLarge ? 'The request line and headers are too large' : 'The request could not be read',
      ),
    );
    const status = tooLarge ? 431 : 400;
    socket.end(
      `HTTP/1.1 ${status} ${REASONS[status]}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
