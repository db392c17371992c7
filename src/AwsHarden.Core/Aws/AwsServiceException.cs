using System.Net;

namespace AwsHarden.Aws;

/// <summary>An error answer from an AWS service, parsed from any of the wire protocols.</summary>
/// <param name="code">AWS's error code without namespace, e.g. <c>AccessDenied</c>, <c>NoSuchEntity</c>.</param>
/// <param name="action">The IAM action of the failed call, e.g. <c>iam:GetAccountPasswordPolicy</c>.</param>
public sealed class AwsServiceException(
    string code, string message, HttpStatusCode statusCode, string action, string? region = null)
    : Exception($"{code} on {action}: {message}")
{
    public string Code { get; } = code;

    /// <summary>AWS's own message (the exception's <see cref="Exception.Message"/> adds code and action).</summary>
    public string AwsMessage { get; } = message;

    public HttpStatusCode StatusCode { get; } = statusCode;

    public string Action { get; } = action;

    public string? Region { get; } = region;

    /// <summary>True for throttling and server-side faults: the only answers a retry can change.</summary>
    public bool IsRetryable => AwsErrorCodes.IsRetryable(Code, StatusCode);

    public bool IsAccessDenied => AwsErrorCodes.IsAccessDenied(Code);
}

/// <summary>Groups of AWS error codes that the retry policy and the collector treat alike.</summary>
public static class AwsErrorCodes
{
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    };

    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "InternalServerError",
        "InternalServerException", "InternalServerErrorException", "ServiceUnavailable",
        "ServiceUnavailableException", "ServiceFailure", "ServiceException", "IDPCommunicationError",
    };

    private static readonly HashSet<string> AccessDenied = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess",
        "AuthorizationError", "OptInRequired", "UnrecognizedClientException", "InvalidClientTokenId",
        "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch",
    };

    public static bool IsThrottling(string code) => Throttling.Contains(code);

    public static bool IsAccessDenied(string code) => AccessDenied.Contains(code);

    /// <summary>Throttling codes, transient server codes, 429 and 5xx; never other 4xx.</summary>
    public static bool IsRetryable(string code, HttpStatusCode status)
    {
        if (AccessDenied.Contains(code))
        {
            return false;
        }

        if (Throttling.Contains(code) || Transient.Contains(code))
        {
            return true;
        }

        var numeric = (int)status;
        return numeric == 429 || numeric >= 500;
    }
}
