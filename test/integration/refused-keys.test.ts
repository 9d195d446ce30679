import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { SwitchyardConfigInput } from '../../src-shared/config-schema.js';
import { useMockOpenAIGateways } from '../support/mock-openai-gateways.js';
import { testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// A provider key the upstream refuses (401/403) is Switchyard's problem, not the client's: the client
// is told which provider key was refused and disabled, with the vendor's words apart, never the
// vendor's 401 (which an SDK reports as "your API key is wrong"); later requests hear which keys are
// disabled; and the README's ways of re-enabling a key work.

const harness = useMockOpenAIGateways();

/** One provider with one key; the mock refuses any secret not starting with `sk-`. */
function configWith(key: { secret: string; disabled?: boolean }): SwitchyardConfigInput {
  return { providers: [{ id: 'openai-main', type: 'openai', baseUrl: harness.upstream.baseUrl, keys: [{ id: 'oa-1', ...key }], models: ['gpt-4o'] }] };
}

function chat(gateway: TestGateway) {
  const sdk = new OpenAI({ apiKey: testClientKey, baseURL: gateway.baseUrl, maxRetries: 0 });
  return sdk.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
}

async function apiError(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

describe('a provider key the upstream refuses', () => {
  it('answers provider_key_rejected naming the key, then no_enabled_key naming it, and a new secret re-enables it', async () => {
    const gateway = await harness.start(configWith({ secret: 'revoked-key-0001' }));

    const refused = await apiError(chat(gateway));
    // Not a 401: the client's key to Switchyard is fine.
    expect(refused.status).toBe(502);
    expect(refused).not.toBeInstanceOf(OpenAI.AuthenticationError);
    expect(refused.code).toBe('provider_key_rejected');
    expect(refused.message).toContain('openai-main/oa-1');
    expect(refused.message).toContain('Re-enabling a key');
    expect(refused.error).toMatchObject({ type: 'api_error', upstream: { status: 401, message: expect.stringContaining('Incorrect API key provided') } });
    expect(harness.upstream.requests).toHaveLength(1);

    const disabled = await apiError(chat(gateway));
    expect(disabled.status).toBe(503);
    expect(disabled.code).toBe('no_enabled_key');
    expect(disabled.message).toContain('openai-main/oa-1 (upstream answered 401: the key was refused)');
    expect(disabled.message).toContain('new secret');
    expect(harness.upstream.requests).toHaveLength(1);

    gateway.writeConfig(configWith({ secret: 'sk-working-key-0002' }));
    expect(await gateway.running.reloadConfig()).toEqual({ ok: true });
    const answered = await chat(gateway);
    expect(answered.choices[0]?.message.content).toBe('You said: hello');
    expect(harness.upstream.requests.at(-1)?.apiKey).toBe('sk-working-key-0002');
  });

  it('re-enables a key whose same secret works again after "disabled": true is saved and then taken out', async () => {
    const secret = 'sk-suspended-then-restored-0003';
    harness.upstream.behaviourFor(secret, { status: 401 });
    const gateway = await harness.start(configWith({ secret }));
    expect((await apiError(chat(gateway))).code).toBe('provider_key_rejected');
    harness.upstream.reset();

    // The same secret again is not enough: a refused key stays refused until the user acts.
    expect(await gateway.running.reloadConfig()).toEqual({ ok: true });
    expect((await apiError(chat(gateway))).code).toBe('no_enabled_key');

    gateway.writeConfig(configWith({ secret, disabled: true }));
    expect(await gateway.running.reloadConfig()).toEqual({ ok: true });
    gateway.writeConfig(configWith({ secret }));
    expect(await gateway.running.reloadConfig()).toEqual({ ok: true });
    expect((await chat(gateway)).choices[0]?.message.content).toBe('You said: hello');
  });

  it('answers in the Anthropic shape on the Anthropic door, the vendor message in error.upstream', async () => {
    const gateway = await harness.start(configWith({ secret: 'revoked-key-0004' }));

    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': testClientKey, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'gpt-4o', max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] }),
    });

    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      type: 'error',
      error: {
        type: 'api_error',
        message: expect.stringContaining('openai-main/oa-1'),
        upstream: { status: 401, message: expect.stringContaining('Incorrect API key provided') },
      },
    });
  });
});
