// Apple's v2 error numbers, their messages (as Apple's service config lists them) and HTTP statuses.
// The table is written once; the service config, the synchronous error responses and the
// asynchronous failures all read it.

export interface AppleErrorDefinition {
  message: string;
  httpStatus: number;
}

export const APPLE_ERRORS = {
  9601: { message: 'Login required.', httpStatus: 401 },
  9602: { message: 'Invalid argument.', httpStatus: 400 },
  9603: { message: 'Internal error.', httpStatus: 500 },
  9609: { message: 'Unable to find the registered user.', httpStatus: 400 },
  9621: {
    message:
      "The token has expired. You need to generate a new token online using your organization's account at either school.apple.com or business.apple.com.",
    httpStatus: 401,
  },
  9625: { message: 'The server has revoked the sToken.', httpStatus: 401 },
  9634: { message: 'Service removed.', httpStatus: 410 },
  9646: { message: 'There are too many recent requests. Try again momentarily.', httpStatus: 429 },
  9650: {
    message: 'The provided page index must be greater than 0, and less than the total number of pages.',
    httpStatus: 400,
  },
  9700: {
    message: 'Max assets limit on request has been passed, please stay within given limit.',
    httpStatus: 400,
  },
  9701: {
    message: 'Max clientUserIds limit on request has been passed, please stay within given limit.',
    httpStatus: 400,
  },
  9702: {
    message: 'Max serialNumbers limit on request has been passed, please stay within given limit.',
    httpStatus: 400,
  },
  9703: { message: 'Duplicate assets found in request, please send unique assets.', httpStatus: 400 },
  9704: { message: 'Duplicate clientUserIds found in request, please send unique clients.', httpStatus: 400 },
  9705: { message: 'Duplicate serialNumbers found in request, please send unique serials.', httpStatus: 400 },
  9706: { message: 'Asset in request is not revocable, please send revocable assets.', httpStatus: 400 },
  9707: {
    message: 'Asset in request is not device assignable, please send device assignable assets.',
    httpStatus: 400,
  },
  9708: { message: 'EventId could not be found.', httpStatus: 400 },
  9709: {
    message: 'There are not enough licenses for this app or book available to assign to the selected group.',
    httpStatus: 400,
  },
  9710: { message: 'Both the notification URL and the authentication token are necessary.', httpStatus: 400 },
  9711: {
    message:
      'Either the notification URL or the authentication token exceeds its maximum length. Change the request to stay within the specified limit.',
    httpStatus: 400,
  },
  9712: {
    message: 'The provided notification URL must be a valid URL and use HTTPS as the protocol.',
    httpStatus: 400,
  },
  9713: {
    message:
      'The MDM metadata exceeds the maximum length. Change the request to stay within the specified limit.',
    httpStatus: 400,
  },
  9714: {
    message:
      'The number of users exceeds the maximum. Change the request to stay within the specified limit.',
    httpStatus: 400,
  },
  9715: {
    message: 'This request contains duplicate users. Change the request to send unique users.',
    httpStatus: 400,
  },
  9716: { message: 'A registered user already exists with the specified clientUserId.', httpStatus: 400 },
  9717: {
    message:
      'This request contains an invalid email address. Change the request to send valid email addresses.',
    httpStatus: 400,
  },
  9718: {
    message:
      "This request doesn't contain an asset, which is a required argument. Change the request to provide an asset.",
    httpStatus: 400,
  },
  9719: {
    message:
      'Either clientUserIds or serialNumbers are required arguments. Change the request to provide assignable users and devices.',
    httpStatus: 400,
  },
  9720: { message: 'Users are a required argument. Change the request to provide a user.', httpStatus: 400 },
  9721: {
    message:
      'This request contains an invalid version ID. Change the request to send the version ID from the read APIs.',
    httpStatus: 400,
  },
  9722: {
    message:
      "This request contains an invalid authorization header. Change the request to send an authorization header that matches the format 'Bearer {sToken}'.",
    httpStatus: 401,
  },
  9723: {
    message: 'You must provide an MDM name, ID, and metadata when setting the MDM information.',
    httpStatus: 400,
  },
  9724: {
    message: 'The MDM ID exceeds the maximum length. Change the request to stay within the specified limit.',
    httpStatus: 400,
  },
  9725: {
    message:
      'The MDM name exceeds the maximum length. Change the request to stay within the specified limit.',
    httpStatus: 400,
  },
  9726: {
    message: 'This request contains an unsupported HTTP method for the requested endpoint.',
    httpStatus: 405,
  },
  9727: {
    message: 'This request contains an unsupported Content-Type for the requested endpoint.',
    httpStatus: 415,
  },
  9728: { message: 'The provided notification URL is unreachable.', httpStatus: 400 },
  9729: { message: 'The service is temporarily unavailable. Try again later.', httpStatus: 503 },
} as const satisfies Record<number, AppleErrorDefinition>;

export type AppleErrorNumber = keyof typeof APPLE_ERRORS;

export interface AssetRef {
  adamId: string;
  pricingParam: string;
}

export interface AppleErrorInfo {
  assets?: AssetRef[];
  clientUserIds?: string[];
  serialNumbers?: string[];
}

/** Apple's `ErrorResponse` body, used for synchronous errors and for `failures[]` of an event. */
export interface AppleErrorResponse {
  errorNumber: AppleErrorNumber;
  errorMessage: string;
  errorInfo?: AppleErrorInfo;
}

export function appleErrorResponse(
  errorNumber: AppleErrorNumber,
  errorInfo?: AppleErrorInfo,
): AppleErrorResponse {
  const body: AppleErrorResponse = { errorNumber, errorMessage: APPLE_ERRORS[errorNumber].message };
  if (errorInfo !== undefined) body.errorInfo = errorInfo;
  return body;
}

/** Thrown by request handling; the HTTP error handler turns it into Apple's error body and status. */
export class AppleError extends Error {
  readonly errorNumber: AppleErrorNumber;
  readonly errorInfo: AppleErrorInfo | undefined;
  readonly httpStatus: number;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    errorNumber: AppleErrorNumber,
    options: { errorInfo?: AppleErrorInfo; retryAfterSeconds?: number; httpStatus?: number } = {},
  ) {
    super(`${errorNumber} ${APPLE_ERRORS[errorNumber].message}`);
    this.name = 'AppleError';
    this.errorNumber = errorNumber;
    this.errorInfo = options.errorInfo;
    this.httpStatus = options.httpStatus ?? APPLE_ERRORS[errorNumber].httpStatus;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toResponseBody(): AppleErrorResponse {
    return appleErrorResponse(this.errorNumber, this.errorInfo);
  }
}

export function listErrorCodes(): { errorNumber: number; errorMessage: string }[] {
  return Object.entries(APPLE_ERRORS).map(([errorNumber, definition]) => ({
    errorNumber: Number(errorNumber),
    errorMessage: definition.message,
  }));
}
