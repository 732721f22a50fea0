import { AppError } from '../../shared/errors';

/** The training engine was misused or a checkpoint could not be read or written: names the file or tensor and the cause. */
export class TrainingError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('training', message, options);
  }
}

export function isTrainingError(value: unknown): value is TrainingError {
  return value instanceof TrainingError;
}
