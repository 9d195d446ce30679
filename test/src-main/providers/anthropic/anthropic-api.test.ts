import { describe, expect, it } from 'vitest';
import {
  anthropicContentBlockSchema,
  anthropicMessageSchema,
  anthropicStreamEventSchema,
  anthropicStreamEventTypes,
} from '../../../../src-main/providers/anthropic/anthropic-api.js';
import { loadBody, loadPayloads, recordedStreams, recordedSuite } from './recorded-anthropic.js';

describe(recordedSuite('the Anthropic wire schemas on recorded data'), () => {
  it('accept every event of every recorded stream', () => {
    for (const name of recordedStreams) {
      for (const payload of loadPayloads(name)) {
        const json = JSON.parse(payload) as { type: string };
        expect(anthropicStreamEventTypes.has(json.type), `${name}: ${json.type}`).toBe(true);
        expect(anthropicStreamEventSchema.safeParse(json).success, `${name}: ${payload.slice(0, 80)}`).toBe(true);
      }
    }
  });

  it('accept the recorded non-stream answers', () => {
    expect(anthropicMessageSchema.safeParse(loadBody('anthropic-text')).success).toBe(true);
    expect(anthropicMessageSchema.safeParse(loadBody('anthropic-json-tool.1')).success).toBe(true);
  });
});

describe('the Anthropic wire schemas', () => {
  it('read content blocks of kinds they do not know, rather than failing', () => {
    expect(anthropicContentBlockSchema.safeParse({ type: 'container_upload', file_id: 'f' }).success).toBe(true);
  });

  it('accept answers that leave fields out or set them to null (compatible vendors)', () => {
    expect(anthropicMessageSchema.safeParse({ content: [{ type: 'text', text: 'x' }], usage: { input_tokens: null } }).success).toBe(true);
  });
});
