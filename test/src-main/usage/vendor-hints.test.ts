import { describe, expect, it } from 'vitest';
import { vendorHintsFor } from '../../../src-main/usage/vendor-hints.js';

describe('vendorHintsFor', () => {
  it('maps first-party provider types to their vendor', () => {
    expect(vendorHintsFor('openai', 'https://api.openai.com/v1')).toEqual(['openai']);
    expect(vendorHintsFor('anthropic', 'https://api.anthropic.com')).toEqual(['anthropic']);
    expect(vendorHintsFor('gemini', 'https://generativelanguage.googleapis.com')).toEqual(['google']);
    expect(vendorHintsFor('azure-openai', 'https://my-resource.openai.azure.com')).toEqual(['openai']);
  });

  it('infers an OpenAI-compatible vendor from the host', () => {
    const cases: Array<[string, string[]]> = [
      ['https://api.deepseek.com/v1', ['deepseek']],
      ['https://api.x.ai/v1', ['xai']],
      ['https://api.mistral.ai/v1', ['mistral']],
      ['https://api.moonshot.ai/v1', ['moonshotai']],
      ['https://api.moonshot.cn/v1', ['moonshotai-cn', 'moonshotai']],
      ['https://dashscope.aliyuncs.com/compatible-mode/v1', ['alibaba-cn', 'alibaba']],
      ['https://dashscope-intl.aliyuncs.com/compatible-mode/v1', ['alibaba']],
      ['https://open.bigmodel.cn/api/paas/v4', ['zhipuai']],
      ['https://openrouter.ai/api/v1', ['openrouter']],
      ['https://api.groq.com/openai/v1', ['groq']],
      ['https://api.siliconflow.cn/v1', ['siliconflow-cn', 'siliconflow']],
      ['https://API.SiliconFlow.com/v1', ['siliconflow']],
    ];
    for (const [baseUrl, hints] of cases) expect(vendorHintsFor('openai-compatible', baseUrl), baseUrl).toEqual(hints);
  });

  it('puts the host before the API type for vendors that also serve Anthropic’s API', () => {
    expect(vendorHintsFor('anthropic', 'https://api.deepseek.com/anthropic')).toEqual(['deepseek', 'anthropic']);
  });

  it('matches subdomains but not look-alike hosts', () => {
    expect(vendorHintsFor('openai-compatible', 'https://eu.openrouter.ai/api/v1')).toEqual(['openrouter']);
    expect(vendorHintsFor('openai-compatible', 'https://notopenrouter.ai/api/v1')).toEqual([]);
  });

  it('gives no hint for an unknown host, type or URL', () => {
    expect(vendorHintsFor('openai-compatible', 'http://localhost:11434/v1')).toEqual([]);
    expect(vendorHintsFor('something-else', 'not a url')).toEqual([]);
    expect(vendorHintsFor('toString', 'not a url')).toEqual([]);
  });
});
