import { describe, expect, it } from 'vitest';
import { vendorPresets } from '../../src-shared/vendor-presets.js';

describe('the vendor presets\' links', () => {
  const hosted = vendorPresets.filter((preset) => preset.auth !== 'none');

  it.each(hosted.map((preset) => [preset.id, preset] as const))('send %s\'s users to its own key and billing pages over https', (_id, preset) => {
    for (const url of [preset.apiKeyUrl, preset.topUpUrl]) {
      expect(url).toBeDefined();
      expect(new URL(url!).protocol).toBe('https:');
    }
    // A key page on the vendor's own domain, not a third party's (the base URL's registrable name appears in it).
    const vendorName = new URL(preset.baseUrl).hostname.split('.').at(-2)!;
    if (!['azure', 'googleapis', 'aliyuncs'].includes(vendorName) && !preset.baseUrl.includes('your-resource-name')) {
      expect(new URL(preset.apiKeyUrl!).hostname).toContain(vendorName);
    }
  });

  it('leave local servers without key or billing pages', () => {
    for (const preset of vendorPresets.filter((candidate) => candidate.auth === 'none')) {
      expect(preset.apiKeyUrl).toBeUndefined();
      expect(preset.topUpUrl).toBeUndefined();
    }
  });
});
