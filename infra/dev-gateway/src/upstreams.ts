import type { ServiceName } from "./children.ts";

/**
 * Where each service's running instances listen, handed out round-robin: every request takes the next one, so
 * with GATEWAY_INSTANCES=2 consecutive requests alternate between the two.
 */
export class Upstreams {
  readonly #urls = new Map<ServiceName, string[]>();
  readonly #turns = new Map<ServiceName, number>();

  add(service: ServiceName, url: string) {
    this.#urls.set(service, [...(this.#urls.get(service) ?? []), url]);
  }

  /** An instance that stopped gets no more requests; once none is left, the service is not running. */
  remove(service: ServiceName, url: string) {
    const left = (this.#urls.get(service) ?? []).filter((u) => u !== url);
    if (left.length > 0) this.#urls.set(service, left);
    else this.#urls.delete(service);
  }

  /** The instance for the next request to `service`, or undefined while none runs. */
  next(service: ServiceName): string | undefined {
    const urls = this.#urls.get(service);
    if (!urls) return undefined;
    const turn = this.#turns.get(service) ?? 0;
    this.#turns.set(service, turn + 1);
    return urls[turn % urls.length];
  }
}
