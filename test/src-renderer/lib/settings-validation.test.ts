import { describe, expect, it } from 'vitest';
import { changedFields, fieldOfError, validateRetention, validateThresholds } from '../../../src-renderer/lib/settings-validation.js';

describe('the settings checks', () => {
  it('accept retention inside the service bounds and name the field outside them', () => {
    expect(validateRetention({ retentionDays: 0, bodyRetentionDays: 7 })).toEqual({});
    expect(validateRetention({ retentionDays: 4000, bodyRetentionDays: 0 })).toEqual({
      retentionDays: { rule: 'range', min: 0, max: 3650 },
      bodyRetentionDays: { rule: 'range', min: 1, max: 365 },
    });
    expect(validateRetention({ retentionDays: 1.5, bodyRetentionDays: 7 })).toEqual({ retentionDays: { rule: 'whole' } });
  });

  it('want thresholds from 1 to 100 with the critical one above the warning one', () => {
    expect(validateThresholds({ warning: 80, critical: 95 })).toEqual({});
    expect(validateThresholds({ warning: 0, critical: 120 })).toEqual({
      'quotaThresholds.warning': { rule: 'range', min: 1, max: 100 },
      'quotaThresholds.critical': { rule: 'range', min: 1, max: 100 },
    });
    expect(validateThresholds({ warning: 90, critical: 90 })).toEqual({ 'quotaThresholds.critical': { rule: 'order' } });
  });

  it('put a refusal at the field the service names, or at the last field of the object it names', () => {
    const fields = changedFields({ quotaThresholds: { warning: 1, critical: 2 } });
    expect(fields).toEqual(['quotaThresholds.warning', 'quotaThresholds.critical']);
    expect(fieldOfError('quotaThresholds.warning', fields)).toBe('quotaThresholds.warning');
    expect(fieldOfError('quotaThresholds', fields)).toBe('quotaThresholds.critical');
    expect(fieldOfError('zoom', changedFields({ zoom: 170 }))).toBe('zoom');
    expect(fieldOfError('retentionDays', fields)).toBeNull();
    expect(fieldOfError(undefined, fields)).toBeNull();
  });
});
