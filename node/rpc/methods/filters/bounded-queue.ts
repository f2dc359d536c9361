/**
 * A FIFO that keeps at most `capacity` items: pushing onto a full queue drops the oldest item.
 * Push and drop are O(1) amortised (the backing array is compacted once half of it is dropped).
 */
export class BoundedQueue<T> {
  private items: T[] = [];
  private start = 0;
  private droppedCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity <= 0) throw new RangeError(`BoundedQueue: capacity must be a positive integer, got ${capacity}`);
  }

  get length(): number {
    return this.items.length - this.start;
  }

  /** Items dropped for lack of room since the last `drain`. */
  get dropped(): number {
    return this.droppedCount;
  }

  push(item: T): void {
    this.items.push(item);
    if (this.length > this.capacity) {
      this.start++;
      this.droppedCount++;
      if (this.start * 2 >= this.items.length) {
        this.items = this.items.slice(this.start);
        this.start = 0;
      }
    }
  }

  /** Everything queued, oldest first; the queue is empty afterwards. */
  drain(): T[] {
    const drained = this.start === 0 ? this.items : this.items.slice(this.start);
    this.items = [];
    this.start = 0;
    this.droppedCount = 0;
    return drained;
  }
}
