/** Global-norm gradient clipping (as `torch.nn.utils.clip_grad_norm_`), in array code so it traces into jit. */
import type { Array as JaxArray } from '@jax-js/jax';
import { jaxModule } from './jax-module';
import type { ParamTree } from './param-tree';

/**
 * Scales every gradient by min(1, maxNorm / (‖g‖ + 1e-6)), ‖g‖ the L2 norm over all gradients together.
 * Consumes `grads`; returns the clipped trees and the norm before clipping (0-d).
 */
export function clipByGlobalNorm(grads: ParamTree, maxNorm: number): { grads: ParamTree; norm: JaxArray } {
  const { numpy: np } = jaxModule();
  const names = Object.keys(grads);
  let sumSquares: JaxArray = np.array(0, { dtype: np.float32 });
  for (const name of names) sumSquares = sumSquares.add(np.square((grads[name] as JaxArray).ref).sum());
  const norm = np.sqrt(sumSquares);
  const scale = np.minimum(np.array(maxNorm, { dtype: np.float32 }).div(norm.ref.add(1e-6)), 1);
  const clipped: ParamTree = {};
  for (const name of names) clipped[name] = (grads[name] as JaxArray).mul(scale.ref);
  scale.dispose();
  return { grads: clipped, norm };
}
