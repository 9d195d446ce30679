/**
 * Prometheus text exposition (format 0.0.4) of the gateway's own counters. Hand-written rather than a
 * client library: five series, and recording must cost next to nothing on the request path.
 */
const latencyBucketsSeconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

interface Series {
  requests: number;
  errors: number;
  buckets: number[];
  latencySum: number;
}

export class GatewayMetrics {
  private readonly series = new Map<string, Series>();
  private readonly inFlight = new Map<string, number>();
  /** Each provider's and model's label text, escaped once rather than on every request. */
  private readonly labels = new Map<string, Map<string, string>>();

  /** Call when a request starts going upstream; returns the function that ends it. */
  start(provider: string, model: string): () => void {
    const id = this.labelKey(provider, model);
    this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight.set(id, (this.inFlight.get(id) ?? 1) - 1);
    };
  }

  observe(provider: string, model: string, status: number, latencyMs: number): void {
    const id = this.labelKey(provider, model);
    let series = this.series.get(id);
    if (!series) {
      series = { requests: 0, errors: 0, buckets: latencyBucketsSeconds.map(() => 0), latencySum: 0 };
      this.series.set(id, series);
    }
    series.requests++;
    if (status >= 400) series.errors++;
    const seconds = latencyMs / 1000;
    series.latencySum += seconds;
    for (let index = 0; index < latencyBucketsSeconds.length; index++) {
      if (seconds <= latencyBucketsSeconds[index]!) series.buckets[index]!++;
    }
  }

  private labelKey(provider: string, model: string): string {
    let models = this.labels.get(provider);
    if (models === undefined) {
      models = new Map();
      this.labels.set(provider, models);
    }
    let id = models.get(model);
    if (id === undefined) {
      id = labelKey(provider, model);
      models.set(model, id);
    }
    return id;
  }

  render(): string {
    const lines: string[] = [];
    lines.push('# HELP switchyard_requests_total Requests answered, per provider and model.');
    lines.push('# TYPE switchyard_requests_total counter');
    for (const [id, series] of this.series) lines.push(`switchyard_requests_total{${id}} ${series.requests}`);
    lines.push('# HELP switchyard_errors_total Requests answered with status 400 or above, per provider and model.');
    lines.push('# TYPE switchyard_errors_total counter');
    for (const [id, series] of this.series) lines.push(`switchyard_errors_total{${id}} ${series.errors}`);
    lines.push('# HELP switchyard_in_flight_requests Requests under way, per provider and model.');
    lines.push('# TYPE switchyard_in_flight_requests gauge');
    for (const [id, count] of this.inFlight) lines.push(`switchyard_in_flight_requests{${id}} ${count}`);
    lines.push('# HELP switchyard_request_duration_seconds Time from request to the end of the answer.');
    lines.push('# TYPE switchyard_request_duration_seconds histogram');
    for (const [id, series] of this.series) {
      latencyBucketsSeconds.forEach((bound, index) => {
        lines.push(`switchyard_request_duration_seconds_bucket{${id},le="${bound}"} ${series.buckets[index]}`);
      });
      lines.push(`switchyard_request_duration_seconds_bucket{${id},le="+Inf"} ${series.requests}`);
      lines.push(`switchyard_request_duration_seconds_sum{${id}} ${series.latencySum}`);
      lines.push(`switchyard_request_duration_seconds_count{${id}} ${series.requests}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

function labelKey(provider: string, model: string): string {
  return `provider="${escapeLabel(provider)}",model="${escapeLabel(model)}"`;
}

/** Label values escape backslash, double quote and newline (exposition format spec). */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
