// Loaded with `node --import` into every server the benchmark measures, its own or Portkey's, so each
// reports the same figures about itself over IPC: CPU time, RSS, peak RSS, event-loop delay and the
// responses it finished. Plain JavaScript, because Portkey runs on plain node, without tsx.
//
// With BENCH_FORCE_LOOPBACK=1 it also makes every server listen on 127.0.0.1: Portkey's start script
// calls @hono/node-server's serve() without a hostname, which listens on all interfaces, and has no
// flag or variable to change that.
import diagnosticsChannel from 'node:diagnostics_channel';
import net from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import process from 'node:process';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenReported(...args) {
  if (process.env.BENCH_FORCE_LOOPBACK === '1') forceLoopback(args);
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object') process.send?.({ type: 'listening', address: address.address, port: address.port });
  });
  return listen.apply(this, args);
};

/** listen(port[, host][, backlog][, callback]) or listen({ port, host }): the host becomes 127.0.0.1. */
function forceLoopback(args) {
  const first = args[0];
  if (typeof first === 'object' && first !== null && !('path' in first && first.path)) {
    args[0] = { ...first, host: '127.0.0.1' };
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] === 'string') args[1] = '127.0.0.1';
    else if (args[1] === undefined || args[1] === null) args[1] = '127.0.0.1';
    else args.splice(1, 0, '127.0.0.1');
  }
}

const responses = { total: 0, chatSucceeded: 0 };
diagnosticsChannel.subscribe('http.server.response.finish', ({ request, response }) => {
  responses.total++;
  if (response.statusCode < 400 && request.url?.startsWith('/v1/chat/completions')) responses.chatSucceeded++;
});

// The histogram records the whole time between its timer's runs; the delay is what exceeds the interval.
const loopDelayResolutionMs = 10;
const loopDelay = monitorEventLoopDelay({ resolution: loopDelayResolutionMs });
loopDelay.enable();

process.on('message', (message) => {
  if (message?.type !== 'probe') return;
  const milliseconds = (nanoseconds) => Math.max(0, nanoseconds / 1e6 - loopDelayResolutionMs);
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  process.send?.({
    type: 'probe',
    id: message.id,
    cpuMicros: cpu.user + cpu.system,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    responses: { ...responses },
    eventLoopDelayMs: {
      p50: milliseconds(loopDelay.percentile(50)),
      p99: milliseconds(loopDelay.percentile(99)),
      max: milliseconds(loopDelay.max),
    },
  });
  if (message.resetEventLoopDelay) loopDelay.reset();
});
