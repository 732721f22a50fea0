import { AppError } from '../../src/shared/index';

/** The audit/feedback store refused or failed an operation: names the table or the record and the cause. */
export class StoreError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('store', message, options);
  }
}

export function isStoreError(value: unknown): value is StoreError {
  return value instanceof StoreError;
}
