import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../src-main/store/default-data-dir.js';

describe('defaultDataDir', () => {
  it('uses XDG_CONFIG_HOME on Linux, else ~/.config', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/home/me/.cfg' }, 'linux')).toBe('/home/me/.cfg/Switchyard');
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.config', 'Switchyard'));
  });

  it('uses Application Support on macOS, whatever XDG says', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/elsewhere' }, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'Switchyard'));
  });

  it('uses APPDATA on Windows, else the roaming folder under the home directory', () => {
    expect(defaultDataDir({ APPDATA: '/appdata' }, 'win32')).toBe(join('/appdata', 'Switchyard'));
    expect(defaultDataDir({}, 'win32')).toBe(join(homedir(), 'AppData', 'Roaming', 'Switchyard'));
  });

  it('treats other Unix systems like Linux', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'freebsd')).toBe('/x/Switchyard');
  });
});
