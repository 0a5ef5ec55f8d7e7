import type { ServerResponse } from 'node:http';
import { defaultErrorBody } from './default-error-body.js';
import type { FakeApi, FakeRaw, FakeRequest, FakeStatus, FakeStep } from './fake-script.js';
import { renderAnthropic } from './render-anthropic.js';
import { renderOpenAi } from './render-openai.js';
import { serveAnswer } from './serve-answer.js';

/** Answers one request as its step says. Rejects if the client goes away mid-answer (`gone`). */
export async function serveStep(
  step: FakeStep,
  request: FakeRequest,
  response: ServerResponse,
  gone: AbortSignal,
) {
  switch (step.type) {
    case 'reset':
      response.socket?.destroy();
      return;
    case 'hang':
      return;
    case 'status':
      return serveStatus(step, request.api, response);
    case 'raw':
      return serveRaw(step, response);
    case 'answer': {
      const body = (request.body ?? {}) as { model?: unknown; stream?: unknown };
      const model = typeof body.model === 'string' ? body.model : 'fake-model';
      const rendered = request.api === 'anthropic' ? renderAnthropic(step, model) : renderOpenAi(step, model);
      if (body.stream !== true) {
        response.writeHead(200, {
          'content-type': 'application/json',
          'x-request-id': 'req_fake',
          ...step.headers,
        });
        response.end(JSON.stringify(rendered.json));
        return;
      }
      return serveAnswer(response, step, rendered, gone);
    }
  }
}

function serveStatus(step: FakeStatus, api: FakeApi, response: ServerResponse): void {
  const body = step.body ?? defaultErrorBody(api, step.status);
  response.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function serveRaw(step: FakeRaw, response: ServerResponse): void {
  response.writeHead(step.status ?? 200, step.headers ?? { 'content-type': 'text/event-stream' });
  const bytes = typeof step.body === 'string' ? Buffer.from(step.body) : step.body;
  const size = step.pieceBytes ?? bytes.byteLength;
  const delayMs = step.pieceDelayMs ?? 0;
  const finish = () => {
    if (step.keepOpen !== true) response.end();
  };
  if (delayMs === 0) {
    for (let start = 0; start < bytes.byteLength; start += size)
      response.write(bytes.subarray(start, start + size));
    finish();
    return;
  }
  let start = 0;
  const timer = setInterval(() => {
    if (response.destroyed || start >= bytes.byteLength) {
      clearInterval(timer);
      if (!response.destroyed) finish();
      return;
    }
    response.write(bytes.subarray(start, start + size));
    start += size;
  }, delayMs);
  response.on('close', () => clearInterval(timer));
}
