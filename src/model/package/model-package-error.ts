import { AppError } from '../../shared';

/**
 * A model package (a folder with `manifest.json` and the files it names) is missing a file, does not match its
 * checksums, or breaks the model package contract. Lives in src/model rather than src/shared because only the model
 * layer (and the training exporter that writes packages) deals with packages.
 */
export class ModelPackageError extends AppError {
  constructor(
    /** The package folder. */
    readonly dir: string,
    /** The file inside the package, relative to `dir` (e.g. `manifest.json`, `perception.onnx`). */
    readonly file: string,
    /** The manifest field or graph element at fault (e.g. `inputs.ecg.leads[4]`, `files["perception.onnx"]`). */
    readonly field: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('model-package', `model package ${dir}: ${file} ${field}: ${reason}`, options);
  }
}

/** Whether `value` is a {@link ModelPackageError}. */
export function isModelPackageError(value: unknown): value is ModelPackageError {
  return value instanceof ModelPackageError;
}
