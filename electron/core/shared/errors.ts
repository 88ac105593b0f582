import type { AuditAction } from '../../contract';
import { localise, type ErrorBody, type ErrorCode, type Params } from '../../contract/errors';

/** A refusal a person should read. Thrown by services; the dispatcher turns it into `{ok:false}`. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly params: Params;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, params: Params = {}, details?: Record<string, unknown>) {
    super(`${code}: ${localise(code, params).en}`);
    this.name = 'DomainError';
    this.code = code;
    this.params = params;
    this.details = details;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: localise(this.code, this.params) };
    if (this.details) body.details = this.details;
    return body;
  }
}

export function refuse(code: ErrorCode, params?: Params, details?: Record<string, unknown>): never {
  throw new DomainError(code, params, details);
}

/**
 * A refusal whose writes must stand, e.g. a failed sign-in: the failure count and its audit entry
 * are committed even though the caller is refused.
 */
export class CommittedRefusal extends DomainError {
  readonly auditAction: AuditAction;
  readonly auditEntity: {
    entityType: string | null;
    entityId: string | null;
    detail: Record<string, unknown>;
  };

  constructor(
    code: DomainError['code'],
    params: DomainError['params'],
    auditAction: AuditAction,
    auditEntity: CommittedRefusal['auditEntity'],
  ) {
    super(code, params);
    this.name = 'CommittedRefusal';
    this.auditAction = auditAction;
    this.auditEntity = auditEntity;
  }
}
