/**
 * A read-only view of a ParamTree in which every property read returns a fresh reference (`array.ref`), so loss and
 * model code can use a parameter or batch field as often as it likes without counting references; `release()` then
 * drops the view's own reference to each array once.
 */
import type { Array as JaxArray } from '@jax-js/jax';
import type { ParamTree } from './param-tree';

export type BorrowedTree = { view: Readonly<ParamTree>; release: () => void };

/** Wraps `tree` (which the borrow now owns: `release()` consumes it). */
export function borrowTree(tree: ParamTree): BorrowedTree {
  const view = new Proxy(tree, {
    get(target, name) {
      if (typeof name !== 'string') return undefined;
      const array = target[name];
      if (array === undefined) throw new RangeError(`no parameter or batch field named "${name}"`);
      return array.ref;
    },
    set() {
      throw new TypeError('a borrowed parameter tree is read-only');
    },
  });
  return {
    view,
    release: () => {
      for (const array of Object.values(tree) as JaxArray[]) array.dispose();
    },
  };
}
