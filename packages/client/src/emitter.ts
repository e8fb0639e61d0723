/** A small typed event emitter: `on` answers a function that removes the listener. */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(value: never) => void>>();

  on<K extends keyof Events>(type: K, listener: (value: Events[K]) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as (value: never) => void);
    return () => set.delete(listener as (value: never) => void);
  }

  once<K extends keyof Events>(type: K, listener: (value: Events[K]) => void): () => void {
    const off = this.on(type, (value) => {
      off();
      listener(value);
    });
    return off;
  }

  emit<K extends keyof Events>(type: K, value: Events[K]): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) {
      try {
        (listener as (value: Events[K]) => void)(value);
      } catch (error) {
        // A listener's failure must not stop the others, nor the connection that emitted.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/** What a part of the SDK needs of the client's emitter: to emit its own events. */
export interface Emits<Events extends object> {
  emit<K extends keyof Events>(type: K, value: Events[K]): void;
}
