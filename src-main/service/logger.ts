export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** One line per message with time and level; messages are built never to contain a secret. */
export function createConsoleLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const line = (level: LogLevel, message: string) => write(`${new Date().toISOString()} ${level.padEnd(5)} ${message}`);
  return {
    info: (message) => line('info', message),
    warn: (message) => line('warn', message),
    error: (message) => line('error', message),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
