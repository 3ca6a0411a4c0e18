/**
 * Asks a frame or a note to start editing its title or text: from the context menu, or right
 * after it was added (when it has not mounted yet, so the request waits for it).
 */
import { useEffect } from 'react';

const EVENT = 'manim-nodes:edit-canvas-item';
const pending = new Set<string>();

/** Start editing the frame or note with flow id `flowId`, now or as soon as it mounts. */
export function requestEdit(flowId: string): void {
  pending.add(flowId);
  window.dispatchEvent(new CustomEvent(EVENT, { detail: flowId }));
}

/** Call `start` when someone asks the item `flowId` to edit itself. */
export function useEditRequest(flowId: string, start: () => void): void {
  useEffect(() => {
    if (pending.delete(flowId)) start();
    const onRequest = (e: Event) => {
      if (e instanceof CustomEvent && e.detail === flowId && pending.delete(flowId)) start();
    };
    window.addEventListener(EVENT, onRequest);
    return () => window.removeEventListener(EVENT, onRequest);
  }, [flowId, start]);
}
