import { describe, expect, it } from 'vitest';
import { createHostCheck } from '../../../src-main/gateway/host-check.js';

describe('createHostCheck', () => {
  const allowed = createHostCheck('127.0.0.1');

  it.each([
    '127.0.0.1',
    '127.0.0.1:4780',
    '127.8.9.10:80',
    '[::1]',
    '[::1]:4780',
    '::1',
    '[0:0:0:0:0:0:0:1]:4780',
    '[::ffff:127.0.0.1]:4780',
    'localhost',
    'localhost:4780',
    'LOCALHOST:4780',
    'switchyard.localhost',
    'app.switchyard.localhost:4780',
  ])('lets in the loopback Host %s', (host) => {
    expect(allowed(host)).toBe(true);
  });

  it.each([
    'evil.com',
    'evil.com:4780',
    '127.0.0.1.evil.com',
    '127.0.0.1.evil.com:4780',
    'localhost.evil.com',
    'notlocalhost',
    '0.0.0.0',
    '0.0.0.0:4780',
    '[::]:4780',
    '192.168.1.10:4780',
    '[::2]:4780',
    '',
  ])('refuses the Host %s', (host) => {
    expect(allowed(host)).toBe(false);
  });

  it('refuses a request without a Host header', () => {
    expect(allowed(undefined)).toBe(false);
  });

  it('also lets in the host Switchyard was told to listen on, with or without a port', () => {
    const lan = createHostCheck('192.168.1.10');
    expect(lan('192.168.1.10')).toBe(true);
    expect(lan('192.168.1.10:4780')).toBe(true);
    expect(lan('192.168.1.11:4780')).toBe(false);
    expect(lan('localhost:4780')).toBe(true);

    const named = createHostCheck('Gateway.Lan');
    expect(named('gateway.lan:4780')).toBe(true);
    expect(named('gateway.lan.evil.com')).toBe(false);

    const v6 = createHostCheck('[fd00::5]');
    expect(v6('[fd00::5]:4780')).toBe(true);
  });

  it('never takes a wildcard listen address as a Host, even when configured', () => {
    expect(createHostCheck('0.0.0.0')('0.0.0.0:4780')).toBe(false);
    expect(createHostCheck('::')('[::]:4780')).toBe(false);
    expect(createHostCheck('0.0.0.0')('evil.com')).toBe(false);
    expect(createHostCheck('0.0.0.0')('127.0.0.1:4780')).toBe(true);
  });
});

describe('createHostCheck, asked again and again', () => {
  it('answers the same for a Host it has seen, however many other hosts came between', () => {
    const allowed = createHostCheck('127.0.0.1');
    expect(allowed('127.0.0.1:4780')).toBe(true);
    expect(allowed('evil.com')).toBe(false);
    for (let index = 0; index < 500; index++) expect(allowed(`host-${index}.example`)).toBe(false);
    expect(allowed('127.0.0.1:4780')).toBe(true);
    expect(allowed('evil.com')).toBe(false);
    expect(allowed(undefined)).toBe(false);
  });
});
