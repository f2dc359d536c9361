/**
 * Subscribers to one kind of pool event. Listeners run synchronously after the pool's state change
 * is complete; one that throws is reported to `onError` and neither stops the others nor undoes the
 * change (the transaction is pooled whatever a subscriber does).
 */
export class ListenerSet<Event> {
  // Entries, not the functions themselves, so the same function subscribed twice gets two
  // subscriptions and each unsubscribe removes exactly one.
  private readonly entries = new Set<{ readonly listener: (event: Event) => void }>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Calls `listener` for every event from now on; returns the function that stops it. */
  subscribe(listener: (event: Event) => void): () => void {
    const entry = { listener };
    this.entries.add(entry);
    return () => {
      this.entries.delete(entry);
    };
  }

  emit(event: Event): void {
    for (const { listener } of [...this.entries]) {
      try {
        listener(event);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
