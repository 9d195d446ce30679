import { describe, expect, it } from 'vitest';
import { parseAzureModelList } from '../../../../src-main/providers/azure-openai/parse-azure-model-list.js';

describe('parseAzureModelList', () => {
  it('reads the ids of Azure\'s model list, as the Models - List reference shows it', () => {
    const body = {
      data: [
        {
          status: 'succeeded',
          capabilities: { fine_tune: false, inference: true, completion: false, chat_completion: true, embeddings: false },
          lifecycle_status: 'generally-available',
          deprecation: { inference: 1_800_000_000 },
          id: 'gpt-4o-2024-08-06',
          created_at: 1_723_000_000,
          object: 'model',
        },
        {
          status: 'succeeded',
          capabilities: { inference: true, chat_completion: false, embeddings: true },
          id: 'text-embedding-3-small',
          object: 'model',
        },
        { id: 'no-status-or-capabilities', object: 'model' },
      ],
      object: 'list',
    };
    expect(parseAzureModelList(body)).toEqual(['gpt-4o-2024-08-06', 'text-embedding-3-small', 'no-status-or-capabilities']);
  });

  it('leaves out models that cannot serve requests: no inference, or an unfinished fine-tune', () => {
    const body = {
      data: [
        { id: 'curie', status: 'succeeded', capabilities: { inference: false } },
        { id: 'gpt-35-turbo.ft-123', status: 'running', capabilities: { inference: true } },
        { id: 'gpt-4o-mini', status: 'succeeded', capabilities: { inference: true } },
      ],
    };
    expect(parseAzureModelList(body)).toEqual(['gpt-4o-mini']);
  });

  it('gives no models for something that is not a model list', () => {
    expect(parseAzureModelList({ error: { code: '404', message: 'Resource not found' } })).toEqual([]);
    expect(parseAzureModelList(null)).toEqual([]);
  });
});
