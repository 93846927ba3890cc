import { maxHeaderSize, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from '@vpp/contracts/errors';
import { problemDocument } from './problem-responses.ts';

// Requests Node's HTTP parser refuses before Express sees them: a request line or headers over
// the parser's limit (16 KB by default; a URL over 16 KB is one) and bytes that are not HTTP. Node
// would answer a bare 431 or 400; these answers carry a problem document like every other error.

interface ClientError extends Error {
  code?: string;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 431: 'Request Header Fields Too Large' };

function writeProblem(socket: Duplex, error: AppError): void {
  const body = JSON.stringify(problemDocument(error));
  socket.end(
    `HTTP/1.1 ${error.status} ${REASONS[error.status] ?? 'Error'}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: ClientError, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      // As Node answers it: the client was too slow to send its request.
      socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
      return;
    }
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      writeProblem(
        socket,
        new AppError(
          'HEADERS_TOO_LARGE',
          `The request line and headers together may be at most ${Math.floor(maxHeaderSize / 1024)} KB.`,
        ),
      );
      return;
    }
    writeProblem(socket, new AppError('VALIDATION_FAILED', 'The request is not well-formed HTTP.'));
  });
}
