/** A set that forgets its oldest entries beyond `sizeMax`: what was sent to or heard from whom. */
export class SeenSet {
  readonly #items = new Set<string>();

  constructor(private readonly sizeMax: number) {}

  has(key: string): boolean {
    return this.#items.has(key);
  }

  add(key: string): void {
    this.#items.delete(key);
    this.#items.add(key);
    if (this.#items.size > this.sizeMax) this.#items.delete(this.#items.values().next().value!);
  }

  delete(key: string): void {
    this.#items.delete(key);
  }

  get size(): number {
    return this.#items.size;
  }
}
